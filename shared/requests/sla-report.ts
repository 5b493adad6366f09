import { clockOf, type SlaCutoffs, slaCutoffs } from './sla.ts';
import type { RequestEvent, SalesRequest, Settings } from '../core/types.ts';
import { type PipelineRow, type PipelineTally, pipelineOf } from '../figures/funnel.ts';

/** How one sales manager treats the requests handed to them. '' is requests nobody has taken yet. */
export interface SalesManagerRow {
  ownerId: string;
  open: number;
  stalled: number;
  escalations: number;
  /** Mean minutes from hand-over to acceptance over the accepted ones; null when none accepted. */
  avgAcceptMinutes: number | null;
}

/**
 * What the SLA figures are made of, whoever counts them: per sales manager the open requests and
 * how many of them are stalled (at the cutoffs of one instant, `slaCutoffs`), the accepted requests
 * with their summed time to accept, and the escalations raised about their requests. The server
 * counts them in its database; a replica counts the requests it holds.
 */
export interface SalesTallies {
  open: { ownerId: string; open: number; stalled: number }[];
  accepts: { ownerId: string; count: number; sumMs: number }[];
  escalations: { ownerId: string; count: number }[];
}

/** The tallies of the requests and events a replica holds, at the cutoffs of one instant. */
export function salesTallies(
  requests: readonly SalesRequest[],
  events: readonly Pick<RequestEvent, 'requestId' | 'kind'>[],
  cutoffs: SlaCutoffs,
): SalesTallies {
  const open = new Map<string, { ownerId: string; open: number; stalled: number }>();
  const accepts = new Map<string, { ownerId: string; count: number; sumMs: number }>();
  const escalations = new Map<string, { ownerId: string; count: number }>();
  const ownerOf = new Map<string, string>();
  for (const q of requests) {
    ownerOf.set(q.id, q.salesOwnerId);
    const running = clockOf(q);
    if (running) {
      const o = open.get(q.salesOwnerId) ?? { ownerId: q.salesOwnerId, open: 0, stalled: 0 };
      o.open += 1;
      if (running.start < cutoffs[running.clock]) o.stalled += 1;
      open.set(q.salesOwnerId, o);
    }
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
  return { open: [...open.values()], accepts: [...accepts.values()], escalations: [...escalations.values()] };
}

/**
 * The SLA figures by sales manager: open and stalled requests, escalations raised about their
 * requests, and how fast they accept. Ordered worst first (stalled, then escalations). A manager
 * with nothing open, accepted or escalated has no row.
 */
export function salesReportOf(tallies: SalesTallies): SalesManagerRow[] {
  const rows = new Map<string, SalesManagerRow>();
  const row = (ownerId: string) => {
    let r = rows.get(ownerId);
    if (!r) {
      r = { ownerId, open: 0, stalled: 0, escalations: 0, avgAcceptMinutes: null };
      rows.set(ownerId, r);
    }
    return r;
  };
  for (const o of tallies.open) {
    if (o.open === 0) continue;
    const r = row(o.ownerId);
    r.open += o.open;
    r.stalled += o.stalled;
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

/** The dashboard's SLA and pipeline panels, whoever computes them. */
export interface SalesFigures {
  managers: SalesManagerRow[];
  meanAcceptMinutes: number | null;
  pipeline: PipelineRow[];
}

/** The panels from tallies (the server's, or a replica's own). */
export function salesFiguresOf(tallies: SalesTallies, months: Iterable<PipelineTally>): SalesFigures {
  return {
    managers: salesReportOf(tallies),
    meanAcceptMinutes: meanAcceptMinutes(tallies),
    pipeline: pipelineOf(months),
  };
}

/** The SLA figures of the requests and events a replica holds. */
export function salesReport(
  requests: readonly SalesRequest[],
  events: readonly Pick<RequestEvent, 'requestId' | 'kind'>[],
  settings: Pick<Settings, 'sla' | 'workingHours'>,
  now: number,
): SalesManagerRow[] {
  return salesReportOf(salesTallies(requests, events, slaCutoffs(settings, now)));
}
