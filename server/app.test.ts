import { configFromEnv } from './config.ts';
import { describe, expect, it } from 'vitest';
import { callBy, prospect, serverUnderTest } from './test-server.ts';
import { ensureDefaults } from './seed/seed.ts';
import { formatVersions, ownVersions, SCHEMA_HEADER } from '../shared/schemas/versions.ts';

const sut = serverUnderTest();
const { auditCount, login, push, token } = sut;

describe('health and defaults', () => {
  it('answers health with the product, its name and version, so a workstation knows what it reached', async () => {
    const res = await sut.server.app.inject('/api/health');
    expect(res.json()).toEqual({
      status: 'ok',
      product: 'leadline',
      name: expect.any(String),
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      webOrigin: 'same',
    });
    expect(configFromEnv({ LEADLINE_SERVER_NAME: 'Казань, 2-й этаж' }).serverName).toBe('Казань, 2-й этаж');
  });

  it('starts every store with default settings and seeds demo users once', async () => {
    expect(await sut.server.docs.get('settings', 'global')).toMatchObject({ futureNeedLeadDays: 14 });
    expect(await sut.server.docs.count('users')).toBe(5);
    expect(await sut.server.docs.count('prospects')).toBe(300);
  });

  it('gives a store from an earlier version the settings added since, keeping its own', async () => {
    const stored = { ...(await sut.server.docs.get('settings', 'global'))!, futureNeedLeadDays: 30 } as Record<
      string,
      unknown
    >;
    delete stored.retry;
    const { holidays: _, ...hours } = stored.workingHours as Record<string, unknown>;
    stored.workingHours = { ...hours, from: '10:00' };
    await sut.server.backend.sql("UPDATE docs SET data = ? WHERE collection = 'settings'", [JSON.stringify(stored)]);
    await ensureDefaults(sut.server.docs);
    const upgraded = (await sut.server.docs.get('settings', 'global'))!;
    expect(upgraded).toMatchObject({
      futureNeedLeadDays: 30,
      retry: { maxAttempts: 5, delayMinutes: 120 },
      workingHours: { from: '10:00', holidays: expect.arrayContaining(['2027-01-01', '2027-06-12']) },
    });
    // An up-to-date store is left alone: nothing is written at the next start.
    const before = await auditCount();
    await ensureDefaults(sut.server.docs);
    expect(await auditCount()).toBe(before);
    expect(await sut.server.docs.get('settings', 'global')).toEqual(upgraded);
  });
});

