import { NO_TELEPHONY } from '../telephony/softphone-settings.ts';
import type { Settings } from '../core/types.ts';

export const SETTINGS_ID = 'global';

/**
 * Russia's production calendar for 2026 and 2027: the public holidays of the Labour Code (art. 112),
 * a holiday falling on a weekend moved to the next working day, and the government's transfers of
 * the January weekend holidays. 2026 follows the government's decree for 2026 (Saturday 3 January →
 * Friday 9 January, Sunday 4 January → Thursday 31 December). For 2027 the code's own moves are here
 * (1 May → 3 May, 9 May → 10 May, 12 June → 14 June); the decree that places 2027's January weekend
 * days, and any working Saturday it names, is added in Settings once published.
 */
const FIXED_HOLIDAYS = [
  '01-01',
  '01-02',
  '01-03',
  '01-04',
  '01-05',
  '01-06',
  '01-07',
  '01-08',
  '02-23',
  '03-08',
  '05-01',
  '05-09',
  '06-12',
  '11-04',
];
const TRANSFERRED: Record<string, readonly string[]> = {
  '2026': ['2026-01-09', '2026-03-09', '2026-05-11', '2026-12-31'],
  '2027': ['2027-05-03', '2027-05-10', '2027-06-14'],
};
/** Working days outside Monday–Friday the decrees name, by year (none in 2026). */
const WORKING_WEEKENDS: Record<string, readonly string[]> = { '2026': [], '2027': [] };

export const RUSSIAN_HOLIDAYS: string[] = ['2026', '2027'].flatMap((y) =>
  [...FIXED_HOLIDAYS.map((d) => `${y}-${d}`), ...(TRANSFERRED[y] ?? [])].toSorted(),
);
export const RUSSIAN_WORKDAYS: string[] = ['2026', '2027'].flatMap((y) => [...(WORKING_WEEKENDS[y] ?? [])]);

/** The settings every new store starts with. */
export function defaultSettings(now: number): Settings {
  return {
    id: SETTINGS_ID,
    createdAt: now,
    updatedAt: now,
    sla: { acceptHours: 2, progressDays: 1, staleDays: 3 },
    workingHours: {
      timeZone: 'Europe/Moscow',
      from: '09:00',
      to: '18:00',
      weekdays: [1, 2, 3, 4, 5],
      holidays: RUSSIAN_HOLIDAYS,
      workdays: RUSSIAN_WORKDAYS,
    },
    bonus: { percentOfOrder: 1, perRequest: 500 },
    callingHours: { from: '09:00', to: '20:00', weekdays: [1, 2, 3, 4, 5] },
    retry: { maxAttempts: 5, delayMinutes: 120 },
    futureNeedLeadDays: 14,
    callbackEscalationMinutes: 60,
    claimMinutes: 20,
    dialScheme: 'tel',
    telephony: structuredClone(NO_TELEPHONY),
  };
}
