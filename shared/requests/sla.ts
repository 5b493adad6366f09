import type { SalesRequest, Settings } from '../core/types.ts';
import { addWorkingMinutes, type WorkCalendar, workingDayMinutes } from '../calling/work-calendar.ts';

/**
 * SLA clocks of a request, in the company's working time: accept it within `acceptHours`, make the
 * first progress within `progressDays` of accepting, and never leave it `staleDays` without an update.
 * A request past a limit is stalled: the operator may escalate it.
 */
export type SlaClock = 'accept' | 'progress' | 'update';

export interface SlaView {
  /** The clock that runs now, or null for a closed request. */
  clock: SlaClock | null;
  dueAt: number;
  stalled: boolean;
}

export function calendarOf(settings: Pick<Settings, 'workingHours'>): WorkCalendar {
  return settings.workingHours;
}

export function acceptDeadline(handedAt: number, settings: Pick<Settings, 'sla' | 'workingHours'>): number {
  return addWorkingMinutes(handedAt, settings.sla.acceptHours * 60, calendarOf(settings));
}

type SlaFields = Pick<SalesRequest, 'status' | 'createdAt' | 'acceptedAt' | 'firstProgressAt' | 'lastActivityAt'>;
type SlaSettings = Pick<Settings, 'sla' | 'workingHours'>;

/** The clock an open request runs and the instant it counts from; null for a closed request. */
export function clockOf(r: SlaFields): { clock: SlaClock; start: number } | null {
  if (r.status === 'new') return { clock: 'accept', start: r.createdAt };
  if (r.status === 'accepted' && !r.firstProgressAt) return { clock: 'progress', start: r.acceptedAt || r.createdAt };
  if (r.status === 'accepted' || r.status === 'in_progress')
    return { clock: 'update', start: r.lastActivityAt || r.acceptedAt || r.createdAt };
  return null;
}

/** A clock's limit in working minutes. */
export function limitOf(clock: SlaClock, settings: SlaSettings): number {
  if (clock === 'accept') return settings.sla.acceptHours * 60;
  const day = workingDayMinutes(calendarOf(settings));
  return (clock === 'progress' ? settings.sla.progressDays : settings.sla.staleDays) * day;
}

export function slaOf(r: SlaFields, settings: SlaSettings, now: number): SlaView {
  const running = clockOf(r);
  if (!running) return { clock: null, dueAt: 0, stalled: false };
  const dueAt = addWorkingMinutes(running.start, limitOf(running.clock, settings), calendarOf(settings));
  return { clock: running.clock, dueAt, stalled: now > dueAt };
}

/** Per clock, the first start that is not stalled at `now`: a request is stalled when its clock started before. */
export type SlaCutoffs = Record<SlaClock, number>;

/**
 * The cutoffs at `now`. A deadline never comes earlier for a later start (working time only moves
 * forward), so the starts whose deadline has passed are exactly those before one instant, found
 * here by bisection in a few dozen calendar steps: the SLA of any number of open requests is then
 * one comparison each, in the database or here (`slaOf` gives the same answer, request by request).
 */
export function slaCutoffs(settings: SlaSettings, now: number): SlaCutoffs {
  const cal = calendarOf(settings);
  const cutoff = (clock: SlaClock) => {
    const limit = limitOf(clock, settings);
    const stalled = (start: number) => now > addWorkingMinutes(start, limit, cal);
    let hi = Math.floor(now);
    if (stalled(hi)) return hi + 1;
    // Back from now, doubling, to a start that is stalled (none within ten years: none is).
    let step = Math.max(MINUTE, limit * MINUTE);
    let lo = hi - step;
    while (!stalled(lo)) {
      if (step > TEN_YEARS) return Number.MIN_SAFE_INTEGER;
      hi = lo;
      step *= 2;
      lo = hi - step;
    }
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (stalled(mid)) lo = mid;
      else hi = mid;
    }
    return hi;
  };
  return { accept: cutoff('accept'), progress: cutoff('progress'), update: cutoff('update') };
}

const MINUTE = 60_000;
const TEN_YEARS = 10 * 366 * 86_400_000;
