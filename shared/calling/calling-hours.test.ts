import { describe, expect, it } from 'vitest';
import { listWindow, narrows, nextInHours } from './calling-hours.ts';

const HOURS = { from: '09:00', to: '20:00', weekdays: [1, 2, 3, 4, 5] };

describe('calling hours', () => {
  it('moves a time outside the hours to the start of the next calling window, in the prospect’s zone', () => {
    // Friday 2026-11-27: 07:00 in Novosibirsk (UTC+7) is 00:00 UTC; 09:00 there is 02:00 UTC.
    expect(new Date(nextInHours(Date.parse('2026-11-27T00:00:00Z'), 'Asia/Novosibirsk', HOURS)).toISOString()).toBe(
      '2026-11-27T02:00:00.000Z',
    );
    // Friday 21:30 in Moscow: Monday 09:00 (the weekend is not a calling day).
    expect(new Date(nextInHours(Date.parse('2026-11-27T18:30:00Z'), 'Europe/Moscow', HOURS)).toISOString()).toBe(
      '2026-11-30T06:00:00.000Z',
    );
    const inside = Date.parse('2026-11-27T10:00:00Z');
    expect(nextInHours(inside, 'Europe/Moscow', HOURS)).toBe(inside);
  });

  it('lets a list narrow the company’s hours, never widen them', () => {
    expect(listWindow(HOURS, { callWindow: { from: '08:00', to: '21:00' } })).toEqual({ from: '09:00', to: '20:00' });
    expect(listWindow(HOURS, { callWindow: { from: '10:00', to: '17:00' } })).toEqual({ from: '10:00', to: '17:00' });
    expect(narrows(HOURS, { callWindow: { from: '09:00', to: '19:00' } })).toBe(true);
    expect(narrows(HOURS, { callWindow: { from: '08:00', to: '21:00' } })).toBe(false);
  });
});
