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

export function slaOf(
  r: Pick<SalesRequest, 'status' | 'createdAt' | 'acceptedAt' | 'firstProgressAt' | 'lastActivityAt'>,
  settings: Pick<Settings, 'sla' | 'workingHours'>,
  now: number,
): SlaView {
  const cal = calendarOf(settings);
  const day = workingDayMinutes(cal);
  let clock: SlaClock;
  let dueAt: number;
  if (r.status === 'new') {
    clock = 'accept';
    dueAt = acceptDeadline(r.createdAt, settings);
  } else if (r.status === 'accepted' && !r.firstProgressAt) {
    clock = 'progress';
    dueAt = addWorkingMinutes(r.acceptedAt || r.createdAt, settings.sla.progressDays * day, cal);
  } else if (r.status === 'accepted' || r.status === 'in_progress') {
    clock = 'update';
    dueAt = addWorkingMinutes(r.lastActivityAt || r.acceptedAt || r.createdAt, settings.sla.staleDays * day, cal);
  } else {
    return { clock: null, dueAt: 0, stalled: false };
  }
  return { clock, dueAt, stalled: now > dueAt };
}
