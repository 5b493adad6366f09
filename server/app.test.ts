import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { uuidv7 } from '../shared/ids.ts';
import { buildProspect, emptyProspectInput } from '../shared/prospect.ts';
import { newRequest } from '../shared/request-flow.ts';
import type { LoginResponse } from '../shared/wire.ts';
import { createServer, type Server } from './app.ts';
import { configFromEnv, type ServerConfig } from './config.ts';
import { ensureDefaults } from './seed/seed.ts';

let server: Server;
let dataDir: string;

async function start(overrides: Partial<ServerConfig> = {}): Promise<void> {
  dataDir = mkdtempSync(path.join(tmpdir(), 'leadline-server-'));
  server = await createServer({ ...configFromEnv({}), dataDir, demo: true, webRoot: null, ...overrides });
}

beforeEach(() => start());
afterEach(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const auditCount = () => Number((server.db.prepare('SELECT COUNT(*) AS n FROM audit').get() as { n: number }).n);

async function login(username = 'operator1', password = 'leadline-demo') {
  return server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
}

async function token(username = 'operator1'): Promise<LoginResponse> {
  const res = await login(username);
  expect(res.statusCode).toBe(200);
  return res.json<LoginResponse>();
}

/** A call document as an operator's client would push it. */
function callBy(operatorId: string) {
  return {
    id: uuidv7(),
    createdAt: 1,
    updatedAt: 1,
    prospectId: 'demo-p-000001',
    operatorId,
    callListId: '',
    startedAt: 1,
    endedAt: 2,
    scriptId: '',
    scriptVersion: 0,
    path: [],
    answers: [],
    outcome: 'no_answer',
    notes: '',
    _deleted: false,
  };
}

function prospect(ownerId: string) {
  const r = buildProspect(
    { ...emptyProspectInput(), name: 'ООО «Тест»', phone: '+7 495 000-00-01' },
    { id: uuidv7(), actorId: ownerId, now: Date.now() },
  );
  if (!r.ok) throw new Error('bad fixture');
  return { ...r.prospect, _deleted: false };
}

describe('health and defaults', () => {
  it('answers health with the version', async () => {
    const res = await server.app.inject('/api/health');
    expect(res.json()).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('starts every store with default settings and seeds demo users once', async () => {
    expect(server.docs.get('settings', 'global')).toMatchObject({ futureNeedLeadDays: 14 });
    expect(server.docs.count('users')).toBe(5);
    expect(server.docs.count('prospects')).toBe(300);
  });

  it('gives a store from an earlier version the settings added since, keeping its own', async () => {
    const stored = { ...server.docs.get('settings', 'global')!, futureNeedLeadDays: 30 } as Record<string, unknown>;
    delete stored.retry;
    const { holidays: _, ...hours } = stored.workingHours as Record<string, unknown>;
    stored.workingHours = { ...hours, from: '10:00' };
    server.db.prepare("UPDATE docs SET data = ? WHERE collection = 'settings'").run(JSON.stringify(stored));
    ensureDefaults(server.docs);
    const upgraded = server.docs.get('settings', 'global')!;
    expect(upgraded).toMatchObject({
      futureNeedLeadDays: 30,
      retry: { maxAttempts: 5, delayMinutes: 120 },
      workingHours: { from: '10:00', holidays: expect.arrayContaining(['2027-01-01', '2027-06-12']) },
    });
    // An up-to-date store is left alone: nothing is written at the next start.
    const before = auditCount();
    ensureDefaults(server.docs);
    expect(auditCount()).toBe(before);
    expect(server.docs.get('settings', 'global')).toEqual(upgraded);
  });
});

describe('bad input gets a clear 4xx and changes nothing', () => {
  it('rejects malformed JSON', async () => {
    const { accessToken } = await token();
    const before = auditCount();
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/replication/prospects/push',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      payload: '[{"newDocumentState": {',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'malformed_json' });
    expect(auditCount()).toBe(before);
  });

  it('rejects an oversized body', async () => {
    const { accessToken } = await token();
    const before = auditCount();
    const big = { ...prospect('x'), notes: 'x'.repeat(6 * 1024 * 1024) };
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/replication/prospects/push',
      headers: { authorization: `Bearer ${accessToken}` },
      payload: [{ newDocumentState: big }],
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'body_too_large' });
    expect(auditCount()).toBe(before);
  });

  it('rejects an unknown collection', async () => {
    const { accessToken } = await token();
    const headers = { authorization: `Bearer ${accessToken}` };
    const pull = await server.app.inject({ url: '/api/replication/secrets/pull', headers });
    expect(pull.statusCode).toBe(404);
    expect(pull.json()).toMatchObject({ code: 'unknown_collection' });
    const push = await server.app.inject({
      method: 'POST',
      url: '/api/replication/secrets/push',
      headers,
      payload: [],
    });
    expect(push.statusCode).toBe(404);
  });

  it('rejects a document failing its schema, and the whole batch with it', async () => {
    const t = await token();
    const before = auditCount();
    const good = prospect(t.user.id);
    const bad = { ...prospect(t.user.id), phone: '8 912 nonsense', unknownField: 1 };
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/replication/prospects/push',
      headers: { authorization: `Bearer ${t.accessToken}` },
      payload: [{ newDocumentState: good }, { newDocumentState: bad }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toMatch(/row 1: phone has the wrong format; unknownField is not allowed/);
    expect(auditCount()).toBe(before);
    expect(server.docs.get('prospects', good.id)).toBeNull();
  });

  it('rejects a field the role may not write', async () => {
    const sales = await token('sales1');
    const existing = server.docs.get('prospects', 'demo-p-000001');
    expect(existing).not.toBeNull();
    const before = auditCount();
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/replication/prospects/push',
      headers: { authorization: `Bearer ${sales.accessToken}` },
      payload: [{ assumedMasterState: existing, newDocumentState: { ...existing, name: 'Переименовано' } }],
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'forbidden', field: 'name' });
    expect(auditCount()).toBe(before);

    const operator = await token('operator1');
    const settings = server.docs.get('settings', 'global');
    const denied = await server.app.inject({
      method: 'POST',
      url: '/api/replication/settings/push',
      headers: { authorization: `Bearer ${operator.accessToken}` },
      payload: [{ assumedMasterState: settings, newDocumentState: { ...settings, futureNeedLeadDays: 1 } }],
    });
    expect(denied.statusCode).toBe(403);
    expect(auditCount()).toBe(before);
  });

  it('rejects a call written in another operator’s name', async () => {
    const op1 = await token('operator1');
    const op2 = await token('operator2');
    const call = callBy(op2.user.id);
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/replication/calls/push',
      headers: { authorization: `Bearer ${op1.accessToken}` },
      payload: [{ newDocumentState: call }],
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ field: 'operatorId' });
  });

  it('rejects a missing, malformed, expired or revoked token', async () => {
    const url = '/api/replication/prospects/pull';
    expect((await server.app.inject({ url })).json()).toMatchObject({ code: 'missing_token' });
    const forged = await server.app.inject({ url, headers: { authorization: 'Bearer abc.def' } });
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ code: 'invalid_token' });

    const t = await token();
    const ok = await server.app.inject({ url, headers: { authorization: `Bearer ${t.accessToken}` } });
    expect(ok.statusCode).toBe(200);
    const logout = await server.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { authorization: `Bearer ${t.accessToken}` },
    });
    expect(logout.statusCode).toBe(204);
    const revoked = await server.app.inject({ url, headers: { authorization: `Bearer ${t.accessToken}` } });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json()).toMatchObject({ code: 'session_revoked' });
    const refresh = await server.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: t.refreshToken },
    });
    expect(refresh.statusCode).toBe(401);
  });

  it('rejects an expired access token', async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
    await start({ accessTokenTtlSeconds: 1 });
    const t = await token();
    await new Promise((r) => setTimeout(r, 1100));
    const res = await server.app.inject({
      url: '/api/replication/prospects/pull',
      headers: { authorization: `Bearer ${t.accessToken}` },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'token_expired' });
    const refreshed = await server.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: t.refreshToken },
    });
    expect(refreshed.statusCode).toBe(200);
  });

  it('rejects a wrong password, and the 11th attempt in a minute even with the right one', async () => {
    for (let i = 0; i < 10; i++) {
      const res = await login('operator1', 'wrong-password');
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'invalid_credentials' });
    }
    const eleventh = await login('operator1', 'leadline-demo');
    expect(eleventh.statusCode).toBe(429);
    expect(eleventh.json().message).toMatch(/Too many failed sign-in attempts/);
    // Other users are not locked out by someone guessing operator1's password.
    expect((await login('operator2')).statusCode).toBe(200);
  });

  it('rejects a bad checkpoint and batch size', async () => {
    const { accessToken } = await token();
    const headers = { authorization: `Bearer ${accessToken}` };
    expect(
      (await server.app.inject({ url: '/api/replication/prospects/pull?checkpoint=%7Bx', headers })).statusCode,
    ).toBe(400);
    expect(
      (await server.app.inject({ url: '/api/replication/prospects/pull?batchSize=100000', headers })).statusCode,
    ).toBe(400);
  });
});

