import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../server/storage/backend.ts';
import { STORE } from '../sync/harness.ts';
import { docWrite, type OpenBackend, openTestBackend } from './backends.ts';

/**
 * The manager's figures the database keeps beside the documents (call_figures, call_keys,
 * request_figures): the same answers on SQLite (project `sync`) and PostgreSQL (`sync-postgres`).
 */

let open: OpenBackend;
let db: Backend;

beforeEach(async () => {
  open = await openTestBackend();
  db = open.backend;
});
afterEach(() => open.close());

const write = (collection: Parameters<typeof docWrite>[0], doc: Record<string, unknown> & { id: string }) =>
  db.transaction((q) => q.writeDoc(docWrite(collection, doc)));

describe(`the manager's figures (${STORE})`, () => {
  const H = 3_600_000;
  const call = (id: string, fields: Record<string, unknown> = {}) => ({
    id,
    operatorId: 'op1',
    callListId: 'l1',
    scriptId: 's1',
    scriptVersion: 2,
    prospectId: `p-${id}`,
    startedAt: 10 * H + 60_000,
    outcome: 'no_answer',
    notes: 'Просил перезвонить',
    ...fields,
  });
  const keys = { operatorId: 'op1', callListId: 'l1', scriptId: 's1', scriptVersion: 2 };
  const sorted = <T extends { operatorId: string; scriptVersion: number }>(rows: T[]) =>
    rows.toSorted((a, b) => a.operatorId.localeCompare(b.operatorId) || a.scriptVersion - b.scriptVersion);

  it('tallies calls per hour and keys as they are written; a rewrite or a rolled-back write changes none', async () => {
    await write('calls', call('c1', { outcome: 'request' }));
    await write('calls', call('c2'));
    await write('calls', call('c3', { outcome: 'future_need', startedAt: 11 * H }));
    await write('calls', call('c4', { outcome: 'callback', operatorId: 'op2', scriptVersion: 3 }));
    // Other collections' documents are not calls, whatever fields they carry.
    await write('prospects', { id: 'x', startedAt: 10 * H, outcome: 'request', operatorId: 'op1' });
    expect(sorted(await db.callTallies(10, 11))).toEqual([
      { ...keys, calls: 2, contacts: 1, needsNow: 1, futureNeeds: 0 },
      { ...keys, operatorId: 'op2', scriptVersion: 3, calls: 1, contacts: 1, needsNow: 0, futureNeeds: 0 },
    ]);
    expect(await db.callTallies(11, 12)).toEqual([{ ...keys, calls: 1, contacts: 1, needsNow: 0, futureNeeds: 1 }]);
    expect(await db.callTallies(12, 100)).toEqual([]);

    // An erasure rewrites a call without the person's words: the figures stay.
    await write('calls', call('c1', { outcome: 'request', notes: '' }));
    await expect(
      db.transaction(async (q) => {
        await q.writeDoc(docWrite('calls', call('c9', { outcome: 'request' })));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(sorted(await db.callTallies(0, 100))).toEqual([
      { ...keys, calls: 3, contacts: 2, needsNow: 1, futureNeeds: 1 },
      { ...keys, operatorId: 'op2', scriptVersion: 3, calls: 1, contacts: 1, needsNow: 0, futureNeeds: 0 },
    ]);
  });

  it('counts the requests created in a period by status and the keys of the call each came from', async () => {
    await write('calls', call('c1', { outcome: 'request' }));
    const request = (id: string, fields: Record<string, unknown>) => ({
      id,
      operatorId: 'op1',
      prospectId: 'p-c1',
      callId: 'c1',
      status: 'new',
      orderValue: 0,
      createdAt: 10 * H + 5,
      ...fields,
    });
    await write('requests', request('r1', { status: 'accepted' }));
    await write(
      'requests',
      request('r2', { callId: 'not-stored', status: 'won', orderValue: 5000, createdAt: 10 * H }),
    );
    await write('requests', request('r3', { createdAt: 11 * H }));
    await write('requests', request('r4', { _deleted: true }));
    await write('requests', request('r6', { status: 'accepted', orderValue: 0 }));
    const got = (await db.requestTallies(10 * H, 11 * H)).toSorted((a, b) => a.status.localeCompare(b.status));
    expect(got).toEqual([
      { operatorId: 'op1', prospectId: '', status: 'accepted', count: 2, orderValue: 0, call: keys },
      { operatorId: 'op1', prospectId: '', status: 'won', count: 1, orderValue: 5000, call: null },
    ]);
    expect((await db.requestTallies(11 * H, 12 * H)).map((r) => r.status)).toEqual(['new']);

    // A request that reached the server before its call gets the call's keys once the call is there.
    await write('requests', request('r5', { callId: 'c-later', createdAt: 20 * H, status: 'accepted' }));
    expect((await db.requestTallies(20 * H, 21 * H)).map((r) => r.call)).toEqual([null]);
    await write('calls', call('c-later', { outcome: 'request', callListId: 'l2', startedAt: 20 * H }));
    expect((await db.requestTallies(20 * H, 21 * H)).map((r) => r.call)).toEqual([{ ...keys, callListId: 'l2' }]);
    // A request changing status is counted once, as it is now.
    await write('requests', request('r5', { callId: 'c-later', createdAt: 20 * H, status: 'won', orderValue: 900 }));
    expect(await db.requestTallies(20 * H, 21 * H)).toEqual([
      expect.objectContaining({ status: 'won', count: 1, orderValue: 900 }),
    ]);
  });

  it('counts the calls a store held before it kept figures, once upgraded', async () => {
    await write('calls', call('c1', { outcome: 'request', path: ['greet', 'need', 'greet'] }));
    await write('calls', call('c2', { startedAt: 12 * H }));
    // The store as the version before the figures left it: none of the figures' three schema steps
    // (the funnel's, the SLA and pipeline's, the script editor's), their tables and triggers.
    const tables = ['call_figures', 'call_keys', 'request_figures', 'open_requests', 'accept_figures'].concat([
      'pipeline_figures',
      'script_figures',
      'script_step_figures',
      'script_path_figures',
    ]);
    if (STORE === 'sqlite') {
      const [row] = await db.sql('PRAGMA user_version');
      for (const kept of ['call', 'request', 'sales', 'pipeline', 'script'])
        for (const when of ['add', 'change']) await db.sql(`DROP TRIGGER ${kept}_figures_${when}`);
      await db.sql('DROP INDEX docs_escalations');
      for (const table of tables) await db.sql(`DROP TABLE ${table}`);
      await db.sql(`PRAGMA user_version = ${Number(row!.user_version) - 3}`);
    } else {
      for (const keep of ['manager_figures_keep', 'sales_figures_keep', 'script_figures_keep'])
        await db.sql(`DROP FUNCTION ${keep}() CASCADE`);
      await db.sql('DROP INDEX docs_escalations');
      for (const table of tables) await db.sql(`DROP TABLE ${table}`);
      await db.sql("UPDATE meta SET value = (value::int - 3)::text WHERE key = 'schema_version'");
    }
    await write('calls', call('c3', { outcome: 'future_need', path: ['greet'] }));
    db = await open.reopen();
    expect(await db.callTallies(0, 100)).toEqual([{ ...keys, calls: 3, contacts: 2, needsNow: 1, futureNeeds: 1 }]);
    expect(await db.callTallies(12, 13)).toEqual([{ ...keys, calls: 1, contacts: 0, needsNow: 0, futureNeeds: 0 }]);
    // The script editor's figures count the stored calls with a path, each step once per call.
    const script = await db.scriptRows('s1', 2);
    expect(script).toMatchObject({ calls: 2, requests: 1 });
    expect(new Map(script.nodes).get('greet')).toEqual({ reached: 2, ended: 2, requests: 1 });
    expect(script.edges.toSorted()).toEqual([
      ['greet', 'need', { calls: 1, requests: 1 }],
      ['need', 'greet', { calls: 1, requests: 1 }],
    ]);
  });
});
