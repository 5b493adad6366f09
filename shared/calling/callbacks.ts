import type { ExpectedNeed, NeedPrecision } from '../core/types.ts';
import { wallClock, zonedToUtc } from './zones.ts';

/**
 * Callback timing. Times the prospect names are in the prospect's zone and stored in UTC; a call
 * about a future need is planned a lead time before the period starts, at a civil hour there.
 */

/** Hour (prospect's time) a planned callback is set to when no time was named. */
export const PLANNED_CALL_HOUR = 10;

const DAY = 24 * 3600 * 1000;

/** The first day of the period an operator recorded: a day, a month (`YYYY-MM`) or a quarter (`YYYY-Qn`). */
export function periodStart(value: string, precision: NeedPrecision): string | null {
  if (precision === 'day') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
  if (precision === 'month') {
    const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(value);
    return m ? `${m[1]}-${m[2]}-01` : null;
  }
  const q = /^(\d{4})-Q([1-4])$/.exec(value);
  return q ? `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}-01` : null;
}

function parseDate(date: string): { year: number; month: number; day: number } {
  const [year, month, day] = date.split('-').map(Number);
  return { year: year ?? 1970, month: month ?? 1, day: day ?? 1 };
}

/**
 * When to call back about an expected need: `leadDays` before the period starts, at 10:00 in the
 * prospect's zone. Never in the past: a need already close is called about now.
 */
export function futureNeedCallbackAt(
  need: Pick<ExpectedNeed, 'date'>,
  zone: string,
  leadDays: number,
  now: number,
): number {
  const start = parseDate(need.date);
  const startUtc = zonedToUtc(start, { hour: PLANNED_CALL_HOUR, minute: 0 }, zone);
  const at = startUtc - leadDays * DAY;
  // Subtracting whole days keeps 10:00 local, as Russian zones have no DST.
  return Math.max(at, now);
}

/** A time the prospect named ("tomorrow at 10"), in their zone, as a UTC instant. */
export function namedTimeToUtc(date: string, time: string, zone: string): number {
  const [hour, minute] = time.split(':').map(Number);
  return zonedToUtc(parseDate(date), { hour: hour ?? 0, minute: minute ?? 0 }, zone);
}

/** Tomorrow's date in the prospect's zone, `YYYY-MM-DD`. */
export function tomorrowIn(zone: string, now: number): string {
  const w = wallClock(now + DAY, zone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** A personal callback not done this long after it fell due goes to the whole team. */
export function shouldEscalate(
  cb: { scope: string; done: boolean; dueAt: number },
  now: number,
  afterMinutes: number,
): boolean {
  return cb.scope === 'personal' && !cb.done && cb.dueAt + afterMinutes * 60_000 <= now;
}

/** A callback this user is to make: their own, or one the whole team may take. */
export function isForUser(cb: { scope: string; assigneeId: string }, userId: string): boolean {
  return cb.scope === 'team' || cb.assigneeId === userId;
}