describe('sessions and roles', () => {
  it('deactivating a user revokes their sessions', async () => {
    const op = await token('operator1');
    const admin = await token('admin');
    const res = await server.app.inject({
      method: 'POST',
      url: `/api/admin/users/${op.user.id}/active`,
      headers: { authorization: `Bearer ${admin.accessToken}` },
      payload: { active: false },
    });
    expect(res.statusCode).toBe(200);
    const after = await server.app.inject({
      url: '/api/replication/prospects/pull',
      headers: { authorization: `Bearer ${op.accessToken}` },
    });
    expect(after.statusCode).toBe(401);
    expect((await login('operator1')).statusCode).toBe(403);
  });

  it('only admins create users', async () => {
    const op = await token('operator1');
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: { authorization: `Bearer ${op.accessToken}` },
      payload: { username: 'x', name: 'X', role: 'admin', password: 'long-enough' },
    });
    expect(res.statusCode).toBe(403);
  });

  it('changes a role or team, and a new role ends the sessions; the last admin stays admin', async () => {
    const op = await token('operator1');
    const admin = await token('admin');
    const patch = (id: string, payload: object, bearer = admin.accessToken) =>
      server.app.inject({
        method: 'PATCH',
        url: `/api/admin/users/${id}`,
        headers: { authorization: `Bearer ${bearer}` },
        payload,
      });
    const pull = () =>
      server.app.inject({
        url: '/api/replication/prospects/pull',
        headers: { authorization: `Bearer ${op.accessToken}` },
      });
    expect((await patch(op.user.id, { team: 'Бета' }, op.accessToken)).statusCode).toBe(403);
    const team = await patch(op.user.id, { team: '  Бета ' });
    expect(team.json()).toMatchObject({ team: 'Бета', role: 'operator' });
    expect((await pull()).statusCode).toBe(200);
    expect((await patch(op.user.id, { role: 'sales' })).json()).toMatchObject({ role: 'sales', team: 'Бета' });
    expect((await pull()).statusCode).toBe(401);
    expect((await token('operator1')).user.role).toBe('sales');
    expect((await patch(op.user.id, { role: 'boss' })).statusCode).toBe(400);
    const last = await patch(admin.user.id, { role: 'operator' });
    expect(last.statusCode).toBe(409);
    expect(last.json().code).toBe('last_admin');
    expect(server.docs.get('users', admin.user.id)).toMatchObject({ role: 'admin' });
  });

  it('resets a password: the old one stops working and open sessions end', async () => {
    const op = await token('operator1');
    const admin = await token('admin');
    const reset = (password: string) =>
      server.app.inject({
        method: 'POST',
        url: `/api/admin/users/${op.user.id}/password`,
        headers: { authorization: `Bearer ${admin.accessToken}` },
        payload: { password },
      });
    expect((await reset('short')).statusCode).toBe(400);
    expect((await reset('a-new-long-password')).statusCode).toBe(204);
    const after = await server.app.inject({
      url: '/api/replication/prospects/pull',
      headers: { authorization: `Bearer ${op.accessToken}` },
    });
    expect(after.statusCode).toBe(401);
    expect((await login('operator1')).statusCode).toBe(401);
    expect((await login('operator1', 'a-new-long-password')).statusCode).toBe(200);
  });

  it('shows supervisors the floor: reported states, and offline for the silent', async () => {
    const op = await token('operator1');
    const sup = await token('supervisor1');
    const report = (payload: object) =>
      server.app.inject({
        method: 'POST',
        url: '/api/presence',
        headers: { authorization: `Bearer ${op.accessToken}` },
        payload,
      });
    const since = Date.now() - 42_000;
    expect((await report({ state: 'on_call', since, pending: 3, lastSyncAt: since })).statusCode).toBe(204);
    expect((await report({ state: 'dancing', since, pending: 0, lastSyncAt: 0 })).statusCode).toBe(400);
    const floor = await server.app.inject({
      url: '/api/floor',
      headers: { authorization: `Bearer ${sup.accessToken}` },
    });
    expect(floor.statusCode).toBe(200);
    const entries = floor.json<{ userId: string; state: string; since: number; pending: number }[]>();
    expect(entries.find((e) => e.userId === op.user.id)).toMatchObject({ state: 'on_call', since, pending: 3 });
    const operator2 = server.docs.all('users').find((u) => u.username === 'operator2');
    expect(entries.find((e) => e.userId === operator2?.id)?.state).toBe('offline');
    const refused = await server.app.inject({
      url: '/api/floor',
      headers: { authorization: `Bearer ${op.accessToken}` },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('pull returns only what the role may read, without server bookkeeping', async () => {
    const op1 = await token('operator1');
    const op2 = await token('operator2');
    const call = callBy(op1.user.id);
    const push = await server.app.inject({
      method: 'POST',
      url: '/api/replication/calls/push',
      headers: { authorization: `Bearer ${op1.accessToken}` },
      payload: [{ newDocumentState: call }],
    });
    expect(push.json()).toEqual([]);
    const mine = await server.app.inject({
      url: '/api/replication/calls/pull',
      headers: { authorization: `Bearer ${op1.accessToken}` },
    });
    expect(mine.json().documents).toEqual([call]);
    const theirs = await server.app.inject({
      url: '/api/replication/calls/pull',
      headers: { authorization: `Bearer ${op2.accessToken}` },
    });
    expect(theirs.json().documents).toEqual([]);
    const sales = await token('sales1');
    const callbacks = await server.app.inject({
      url: '/api/replication/callbacks/pull',
      headers: { authorization: `Bearer ${sales.accessToken}` },
    });
    expect(callbacks.statusCode).toBe(403);

    const prospects = await server.app.inject({
      url: '/api/replication/prospects/pull?batchSize=5',
      headers: { authorization: `Bearer ${op2.accessToken}` },
    });
    for (const doc of prospects.json().documents as Record<string, unknown>[]) {
      expect(Object.keys(doc).filter((k) => k.startsWith('_'))).toEqual(['_deleted']);
      expect(doc).not.toHaveProperty('seq');
    }
  });

  it('keeps the audit log append-only', () => {
    expect(() => server.db.exec('UPDATE audit SET user_id = 1')).toThrow(/append-only/);
    expect(() => server.db.exec('DELETE FROM audit')).toThrow(/append-only/);
    const row = server.db.prepare('SELECT at, user_id, role, action FROM audit ORDER BY seq DESC LIMIT 1').get() as {
      at: string;
    };
    expect(row.at).toMatch(/Z$/);
  });
});

describe('operator hand-off', () => {
  it('lets an operator hand over a request with every detail the call form collects', async () => {
    const op = await token('operator1');
    const request = {
      ...newRequest({
        id: uuidv7(),
        createdAt: 1,
        prospectId: 'demo-p-000001',
        operatorId: op.user.id,
        callId: 'c1',
        need: 'Проёмы',
        volume: '12',
        site: 'Новосибирск',
        deadline: 'апрель',
        contact: 'Иван',
        estimatedValue: 450000,
        acceptBy: 2,
        progressBy: 3,
      }),
      _deleted: false,
    };
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/replication/requests/push',
      headers: { authorization: `Bearer ${op.accessToken}` },
      payload: [{ newDocumentState: request }],
    });
    expect(res.statusCode).toBe(200);
    expect(server.docs.get('requests', request.id)).toEqual(request);
  });
});

