import { describe, expect, it } from 'vitest';
import { acceptDeadline } from '../requests/sla.ts';
import { defaultSettings, RUSSIAN_HOLIDAYS } from './defaults.ts';
import { addWorkingMinutes, isWorkingDay, type WorkCalendar } from './work-calendar.ts';

/** Moscow wall-clock time as UTC (Moscow is UTC+3 all year). */
const msk = (date: string, time: string) => Date.parse(`${date}T${time}:00+03:00`);
const iso = (at: number) => new Date(at + 3 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('Russia’s production calendar, 2026 and 2027', () => {
  const settings = defaultSettings(0);
  const cal: WorkCalendar = settings.workingHours;

  it('knows the transferred days off', () => {
    for (const day of [
      '2026-01-09',
      '2026-03-09',
      '2026-05-11',
      '2026-12-31',
      '2027-05-03',
      '2027-05-10',
      '2027-06-14',
    ]) {
      expect(RUSSIAN_HOLIDAYS, day).toContain(day);
      expect(isWorkingDay(day, new Date(`${day}T12:00:00Z`).getUTCDay() || 7, cal), day).toBe(false);
    }
    // An ordinary Monday works.
    expect(isWorkingDay('2026-03-16', 1, cal)).toBe(true);
  });

  it.each([
    // Handed over on the eve of a transferred day off: the two hours run on into the next working day.
    ['2026-03-06', '17:00', '2026-03-10 10:00'],
    ['2026-05-08', '17:00', '2026-05-12 10:00'],
    ['2026-12-30', '17:00', '2027-01-11 10:00'],
    ['2027-04-30', '17:00', '2027-05-04 10:00'],
    ['2027-05-07', '17:00', '2027-05-11 10:00'],
    ['2027-06-11', '17:00', '2027-06-15 10:00'],
    // An ordinary week.
    ['2026-03-11', '17:00', '2026-03-12 10:00'],
  ])('a request handed over %s %s must be accepted by %s (two working hours)', (date, time, due) => {
    expect(iso(acceptDeadline(msk(date, time), settings))).toBe(due);
  });

  it('counts a working Saturday the supervisor adds', () => {
    const saturday = { ...cal, workdays: ['2027-11-13'] };
    expect(iso(addWorkingMinutes(msk('2027-11-12', '17:00'), 120, saturday))).toBe('2027-11-13 10:00');
    expect(iso(addWorkingMinutes(msk('2027-11-12', '17:00'), 120, cal))).toBe('2027-11-15 10:00');
  });
});
