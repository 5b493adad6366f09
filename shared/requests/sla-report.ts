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

/**
 * The SLA figures by sales manager: open and stalled requests, escalations raised about their
 * requests, and how fast they accept. Ordered worst first (stalled, then escalations).
 */
export function salesReport(
  requests: readonly SalesRequest[],
  events: readonly Pick<RequestEvent, 'requestId' | 'kind'>[],
  settings: Pick<Settings, 'sla' | 'workingHours'>,
  now: number,
): SalesManagerRow[] {
  const rows = new Map<string, SalesManagerRow & { acceptSum: number; acceptCount: number }>();
  const row = (ownerId: string) => {
    let r = rows.get(ownerId);
    if (!r) {
      r = { ownerId, open: 0, stalled: 0, escalations: 0, avgAcceptMinutes: null, acceptSum: 0, acceptCount: 0 };
      rows.set(ownerId, r);
    }
    return r;
  };
  const ownerOf = new Map<string, string>();
  for (const q of requests) {
    ownerOf.set(q.id, q.salesOwnerId);
    const r = row(q.salesOwnerId);
    if (OPEN_STATUSES.has(q.status)) {
      r.open += 1;
      if (slaOf(q, settings, now).stalled) r.stalled += 1;
    }
    if (q.acceptedAt > 0) {
      r.acceptSum += q.acceptedAt - q.createdAt;
      r.acceptCount += 1;
    }
  }
  for (const e of events) {
    const owner = ownerOf.get(e.requestId);
    if (e.kind === 'escalation' && owner !== undefined) row(owner).escalations += 1;
  }
  return [...rows.values()]
    .map(({ acceptSum, acceptCount, ...r }) => ({
      ...r,
      avgAcceptMinutes: acceptCount > 0 ? Math.round(acceptSum / acceptCount / 60_000) : null,
    }))
    .toSorted((a, b) => b.stalled - a.stalled || b.escalations - a.escalations || a.ownerId.localeCompare(b.ownerId));
}