describe('bad input gets a clear 4xx and changes nothing', () => {
  it('rejects malformed JSON', async () => {
    const { accessToken } = await token();
    const before = await auditCount();
    const res = await sut.server.app.inject({
      method: 'POST',
      url: '/api/replication/prospects/push',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      payload: '[{"newDocumentState": {',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'malformed_json' });
    expect(await auditCount()).toBe(before);
  });

  it('rejects an oversized body', async () => {
    const { accessToken } = await token();
    const before = await auditCount();
    const big = { ...prospect('x'), notes: 'x'.repeat(6 * 1024 * 1024) };
    const res = await push('prospects', accessToken, [{ newDocumentState: big }]);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'body_too_large' });
    expect(await auditCount()).toBe(before);
  });

  it('rejects an unknown collection', async () => {
    const { accessToken } = await token();
    const headers = { authorization: `Bearer ${accessToken}` };
    const pull = await sut.server.app.inject({ url: '/api/replication/secrets/pull', headers });
    expect(pull.statusCode).toBe(404);
    expect(pull.json()).toMatchObject({ code: 'unknown_collection' });
    expect((await push('secrets', accessToken, [])).statusCode).toBe(404);
  });

  it('rejects a document failing its schema, and the whole batch with it', async () => {
    const t = await token();
    const before = await auditCount();
    const good = prospect(t.user.id);
    const bad = { ...prospect(t.user.id), phone: '8 912 nonsense', unknownField: 1 };
    const res = await push('prospects', t.accessToken, [{ newDocumentState: good }, { newDocumentState: bad }]);
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toMatch(/row 1: phone has the wrong format; unknownField is not allowed/);
    expect(await auditCount()).toBe(before);
    expect(await sut.server.docs.get('prospects', good.id)).toBeNull();
  });

  it('rejects a field the role may not write', async () => {
    const sales = await token('sales1');
    const existing = await sut.server.docs.get('prospects', 'demo-p-000001');
    expect(existing).not.toBeNull();
    const before = await auditCount();
    const res = await push('prospects', sales.accessToken, [
      { assumedMasterState: existing, newDocumentState: { ...existing, name: 'Переименовано' } },
    ]);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'forbidden', field: 'name' });
    expect(await auditCount()).toBe(before);

    const operator = await token('operator1');
    const settings = await sut.server.docs.get('settings', 'global');
    const denied = await push('settings', operator.accessToken, [
      { assumedMasterState: settings, newDocumentState: { ...settings, futureNeedLeadDays: 1 } },
    ]);
    expect(denied.statusCode).toBe(403);
    expect(await auditCount()).toBe(before);
  });

  it('rejects a call written in another operator’s name', async () => {
    const op1 = await token('operator1');
    const op2 = await token('operator2');
    const call = callBy(op2.user.id);
    const res = await push('calls', op1.accessToken, [{ newDocumentState: call }]);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ field: 'operatorId' });
  });

  it('rejects a missing, malformed, expired or revoked token', async () => {
    const url = '/api/replication/prospects/pull';
    expect((await sut.server.app.inject({ url })).json()).toMatchObject({ code: 'missing_token' });
    const forged = await sut.server.app.inject({ url, headers: { authorization: 'Bearer abc.def' } });
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ code: 'invalid_token' });

    const t = await token();
    const ok = await sut.server.app.inject({ url, headers: { authorization: `Bearer ${t.accessToken}` } });
    expect(ok.statusCode).toBe(200);
    const logout = await sut.server.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { authorization: `Bearer ${t.accessToken}` },
    });
    expect(logout.statusCode).toBe(204);
    const revoked = await sut.server.app.inject({ url, headers: { authorization: `Bearer ${t.accessToken}` } });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json()).toMatchObject({ code: 'session_revoked' });
    const refresh = await sut.server.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: t.refreshToken },
    });
    expect(refresh.statusCode).toBe(401);
  });

  it('rejects an expired access token', async () => {
    await sut.restart({ accessTokenTtlSeconds: 1 });
    const t = await token();
    await new Promise((r) => setTimeout(r, 1100));
    const res = await sut.server.app.inject({
      url: '/api/replication/prospects/pull',
      headers: { authorization: `Bearer ${t.accessToken}` },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'token_expired' });
    const refreshed = await sut.server.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: t.refreshToken },
    });
    expect(refreshed.statusCode).toBe(200);
  });

  it('rejects a wrong password, and the 11th attempt in a minute even with the right one', async () => {
    // The per-user slow-down has its own test (tests/security/findings.test.ts); here the per-address lock.
    await sut.restart({ loginSlowdownAfter: 100 });
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
      (await sut.server.app.inject({ url: '/api/replication/prospects/pull?checkpoint=%7Bx', headers })).statusCode,
    ).toBe(400);
    expect(
      (await sut.server.app.inject({ url: '/api/replication/prospects/pull?batchSize=100000', headers })).statusCode,
    ).toBe(400);
  });
});