describe('request hand-off on the server', () => {
  async function handOver() {
    const op = await token('operator1');
    const request = {
      ...newRequest({
        id: uuidv7(),
        createdAt: 1,
        prospectId: 'demo-p-000001',
        operatorId: op.user.id,
        callId: 'c1',
        need: 'Проёмы',
        acceptBy: 2,
      }),
      _deleted: false,
    };
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/replication/requests/push',
      headers: { authorization: `Bearer ${op.accessToken}` },
      payload: [{ newDocumentState: request }],
    });
    expect(res.statusCode).toBe(200);
    return { op, request };
  }
  const push = (accessToken: string, rows: unknown[]) =>
    server.app.inject({
      method: 'POST',
      url: '/api/replication/requests/push',
      headers: { authorization: `Bearer ${accessToken}` },
      payload: rows,
    });
  const events = (requestId: string) =>
    (server.db.prepare("SELECT data FROM docs WHERE collection = 'requestEvents'").all() as { data: string }[])
      .map((r) => JSON.parse(r.data) as Record<string, unknown>)
      .filter((e) => e.requestId === requestId);

  it('refuses an operator’s status change and a sales manager’s rewrite of the need, changing nothing', async () => {
    const { op, request } = await handOver();
    const before = auditCount();
    const byOperator = await push(op.accessToken, [
      { assumedMasterState: request, newDocumentState: { ...request, status: 'accepted' } },
    ]);
    expect(byOperator.statusCode).toBe(403);
    expect(byOperator.json()).toMatchObject({ code: 'forbidden', field: 'status' });
    const sales = await token('sales1');
    const bySales = await push(sales.accessToken, [
      { assumedMasterState: request, newDocumentState: { ...request, need: 'Другое' } },
    ]);
    expect(bySales.statusCode).toBe(403);
    expect(bySales.json()).toMatchObject({ code: 'forbidden', field: 'need' });
    const skipping = await push(sales.accessToken, [
      { assumedMasterState: request, newDocumentState: { ...request, status: 'won', orderValue: 5 } },
    ]);
    expect(skipping.statusCode).toBe(403);
    expect(skipping.json().message).toMatch(/cannot go from new to won/);
    expect(auditCount()).toBe(before);
    expect(server.docs.get('requests', request.id)).toEqual(request);
  });

  it('records each accepted status change once; the second manager taking a request gets a conflict', async () => {
    const { request } = await handOver();
    const s1 = await token('sales1');
    const taken = { ...request, status: 'accepted', salesOwnerId: s1.user.id, acceptedAt: 5, lastActivityAt: 5 };
    expect((await push(s1.accessToken, [{ assumedMasterState: request, newDocumentState: taken }])).json()).toEqual([]);
    expect(events(request.id)).toMatchObject([
      { kind: 'status_change', fromStatus: 'new', toStatus: 'accepted', authorId: s1.user.id },
    ]);

    const sup = await token('supervisor1');
    const late = { ...request, status: 'accepted', salesOwnerId: sup.user.id, acceptedAt: 6, lastActivityAt: 6 };
    const conflict = await push(sup.accessToken, [{ assumedMasterState: request, newDocumentState: late }]);
    expect(conflict.json()).toEqual([taken]);
    expect(events(request.id)).toHaveLength(1);
  });
});

