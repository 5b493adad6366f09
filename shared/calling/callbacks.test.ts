import { describe, expect, it } from 'vitest';
import { futureNeedCallbackAt, namedTimeToUtc, periodStart, shouldEscalate, tomorrowIn } from './callbacks.ts';

const NOW = Date.parse('2026-11-27T07:00:00Z');

describe('callback timing', () => {
  it('reads a day, a month or a quarter as the first day of the period', () => {
    expect(periodStart('2027-03-15', 'day')).toBe('2027-03-15');
    expect(periodStart('2027-03', 'month')).toBe('2027-03-01');
    expect(periodStart('2027-Q3', 'quarter')).toBe('2027-07-01');
    expect(periodStart('2027-13', 'month')).toBeNull();
  });

  it('plans a future-need call the lead time before the period, at 10:00 prospect time', () => {
    // 2027-03-01 10:00 in Novosibirsk (UTC+7) is 03:00 UTC; 14 days earlier is 2027-02-15.
    expect(new Date(futureNeedCallbackAt({ date: '2027-03-01' }, 'Asia/Novosibirsk', 14, NOW)).toISOString()).toBe(
      '2027-02-15T03:00:00.000Z',
    );
    expect(new Date(futureNeedCallbackAt({ date: '2027-03-01' }, 'Europe/Kaliningrad', 14, NOW)).toISOString()).toBe(
      '2027-02-15T08:00:00.000Z',
    );
  });

  it('never plans in the past', () => {
    expect(futureNeedCallbackAt({ date: '2026-12-01' }, 'Europe/Moscow', 14, NOW)).toBe(NOW);
  });

  it('stores a time the prospect names in their zone as UTC', () => {
    expect(new Date(namedTimeToUtc('2026-11-28', '10:00', 'Asia/Vladivostok')).toISOString()).toBe(
      '2026-11-28T00:00:00.000Z',
    );
    expect(tomorrowIn('Asia/Kamchatka', Date.parse('2026-11-27T13:00:00Z'))).toBe('2026-11-29');
    expect(tomorrowIn('Europe/Moscow', Date.parse('2026-11-27T13:00:00Z'))).toBe('2026-11-28');
  });

  it('escalates an overdue personal callback to the team', () => {
    const cb = { scope: 'personal', done: false, dueAt: NOW - 61 * 60_000 };
    expect(shouldEscalate(cb, NOW, 60)).toBe(true);
    expect(shouldEscalate({ ...cb, dueAt: NOW - 59 * 60_000 }, NOW, 60)).toBe(false);
    expect(shouldEscalate({ ...cb, done: true }, NOW, 60)).toBe(false);
    expect(shouldEscalate({ ...cb, scope: 'team' }, NOW, 60)).toBe(false);
  });
});
