import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueSource, takeNextCall } from '../../renderer/features/desk/next-call.ts';
import { connectClient, type TestClient, startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
let clients: TestClient[];

/** The coming Wednesday, 09:00 UTC: midday in Moscow, inside the calling window of most zones. */
function weekdayMorning(): number {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + ((3 - d.getUTCDay() + 7) % 7 || 7));
  d.setUTCHours(9, 0, 0, 0);
  return d.getTime();
}

beforeAll(async () => {
  server = await startTestServer();
  const collections = ['prospects', 'callbacks', 'callLists', 'settings', 'users'] as const;
  clients = [
    await connectClient(server.url, 'operator1', collections),
    await connectClient(server.url, 'operator2', collections),
  ];
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.stop();
});

describe('next call between two operators online', () => {
  it('never gives one prospect to both, 50 "next call"s each at the same moment', async () => {
    const now = weekdayMorning();
    const takeFifty = async (client: TestClient) => {
      const source = new QueueSource(client.db);
      const mine = new Set<string>();
      for (let i = 0; i < 50; i++) {
        const next = await takeNextCall({
          source,
          repo: client.repo,
          queue: { claim: (id) => client.transport.api.claim(id) },
          operatorId: client.user.id,
          now,
          skip: mine,
        });
        if (!next) break;
        expect(next.claimedOnline).toBe(true);
        mine.add(next.item.prospect.id);
      }
      source.dispose();
      return mine;
    };
    const [a, b] = await Promise.all(clients.map(takeFifty));
    expect(a!.size).toBe(50);
    expect(b!.size).toBe(50);
    expect([...a!].filter((id) => b!.has(id))).toEqual([]);
    // The server agrees: every claim is held by the operator who was told so.
    for (const id of a!) expect((await server.server.docs.get('prospects', id))?.claimedBy).toBe(clients[0]!.user.id);
    for (const id of b!) expect((await server.server.docs.get('prospects', id))?.claimedBy).toBe(clients[1]!.user.id);
  });
});
