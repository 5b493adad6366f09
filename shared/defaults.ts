import type { Settings } from './types.ts';

export const SETTINGS_ID = 'global';

/** The settings every new store starts with. */
export function defaultSettings(now: number): Settings {
  return {
    id: SETTINGS_ID,
    createdAt: now,
    updatedAt: now,
    sla: { acceptHours: 2, progressDays: 1, staleDays: 3 },
    workingHours: { timeZone: 'Europe/Moscow', from: '09:00', to: '18:00', weekdays: [1, 2, 3, 4, 5] },
    bonus: { percentOfOrder: 1, perRequest: 500 },
    callingHours: { from: '09:00', to: '20:00', weekdays: [1, 2, 3, 4, 5] },
    retry: { maxAttempts: 5, delayMinutes: 120 },
    futureNeedLeadDays: 14,
    callbackEscalationMinutes: 60,
    claimMinutes: 20,
    dialScheme: 'tel',
  };
}
