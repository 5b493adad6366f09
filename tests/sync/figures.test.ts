import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyOutcome, type OutcomeForm } from '../../shared/calling/outcomes.ts';
import { defaultSettings, SETTINGS_ID } from '../../shared/calling/defaults.ts';
import { uuidv7 } from '../../shared/core/ids.ts';
import type { Call, CallList, Prospect, SalesRequest, User } from '../../shared/core/types.ts';
import { funnel, FUNNEL_GROUPS, pipelineTallies } from '../../shared/figures/funnel.ts';
import { applyAction } from '../../shared/requests/request-flow.ts';
import { historyEntry } from '../../shared/requests/request-history.ts';
import { salesFiguresOf, type SalesTallies, salesTallies } from '../../shared/requests/sla-report.ts';
import { clockOf, slaCutoffs } from '../../shared/requests/sla.ts';
import type { RequestEvent, Settings } from '../../shared/core/types.ts';
import { salesQueries } from '../../server/storage/sales-figures.ts';
import { saveOutcome } from '../../renderer/features/desk/save-outcome.ts';
import { connectClient, eventually, STORE, startTestServer, type TestClient, type TestServer } from './harness.ts';

/**
 * The funnel from the server's stored figures: operators save outcomes and sales works the requests
 * through real clients; the supervisor's server funnel must equal the replica's funnel over the same
 * documents, for every grouping and period.
 */

const H = 3_600_000;
let server: TestServer;
let operators: TestClient[];
let sales: TestClient;
let head: TestClient;

const FORMS: OutcomeForm[] = [
  { kind: 'no_answer' },
  {
    kind: 'request',
    need: 'Проёмы в перекрытии',
    volume: '4 проёма',
    site: 'Москва',
    deadline: '2027-04-01',
    budget: 200_000,
    contact: 'Иван',
  },
  { kind: 'not_interested', reason: 'Свои резчики' },
  {
    kind: 'future_need',
    period: '2027-09',
    precision: 'month',
    confidence: 60,
    trigger: 'Тендер',
    description: 'Демонтаж',
  },
  { kind: 'busy' },
];

