import type { Call, Callback, CallList, CallOutcome, Prospect, SalesRequest } from '../core/types.ts';

/**
 * The figures of the whole system: calls → contacts → needs found (now / future) → requests →
 * accepted → won → order value, grouped by operator, team, list, list source or script version, over a
 * period. Pure functions over the replica, so a supervisor's screen and a test see the same numbers.
 */

export const FUNNEL_GROUPS = ['operator', 'team', 'list', 'source', 'script'] as const;
export type FunnelGroup = (typeof FUNNEL_GROUPS)[number];

export interface FunnelRow {
  key: string;
  calls: number;
  contacts: number;
  needsNow: number;
  futureNeeds: number;
  requests: number;
  accepted: number;
  won: number;
  orderValue: number;
}

/** The outcomes that mean someone was reached (the server's stored figures count by the same list). */
export const CONTACT_OUTCOMES: readonly CallOutcome[] = [
  'request',
  'future_need',
  'callback',
  'not_interested',
  'do_not_call',
];
const CONTACT: ReadonlySet<CallOutcome> = new Set(CONTACT_OUTCOMES);
const ACCEPTED: ReadonlySet<string> = new Set(['accepted', 'in_progress', 'won', 'lost']);

/** What a call is grouped by. */
export type CallKeys = Pick<Call, 'operatorId' | 'callListId' | 'scriptId' | 'scriptVersion'> & {
  prospectId?: string;
};

/** Calls counted together: one call of the replica, or the server's tally of calls with the same keys. */
export interface CallTally extends CallKeys {
  calls: number;
  contacts: number;
  needsNow: number;
  futureNeeds: number;
}

/**
 * Requests counted together: one request of the replica, or the server's count of those with the
 * same operator, status and call keys (`orderValue` their sum). `call` is null when the call is unknown.
 */
export interface RequestTally {
  operatorId: string;
  /** For grouping by source when the call is unknown ('' in the server's tallies). */
  prospectId: string;
  status: string;
  count: number;
  orderValue: number;
  call: CallKeys | null;
}

export interface FunnelData {
  calls: readonly Call[];
  requests: readonly SalesRequest[];
  lists: readonly CallList[];
  prospects: ReadonlyMap<string, Pick<Prospect, 'source'>>;
  /** Operator id → team, for grouping by team; an operator without one counts under '(no team)'. */
  teams?: ReadonlyMap<string, string>;
}

function empty(key: string): FunnelRow {
  return { key, calls: 0, contacts: 0, needsNow: 0, futureNeeds: 0, requests: 0, accepted: 0, won: 0, orderValue: 0 };
}

/** One call as a tally of one. */
export function tallyOfCall(c: Call): CallTally {
  return {
    operatorId: c.operatorId,
    callListId: c.callListId,
    scriptId: c.scriptId,
    scriptVersion: c.scriptVersion,
    prospectId: c.prospectId,
    calls: 1,
    contacts: CONTACT.has(c.outcome) ? 1 : 0,
    needsNow: c.outcome === 'request' ? 1 : 0,
    futureNeeds: c.outcome === 'future_need' ? 1 : 0,
  };
}

/** The funnel over the replica's calls and requests of a period. */
export function funnel(data: FunnelData, by: FunnelGroup | 'all', period: { from: number; to: number }): FunnelRow[] {
  const inPeriod = (at: number) => at >= period.from && at < period.to;
  // Requests are grouped by the call they came from; only those calls are kept, not all of them.
  const requests = data.requests.filter((q) => inPeriod(q.createdAt));
  const wanted = new Set(requests.map((q) => q.callId));
  const callsById = new Map<string, Call>();
  const tallies: CallTally[] = [];
  for (const c of data.calls) {
    if (wanted.has(c.id)) callsById.set(c.id, c);
    if (inPeriod(c.startedAt)) tallies.push(tallyOfCall(c));
  }
  return funnelOf(
    {
      tallies,
      requests: requests.map((q) => ({
        operatorId: q.operatorId,
        prospectId: q.prospectId,
        status: q.status,
        count: 1,
        orderValue: q.orderValue,
        call: callsById.get(q.callId) ?? null,
      })),
      lists: data.lists,
      prospects: data.prospects,
      ...(data.teams ? { teams: data.teams } : {}),
    },
    by,
  );
}

