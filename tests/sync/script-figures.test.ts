import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyOutcome, type OutcomeForm } from '../../shared/calling/outcomes.ts';
import { defaultSettings } from '../../shared/calling/defaults.ts';
import { uuidv7 } from '../../shared/core/ids.ts';
import type { Call, Prospect } from '../../shared/core/types.ts';
import { edgeKey, scriptStats } from '../../shared/call-scripts/script-stats.ts';
import type { ServerScriptStats } from '../../shared/sync/wire.ts';
import { saveOutcome } from '../../renderer/features/desk/save-outcome.ts';
import { scriptFill, scriptQueries } from '../../server/storage/script-figures.ts';
import { connectClient, STORE, startTestServer, type TestClient, type TestServer } from './harness.ts';

/**
 * The script editor's figures from the server's kept tables: an operator's calls walk a script
 * through a real client; the supervisor's figures for each version must equal what the editor
 * computes from the same calls (shared/call-scripts/script-stats.ts), and follow a rewritten call.
 */

const SCRIPT = 'demo-script-intro-ru';
let server: TestServer;
let operator: TestClient;
let head: TestClient;

/** Steps taken and outcomes: a repeated step and a repeated move count once per call. */
const WALKS: [version: number, path: string[], form: OutcomeForm][] = [
  [1, ['greet', 'inform', 'need'], { kind: 'not_interested', reason: 'Свои резчики' }],
  [1, ['greet', 'greet', 'inform', 'greet', 'inform'], { kind: 'no_answer' }],
  [1, ['greet'], { kind: 'busy' }],
  [1, [], { kind: 'no_answer' }],
  [2, ['greet', 'inform'], { kind: 'busy' }],
  [
    1,
    ['greet', 'inform', 'need', 'volume'],
    {
      kind: 'request',
      need: 'Проёмы',
      volume: '4',
      site: 'Москва',
      deadline: '2027-04-01',
      budget: 100_000,
      contact: 'Иван',
    },
  ],
];

