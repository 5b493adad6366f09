import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/core/ids.ts';
import { newRequest } from '../../shared/requests/request-flow.ts';
import type { LoginResponse } from '../../shared/sync/wire.ts';
import { callBy, callbackOf } from '../../server/test-server.ts';
import { PASSWORD, startTestServer, STORE, type TestServer } from '../sync/harness.ts';

/**
 * One test per finding of the review (issue 9), each tried as the reviewer did: against a real
 * server on loopback with the demo data, over HTTP, as the user who should not get through.
 */

type Doc = Record<string, unknown>;

let ts: TestServer;
beforeEach(async () => {
  ts = await startTestServer();
});
afterEach(() => ts.stop());

async function post(path: string, body: unknown, token?: string): Promise<Response> {
  return fetch(`${ts.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

async function signIn(username: string): Promise<LoginResponse> {
  const res = await post('/api/auth/login', { username, password: PASSWORD });
  expect(res.status).toBe(200);
  return (await res.json()) as LoginResponse;
}

const push = (who: LoginResponse, collection: string, rows: unknown[]) =>
  post(`/api/replication/${collection}/push`, rows, who.accessToken);
/** A change of a stored document, as a well-behaved client would push it. */
const change = (who: LoginResponse, collection: string, before: Doc, patch: Doc) =>
  push(who, collection, [{ assumedMasterState: before, newDocumentState: { ...before, ...patch } }]);
const stored = async (collection: string, id: string) => (await ts.server.docs.get(collection as never, id))!;
const system = async (collection: string, doc: Doc) =>
  await ts.server.docs.writeSystem(collection as never, [doc as never]);

async function handedOver(operator: LoginResponse, patch: Doc = {}): Promise<Doc> {
  const doc = {
    ...newRequest({
      id: uuidv7(),
      createdAt: Date.now(),
      prospectId: 'demo-p-000001',
      operatorId: operator.user.id,
      need: 'Резка проёмов',
    }),
    ...patch,
    _deleted: false,
  };
  await system('requests', doc);
  return await stored('requests', doc.id);
}

async function secondSales(): Promise<LoginResponse> {
  await ts.server.auth.createUser({ username: 'sales2', name: 'Пётр', role: 'sales', password: PASSWORD });
  return signIn('sales2');
}

describe('ownership and history', () => {
  it('a sales manager cannot take over a request another manager owns, nor win it', async () => {
    const op = await signIn('operator1');
    const owner = await signIn('sales1');
    const other = await secondSales();
    const request = await handedOver(op, { status: 'accepted', salesOwnerId: owner.user.id });
    expect((await change(other, 'requests', request, { salesOwnerId: other.user.id })).status).toBe(403);
    const win = { status: 'won', orderNumber: 'З-1', orderValue: 1e6, orderDate: '2026-11-30' };
    expect((await change(other, 'requests', request, win)).status).toBe(403);
    expect(await stored('requests', String(request.id))).toEqual(request);
  });

  it('a manager who no longer owns a request cannot change its order value or backdate its acceptance', async () => {
    const op = await signIn('operator1');
    const former = await signIn('sales1');
    const other = await secondSales();
    const request = await handedOver(op, {
      status: 'won',
      salesOwnerId: other.user.id,
      orderValue: 100,
      acceptedAt: 5,
    });
    expect((await change(former, 'requests', request, { orderValue: 9e9 })).status).toBe(403);
    // The owner's own client cannot backdate it either: the server keeps its stamp.
    await change(other, 'requests', request, { acceptedAt: 1, closeReason: 'уточнение' });
    expect((await stored('requests', String(request.id))).acceptedAt).toBe(5);
  });

  it('a manager cannot accept a request naming someone else as its owner', async () => {
    const op = await signIn('operator1');
    const sales = await signIn('sales1');
    const other = await secondSales();
    const request = await handedOver(op);
    const res = await change(sales, 'requests', request, { status: 'accepted', salesOwnerId: other.user.id });
    expect(res.status).toBe(403);
    expect((await stored('requests', String(request.id))).status).toBe('new');
  });

  it('no client can write a status change into a request’s history', async () => {
    const op = await signIn('operator1');
    const sales = await signIn('sales1');
    const request = await handedOver(op);
    for (const who of [op, sales]) {
      const event = {
        id: uuidv7(),
        createdAt: Date.now(),
        updatedAt: Date.now(),
        requestId: request.id,
        operatorId: op.user.id,
        authorId: who.user.id,
        kind: 'status_change',
        fromStatus: 'new',
        toStatus: 'won',
        text: 'выиграна',
        refId: '',
        _deleted: false,
      };
      const res = await push(who, 'requestEvents', [{ newDocumentState: event }]);
      expect(res.status).toBe(403);
      expect((await res.json()) as Doc).toMatchObject({ field: 'kind' });
    }
  });

  it('an operator cannot escalate another operator’s request in that operator’s name', async () => {
    const op1 = await signIn('operator1');
    const op2 = await signIn('operator2');
    const theirs = await handedOver(op2);
    const base = { id: uuidv7(), createdAt: 1, updatedAt: 1, requestId: theirs.id, fromStatus: '', toStatus: '' };
    const escalation = { ...base, operatorId: op2.user.id, kind: 'escalation', text: 'x', refId: '', _deleted: false };
    const asThem = await push(op1, 'requestEvents', [{ newDocumentState: { ...escalation, authorId: op2.user.id } }]);
    expect(asThem.status).toBe(403);
    const asMe = await push(op1, 'requestEvents', [{ newDocumentState: { ...escalation, authorId: op1.user.id } }]);
    expect(asMe.status).toBe(403);
    expect((await asMe.json()) as Doc).toMatchObject({ field: 'requestId' });
    expect(await ts.server.docs.get('requestEvents', base.id)).toBeNull();
  });

  it('author fields stay as created: a callback’s creator, a request’s operator, a prospect’s creator and owner', async () => {
    const op1 = await signIn('operator1');
    const op2 = await signIn('operator2');
    const callback = callbackOf(op1.user.id);
    await system('callbacks', callback);
    expect((await change(op1, 'callbacks', callback, { createdBy: op2.user.id })).status).toBe(403);
    // Moving the bonus: the request's operator cannot be rewritten, not even by that operator.
    const request = await handedOver(op1);
    expect((await change(op1, 'requests', request, { operatorId: op2.user.id })).status).toBe(403);
    const prospect = { ...(await stored('prospects', 'demo-p-000003')), createdBy: op2.user.id, ownerId: op2.user.id };
    await system('prospects', prospect);
    expect((await change(op1, 'prospects', prospect, { createdBy: op1.user.id })).status).toBe(403);
    expect((await change(op1, 'prospects', prospect, { ownerId: op1.user.id })).status).toBe(403);
  });

  it('SLA deadlines are the server’s: what an operator’s client sends is replaced', async () => {
    const op = await signIn('operator1');
    const doc = {
      ...newRequest({ id: uuidv7(), createdAt: 1, prospectId: 'demo-p-000001', operatorId: op.user.id, need: 'x' }),
      acceptBy: 9e15,
      progressBy: 9e15,
      _deleted: false,
    };
    const before = Date.now();
    expect((await push(op, 'requests', [{ newDocumentState: doc }])).status).toBe(200);
    const saved = await stored('requests', doc.id);
    expect(saved.acceptBy).toBeGreaterThan(before);
    expect(saved.acceptBy).toBeLessThan(before + 14 * 86_400_000);
    expect(saved.progressBy).toBe(0);
    expect((await change(op, 'requests', saved, { acceptBy: 9e15 })).status).toBe(200);
    expect((await stored('requests', doc.id)).acceptBy).toBe(saved.acceptBy);
  });

  it('a supervisor cannot log calls for another operator or create a request already won', async () => {
    const sup = await signIn('supervisor1');
    const op = await signIn('operator1');
    const call = { ...callBy(op.user.id), outcome: 'request' };
    expect((await push(sup, 'calls', [{ newDocumentState: call }])).status).toBe(403);
    const won = {
      ...newRequest({ id: uuidv7(), createdAt: 1, prospectId: 'demo-p-000001', operatorId: sup.user.id, need: 'x' }),
      status: 'won',
      orderValue: 1e6,
      _deleted: false,
    };
    expect((await push(sup, 'requests', [{ newDocumentState: won }])).status).toBe(403);
  });

  it('claims through replication: no claim for ever, none over another operator’s live claim', async () => {
    const op1 = await signIn('operator1');
    const op2 = await signIn('operator2');
    const free = await stored('prospects', 'demo-p-000004');
    const forever = await change(op1, 'prospects', free, { claimedBy: op1.user.id, claimedUntil: 9e15 });
    expect(forever.status).toBe(403);
    const claim = await post('/api/queue/claim', { prospectId: 'demo-p-000004' }, op2.accessToken);
    expect(((await claim.json()) as Doc).ok).toBe(true);
    const held = await stored('prospects', 'demo-p-000004');
    const over = await change(op1, 'prospects', held, { claimedBy: op1.user.id, claimedUntil: Date.now() + 60_000 });
    expect(over.status).toBe(403);
    expect((await change(op1, 'prospects', held, { claimedBy: '', claimedUntil: 0 })).status).toBe(403);
    expect((await stored('prospects', 'demo-p-000004')).claimedBy).toBe(op2.user.id);
  });

  it('an operator cannot bring back a prospect a supervisor deleted', async () => {
    const op = await signIn('operator1');
    const gone = { ...(await stored('prospects', 'demo-p-000005')), _deleted: true };
    await system('prospects', gone);
    expect((await change(op, 'prospects', gone, { _deleted: false })).status).toBe(403);
    expect((await stored('prospects', 'demo-p-000005'))._deleted).toBe(true);
  });

  it('the operator who picks up an escalated team callback completes it', async () => {
    const op1 = await signIn('operator1');
    const op2 = await signIn('operator2');
    // Escalated: overdue for hours, now the team's.
    const callback = { ...callbackOf(op2.user.id), dueAt: Date.now() - 3 * 3_600_000, scope: 'team' as const };
    await system('callbacks', callback);
    const res = await change(op1, 'callbacks', callback, { done: true, doneAt: Date.now() });
    expect(res.status).toBe(200);
    expect((await stored('callbacks', callback.id)).done).toBe(true);
  });
});

describe('leaks', () => {
  it('a push of a document the caller may not read never answers with its content, nor confirms it by a copy', async () => {
    const op1 = await signIn('operator1');
    const op2 = await signIn('operator2');
    const sales = await signIn('sales1');
    const theirs = await handedOver(op2);
    const probe = await push(op1, 'requests', [{ newDocumentState: { ...theirs, need: 'x' } }]);
    expect(probe.status).toBe(403);
    const text = await probe.text();
    expect(text).not.toContain('Резка');
    // An exact copy gets the same answer as any other probe.
    const copy = await push(op1, 'requests', [{ newDocumentState: theirs }]);
    expect(copy.status).toBe(403);
    const callback = (await ts.server.docs.all('callbacks'))[0]!;
    const bySales = await push(sales, 'callbacks', [{ newDocumentState: { ...callback, note: 'x' } }]);
    expect(bySales.status).toBe(403);
    expect(await bySales.text()).not.toContain(String(callback.prospectId));
  });
});

describe('poisoned data and bad input', () => {
  it('refuses a time zone that is not an IANA zone, on prospects, callbacks and settings', async () => {
    const op = await signIn('operator1');
    const sup = await signIn('supervisor1');
    const prospect = await stored('prospects', 'demo-p-000006');
    const p = await change(op, 'prospects', prospect, { timeZone: 'Not/AZone' });
    expect(p.status).toBe(422);
    expect((await p.json()) as Doc).toMatchObject({ code: 'invalid_document', field: 'timeZone' });
    const settings = await stored('settings', 'global');
    const hours = { ...(settings.workingHours as Doc), timeZone: '+03:00' };
    expect((await change(sup, 'settings', settings, { workingHours: hours })).status).toBe(422);
    const callback = (await ts.server.docs.all('callbacks')).find((c) => c.assigneeId === op.user.id)!;
    expect((await change(op, 'callbacks', callback, { timeZone: 'Europe/Nowhere' })).status).toBe(422);
    expect(await stored('prospects', 'demo-p-000006')).toEqual(prospect);
  });

  it('refuses keys named like Object members, deep nesting, odd ids and numbers off their step', async () => {
    const op = await signIn('operator1');
    const prospect = await stored('prospects', 'demo-p-000007');
    // Nested deeper than JSON.stringify goes: the body is written out by hand.
    const depth = 100_000;
    const deep = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const nested = JSON.stringify([{ assumedMasterState: prospect, newDocumentState: { ...prospect, toString: 0 } }]);
    for (const key of ['toString', 'notes']) {
      const body = nested.replace('"toString":0', `"${key}":${deep}`);
      const res = await fetch(`${ts.url}/api/replication/prospects/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${op.accessToken}` },
        body,
      });
      expect([400, 422], key).toContain(res.status);
    }
    const attempts: Doc[] = [
      { ...prospect, constructor: 'x'.repeat(1000) },
      { ...prospect, valueOf: { a: { b: { c: 1 } } } },
      { ...prospect, expectedNeed: { ...(prospect.expectedNeed as Doc), hasOwnProperty: 1 } },
      { ...prospect, id: '' },
      { ...prospect, id: '../../etc/passwd' },
      { ...prospect, attempts: 1.5 },
    ];
    for (const doc of attempts) {
      const res = await push(op, 'prospects', [{ assumedMasterState: prospect, newDocumentState: doc }]);
      expect([400, 422], JSON.stringify(doc).slice(0, 80)).toContain(res.status);
    }
    expect(await stored('prospects', 'demo-p-000007')).toEqual(prospect);
  });

  it('a pull of a role that reads few documents rides the reader indexes, never scanning the others', async () => {
    const plan =
      ts.server.backend.kind === 'sqlite'
        ? await ts.server.backend.sql(
            `EXPLAIN QUERY PLAN SELECT seq FROM docs WHERE collection = 'calls' AND reader1 = 'x' AND seq > 0 ORDER BY seq LIMIT 10`,
          )
        : await ts.server.backend.sql(
            `EXPLAIN SELECT seq FROM docs WHERE collection = 'calls' AND reader1 = 'x' AND seq > 0 ORDER BY seq LIMIT 10`,
          );
    expect(plan.map((r) => String(r.detail ?? r['QUERY PLAN'])).join(' ')).toMatch(/docs_by_reader1/);
    // And the answer holds the operator's own documents only, in order, with a usable checkpoint.
    const op1 = await signIn('operator1');
    const op2 = await signIn('operator2');
    for (let i = 0; i < 30; i++) await handedOver(i % 3 === 0 ? op1 : op2);
    const res = await fetch(`${ts.url}/api/replication/requests/pull?batchSize=5`, {
      headers: { authorization: `Bearer ${op1.accessToken}` },
    });
    const page = (await res.json()) as { documents: Doc[]; checkpoint: { seq: number } };
    expect(page.documents).toHaveLength(5);
    expect(page.documents.every((d) => d.operatorId === op1.user.id)).toBe(true);
    const next = await fetch(
      `${ts.url}/api/replication/requests/pull?batchSize=50&checkpoint=${encodeURIComponent(JSON.stringify(page.checkpoint))}`,
      { headers: { authorization: `Bearer ${op1.accessToken}` } },
    );
    const rest = (await next.json()) as { documents: Doc[] };
    expect(rest.documents).toHaveLength(5);
    expect(rest.documents.every((d) => d.operatorId === op1.user.id)).toBe(true);
  });
});

describe('sessions and sign-in', () => {
  it('two refreshes with one refresh token both succeed, with the same new token', async () => {
    const op = await signIn('operator1');
    const [a, b] = await Promise.all([
      post('/api/auth/refresh', { refreshToken: op.refreshToken }),
      post('/api/auth/refresh', { refreshToken: op.refreshToken }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const [ta, tb] = (await Promise.all([a.json(), b.json()])) as LoginResponse[];
    expect(ta!.refreshToken).toBe(tb!.refreshToken);
    expect(ta!.accessToken).toBe(tb!.accessToken);
    // The chain goes on from the new token.
    expect((await post('/api/auth/refresh', { refreshToken: ta!.refreshToken })).status).toBe(200);
  });

  it('a live session id with a wrong secret changes nothing', async () => {
    const op = await signIn('operator1');
    const sessionId = op.refreshToken.split('.')[0];
    const res = await post('/api/auth/refresh', { refreshToken: `${sessionId}.not-the-secret` });
    expect(res.status).toBe(401);
    expect((await post('/api/auth/refresh', { refreshToken: op.refreshToken })).status).toBe(200);
  });

  it('a stream ends when the token that opened it runs out', async () => {
    await ts.stop();
    ts = await startTestServer({ accessTokenTtlSeconds: 2 });
    const op = await signIn('operator1');
    const started = Date.now();
    const res = await fetch(`${ts.url}/api/stream`, { headers: { authorization: `Bearer ${op.accessToken}` } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    while (!(await reader.read()).done) {
      // RESYNC, then keep-alives, until the server ends it
    }
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a deactivated user’s right password gets the same answer as a wrong one', async () => {
    const op = await signIn('operator2');
    await ts.server.auth.setActive(op.user.id, false);
    const right = await post('/api/auth/login', { username: 'operator2', password: PASSWORD });
    const wrong = await post('/api/auth/login', { username: 'operator2', password: 'not-it-at-all' });
    expect(right.status).toBe(wrong.status);
    expect(await right.json()).toEqual(await wrong.json());
  });

  it('three concurrent creations of one username: one is created, the others hear it is taken', async () => {
    const admin = await signIn('admin');
    const body = { username: 'twin', name: 'Близнец', role: 'operator', password: 'long-enough-pass' };
    const answers = await Promise.all([1, 2, 3].map(() => post('/api/admin/users', body, admin.accessToken)));
    expect(answers.map((r) => r.status).toSorted()).toEqual([201, 409, 409]);
  });
});

describe('throttling', () => {
  const login = (username: string, password: string, forwardedFor?: string) =>
    fetch(`${ts.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
      body: JSON.stringify({ username, password }),
    });

  it('one address cannot try username after username without limit', async () => {
    await ts.stop();
    ts = await startTestServer({ loginsPerMinute: 8 });
    const answers: number[] = [];
    for (let i = 0; i < 10; i++) answers.push((await login(`guess${i}`, 'password-guess')).status);
    expect(answers.slice(0, 8)).toEqual(Array(8).fill(401));
    expect(answers.slice(8)).toEqual([429, 429]);
  });

  it('behind a trusted proxy each client has its own allowance; a forged header from elsewhere changes nothing', async () => {
    await ts.stop();
    ts = await startTestServer({ trustedProxies: ['127.0.0.1'], loginSlowdownAfter: 100 });
    // Documentation addresses (RFC 5737) in the header only: no traffic goes anywhere but loopback.
    for (let i = 0; i < 10; i++) expect((await login('operator1', 'wrong-password', '203.0.113.7')).status).toBe(401);
    expect((await login('operator1', PASSWORD, '203.0.113.7')).status).toBe(429);
    expect((await login('operator1', PASSWORD, '203.0.113.8')).status).toBe(200);

    await ts.stop();
    ts = await startTestServer({ loginSlowdownAfter: 100 });
    for (let i = 0; i < 10; i++) {
      expect((await login('operator1', 'wrong-password', `203.0.113.${i + 10}`)).status).toBe(401);
    }
    // Not behind a proxy: the header is not believed, so it cannot buy fresh tries.
    expect((await login('operator1', PASSWORD, '203.0.113.99')).status).toBe(429);
  });

  it('a guess at one user from many addresses slows that user’s sign-in down but never locks it', async () => {
    await ts.stop();
    ts = await startTestServer({ trustedProxies: ['127.0.0.1'], loginSlowdownAfter: 3 });
    for (let i = 0; i < 6; i++) await login('operator1', 'wrong-password', `203.0.113.${i + 20}`);
    const started = Date.now();
    const own = await login('operator1', PASSWORD, '198.51.100.5');
    expect(own.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    // Once in, the count starts over.
    const next = Date.now();
    expect((await login('operator1', PASSWORD, '198.51.100.5')).status).toBe(200);
    expect(Date.now() - next).toBeLessThan(1_000);
  });
});

