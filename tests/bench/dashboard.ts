import { NO_DIAL } from '../../shared/telephony/call-events.ts';
/**
 * Dashboard computation over a large replica: the funnel in every grouping, the future-need
 * pipeline, the callback load, SLA by sales manager and the floor's day, on synthetic calls and
 * requests over the demo base. The same pure functions the supervisor's screens call.
 */
import { floorRows } from '../../shared/figures/floor-rows.ts';
import { callbackLoad, funnel, FUNNEL_GROUPS, futurePipeline } from '../../shared/figures/funnel.ts';
import { newCallList } from '../../shared/calling/list-query.ts';
import { newRequest } from '../../shared/requests/request-flow.ts';
import { defaultSettings } from '../../shared/calling/defaults.ts';
import { salesReport } from '../../shared/requests/sla-report.ts';
import { CALL_OUTCOMES, type Call, type Callback, type Prospect, type User } from '../../shared/core/types.ts';

const OPERATORS = 40;
const LISTS = 12;

/**
 * A large floor's history: 40 operators in 4 teams, 12 lists, `callCount` calls over 90 days (one
 * outcome in seven of each kind) and a request for every call that found a need now.
 */
export function dashboardData(prospects: readonly Pick<Prospect, 'id'>[], callCount: number, now: number) {
  const day = 86_400_000;
  const users: User[] = Array.from({ length: OPERATORS }, (_, i) => ({
    id: `op-${i}`,
    createdAt: 0,
    updatedAt: 0,
    username: `op${i}`,
    name: `Operator ${i}`,
    role: 'operator',
    team: `Team ${i % 4}`,
    active: true,
  }));
  const lists = Array.from({ length: LISTS }, (_, i) =>
    newCallList({
      id: `list-${i}`,
      createdAt: 0,
      name: `List ${i}`,
      source: (['market_research', 'earlier_results', 'sales_head_request'] as const)[i % 3]!,
    }),
  );
  const calls: Call[] = [];
  for (let i = 0; i < callCount; i++) {
    const at = now - (i % 90) * day - (i % 600) * 60_000;
    calls.push({
      id: `call-${i}`,
      createdAt: at,
      updatedAt: at,
      prospectId: prospects[i % prospects.length]!.id,
      operatorId: `op-${i % OPERATORS}`,
      callListId: `list-${i % LISTS}`,
      startedAt: at,
      endedAt: at + 90_000,
      scriptId: 'demo-script-intro-ru',
      scriptVersion: 1 + (i % 3),
      path: ['greet', 'inform', 'need'],
      answers: [],
      outcome: CALL_OUTCOMES[(i * 7) % CALL_OUTCOMES.length]!,
      notes: '',
      dial: { ...NO_DIAL },
    });
  }
  const requests = calls
    .filter((c) => c.outcome === 'request')
    .map((c, i) =>
      newRequest({
        id: `req-${c.id}`,
        createdAt: c.startedAt,
        prospectId: c.prospectId,
        operatorId: c.operatorId,
        callId: c.id,
        need: 'bench',
        status: (['new', 'accepted', 'in_progress', 'won', 'lost'] as const)[i % 5]!,
        salesOwnerId: i % 5 === 0 ? '' : `sales-${i % 6}`,
        acceptedAt: i % 5 === 0 ? 0 : c.startedAt + 3_600_000,
        orderValue: i % 5 === 3 ? 250_000 : 0,
      }),
    );
  return { users, lists, calls, requests };
}

export function benchDashboard(prospects: readonly Prospect[], callCount: number, callbacks: readonly Callback[]) {
  const now = Date.now();
  const day = 86_400_000;
  const { users, lists, calls, requests } = dashboardData(prospects, callCount, now);
  const events = requests.filter((_, i) => i % 20 === 0).map((r) => ({ requestId: r.id, kind: 'escalation' as const }));
  const settings = defaultSettings(0);
  const teams = new Map(users.map((u) => [u.id, u.team]));
  const data = { calls, requests, lists, prospects: new Map(), teams };
  const month = { from: now - 30 * day, to: now + day };

  const times: Record<string, number> = {};
  const time = (name: string, run: () => unknown) => {
    const started = performance.now();
    run();
    times[name] = performance.now() - started;
  };
  for (const group of ['all', ...FUNNEL_GROUPS] as const) time(`funnel by ${group}`, () => funnel(data, group, month));
  time('future-need pipeline', () => futurePipeline(prospects));
  time('callbacks due, 30 days', () => callbackLoad(callbacks, now, 30));
  time('SLA by sales manager', () => salesReport(requests, events, settings, now));
  const today = now - (now % day);
  time('floor (today)', () =>
    floorRows({
      users,
      entries: [],
      calls: calls.filter((c) => c.startedAt >= today),
      requests: requests.filter((r) => r.createdAt >= today),
      callbacks,
      now,
    }),
  );
  const total = Object.values(times).reduce((a, b) => a + b, 0);
  return { calls: calls.length, requests: requests.length, times, total };
}