beforeAll(async () => {
  server = await startTestServer();
  const collections = ['prospects', 'calls', 'requests', 'callbacks', 'callLists'] as const;
  operators = [
    await connectClient(server.url, 'operator1', collections),
    await connectClient(server.url, 'operator2', collections),
  ];
  sales = await connectClient(server.url, 'sales1', ['requests']);
  head = await connectClient(server.url, 'supervisor1', ['users']);
  // Calls an hour apart, over a day and a half, on prospects of the demo list.
  const prospects = (await operators[0]!.db.prospects.find({ selector: { status: 'new' }, limit: 12 }).exec()).map(
    (d) => d.toMutableJSON() as Prospect,
  );
  const list = (await operators[0]!.db.callLists.findOne().exec())!.toMutableJSON() as CallList;
  const start = Math.floor(Date.now() / H) * H - 36 * H;
  for (const [i, prospect] of prospects.entries()) {
    const operator = operators[i % 2]!;
    const at = start + i * 3 * H + 17 * 60_000;
    const result = applyOutcome(FORMS[i % FORMS.length]!, {
      now: at,
      operatorId: operator.user.id,
      prospect,
      list: i % 3 === 0 ? null : list,
      callback: null,
      run: null,
      startedAt: at - 120_000,
      notes: '',
      settings: defaultSettings(at),
      newId: () => uuidv7(at),
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    await saveOutcome(operator.repo, result.writes);
  }
  await Promise.all(operators.map((o) => o.replication.awaitInSync()));
  // Sales takes the first request and wins it.
  const [first] = await eventually(async () => {
    const found = await sales.db.requests.find().exec();
    expect(found.length).toBeGreaterThan(0);
    return found.map((d) => d.toMutableJSON() as SalesRequest);
  });
  const actor = { id: sales.user.id, role: 'sales' as const };
  const accepted = applyAction(first!, { action: 'accept' }, actor, Date.now());
  if (!accepted.ok) throw new Error(accepted.error);
  await sales.repo.save('requests', accepted.request);
  await sales.replication.awaitInSync();
  const won = applyAction(
    accepted.request,
    { action: 'win', orderNumber: 'З-17', orderValue: 150_000, orderDate: '2027-03-01' },
    actor,
    Date.now(),
  );
  if (!won.ok) throw new Error(won.error);
  await sales.repo.save('requests', won.request);
  await sales.replication.awaitInSync();
});
afterAll(async () => {
  await Promise.all([...operators, sales, head].map((c) => c.close()));
  await server.stop();
});

describe(`the funnel from the server's stored figures (${STORE})`, () => {
  it('equals the replica’s funnel over the same documents, for every grouping and period', async () => {
    const docs = server.server.docs;
    const [calls, requests, lists, users] = await Promise.all([
      docs.all('calls') as unknown as Promise<Call[]>,
      docs.all('requests') as unknown as Promise<SalesRequest[]>,
      docs.all('callLists') as unknown as Promise<CallList[]>,
      docs.all('users') as unknown as Promise<User[]>,
    ]);
    expect(calls.length).toBe(12);
    expect(requests.some((r) => r.status === 'won' && r.orderValue === 150_000)).toBe(true);
    const teams = new Map(users.map((u) => [u.id, u.team]));
    const first = Math.min(...calls.map((c) => c.startedAt));
    const hour = Math.floor(first / H) * H;
    const periods = [
      { from: 0, to: Number.MAX_SAFE_INTEGER },
      { from: hour, to: hour + 24 * H },
      { from: hour + 24 * H, to: hour + 48 * H },
      { from: hour + 3 * H, to: hour + 4 * H },
    ];
    for (const by of [...FUNNEL_GROUPS, 'all'] as const) {
      for (const period of periods) {
        const expected = funnel({ calls, requests, lists, prospects: new Map(), teams }, by, period);
        const got = await head.transport.api.funnel(by, period.from, period.to);
        expect(got.rows, `${by} ${period.from}–${period.to}`).toEqual(expected);
        expect(got.asOf).toBeGreaterThan(0);
      }
    }
    const all = await head.transport.api.funnel('all', 0, Number.MAX_SAFE_INTEGER);
    expect(all.rows).toEqual([
      expect.objectContaining({ key: 'all', calls: 12, contacts: 7, needsNow: 3, futureNeeds: 2, requests: 3 }),
    ]);
    expect(all.rows[0]).toMatchObject({ accepted: 1, won: 1, orderValue: 150_000 });
  });

  it('answers supervisors and admins only, and refuses a malformed question', async () => {
    await expect(operators[0]!.transport.api.funnel('all', 0, 1)).rejects.toMatchObject({ status: 403 });
    await expect(sales.transport.api.funnel('all', 0, 1)).rejects.toMatchObject({ status: 403 });
    await expect(head.transport.api.funnel('nonsense' as never, 0, 1)).rejects.toMatchObject({ status: 400 });
    await expect(head.transport.api.funnel('all', -5, 1)).rejects.toMatchObject({ status: 400 });
  });
});

describe(`the SLA and pipeline from the server's database (${STORE})`, () => {
  it('equal the replica’s over the same documents, and follow acceptance and escalation', async () => {
    const docs = server.server.docs;
    const check = async () => {
      const got = await head.transport.api.sales();
      const [requests, events, prospects, settings] = await Promise.all([
        docs.all('requests') as unknown as Promise<SalesRequest[]>,
        docs.all('requestEvents') as unknown as Promise<RequestEvent[]>,
        docs.all('prospects') as unknown as Promise<Prospect[]>,
        docs.get('settings', SETTINGS_ID) as unknown as Promise<Settings | null>,
      ]);
      const { asOf, ...figures } = got;
      const tallies = salesTallies(requests, events, slaCutoffs(settings ?? defaultSettings(asOf), asOf));
      expect(figures).toEqual(salesFiguresOf(tallies, pipelineTallies(prospects)));
      return { got, tallies };
    };
    let { got, tallies } = await check();
    // The won request: accepted once; two requests nobody has taken, stalled or not by now.
    expect(tallies.accepts).toEqual([{ ownerId: sales.user.id, count: 1, sumMs: expect.any(Number) }]);
    expect(got.managers.find((m) => m.ownerId === '')).toMatchObject({ open: 2, escalations: 0 });
    expect(got.managers.find((m) => m.ownerId === sales.user.id)).toMatchObject({ open: 0 });
    expect(got.meanAcceptMinutes).not.toBeNull();
    expect(got.pipeline.reduce((n, m) => n + m.count, 0)).toBeGreaterThan(0);

    // Sales accepts a second request (open, accepted); an operator escalates the third.
    const [second, third] = (await sales.db.requests.find({ selector: { status: 'new' } }).exec()).map(
      (d) => d.toMutableJSON() as SalesRequest,
    );
    const actor = { id: sales.user.id, role: 'sales' as const };
    const accepted = applyAction(second!, { action: 'accept' }, actor, second!.createdAt + 45 * 60_000);
    if (!accepted.ok) throw new Error(accepted.error);
    await sales.repo.save('requests', accepted.request);
    await sales.replication.awaitInSync();
    const owner = operators.findIndex((o) => o.user.id === third!.operatorId);
    const escalator = await connectClient(server.url, `operator${owner + 1}`, ['requestEvents']);
    const fields = { requestId: third!.id, operatorId: escalator.user.id, authorId: escalator.user.id };
    await escalator.repo.save(
      'requestEvents',
      historyEntry({ ...fields, kind: 'escalation', text: 'Молчат' }, Date.now(), uuidv7()),
    );
    await escalator.repo.save(
      'requestEvents',
      historyEntry({ ...fields, kind: 'comment', text: 'Жду' }, Date.now(), uuidv7()),
    );
    await escalator.replication.awaitInSync();
    await escalator.close();
    ({ got, tallies } = await check());
    expect(tallies.accepts).toEqual([{ ownerId: sales.user.id, count: 2, sumMs: expect.any(Number) }]);
    expect(got.managers.find((m) => m.ownerId === '')).toMatchObject({ open: 1, escalations: 1 });
    expect(got.managers.find((m) => m.ownerId === sales.user.id)).toMatchObject({ open: 1, escalations: 0 });

    // The database counts as stalled what the replica's rule does, at cutoffs on and beside each
    // open request's start (a request is stalled when its clock started before the cutoff).
    const [requests, events] = await Promise.all([
      docs.all('requests') as unknown as Promise<SalesRequest[]>,
      docs.all('requestEvents') as unknown as Promise<RequestEvent[]>,
    ]);
    const byOwner = (t: SalesTallies) => t.open.toSorted((a, b) => a.ownerId.localeCompare(b.ownerId));
    const starts = requests.flatMap((r) => clockOf(r)?.start ?? []);
    expect(starts).toHaveLength(2);
    let stalledSeen = 0;
    for (const at of [...starts, ...starts.map((t) => t + 1), Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]) {
      const cutoffs = { accept: at, progress: at, update: at };
      const stored = await docs.salesFigures(cutoffs);
      const replica = salesTallies(requests, events, cutoffs);
      expect(byOwner(stored.tallies), String(at)).toEqual(byOwner(replica));
      stalledSeen += replica.open.reduce((n, o) => n + o.stalled, 0);
    }
    expect(stalledSeen).toBeGreaterThan(0);
  });

  it('reads the escalations through their partial index, the rest from the kept tables only', async () => {
    const backend = server.server.backend;
    const sql = salesQueries(backend.kind);
    const plan = async (query: string, params: number[] = []) =>
      (await backend.sql(backend.kind === 'sqlite' ? `EXPLAIN QUERY PLAN ${query}` : `EXPLAIN ${query}`, params))
        .map((r) => String(r.detail ?? r['QUERY PLAN']))
        .join(' ');
    expect(await plan(sql.escalations)).toMatch(/docs_escalations/);
    for (const [query, table] of [
      [sql.open, 'open_requests'],
      [sql.accepts, 'accept_figures'],
      [sql.pipeline, 'pipeline_figures'],
    ] as const) {
      const text = await plan(query, query === sql.open ? [1, 2, 3] : []);
      expect(text).toContain(table);
      expect(text).not.toMatch(/\bdocs\b/);
    }
  });

  it('answers supervisors and admins only', async () => {
    await expect(operators[0]!.transport.api.sales()).rejects.toMatchObject({ status: 403 });
    await expect(sales.transport.api.sales()).rejects.toMatchObject({ status: 403 });
  });
});