// On PostgreSQL several instances share one store by design: tests/storage/instances.test.ts.
describe.skipIf(STORE === 'postgres')('one store, one server', () => {
  it('a second server process on the same data directory refuses to start, and the first keeps the claims', async () => {
    const { spawnSync } = await import('node:child_process');
    const second = spawnSync(process.execPath, ['server/main.ts'], {
      env: {
        ...process.env,
        LEADLINE_DATA_DIR: ts.dataDir,
        LEADLINE_PORT: '0',
        LEADLINE_WEB_ROOT: '',
        LEADLINE_LOG: '0',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/did not start: Another Leadline server is already using/);
    // The first is untouched: a claim is still granted once.
    const op1 = await signIn('operator1');
    const op2 = await signIn('operator2');
    const [a, b] = await Promise.all(
      [op1, op2].map((who) => post('/api/queue/claim', { prospectId: 'demo-p-000010' }, who.accessToken)),
    );
    const granted = ((await Promise.all([a!.json(), b!.json()])) as Doc[]).filter((r) => r.ok === true);
    expect(granted).toHaveLength(1);
  });

  it('the lock goes with the server: a new one starts on the same directory after the first stops', async () => {
    const dataDir = ts.dataDir;
    await ts.server.close();
    const { createServer } = await import('../../server/app.ts');
    const { configFromEnv } = await import('../../server/config.ts');
    const again = await createServer({ ...configFromEnv({}), dataDir, webRoot: null });
    expect(await again.docs.count('prospects')).toBe(300);
    await again.close();
    rmSync(dataDir, { recursive: true, force: true });
    ts = await startTestServer();
  });
});

describe('keys', () => {
  it('the signing key lives outside the database, readable by the server only, and rotates without signing anyone out', async () => {
    const { statSync, readFileSync } = await import('node:fs');
    const file = `${ts.dataDir}/token-keys.json`;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await ts.server.backend.getMeta('token_secret')).toBeNull();
    const key = (JSON.parse(readFileSync(file, 'utf8')) as { current: { key: string } }).current.key;
    if (STORE === 'sqlite') {
      expect(readFileSync(`${ts.dataDir}/leadline.sqlite`).includes(Buffer.from(key, 'base64url'))).toBe(false);
    } else {
      const rows = await ts.server.backend.sql("SELECT count(*) AS n FROM meta WHERE value LIKE '%' || ? || '%'", [
        key,
      ]);
      expect(Number(rows[0]?.n)).toBe(0);
    }

    const before = await signIn('operator1');
    await ts.server.auth.rotateKey();
    const after = JSON.parse(readFileSync(file, 'utf8')) as { current: { id: string }; previous: { id: string } };
    expect(after.previous.id).not.toBe(after.current.id);
    // A token signed with the key before still works for its lifetime; new tokens use the new key.
    const pull = await fetch(`${ts.url}/api/replication/users/pull`, {
      headers: { authorization: `Bearer ${before.accessToken}` },
    });
    expect(pull.status).toBe(200);
    const refreshed = (await (
      await post('/api/auth/refresh', { refreshToken: before.refreshToken })
    ).json()) as LoginResponse;
    const kid = (
      JSON.parse(Buffer.from(refreshed.accessToken.split('.')[0]!, 'base64url').toString()) as { kid: string }
    ).kid;
    expect(kid).toBe(after.current.id);
    // Two rotations later the oldest key is gone: its tokens no longer work.
    await ts.server.auth.rotateKey();
    await ts.server.auth.rotateKey();
    const stale = await fetch(`${ts.url}/api/replication/users/pull`, {
      headers: { authorization: `Bearer ${before.accessToken}` },
    });
    expect(stale.status).toBe(401);
  });

  // Only SQLite stores are old enough to have kept their key inside.
  it.skipIf(STORE === 'postgres')(
    'a store from an earlier version keeps its users signed in: its key moves out of the database',
    async () => {
      const { rmSync: rm } = await import('node:fs');
      const op = await signIn('operator1');
      const { createServer } = await import('../../server/app.ts');
      const { configFromEnv } = await import('../../server/config.ts');
      const dataDir = ts.dataDir;
      const file = `${dataDir}/token-keys.json`;
      const { readFileSync } = await import('node:fs');
      const key = (JSON.parse(readFileSync(file, 'utf8')) as { current: { key: string } }).current.key;
      await ts.server.close();
      // As an earlier version left it: the secret in the database, no key file.
      const { DatabaseSync } = await import('node:sqlite');
      const db = new DatabaseSync(`${dataDir}/leadline.sqlite`);
      db.prepare("INSERT INTO meta (key, value) VALUES ('token_secret', ?)").run(
        Buffer.from(key, 'base64url').toString('base64'),
      );
      db.close();
      rm(file);
      const again = await createServer({ ...configFromEnv({}), dataDir, webRoot: null });
      // A token that version signed: no key id, the old secret.
      const { signAccessToken } = await import('../../server/auth/tokens.ts');
      const claims = { sub: op.user.id, sid: op.refreshToken.split('.')[0]!, exp: Math.floor(Date.now() / 1000) + 60 };
      const old = signAccessToken(claims, Buffer.from(key, 'base64url'));
      expect((await again.auth.authenticate(`Bearer ${old}`)).actor.id).toBe(op.user.id);
      expect(await again.backend.getMeta('token_secret')).toBeNull();
      await again.close();
      rm(dataDir, { recursive: true, force: true });
      ts = await startTestServer();
    },
  );
});

describe('audit', () => {
  const audit = async (who: LoginResponse, query: Record<string, string> = {}) => {
    const res = await fetch(`${ts.url}/api/admin/audit?${new URLSearchParams(query).toString()}`, {
      headers: { authorization: `Bearer ${who.accessToken}` },
    });
    return { status: res.status, entries: (await res.json()) as Doc[] };
  };

  it('records the acting admin on user changes, and sign-ins, sign-outs, failures and resets', async () => {
    const admin = await signIn('admin');
    const op = await signIn('operator2');
    await post('/api/auth/login', { username: 'operator2', password: 'wrong-password' });
    await post('/api/auth/logout', {}, op.accessToken);
    const userId = op.user.id;
    await fetch(`${ts.url}/api/admin/users/${userId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.accessToken}` },
      body: JSON.stringify({ team: 'Бета' }),
    });
    await signIn('operator2');
    await post(`/api/admin/users/${userId}/password`, { password: 'another-long-pass' }, admin.accessToken);
    const { status, entries } = await audit(admin, { user: userId });
    expect(status).toBe(200);
    const actions = entries.map(
      (e) =>
        `${String(e.action)}:${String(e.userId === admin.user.id ? 'admin' : e.userId === userId ? 'self' : e.userId)}`,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'sign_in:self',
        'sign_in_failed:',
        'sign_out:self',
        'update:admin',
        'password_reset:admin',
        'sessions_ended:admin',
      ]),
    );
    expect(entries.find((e) => e.action === 'sign_in_failed')?.data).toMatchObject({ reason: 'wrong_password' });
    // Newest first, and a page further back starts where the first ended.
    const seqs = entries.map((e) => Number(e.seq));
    expect(seqs).toEqual(seqs.toSorted((a, b) => b - a));
    const older = await audit(admin, { user: userId, before: String(seqs[1]) });
    expect(older.entries.map((e) => e.seq)).toEqual(seqs.slice(2));
  });

  it('filters by document and by time, and is for admins only', async () => {
    const admin = await signIn('admin');
    const sup = await signIn('supervisor1');
    const before = Date.now();
    const p = await stored('prospects', 'demo-p-000020');
    await change(sup, 'prospects', p, { notes: 'уточнили адрес' });
    const byDoc = await audit(admin, { doc: 'demo-p-000020', from: String(before) });
    expect(byDoc.entries).toHaveLength(1);
    expect(byDoc.entries[0]).toMatchObject({ userId: sup.user.id, action: 'update', collection: 'prospects' });
    expect(
      (await audit(admin, { doc: 'demo-p-000020', to: String(before) })).entries.every(
        (e) => e.action !== 'update' || e.userId !== sup.user.id,
      ),
    ).toBe(true);
    expect((await audit(sup)).status).toBe(403);
  });
});