describe('manager data is the managers’', () => {
  it('refuses operators and sales writing lists, scripts and settings, and everyone writing users over sync', async () => {
    const before = auditCount();
    const list = server.docs.get('callLists', 'demo-list-1');
    const script = server.docs.get('scripts', 'demo-script-intro-v1-ru');
    const settings = server.docs.get('settings', 'global');
    for (const username of ['operator1', 'sales1']) {
      const { accessToken } = await token(username);
      for (const [collection, doc] of [
        ['callLists', { ...list, priority: 99 }],
        ['scripts', { ...script, name: 'Другой' }],
        ['settings', { ...settings, futureNeedLeadDays: 1 }],
      ] as const) {
        const res = await server.app.inject({
          method: 'POST',
          url: `/api/replication/${collection}/push`,
          headers: { authorization: `Bearer ${accessToken}` },
          payload: [
            { assumedMasterState: { callLists: list, scripts: script, settings }[collection], newDocumentState: doc },
          ],
        });
        expect(res.statusCode, `${username} ${collection}`).toBe(403);
      }
    }
    const admin = await token('admin');
    const users = server.docs.all('users');
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/replication/users/push',
      headers: { authorization: `Bearer ${admin.accessToken}` },
      payload: [{ assumedMasterState: users[0], newDocumentState: { ...users[0], role: 'admin' } }],
    });
    expect(res.statusCode).toBe(403);
    expect(auditCount()).toBe(before);
  });
});