/** The funnel's rows from tallies of calls and requests (the replica's or the server's), grouped `by`. */
export function funnelOf(
  data: {
    tallies: Iterable<CallTally>;
    requests: Iterable<RequestTally>;
    lists: readonly Pick<CallList, 'id' | 'source'>[];
    prospects: ReadonlyMap<string, Pick<Prospect, 'source'>>;
    teams?: ReadonlyMap<string, string>;
  },
  by: FunnelGroup | 'all',
): FunnelRow[] {
  const lists = new Map(data.lists.map((l) => [l.id, l]));
  const keyOfCall = (c: CallKeys): string => {
    switch (by) {
      case 'operator':
        return c.operatorId;
      case 'team':
        return data.teams?.get(c.operatorId) || '(no team)';
      case 'list':
        return c.callListId || '(none)';
      case 'source':
        return (
          lists.get(c.callListId)?.source ??
          (c.prospectId ? data.prospects.get(c.prospectId)?.source : undefined) ??
          '(unknown)'
        );
      case 'script':
        return c.scriptId ? `${c.scriptId} v${c.scriptVersion}` : '(no script)';
      default:
        return 'all';
    }
  };
  const rows = new Map<string, FunnelRow>();
  const row = (key: string) => {
    let r = rows.get(key);
    if (!r) rows.set(key, (r = empty(key)));
    return r;
  };

  for (const t of data.tallies) {
    const r = row(keyOfCall(t));
    r.calls += t.calls;
    r.contacts += t.contacts;
    r.needsNow += t.needsNow;
    r.futureNeeds += t.futureNeeds;
  }
  for (const q of data.requests) {
    const key =
      by === 'operator' || by === 'team'
        ? keyOfCall({ operatorId: q.operatorId, callListId: '', scriptId: '', scriptVersion: 0 })
        : q.call
          ? keyOfCall(q.call)
          : by === 'source'
            ? (data.prospects.get(q.prospectId)?.source ?? '(unknown)')
            : by === 'all'
              ? 'all'
              : '(none)';
    const r = row(key);
    r.requests += q.count;
    if (ACCEPTED.has(q.status)) r.accepted += q.count;
    if (q.status === 'won') {
      r.won += q.count;
      r.orderValue += q.orderValue;
    }
  }
  return [...rows.values()].toSorted((a, b) => b.calls - a.calls || a.key.localeCompare(b.key));
}

/** The future needs expected in one month (`YYYY-MM`): how many, and their confidences summed. */
export interface PipelineTally {
  month: string;
  count: number;
  sum: number;
}

/** A month of the pipeline: its future needs and their average confidence (%). */
export interface PipelineRow {
  month: string;
  count: number;
  confidence: number;
}

/** Expected needs by month (`YYYY-MM`) with their count and average confidence. */
export function futurePipeline(prospects: Iterable<Pick<Prospect, 'status' | 'expectedNeed'>>): PipelineRow[] {
  return pipelineOf(pipelineTallies(prospects));
}

/** The future-need prospects counted by expected month. */
export function pipelineTallies(prospects: Iterable<Pick<Prospect, 'status' | 'expectedNeed'>>): PipelineTally[] {
  const months = new Map<string, PipelineTally>();
  for (const p of prospects) {
    if (p.status !== 'future_need' || !p.expectedNeed.date) continue;
    const month = p.expectedNeed.date.slice(0, 7);
    const m = months.get(month) ?? { month, count: 0, sum: 0 };
    m.count += 1;
    m.sum += p.expectedNeed.confidence;
    months.set(month, m);
  }
  return [...months.values()];
}

/** The pipeline from per-month tallies (the server counts them in the database). */
export function pipelineOf(months: Iterable<PipelineTally>): PipelineRow[] {
  return [...months]
    .filter((m) => m.count > 0)
    .map((m) => ({ month: m.month, count: m.count, confidence: Math.round(m.sum / m.count) }))
    .toSorted((a, b) => a.month.localeCompare(b.month));
}

/** Open callbacks per day for the next `days` days (UTC days), overdue ones counted today. */
export function callbackLoad(
  callbacks: Iterable<Pick<Callback, 'done' | 'dueAt'>>,
  now: number,
  days = 30,
): { day: string; count: number }[] {
  const start = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  const counts = Array.from({ length: days }, () => 0);
  for (const cb of callbacks) {
    if (cb.done) continue;
    const index = Math.max(0, Math.floor((cb.dueAt - start) / 86_400_000));
    if (index < days) counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts.map((count, i) => ({ day: new Date(start + i * 86_400_000).toISOString().slice(0, 10), count }));
}
