import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { uuidv7 } from '../shared/core/ids.ts';
import { newRequest } from '../shared/requests/request-flow.ts';
import { serverUnderTest } from './test-server.ts';

const sut = serverUnderTest();
const { auditCount, login, push, token } = sut;

describe('users, teams and the floor', () => {
  it('changes a role or team, and a new role ends the sessions; the last admin stays admin', async () => {
    const op = await token('operator1');
    const admin = await token('admin');
    const patch = (id: string, payload: object, bearer = admin.accessToken) =>
      sut.server.app.inject({
        method: 'PATCH',
        url: `/api/admin/users/${id}`,
        headers: { authorization: `Bearer ${bearer}` },
        payload,
      });
    const pull = () =>
      sut.server.app.inject({
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
    expect(await sut.server.docs.get('users', admin.user.id)).toMatchObject({ role: 'admin' });
  });

  it('resets a password: the old one stops working and open sessions end', async () => {
    const op = await token('operator1');
    const admin = await token('admin');
    const reset = (password: string) =>
      sut.server.app.inject({
        method: 'POST',
        url: `/api/admin/users/${op.user.id}/password`,
        headers: { authorization: `Bearer ${admin.accessToken}` },
        payload: { password },
      });
    expect((await reset('short')).statusCode).toBe(400);
    expect((await reset('a-new-long-password')).statusCode).toBe(204);
    const after = await sut.server.app.inject({
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
      sut.server.app.inject({
        method: 'POST',
        url: '/api/presence',
        headers: { authorization: `Bearer ${op.accessToken}` },
        payload,
      });
    const since = Date.now() - 42_000;
    expect((await report({ state: 'on_call', since, pending: 3, lastSyncAt: since })).statusCode).toBe(204);
    expect((await report({ state: 'dancing', since, pending: 0, lastSyncAt: 0 })).statusCode).toBe(400);
    const floor = await sut.server.app.inject({
      url: '/api/floor',
      headers: { authorization: `Bearer ${sup.accessToken}` },
    });
    expect(floor.statusCode).toBe(200);
    const entries = floor.json<{ userId: string; state: string; since: number; pending: number }[]>();
    expect(entries.find((e) => e.userId === op.user.id)).toMatchObject({ state: 'on_call', since, pending: 3 });
    const operator2 = (await sut.server.docs.all('users')).find((u) => u.username === 'operator2');
    expect(entries.find((e) => e.userId === operator2?.id)?.state).toBe('offline');
    const refused = await sut.server.app.inject({
      url: '/api/floor',
      headers: { authorization: `Bearer ${op.accessToken}` },
    });
    expect(refused.statusCode).toBe(403);
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
    const before = Date.now();
    const res = await push('requests', op.accessToken, [{ newDocumentState: request }]);
    expect(res.statusCode).toBe(200);
    // The SLA deadline is the server's: counted from when the request reached it, not what the client said.
    const stored = (await sut.server.docs.get('requests', request.id))!;
    expect(stored).toEqual({ ...request, acceptBy: stored.acceptBy, progressBy: 0 });
    expect(stored.acceptBy).toBeGreaterThan(before);
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
    const res = await push('requests', op.accessToken, [{ newDocumentState: request }]);
    expect(res.statusCode).toBe(200);
    return { op, request: (await sut.server.docs.get('requests', request.id))! };
  }
  const pushRequests = (accessToken: string, rows: unknown[]) => push('requests', accessToken, rows);
  const events = (requestId: string) => sut.server.docs.byField('requestEvents', 'requestId', [requestId]);

  it('refuses an operator’s status change and a sales manager’s rewrite of the need, changing nothing', async () => {
    const { op, request } = await handOver();
    const before = await auditCount();
    const byOperator = await pushRequests(op.accessToken, [
      { assumedMasterState: request, newDocumentState: { ...request, status: 'accepted' } },
    ]);
    expect(byOperator.statusCode).toBe(403);
    expect(byOperator.json()).toMatchObject({ code: 'forbidden', field: 'status' });
    const sales = await token('sales1');
    const bySales = await pushRequests(sales.accessToken, [
      { assumedMasterState: request, newDocumentState: { ...request, need: 'Другое' } },
    ]);
    expect(bySales.statusCode).toBe(403);
    expect(bySales.json()).toMatchObject({ code: 'forbidden', field: 'need' });
    const skipping = await pushRequests(sales.accessToken, [
      {
        assumedMasterState: request,
        newDocumentState: { ...request, status: 'won', salesOwnerId: sales.user.id, orderValue: 5 },
      },
    ]);
    expect(skipping.statusCode).toBe(403);
    expect(skipping.json().message).toMatch(/cannot go from new to won/);
    expect(await auditCount()).toBe(before);
    expect(await sut.server.docs.get('requests', request.id)).toEqual(request);
  });

  it('records each accepted status change once; the second manager taking a request gets a conflict', async () => {
    const { request } = await handOver();
    const s1 = await token('sales1');
    const taken = { ...request, status: 'accepted', salesOwnerId: s1.user.id, acceptedAt: 5, lastActivityAt: 5 };
    const at = Date.now();
    expect(
      (await pushRequests(s1.accessToken, [{ assumedMasterState: request, newDocumentState: taken }])).json(),
    ).toEqual([]);
    // Stamped by the server's clock: a client cannot backdate when it accepted.
    const stored = (await sut.server.docs.get('requests', request.id))!;
    expect(stored.acceptedAt).toBeGreaterThanOrEqual(at);
    expect(stored.lastActivityAt).toBe(stored.acceptedAt);
    expect(stored.progressBy).toBeGreaterThan(Number(stored.acceptedAt));
    expect(await events(request.id)).toMatchObject([
      { kind: 'status_change', fromStatus: 'new', toStatus: 'accepted', authorId: s1.user.id },
    ]);

    const sup = await token('supervisor1');
    const late = { ...request, status: 'accepted', salesOwnerId: sup.user.id, acceptedAt: 6, lastActivityAt: 6 };
    const conflict = await pushRequests(sup.accessToken, [{ assumedMasterState: request, newDocumentState: late }]);
    expect(conflict.json()).toEqual([stored]);
    expect(await events(request.id)).toHaveLength(1);
  });
});

describe('manager data is the managers’', () => {
  it('refuses operators and sales writing lists, scripts and settings, and everyone writing users over sync', async () => {
    const before = await auditCount();
    const list = await sut.server.docs.get('callLists', 'demo-list-1');
    const script = await sut.server.docs.get('scripts', 'demo-script-intro-v1-ru');
    const settings = await sut.server.docs.get('settings', 'global');
    for (const username of ['operator1', 'sales1']) {
      const { accessToken } = await token(username);
      for (const [collection, doc] of [
        ['callLists', { ...list, priority: 99 }],
        ['scripts', { ...script, name: 'Другой' }],
        ['settings', { ...settings, futureNeedLeadDays: 1 }],
      ] as const) {
        const res = await push(collection, accessToken, [
          { assumedMasterState: { callLists: list, scripts: script, settings }[collection], newDocumentState: doc },
        ]);
        expect(res.statusCode, `${username} ${collection}`).toBe(403);
      }
    }
    const admin = await token('admin');
    const users = await sut.server.docs.all('users');
    const res = await push('users', admin.accessToken, [
      { assumedMasterState: users[0], newDocumentState: { ...users[0], role: 'admin' } },
    ]);
    expect(res.statusCode).toBe(403);
    expect(await auditCount()).toBe(before);
  });
});

describe('script versions', () => {
  it('keeps a published version unchanged and takes a new version as a draft, then published', async () => {
    const { accessToken } = await token('supervisor1');
    const v1 = (await sut.server.docs.get('scripts', 'demo-script-intro-v1-en'))!;
    const pushScripts = (rows: unknown[]) => push('scripts', accessToken, rows);
    const rewrite = await pushScripts([{ assumedMasterState: v1, newDocumentState: { ...v1, name: 'Rewritten' } }]);
    expect(rewrite.statusCode).toBe(403);
    expect(rewrite.json().message).toMatch(/was published: its name cannot change/);
    expect(await sut.server.docs.get('scripts', v1.id)).toEqual(v1);

    const v2 = { ...v1, id: 'intro-v2-en', version: 2, status: 'draft', name: 'Intro, shorter' };
    expect((await pushScripts([{ newDocumentState: v2 }])).statusCode).toBe(200);
    const broken = { ...v2, status: 'published', startNodeId: 'nowhere' };
    const refused = await pushScripts([{ assumedMasterState: v2, newDocumentState: broken }]);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toMatch(/cannot publish: start node nowhere/);
    const published = await pushScripts([
      { assumedMasterState: v2, newDocumentState: { ...v2, status: 'published' } },
      { assumedMasterState: v1, newDocumentState: { ...v1, status: 'archived' } },
    ]);
    expect(published.statusCode).toBe(200);
    expect(await sut.server.docs.get('scripts', 'intro-v2-en')).toMatchObject({
      status: 'published',
      name: 'Intro, shorter',
    });
    expect(await sut.server.docs.get('scripts', v1.id)).toMatchObject({ status: 'archived', name: v1.name });
  });
});

describe('web target', () => {
  it('serves the built app with its CSP, never a file outside it, and refuses broken paths', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'leadline-web-'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>app</title>');
    await sut.restart({ webRoot: root });
    const index = await sut.server.app.inject('/prospects');
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(index.headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect((await sut.server.app.inject('/..%2f..%2fetc%2fpasswd')).body).not.toContain('root:');
    expect((await sut.server.app.inject('/%E0%A4%A')).statusCode).toBe(400);
    expect((await sut.server.app.inject('/missing.js')).statusCode).toBe(404);
    rmSync(root, { recursive: true, force: true });
  });

  it('keeps source maps and the benchmark page to itself, and has browsers revalidate the service worker', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'leadline-web-'));
    mkdirSync(path.join(root, 'assets'));
    for (const file of [
      'index.html',
      'bench.html',
      'sw.js',
      'assets/main-1.js',
      'assets/main-1.js.map',
      'assets/bench-1.js',
    ])
      writeFileSync(path.join(root, file), 'x');
    await sut.restart({ webRoot: root });
    for (const hidden of ['/assets/main-1.js.map', '/bench.html', '/assets/bench-1.js']) {
      expect((await sut.server.app.inject(hidden)).statusCode, hidden).toBe(404);
    }
    const asset = await sut.server.app.inject('/assets/main-1.js');
    expect(asset.headers['cache-control']).toMatch(/immutable/);
    const worker = await sut.server.app.inject('/sw.js');
    expect(worker.statusCode).toBe(200);
    expect(worker.headers['cache-control']).toBe('no-cache');
    for (const url of ['/sw.js', '/api/health', '/api/nothing']) {
      expect((await sut.server.app.inject(url)).headers['x-content-type-options'], url).toBe('nosniff');
    }
    await sut.restart({ webRoot: root, serveBench: true });
    expect((await sut.server.app.inject('/bench.html')).statusCode).toBe(200);
    rmSync(root, { recursive: true, force: true });
  });
});