describe('erasure', () => {
  it('erases a prospect’s personal data everywhere, tombstones and audit copies included, and keeps the figures', async () => {
    const { readFileSync, existsSync } = await import('node:fs');
    const admin = await signIn('admin');
    const op = await signIn('operator1');
    const sup = await signIn('supervisor1');
    const name = 'ООО «Забудь-Меня Уникальное»';
    const phone = '+74957778899';
    const prospect = {
      ...(await stored('prospects', 'demo-p-000030')),
      name,
      phone,
      phoneKey: phone.slice(1),
      notes: 'Директор Иванов, моб. 8-916-000-11-22',
    };
    await system('prospects', prospect);
    const call = {
      ...callBy(op.user.id),
      prospectId: prospect.id,
      answers: [{ key: 'contact', value: 'Иванов Пётр, 8-916-000-11-22' }],
      outcome: 'request',
      notes: 'Иванов просил звонить после обеда',
    };
    expect((await push(op, 'calls', [{ newDocumentState: call }])).status).toBe(200);
    const request = await handedOver(op, { prospectId: prospect.id, contact: 'Иванов Пётр, 8-916-000-11-22' });
    // The supervisor deletes the prospect: what remains is a tombstone with the data in it.
    expect(
      (await change(sup, 'prospects', await stored('prospects', String(prospect.id)), { _deleted: true })).status,
    ).toBe(200);

    const callsBefore = await ts.server.docs.count('calls');
    const res = await post(`/api/admin/erase/prospects/${String(prospect.id)}`, {}, admin.accessToken);
    expect(res.status).toBe(200);
    const report = (await res.json()) as { documents: number; auditEntries: number };
    expect(report.documents).toBeGreaterThanOrEqual(3);
    expect(report.auditEntries).toBeGreaterThanOrEqual(4);

    const erased = await stored('prospects', String(prospect.id));
    expect(erased).toMatchObject({
      name: '—',
      phone: '',
      notes: '',
      contacts: [],
      status: 'do_not_call',
      _deleted: true,
    });
    expect(await stored('calls', call.id)).toMatchObject({ notes: '', answers: [], outcome: 'request' });
    expect(await stored('requests', String(request.id))).toMatchObject({ contact: '', status: 'new' });
    expect(await ts.server.docs.count('calls')).toBe(callsBefore);
    // Nowhere on disk: not in the documents, the tombstone, the audit log or the write-ahead log.
    for (const file of ['leadline.sqlite', 'leadline.sqlite-wal']) {
      const path = `${ts.dataDir}/${file}`;
      if (!existsSync(path)) continue;
      const bytes = readFileSync(path);
      for (const secret of [name, '8-916-000-11-22', phone]) {
        expect(bytes.includes(Buffer.from(secret)), `${secret} in ${file}`).toBe(false);
      }
    }
    // The erasure is itself recorded, and only admins may erase.
    const log = await fetch(`${ts.url}/api/admin/audit?doc=${String(prospect.id)}`, {
      headers: { authorization: `Bearer ${admin.accessToken}` },
    });
    expect(((await log.json()) as Doc[])[0]).toMatchObject({ action: 'erase', userId: admin.user.id });
    expect((await post(`/api/admin/erase/prospects/demo-p-000031`, {}, sup.accessToken)).status).toBe(403);
  });
});
