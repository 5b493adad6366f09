import { filter, firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueSource, takeNextCall } from '../../renderer/features/desk/next-call.ts';
import { callbackOf } from '../../server/test-server.ts';
import { buildQueue } from '../../shared/calling/queue.ts';
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

describe('the queue read ahead during a call', () => {
  it('serves "Next call" from the candidates read during the call, once, and a callback fallen due since still comes first', async () => {
    const client = clients[0]!;
    const operatorId = client.user.id;
    const now = weekdayMorning();
    const source = new QueueSource(client.db);
    try {
      const ids = (items: { prospect: { id: string } }[]) => items.map((i) => i.prospect.id);
      const full = buildQueue(await source.input(operatorId, now, 8), 100);
      expect(full.length).toBeGreaterThan(60);

      await source.prepare(operatorId, new Set(), now);
      const prepared = await source.preparedInput(operatorId, now + 1000);
      expect(prepared?.prospects.length).toBe(20);
      expect(ids(buildQueue(prepared!, 20))).toEqual(ids(full.slice(0, 20)));
      // Used once; not for another operator; not once it is old.
      expect(await source.preparedInput(operatorId, now + 1000)).toBeNull();
      await source.prepare(operatorId, new Set(), now);
      expect(await source.preparedInput('someone-else', now)).toBeNull();
      await source.prepare(operatorId, new Set(), now);
      expect(await source.preparedInput(operatorId, now + 11 * 60_000)).toBeNull();

      // The queue is read with a prospect left out (the one on the phone): it is not among them.
      await source.prepare(operatorId, new Set([full[0]!.prospect.id]), now);
      // The idle desk keeps that reading (the call's) rather than reading again.
      await source.prepareUnlessReady(operatorId, now + 1000);
      const without = await source.preparedInput(operatorId, now + 1000);
      expect(without?.prospects.map((p) => p.id)).not.toContain(full[0]!.prospect.id);
      // With none kept, it reads.
      await source.prepareUnlessReady(operatorId, now);
      expect(ids(buildQueue((await source.preparedInput(operatorId, now))!, 20))).toEqual(ids(full.slice(0, 20)));

      // A callback promised for a minute after the queue was read: by "Next call" it is due, and first.
      const target = full[60]!.prospect;
      await source.prepare(operatorId, new Set(), now);
      const callback = { ...callbackOf(operatorId, now), prospectId: target.id, dueAt: now + 60_000 };
      const { _deleted, ...stored } = callback;
      const seen = firstValueFrom(
        client.db.callbacks
          .find({ selector: { done: false } })
          .$.pipe(filter((docs) => docs.some((d) => d.id === callback.id))),
      );
      await client.repo.save('callbacks', stored);
      await seen;
      const later = now + 120_000;
      const fullLater = buildQueue(await source.input(operatorId, later, 8), 100);
      const position = fullLater.findIndex((item) => item.callback?.id === callback.id);
      expect(position).toBeGreaterThanOrEqual(0);
      expect(position).toBeLessThan(20);
      const fromPrepared = buildQueue((await source.preparedInput(operatorId, later))!, 20);
      expect(ids(fromPrepared).slice(0, position + 1)).toEqual(ids(fullLater).slice(0, position + 1));
      expect(fromPrepared[position]?.callback?.id).toBe(callback.id);
    } finally {
      source.dispose();
    }
  });
});
