import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/core/ids.ts';
import { applyAction, newRequest } from '../../shared/requests/request-flow.ts';
import type { SalesRequest } from '../../shared/core/types.ts';
import { connectClient, eventually, type TestClient, startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
let operator: TestClient;
let sales: TestClient;
let head: TestClient;

beforeAll(async () => {
  server = await startTestServer();
  const collections = ['requests', 'requestEvents'] as const;
  operator = await connectClient(server.url, 'operator1', collections);
  sales = await connectClient(server.url, 'sales1', collections);
  head = await connectClient(server.url, 'supervisor1', collections);
});
afterAll(async () => {
  await Promise.all([operator, sales, head].map((c) => c.close()));
  await server.stop();
});

async function read(c: TestClient, id: string): Promise<SalesRequest | null> {
  return ((await c.db.requests.findOne(id).exec())?.toMutableJSON() as SalesRequest | undefined) ?? null;
}

function handOver(operatorId: string): SalesRequest {
  const now = Date.now();
  return newRequest({ id: uuidv7(now), createdAt: now, prospectId: 'demo-p-000010', operatorId, need: 'Проёмы' });
}

describe('requests between operator and sales', () => {
  it('keeps a sales status change and the operator’s edit of the need, both made offline', async () => {
    const r = handOver(operator.user.id);
    await operator.repo.save('requests', r);
    await eventually(async () => expect(await read(sales, r.id)).not.toBeNull());

    operator.goOffline();
    sales.goOffline();
    await operator.repo.save('requests', { ...r, need: 'Проёмы, 12 штук, срочно', updatedAt: Date.now() });
    const taken = applyAction(
      (await read(sales, r.id))!,
      { action: 'accept' },
      { id: sales.user.id, role: 'sales' },
      Date.now(),
    );
    if (!taken.ok) throw new Error(taken.error);
    await sales.repo.save('requests', taken.request);

    sales.goOnline();
    await sales.replication.awaitInSync();
    operator.goOnline();
    await operator.replication.awaitInSync();
    await eventually(async () => {
      for (const c of [operator, sales]) {
        const doc = await read(c, r.id);
        expect(doc?.status).toBe('accepted');
        expect(doc?.salesOwnerId).toBe(sales.user.id);
        expect(doc?.need).toBe('Проёмы, 12 штук, срочно');
      }
    });
    const events = await operator.db.requestEvents.find({ selector: { requestId: r.id } }).exec();
    expect(events.map((e) => `${e.fromStatus}>${e.toStatus}`)).toEqual(['new>accepted']);
  });

  it('lets one of two managers taking a request win; the other sees who has it', async () => {
    const r = handOver(operator.user.id);
    await operator.repo.save('requests', r);
    await eventually(async () => {
      expect(await read(sales, r.id)).not.toBeNull();
      expect(await read(head, r.id)).not.toBeNull();
    });
    sales.goOffline();
    head.goOffline();
    for (const c of [head, sales]) {
      const taken = applyAction(
        (await read(c, r.id))!,
        { action: 'accept' },
        { id: c.user.id, role: c.user.role },
        Date.now(),
      );
      if (!taken.ok) throw new Error(taken.error);
      await c.repo.save('requests', taken.request);
    }
    head.goOnline();
    await head.replication.awaitInSync();
    sales.goOnline();
    await sales.replication.awaitInSync();
    await eventually(async () => {
      expect((await read(sales, r.id))?.salesOwnerId).toBe(head.user.id);
      expect((await read(head, r.id))?.salesOwnerId).toBe(head.user.id);
    });
    await eventually(async () => {
      const events = await sales.db.requestEvents.find({ selector: { requestId: r.id } }).exec();
      expect(events.map((e) => e.authorId)).toEqual([head.user.id]);
    });
  });
});