describe('sessions and roles', () => {
  it('deactivating a user revokes their sessions', async () => {
    const op = await token('operator1');
    const admin = await token('admin');
    const res = await sut.server.app.inject({
      method: 'POST',
      url: `/api/admin/users/${op.user.id}/active`,
      headers: { authorization: `Bearer ${admin.accessToken}` },
      payload: { active: false },
    });
    expect(res.statusCode).toBe(200);
    const after = await sut.server.app.inject({
      url: '/api/replication/prospects/pull',
      headers: { authorization: `Bearer ${op.accessToken}` },
    });
    expect(after.statusCode).toBe(401);
    // Answered like a wrong password: the answer must not confirm that the password was right.
    const again = await login('operator1');
    expect(again.statusCode).toBe(401);
    expect(again.json()).toEqual((await login('operator1', 'wrong-password')).json());
  });

  it('only admins create users', async () => {
    const op = await token('operator1');
    const res = await sut.server.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: { authorization: `Bearer ${op.accessToken}` },
      payload: { username: 'x', name: 'X', role: 'admin', password: 'long-enough' },
    });
    expect(res.statusCode).toBe(403);
  });

  it('pull returns only what the role may read, without server bookkeeping', async () => {
    const op1 = await token('operator1');
    const op2 = await token('operator2');
    const call = callBy(op1.user.id);
    const pushed = await push('calls', op1.accessToken, [{ newDocumentState: call }]);
    expect(pushed.json()).toEqual([]);
    // A workstation of this build names the schema versions it knows, and gets every field back.
    const mine = await sut.server.app.inject({
      url: '/api/replication/calls/pull',
      headers: { authorization: `Bearer ${op1.accessToken}`, [SCHEMA_HEADER]: formatVersions(ownVersions()) },
    });
    expect(mine.json().documents).toEqual([call]);
    const theirs = await sut.server.app.inject({
      url: '/api/replication/calls/pull',
      headers: { authorization: `Bearer ${op2.accessToken}` },
    });
    expect(theirs.json().documents).toEqual([]);
    const sales = await token('sales1');
    const callbacks = await sut.server.app.inject({
      url: '/api/replication/callbacks/pull',
      headers: { authorization: `Bearer ${sales.accessToken}` },
    });
    expect(callbacks.statusCode).toBe(403);

    const prospects = await sut.server.app.inject({
      url: '/api/replication/prospects/pull?batchSize=5',
      headers: { authorization: `Bearer ${op2.accessToken}` },
    });
    for (const doc of prospects.json().documents as Record<string, unknown>[]) {
      expect(Object.keys(doc).filter((k) => k.startsWith('_'))).toEqual(['_deleted']);
      expect(doc).not.toHaveProperty('seq');
    }
  });

  it('keeps the audit log append-only', async () => {
    await expect(sut.server.backend.sql("UPDATE audit SET user_id = '1'")).rejects.toThrow(/append-only/);
    await expect(sut.server.backend.sql('DELETE FROM audit')).rejects.toThrow(/append-only/);
    const [row] = await sut.server.backend.sql('SELECT at, user_id, role, action FROM audit ORDER BY seq DESC LIMIT 1');
    expect(row?.at).toMatch(/Z$/);
  });
});

describe('a web target hosted apart from the server', () => {
  it('lets only the named origins call the API from a browser; health answers anyone and says which', async () => {
    await sut.restart({ webOrigins: ['https://leadline-web.corp.example'] });
    const allowed = { origin: 'https://leadline-web.corp.example' };
    const other = { origin: 'https://evil.example' };
    const preflight = await sut.server.app.inject({
      method: 'OPTIONS',
      url: '/api/replication/prospects/pull',
      headers: {
        ...allowed,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(allowed.origin);
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('authorization');
    const refused = await sut.server.app.inject({
      method: 'OPTIONS',
      url: '/api/replication/prospects/pull',
      headers: other,
    });
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    const plain = await sut.server.app.inject({ url: '/api/replication/prospects/pull', headers: other });
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();

    const health = async (headers: Record<string, string>) => {
      const res = await sut.server.app.inject({ url: '/api/health', headers });
      return {
        cors: res.headers['access-control-allow-origin'],
        verdict: (res.json() as { webOrigin: string }).webOrigin,
      };
    };
    expect(await health(allowed)).toEqual({ cors: '*', verdict: 'allowed' });
    expect(await health(other)).toEqual({ cors: '*', verdict: 'refused' });
    expect(await health({})).toEqual({ cors: undefined, verdict: 'same' });
  });
});
