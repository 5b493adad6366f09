import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProspect, emptyProspectInput } from '../../shared/calling/prospect.ts';
import { uuidv7 } from '../../shared/core/ids.ts';
import { readSse } from '../../shared/sync/transport/sse.ts';
import type { FloorEntry, LoginResponse, StreamEvent } from '../../shared/sync/wire.ts';
import { createServer, type Server } from '../../server/app.ts';
import { connectClient, eventually, PASSWORD, startTestServer, STORE, type TestServer } from '../sync/harness.ts';

/**
 * Two server instances on one PostgreSQL database, as behind a load balancer: what one accepts,
 * the other's streams carry; claims are decided by the database; revocations and the floor are
 * shared. (On SQLite one process holds the store: tests/security/findings.test.ts, "one store".)
 */
describe.skipIf(STORE !== 'postgres')('two server instances on one PostgreSQL', () => {
  let a: TestServer;
  let b: Server;
  let urlB: string;

  beforeAll(async () => {
    a = await startTestServer();
    b = await createServer({ ...a.config, demo: false });
    urlB = await b.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await b?.close();
    await a?.stop();
  });

  const signIn = async (url: string, username: string): Promise<LoginResponse> => {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as LoginResponse;
  };
  const call = (url: string, path: string, token: string, body?: unknown) =>
    fetch(`${url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const newProspect = (ownerId: string, name: string) => {
    const built = buildProspect({ ...emptyProspectInput(), name }, { id: uuidv7(), actorId: ownerId, now: Date.now() });
    if (!built.ok) throw new Error('fixture');
    return { ...built.prospect, _deleted: false };
  };

  it("carries a write accepted by one instance to the other's streams, live, as its own streams carry it", async () => {
    const op = await signIn(a.url, 'operator1');
    const abort = new AbortController();
    const listen = async (url: string) => {
      const sup = await signIn(url, 'supervisor1');
      const stream = await fetch(`${url}/api/stream?collections=prospects`, {
        headers: { authorization: `Bearer ${sup.accessToken}` },
        signal: abort.signal,
      });
      const events: StreamEvent[] = [];
      void (async () => {
        for await (const data of readSse(stream.body!, abort.signal)) events.push(JSON.parse(data) as StreamEvent);
      })().catch(() => undefined);
      await eventually(() => expect(events).toContain('RESYNC'));
      return events;
    };
    const [here, there] = [await listen(a.url), await listen(urlB)];
    const doc = newProspect(op.user.id, 'ООО «Через два сервера»');
    const pushed = await call(a.url, '/api/replication/prospects/push', op.accessToken, [{ newDocumentState: doc }]);
    expect(pushed.status).toBe(200);
    const carried = (events: StreamEvent[]) =>
      events.find((e) => e !== 'RESYNC' && e.batch.documents.some((d) => d.id === doc.id));
    await eventually(() => expect(carried(here)).toBeDefined());
    await eventually(() => expect(carried(there)).toBeDefined());
    expect(carried(there)).toEqual(carried(here));
    expect(carried(there)).toMatchObject({ collection: 'prospects', batch: { documents: [{ name: doc.name }] } });
    abort.abort();
  });

  it('two workstations on different instances see each other’s changes as they happen', async () => {
    const collections = ['prospects', 'settings'] as const;
    const onA = await connectClient(a.url, 'operator1', collections);
    const onB = await connectClient(urlB, 'supervisor1', collections);
    try {
      const mine = newProspect(onA.user.id, 'ООО «С первого»');
      await onA.repo.save('prospects', mine);
      await eventually(async () => expect((await onB.db.prospects.findOne(mine.id).exec())?.name).toBe(mine.name));
      await onB.repo.save('prospects', { ...mine, notes: 'Дополнил супервайзер', updatedAt: Date.now() });
      await eventually(async () =>
        expect((await onA.db.prospects.findOne(mine.id).exec())?.notes).toBe('Дополнил супервайзер'),
      );
    } finally {
      await onA.close();
      await onB.close();
    }
  });

  it('never grants a claim twice across instances: 1,000 concurrent tries', async () => {
    const who = [await signIn(a.url, 'operator1'), await signIn(urlB, 'operator2'), await signIn(a.url, 'supervisor1')];
    const prospects = Array.from({ length: 10 }, (_, i) => `demo-p-${String(200 + i).padStart(6, '0')}`);
    const tries = Array.from({ length: 1000 }, (_, i) => ({
      url: i % 2 === 0 ? a.url : urlB,
      user: who[i % 3]!,
      prospectId: prospects[i % prospects.length]!,
    }));
    const answers = await Promise.all(
      tries.map(async (t) => {
        const res = await call(t.url, '/api/queue/claim', t.user.accessToken, { prospectId: t.prospectId });
        expect(res.status).toBe(200);
        return { ...t, result: (await res.json()) as { ok: boolean } };
      }),
    );
    for (const prospectId of prospects) {
      const granted = new Set(
        answers.filter((x) => x.prospectId === prospectId && x.result.ok).map((x) => x.user.user.id),
      );
      expect(granted.size, prospectId).toBe(1);
      const stored = await a.server.docs.get('prospects', prospectId);
      expect(stored?.claimedBy).toBe([...granted][0]);
    }
  });

  it('ends a deactivated user’s streams on both instances', async () => {
    const admin = await signIn(a.url, 'admin');
    const onA = await signIn(a.url, 'operator2');
    const onB = await signIn(urlB, 'operator2');
    const ended = (url: string, token: string) =>
      fetch(`${url}/api/stream`, { headers: { authorization: `Bearer ${token}` } }).then(async (res) => {
        expect(res.status).toBe(200);
        const reader = res.body!.getReader();
        while (!(await reader.read()).done) {
          // RESYNC, keep-alives, writes: until the server ends it
        }
        return Date.now();
      });
    const streams = [ended(a.url, onA.accessToken), ended(urlB, onB.accessToken)];
    await eventually(() =>
      expect(b.hub.streamingUsers().has(onB.user.id) && a.server.hub.streamingUsers().has(onA.user.id)).toBe(true),
    );
    const deactivatedAt = Date.now();
    const res = await call(a.url, `/api/admin/users/${onA.user.id}/active`, admin.accessToken, { active: false });
    expect(res.status).toBe(200);
    for (const at of await Promise.all(streams)) expect(at - deactivatedAt).toBeLessThan(5_000);
    // And neither instance lets its tokens in any more.
    expect((await call(urlB, '/api/replication/prospects/pull', onB.accessToken)).status).toBe(401);
    expect((await call(a.url, '/api/replication/prospects/pull', onA.accessToken)).status).toBe(401);
  });

  it("shows the whole floor from either instance: one instance's reports on the other's floor", async () => {
    const op = await signIn(a.url, 'operator1');
    const sup = await signIn(urlB, 'supervisor1');
    const since = Date.now() - 30_000;
    const report = { state: 'on_call', since, pending: 3, lastSyncAt: Date.now(), pause: '' };
    expect((await call(a.url, '/api/presence', op.accessToken, report)).status).toBe(204);
    await eventually(async () => {
      const floor = (await (await call(urlB, '/api/floor', sup.accessToken)).json()) as FloorEntry[];
      expect(floor.find((e) => e.userId === op.user.id)).toMatchObject({ state: 'on_call', since, pending: 3 });
    });
  });
});