describe('script versions', () => {
  it('keeps a published version unchanged and takes a new version as a draft, then published', async () => {
    const { accessToken } = await token('supervisor1');
    const v1 = server.docs.get('scripts', 'demo-script-intro-v1-en')!;
    const push = (rows: unknown[]) =>
      server.app.inject({
        method: 'POST',
        url: '/api/replication/scripts/push',
        headers: { authorization: `Bearer ${accessToken}` },
        payload: rows,
      });
    const rewrite = await push([{ assumedMasterState: v1, newDocumentState: { ...v1, name: 'Rewritten' } }]);
    expect(rewrite.statusCode).toBe(403);
    expect(rewrite.json().message).toMatch(/was published: its name cannot change/);
    expect(server.docs.get('scripts', v1.id)).toEqual(v1);

    const v2 = { ...v1, id: 'intro-v2-en', version: 2, status: 'draft', name: 'Intro, shorter' };
    expect((await push([{ newDocumentState: v2 }])).statusCode).toBe(200);
    const broken = { ...v2, status: 'published', startNodeId: 'nowhere' };
    const refused = await push([{ assumedMasterState: v2, newDocumentState: broken }]);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toMatch(/cannot publish: start node nowhere/);
    const published = await push([
      { assumedMasterState: v2, newDocumentState: { ...v2, status: 'published' } },
      { assumedMasterState: v1, newDocumentState: { ...v1, status: 'archived' } },
    ]);
    expect(published.statusCode).toBe(200);
    expect(server.docs.get('scripts', 'intro-v2-en')).toMatchObject({ status: 'published', name: 'Intro, shorter' });
    expect(server.docs.get('scripts', v1.id)).toMatchObject({ status: 'archived', name: v1.name });
  });
});

describe('web target', () => {
  it('serves the built app with its CSP, never a file outside it, and refuses broken paths', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'leadline-web-'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>app</title>');
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
    await start({ webRoot: root });
    const index = await server.app.inject('/prospects');
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(index.headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect((await server.app.inject('/..%2f..%2fetc%2fpasswd')).body).not.toContain('root:');
    expect((await server.app.inject('/%E0%A4%A')).statusCode).toBe(400);
    expect((await server.app.inject('/missing.js')).statusCode).toBe(404);
    rmSync(root, { recursive: true, force: true });
  });
});