beforeAll(async () => {
  server = await startTestServer();
  operator = await connectClient(server.url, 'operator1', ['prospects', 'calls', 'requests', 'callbacks', 'callLists']);
  head = await connectClient(server.url, 'supervisor1', ['users']);
  const prospects = (await operator.db.prospects.find({ selector: { status: 'new' }, limit: WALKS.length }).exec()).map(
    (d) => d.toMutableJSON() as Prospect,
  );
  for (const [i, [version, path, form]] of WALKS.entries()) {
    const at = Date.now() - (WALKS.length - i) * 60_000;
    const result = applyOutcome(form, {
      now: at,
      operatorId: operator.user.id,
      prospect: prospects[i]!,
      list: null,
      callback: null,
      run: { scriptId: SCRIPT, version, nodeId: path.at(-1) ?? 'greet', path, answers: [], returnTo: '' },
      startedAt: at - 60_000,
      notes: '',
      settings: defaultSettings(at),
      newId: () => uuidv7(at),
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    await saveOutcome(operator.repo, result.writes);
  }
  await operator.replication.awaitInSync();
});
afterAll(async () => {
  await Promise.all([operator, head].map((c) => c.close()));
  await server.stop();
});

/** The editor's figures as the wire carries them, in one order. */
function wire(calls: readonly Call[], version: number): Omit<ServerScriptStats, 'asOf'> {
  const stats = scriptStats({ scriptId: SCRIPT, version }, calls);
  return {
    calls: stats.calls,
    requests: stats.requests,
    nodes: [...stats.nodes.entries()].toSorted(([a], [b]) => a.localeCompare(b)),
    edges: [...stats.edges.entries()]
      .map(([key, e]) => [...(key.split('>') as [string, string]), e] as [string, string, typeof e])
      .toSorted(([a, b], [c, d]) => edgeKey(a, b).localeCompare(edgeKey(c, d))),
  };
}

function sorted({ asOf: _asOf, ...s }: ServerScriptStats): Omit<ServerScriptStats, 'asOf'> {
  return {
    ...s,
    nodes: s.nodes.toSorted(([a], [b]) => a.localeCompare(b)),
    edges: s.edges.toSorted(([a, b], [c, d]) => edgeKey(a, b).localeCompare(edgeKey(c, d))),
  };
}

describe(`the script editor's figures from the server's database (${STORE})`, () => {
  it('equal the editor’s own over the same calls, for each version, and follow a rewritten call', async () => {
    const calls = async () => (await server.server.docs.all('calls')) as unknown as Call[];
    const v1 = sorted(await head.transport.api.scriptStats(SCRIPT, 1));
    expect(v1).toEqual(wire(await calls(), 1));
    // Four calls with a path on version 1; "greet" reached by each once, "inform" by three.
    expect(v1).toMatchObject({ calls: 4, requests: 1 });
    expect(new Map(v1.nodes).get('greet')).toEqual({ reached: 4, ended: 1, requests: 1 });
    expect(new Map(v1.nodes).get('inform')).toEqual({ reached: 3, ended: 1, requests: 1 });
    expect(v1.edges.find(([f, t]) => f === 'greet' && t === 'inform')?.[2]).toEqual({ calls: 3, requests: 1 });
    expect(sorted(await head.transport.api.scriptStats(SCRIPT, 2))).toEqual(wire(await calls(), 2));
    expect(sorted(await head.transport.api.scriptStats(SCRIPT, 9))).toMatchObject({ calls: 0, nodes: [], edges: [] });

    // A call rewritten on the server (as an erasure does) takes its old part out and puts the new in.
    const walked = (await calls()).find((c) => c.path.length === 3)!;
    await server.server.docs.writeSystem('calls', [
      { ...walked, path: ['greet', 'objection'], scriptVersion: 2, _deleted: false } as never,
    ]);
    expect(sorted(await head.transport.api.scriptStats(SCRIPT, 1))).toEqual(wire(await calls(), 1));
    expect(sorted(await head.transport.api.scriptStats(SCRIPT, 2))).toEqual(wire(await calls(), 2));
    expect((await head.transport.api.scriptStats(SCRIPT, 1)).calls).toBe(3);
  });

  it('counts the calls already stored the same way when the step runs on an existing store', async () => {
    const backend = server.server.backend;
    const tables = {
      script_figures: 'calls <> 0',
      script_step_figures: 'reached <> 0 OR ended <> 0',
      script_path_figures: 'calls <> 0',
    };
    const snapshot = async () =>
      Promise.all(
        Object.entries(tables).map(async ([table, counted]) =>
          (await backend.sql(`SELECT * FROM ${table} WHERE ${counted}`)).map((r) => JSON.stringify(r)).toSorted(),
        ),
      );
    const kept = await snapshot();
    for (const table of Object.keys(tables)) await backend.sql(`DELETE FROM ${table}`);
    for (const statement of scriptFill(backend.kind)) await backend.sql(statement);
    expect(await snapshot()).toEqual(kept);
    expect(kept[0]!.length).toBeGreaterThan(0);
  });

  it('reads the kept tables only, never the calls', async () => {
    const backend = server.server.backend;
    for (const query of Object.values(scriptQueries(backend.kind))) {
      const plan = (
        await backend.sql(backend.kind === 'sqlite' ? `EXPLAIN QUERY PLAN ${query}` : `EXPLAIN ${query}`, [SCRIPT, 1])
      )
        .map((r) => String(r.detail ?? r['QUERY PLAN']))
        .join(' ');
      expect(plan).toMatch(/script_/);
      expect(plan).not.toMatch(/\bdocs\b/);
    }
  });

  it('answers supervisors and admins only, and refuses a malformed question', async () => {
    await expect(operator.transport.api.scriptStats(SCRIPT, 1)).rejects.toMatchObject({ status: 403 });
    await expect(head.transport.api.scriptStats(SCRIPT, -1)).rejects.toMatchObject({ status: 400 });
  });
});
