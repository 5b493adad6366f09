import { OPEN_STATUSES } from './request-flow.ts';
import { slaOf } from './sla.ts';
import type { RequestEvent, SalesRequest, Settings } from '../core/types.ts';

/** How one sales manager treats the requests handed to them. '' is requests nobody has taken yet. */
export interface SalesManagerRow {
  ownerId: string;
  open: number;
  stalled: number;
  escalations: number;
  /** Mean minutes from hand-over to acceptance over the accepted ones; null when none accepted. */
  avgAcceptMinutes: number | null;
}

/** The fields of an open request the SLA clocks read. */
export type OpenRequest = Pick<
  SalesRequest,
  'salesOwnerId' | 'status' | 'createdAt' | 'acceptedAt' | 'firstProgressAt' | 'lastActivityAt'
>;

/**
 * What the SLA figures are made of, whoever counts them: the open requests (few, read whole), and
 * per sales manager the accepted requests with their summed time to accept and the escalations
 * raised about their requests (the server keeps both as writes arrive; the replica counts its own).
 */
export interface SalesTallies {
  open: OpenRequest[];
  accepts: { ownerId: string; count: number; sumMs: number }[];
  escalations: { ownerId: string; count: number }[];
}

/** The tallies of the requests and events a replica holds. */
export function salesTallies(
  requests: readonly SalesRequest[],
  events: readonly Pick<RequestEvent, 'requestId' | 'kind'>[],
): SalesTallies {
  const accepts = new Map<string, { ownerId: string; count: number; sumMs: number }>();
  const escalations = new Map<string, { ownerId: string; count: number }>();
  const ownerOf = new Map<string, string>();
  const open: OpenRequest[] = [];
  for (const q of requests) {
    ownerOf.set(q.id, q.salesOwnerId);
    if (OPEN_STATUSES.has(q.status)) open.push(q);
    if (q.acceptedAt > 0) {
      const a = accepts.get(q.salesOwnerId) ?? { ownerId: q.salesOwnerId, count: 0, sumMs: 0 };
      a.count += 1;
      a.sumMs += q.acceptedAt - q.createdAt;
      accepts.set(q.salesOwnerId, a);
    }
  }
  for (const e of events) {
    const owner = ownerOf.get(e.requestId);
    if (e.kind !== 'escalation' || owner === undefined) continue;
    const x = escalations.get(owner) ?? { ownerId: owner, count: 0 };
    x.count += 1;
    escalations.set(owner, x);
  }
  return { open, accepts: [...accepts.values()], escalations: [...escalations.values()] };
}

/**
 * The SLA figures by sales manager: open and stalled requests, escalations raised about their
 * requests, and how fast they accept. Ordered worst first (stalled, then escalations). A manager
 * with nothing open, accepted or escalated has no row.
 */
export function salesReportOf(
  tallies: SalesTallies,
  settings: Pick<Settings, 'sla' | 'workingHours'>,
  now: number,
): SalesManagerRow[] {
  const rows = new Map<string, SalesManagerRow>();
  const row = (ownerId: string) => {
    let r = rows.get(ownerId);
    if (!r) {
      r = { ownerId, open: 0, stalled: 0, escalations: 0, avgAcceptMinutes: null };
      rows.set(ownerId, r);
    }
    return r;
  };
  for (const q of tallies.open) {
    const r = row(q.salesOwnerId);
    r.open += 1;
    if (slaOf(q, settings, now).stalled) r.stalled += 1;
  }
  for (const a of tallies.accepts)
    if (a.count > 0) row(a.ownerId).avgAcceptMinutes = Math.round(a.sumMs / a.count / 60_000);
  for (const e of tallies.escalations) if (e.count > 0) row(e.ownerId).escalations += e.count;
  return [...rows.values()].toSorted(
    (a, b) => b.stalled - a.stalled || b.escalations - a.escalations || a.ownerId.localeCompare(b.ownerId),
  );
}

/** Mean minutes from hand-over to acceptance over every accepted request; null when none. */
export function meanAcceptMinutes(tallies: Pick<SalesTallies, 'accepts'>): number | null {
  let count = 0;
  let sum = 0;
  for (const a of tallies.accepts) {
    count += a.count;
    sum += a.sumMs;
  }
  return count > 0 ? sum / count / 60_000 : null;
}

/** The SLA figures of the requests and events a replica holds. */
export function salesReport(
  requests: readonly SalesRequest[],
  events: readonly Pick<RequestEvent, 'requestId' | 'kind'>[],
  settings: Pick<Settings, 'sla' | 'workingHours'>,
  now: number,
): SalesManagerRow[] {
  return salesReportOf(salesTallies(requests, events), settings, now);
}
