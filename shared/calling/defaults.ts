import type { Settings } from '../core/types.ts';

export const SETTINGS_ID = 'global';

/**
 * Russia's fixed public holidays in 2026 and 2027 (Labour Code art. 112). The government's yearly
 * decree moves some weekend days; supervisors add those in Settings.
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
export const RUSSIAN_HOLIDAYS: string[] = ['2026', '2027'].flatMap((y) => FIXED_HOLIDAYS.map((d) => `${y}-${d}`));

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
    },
    bonus: { percentOfOrder: 1, perRequest: 500 },
    callingHours: { from: '09:00', to: '20:00', weekdays: [1, 2, 3, 4, 5] },
    retry: { maxAttempts: 5, delayMinutes: 120 },
    futureNeedLeadDays: 14,
    callbackEscalationMinutes: 60,
    claimMinutes: 20,
    dialScheme: 'tel',
  };
}
