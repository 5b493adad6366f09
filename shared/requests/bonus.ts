import type { SalesRequest, Settings } from '../core/types.ts';
import { wallClock } from '../calling/zones.ts';

/**
 * Operator pay from requests: a fixed amount for each request sales accepted (unless it was later
 * returned as not a real need) in the month it was accepted, and a share of each won order's value in
 * the month it was won. Open requests show what they could still bring (pending).
 */
export interface BonusLine {
  requestId: string;
  kind: 'accepted' | 'won' | 'pending';
  amount: number;
}

export interface BonusMonth {
  month: string;
  earned: number;
  pending: number;
  lines: BonusLine[];
}

function monthOf(at: number, zone: string): string {
  const w = wallClock(at, zone);
  return `${w.year}-${String(w.month).padStart(2, '0')}`;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function bonusByMonth(
  requests: readonly SalesRequest[],
  settings: Pick<Settings, 'bonus' | 'workingHours'>,
): BonusMonth[] {
  const zone = settings.workingHours.timeZone;
  const months = new Map<string, BonusMonth>();
  const add = (at: number, line: BonusLine) => {
    const month = monthOf(at, zone);
    const m = months.get(month) ?? { month, earned: 0, pending: 0, lines: [] };
    if (line.kind === 'pending') m.pending = round(m.pending + line.amount);
    else m.earned = round(m.earned + line.amount);
    m.lines.push(line);
    months.set(month, m);
  };
  const share = settings.bonus.percentOfOrder / 100;
  for (const r of requests) {
    if (r.acceptedAt && r.status !== 'returned' && settings.bonus.perRequest > 0) {
      add(r.acceptedAt, { requestId: r.id, kind: 'accepted', amount: settings.bonus.perRequest });
    }
    if (r.status === 'won' && r.closedAt)
      add(r.closedAt, { requestId: r.id, kind: 'won', amount: round(r.orderValue * share) });
    if ((r.status === 'new' || r.status === 'accepted' || r.status === 'in_progress') && r.estimatedValue > 0) {
      add(r.createdAt, { requestId: r.id, kind: 'pending', amount: round(r.estimatedValue * share) });
    }
  }
  return [...months.values()].toSorted((a, b) => b.month.localeCompare(a.month));
}
