import { clockMinutes, wallClock, zonedToUtc } from './zones.ts';

/**
 * Working time: SLA clocks run only in the company's working hours (a request handed over on Friday
 * evening is not late on Saturday). All arithmetic is in the calendar's own zone.
 */
export interface WorkCalendar {
  timeZone: string;
  /** `HH:MM` */
  from: string;
  to: string;
  /** ISO weekdays, 1 = Monday. */
  weekdays: readonly number[];
  /** `YYYY-MM-DD` days off besides the weekend (transferred days off among them). */
  holidays?: readonly string[];
  /** `YYYY-MM-DD` working days outside `weekdays` (a working Saturday). */
  workdays?: readonly string[];
}

/** Whether a calendar day works: a weekday or a named working day, and not a day off. */
export function isWorkingDay(
  date: string,
  weekday: number,
  cal: Pick<WorkCalendar, 'weekdays' | 'holidays' | 'workdays'>,
): boolean {
  if (cal.holidays?.includes(date)) return false;
  return cal.weekdays.includes(weekday) || (cal.workdays?.includes(date) ?? false);
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

interface Window {
  start: number;
  end: number;
}

/**
 * Zone arithmetic goes through Intl, which is slow enough to matter when a dashboard checks the SLA
 * of 60,000 requests. Every zone's offset is a multiple of 15 minutes, so the calendar date is the
 * same throughout a 15-minute slot, and a day's window is the same for every instant in it.
 */
const SLOT = 15 * MINUTE;
const dates = new Map<string, { key: string; weekday: number; year: number; month: number; day: number }>();
const dayWindows = new Map<string, Window | null>();

function remember<V>(cache: Map<string, V>, key: string, make: () => V): V {
  const hit = cache.get(key);
  if (hit !== undefined || cache.has(key)) return hit as V;
  if (cache.size > 20_000) cache.clear();
  const value = make();
  cache.set(key, value);
  return value;
}

/** The working window of the calendar day containing `at` (in the calendar's zone), or null. */
function windowOfDay(at: number, cal: WorkCalendar): Window | null {
  const w = remember(dates, `${cal.timeZone}|${Math.floor(at / SLOT)}`, () => {
    const c = wallClock(at, cal.timeZone);
    const key = `${c.year}-${String(c.month).padStart(2, '0')}-${String(c.day).padStart(2, '0')}`;
    return { key, weekday: c.weekday, year: c.year, month: c.month, day: c.day };
  });
  if (!isWorkingDay(w.key, w.weekday, cal)) return null;
  return remember(dayWindows, `${cal.timeZone}|${cal.from}|${cal.to}|${w.key}`, () => {
    const date = { year: w.year, month: w.month, day: w.day };
    const from = clockMinutes(cal.from);
    const to = clockMinutes(cal.to);
    return {
      start: zonedToUtc(date, { hour: Math.floor(from / 60), minute: from % 60 }, cal.timeZone),
      end: zonedToUtc(date, { hour: Math.floor(to / 60), minute: to % 60 }, cal.timeZone),
    };
  });
}

/** Working windows from the day of `start` on, at most `days` calendar days. */
function* windows(start: number, cal: WorkCalendar, days = 400): Generator<Window> {
  for (let i = 0; i < days; i++) {
    const day = windowOfDay(start + i * DAY, cal);
    if (day) yield day;
  }
}

/** The instant `minutes` working minutes after `start`. */
export function addWorkingMinutes(start: number, minutes: number, cal: WorkCalendar): number {
  let left = minutes;
  for (const w of windows(start, cal)) {
    const from = Math.max(w.start, start);
    if (from >= w.end) continue;
    const available = (w.end - from) / MINUTE;
    if (left <= available) return from + left * MINUTE;
    left -= available;
  }
  return Number.POSITIVE_INFINITY;
}

/** Working minutes between two instants (0 when `to` is not after `from`). */
export function workingMinutesBetween(from: number, to: number, cal: WorkCalendar): number {
  if (to <= from) return 0;
  let total = 0;
  for (const w of windows(from, cal, Math.ceil((to - from) / DAY) + 2)) {
    const a = Math.max(w.start, from);
    const b = Math.min(w.end, to);
    if (b > a) total += (b - a) / MINUTE;
    if (w.start >= to) break;
  }
  return Math.round(total);
}

/** Length of one working day of the calendar, in minutes. */
export function workingDayMinutes(cal: WorkCalendar): number {
  return clockMinutes(cal.to) - clockMinutes(cal.from);
}
