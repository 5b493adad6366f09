import type { Callback, CallList, Settings } from '../core/types.ts';
import { clockMinutes, inCallingWindow, wallClock, zonedToUtc } from './zones.ts';

/**
 * Calling hours live in one place, the settings: every call the desk offers (list calls and
 * callbacks alike) falls inside them, in the prospect's own time zone. A list may narrow them (a
 * list of builders called 10:00–17:00), never widen them.
 */

export type CallingHours = Settings['callingHours'];

const toClock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** A list's window: the company's hours narrowed by the list's own. */
export function listWindow(hours: Pick<CallingHours, 'from' | 'to'>, list: Pick<CallList, 'callWindow'>) {
  const from = Math.max(clockMinutes(hours.from), clockMinutes(list.callWindow.from));
  const to = Math.min(clockMinutes(hours.to), clockMinutes(list.callWindow.to));
  return { from: toClock(from), to: toClock(Math.max(from, to)) };
}

/** Whether a list narrows the company's hours (the editor says so). */
export function narrows(hours: Pick<CallingHours, 'from' | 'to'>, list: Pick<CallList, 'callWindow'>): boolean {
  const w = listWindow(hours, list);
  return w.from !== hours.from || w.to !== hours.to;
}

export function inHours(at: number, zone: string, hours: CallingHours): boolean {
  return inCallingWindow(at, zone, hours);
}

/**
 * The first moment at or after `at` inside the calling hours in `zone`: `at` itself when it is
 * inside, otherwise the start of the next calling window (a callback promised for 07:00 is set for
 * 09:00; one for 21:30 for 09:00 the next calling day).
 */
export function nextInHours(at: number, zone: string, hours: CallingHours): number {
  if (inHours(at, zone, hours)) return at;
  const [fromH, fromM] = [Math.floor(clockMinutes(hours.from) / 60), clockMinutes(hours.from) % 60];
  for (let day = 0; day <= 14; day++) {
    const w = wallClock(at + day * 86_400_000, zone);
    const start = zonedToUtc({ year: w.year, month: w.month, day: w.day }, { hour: fromH, minute: fromM }, zone);
    if (start >= at && inHours(start, zone, hours)) return start;
  }
  return at;
}

/** How long a callback a supervisor allowed outside the calling hours stays offered past its time. */
export const ALLOWED_OUTSIDE_MS = 60 * 60_000;

/** Whether a supervisor's permission covers this callback now: at its exact time, for up to an hour. */
export function allowedOutsideHours(cb: Pick<Callback, 'dueAt' | 'outsideHoursAllowedAt'>, now: number): boolean {
  const at = cb.outsideHoursAllowedAt;
  return at > 0 && at === cb.dueAt && now >= at && now < at + ALLOWED_OUTSIDE_MS;
}

/** Whether the desk may offer this callback now in `zone`: inside the hours, or allowed outside them. */
export function callbackCallable(
  cb: Pick<Callback, 'dueAt' | 'outsideHoursAllowedAt'>,
  now: number,
  zone: string,
  hours: CallingHours,
): boolean {
  return inHours(now, zone, hours) || allowedOutsideHours(cb, now);
}
