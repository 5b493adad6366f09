import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../calling/defaults.ts';
import { bonusByMonth } from './bonus.ts';
import {
  allowedActions,
  applyAction,
  checkRequestTransition,
  newRequest,
  REQUEST_ACTIONS,
  type RequestAction,
  statusEvent,
} from './request-flow.ts';
import { historyEntry, openEscalation } from './request-history.ts';
import { clockOf, slaCutoffs, slaOf } from './sla.ts';
import type { RequestEvent, RequestStatus, Role, SalesRequest } from '../core/types.ts';
import { addWorkingMinutes, workingMinutesBetween } from '../calling/work-calendar.ts';

function request(patch: Partial<SalesRequest> = {}): SalesRequest {
  return newRequest({
    id: 'r1',
    createdAt: 0,
    prospectId: 'p1',
    operatorId: 'op1',
    need: 'need',
    callId: 'c1',
    estimatedValue: 100_000,
    ...patch,
  });
}
const actor = (role: Role, id = `${role}-1`) => ({ id, role });

describe('request state machine', () => {
  const table: Record<RequestStatus, RequestAction[]> = {
    new: ['accept', 'return'],
    accepted: ['progress', 'win', 'lose', 'return'],
    in_progress: ['progress', 'win', 'lose', 'return'],
    won: [],
    lost: [],
    returned: [],
  };
  for (const [status, actions] of Object.entries(table) as [RequestStatus, RequestAction[]][]) {
    it(`from ${status}: sales and supervisors may ${actions.join(', ') || 'nothing'}; operators and admins nothing`, () => {
      const r = request({ status, salesOwnerId: status === 'new' ? '' : 'sales-1' });
      expect(allowedActions(r, actor('sales'))).toEqual(actions);
      expect(allowedActions(r, actor('supervisor'))).toEqual(actions);
      expect(allowedActions(r, actor('operator'))).toEqual([]);
      expect(allowedActions(r, actor('admin'))).toEqual([]);
    });
  }

  it('leaves a taken request to its owner: another sales manager may not work it', () => {
    const r = request({ status: 'accepted', salesOwnerId: 'sales-1' });
    expect(allowedActions(r, actor('sales', 'sales-2'))).toEqual([]);
  });

  it('accepting makes the taker the owner; the server records the history entry', () => {
    const result = applyAction(request(), { action: 'accept' }, actor('sales'), 1000);
    expect(result).toMatchObject({
      ok: true,
      request: { status: 'accepted', salesOwnerId: 'sales-1', acceptedAt: 1000, lastActivityAt: 1000 },
    });
    if (!result.ok) return;
    expect(statusEvent(request(), result.request, 'sales-1', 1000, 'e1')).toMatchObject({
      id: 'e1',
      requestId: 'r1',
      operatorId: 'op1',
      authorId: 'sales-1',
      kind: 'status_change',
      fromStatus: 'new',
      toStatus: 'accepted',
    });
  });

  it('winning needs an order number, value and date; losing and returning need a reason', () => {
    const r = request({ status: 'in_progress', salesOwnerId: 'sales-1' });
    const s = actor('sales');
    expect(
      applyAction(r, { action: 'win', orderNumber: '', orderValue: 10, orderDate: '2027-01-01' }, s, 1),
    ).toMatchObject({ ok: false, field: 'orderNumber' });
    expect(
      applyAction(r, { action: 'win', orderNumber: 'A-1', orderValue: 0, orderDate: '2027-01-01' }, s, 1),
    ).toMatchObject({ ok: false, field: 'orderValue' });
    expect(applyAction(r, { action: 'lose', reason: ' ' }, s, 1)).toMatchObject({ ok: false, field: 'reason' });
    expect(
      applyAction(r, { action: 'win', orderNumber: 'A-1', orderValue: 500_000, orderDate: '2027-01-01' }, s, 9),
    ).toMatchObject({
      ok: true,
      request: { status: 'won', orderValue: 500_000, orderNumber: 'A-1', closedAt: 9 },
    });
    expect(
      applyAction(request(), { action: 'win', orderNumber: 'x', orderValue: 1, orderDate: '2027-01-01' }, s, 1),
    ).toMatchObject({ ok: false });
  });

  it('is the rule the server applies to pushed changes', () => {
    const before = request();
    expect(
      checkRequestTransition(actor('sales'), before, { ...before, status: 'accepted', salesOwnerId: 'sales-1' }),
    ).toBeNull();
    expect(checkRequestTransition(actor('operator', 'op1'), before, { ...before, status: 'accepted' })).toMatch(
      /may not accept/,
    );
    expect(checkRequestTransition(actor('sales'), before, { ...before, status: 'won' })).toMatch(
      /cannot go from new to won/,
    );
    expect(checkRequestTransition(actor('operator', 'op1'), null, before)).toBeNull();
    expect(checkRequestTransition(actor('operator', 'op1'), null, { ...before, status: 'won' })).toMatch(
      /starts as new/,
    );
    expect(REQUEST_ACTIONS).toHaveLength(5);
  });
});

describe('SLA clocks in working hours (Mon-Fri 09:00-18:00 Moscow)', () => {
  const settings = defaultSettings(0);
  const cal = settings.workingHours;
  // 2026-11-27 is a Friday. 14:00 UTC = 17:00 Moscow.
  const fridayFive = Date.parse('2026-11-27T14:00:00Z');

  it('carries the clock over the weekend', () => {
    // One working hour left on Friday, the second one on Monday 09:00-10:00 Moscow.
    expect(new Date(addWorkingMinutes(fridayFive, 120, cal)).toISOString()).toBe('2026-11-30T07:00:00.000Z');
    expect(workingMinutesBetween(fridayFive, Date.parse('2026-11-30T07:00:00Z'), cal)).toBe(120);
  });

  it('stops on holidays: 8 March 2027 is a Monday off', () => {
    const friday = Date.parse('2027-03-05T14:00:00Z'); // Friday 17:00 Moscow
    expect(cal.holidays).toContain('2027-03-08');
    // One hour on Friday, then Monday is a holiday: the second hour is Tuesday 09:00-10:00 Moscow.
    expect(new Date(addWorkingMinutes(friday, 120, cal)).toISOString()).toBe('2027-03-09T07:00:00.000Z');
    const noHolidays = { ...cal, holidays: [] };
    expect(new Date(addWorkingMinutes(friday, 120, noHolidays)).toISOString()).toBe('2027-03-08T07:00:00.000Z');
  });

  it('does not run outside working hours', () => {
    const saturday = Date.parse('2026-11-28T10:00:00Z');
    expect(new Date(addWorkingMinutes(saturday, 60, cal)).toISOString()).toBe('2026-11-30T07:00:00.000Z');
    const beforeOpening = Date.parse('2026-11-30T04:00:00Z'); // Monday 07:00 Moscow
    expect(new Date(addWorkingMinutes(beforeOpening, 30, cal)).toISOString()).toBe('2026-11-30T06:30:00.000Z');
  });

  it('marks a request stalled past the accept limit, then runs the progress and update clocks', () => {
    const handed = request({ createdAt: fridayFive });
    expect(slaOf(handed, settings, Date.parse('2026-11-30T06:59:00Z'))).toMatchObject({
      clock: 'accept',
      stalled: false,
    });
    expect(slaOf(handed, settings, Date.parse('2026-11-30T07:01:00Z'))).toMatchObject({
      clock: 'accept',
      stalled: true,
    });
    const accepted = request({
      status: 'accepted',
      createdAt: fridayFive,
      acceptedAt: Date.parse('2026-11-30T07:00:00Z'),
    });
    // One working day (9 h) after Monday 10:00 is Tuesday 10:00 Moscow.
    expect(new Date(slaOf(accepted, settings, 0).dueAt).toISOString()).toBe('2026-12-01T07:00:00.000Z');
    const working = request({
      status: 'in_progress',
      firstProgressAt: 1,
      lastActivityAt: Date.parse('2026-12-01T07:00:00Z'),
    });
    expect(slaOf(working, settings, 0)).toMatchObject({ clock: 'update' });
    expect(new Date(slaOf(working, settings, 0).dueAt).toISOString()).toBe('2026-12-04T07:00:00.000Z');
    expect(slaOf(request({ status: 'won' }), settings, 0)).toEqual({ clock: null, dueAt: 0, stalled: false });
  });

  it('one cutoff per clock says what slaOf says of every request, at any instant', () => {
    // Instants around a weekend, a holiday, opening and closing times, and the exact deadlines.
    const nows = [
      Date.parse('2026-11-30T07:00:00Z'),
      Date.parse('2026-11-30T07:00:00Z') + 1,
      Date.parse('2026-12-01T14:59:59.999Z'),
      Date.parse('2027-03-09T07:00:00Z'),
      Date.parse('2027-03-10T03:00:00Z'),
    ];
    const variants = [settings, { ...settings, sla: { acceptHours: 1, progressDays: 2, staleDays: 5 } }];
    let stalled = 0;
    let checked = 0;
    for (const s of variants) {
      for (const now of nows) {
        const cutoffs = slaCutoffs(s, now);
        // Starts every 23 minutes over the 12 days before, and the few instants either side of each cutoff.
        const starts = Array.from({ length: (12 * 86_400_000) / 1_380_000 }, (_, i) => now - i * 1_380_000);
        for (const c of Object.values(cutoffs)) starts.push(c - 1, c, c + 1);
        for (const start of starts) {
          for (const r of [
            request({ createdAt: start }),
            request({ status: 'accepted', createdAt: start - 5, acceptedAt: start }),
            request({ status: 'in_progress', createdAt: 1, acceptedAt: 2, firstProgressAt: 3, lastActivityAt: start }),
          ]) {
            const running = clockOf(r)!;
            expect(running.start < cutoffs[running.clock], `${running.clock} ${start} at ${now}`).toBe(
              slaOf(r, s, now).stalled,
            );
            checked++;
            if (slaOf(r, s, now).stalled) stalled++;
          }
        }
      }
    }
    // Both answers occur, so the comparison means something.
    expect(stalled).toBeGreaterThan(checked / 10);
    expect(stalled).toBeLessThan(checked);
    // A calendar with no working time never stalls anything.
    const never = { ...settings, workingHours: { ...cal, weekdays: [] } };
    expect(slaCutoffs(never, nows[0]!).accept).toBe(Number.MIN_SAFE_INTEGER);
  });
});

describe('operator bonus', () => {
  it('pays per accepted request and a share of won orders, by month; open requests are pending', () => {
    const settings = { ...defaultSettings(0), bonus: { perRequest: 500, percentOfOrder: 2 } };
    const months = bonusByMonth(
      [
        request({
          id: 'won',
          status: 'won',
          createdAt: Date.parse('2026-10-20T09:00:00Z'),
          acceptedAt: Date.parse('2026-10-21T09:00:00Z'),
          orderValue: 300_000,
          closedAt: Date.parse('2026-11-05T09:00:00Z'),
        }),
        request({
          id: 'returned',
          status: 'returned',
          acceptedAt: Date.parse('2026-11-02T09:00:00Z'),
          createdAt: Date.parse('2026-11-01T09:00:00Z'),
        }),
        request({
          id: 'open',
          status: 'accepted',
          acceptedAt: Date.parse('2026-11-10T09:00:00Z'),
          createdAt: Date.parse('2026-11-09T09:00:00Z'),
          estimatedValue: 50_000,
        }),
      ],
      settings,
    );
    expect(months.map((m) => [m.month, m.earned, m.pending])).toEqual([
      ['2026-11', 6500, 1000],
      ['2026-10', 500, 0],
    ]);
    expect(months[0]!.lines.map((l) => `${l.requestId}:${l.kind}`)).toEqual([
      'won:won',
      'open:accepted',
      'open:pending',
    ]);
  });
});

describe('escalations', () => {
  const entry = (id: string, kind: RequestEvent['kind'], createdAt: number, refId = '') =>
    historyEntry({ requestId: 'r1', operatorId: 'op1', authorId: 'x', kind, text: '', refId }, createdAt, id);

  it('are open until a resolution names them, whatever the clocks say', () => {
    expect(openEscalation([entry('e1', 'escalation', 100)])?.id).toBe('e1');
    // The head's machine is three hours behind the operator's: the resolution is still a resolution.
    expect(openEscalation([entry('e1', 'escalation', 100), entry('r1', 'escalation_resolved', 10, 'e1')])).toBeNull();
    expect(
      openEscalation([
        entry('e1', 'escalation', 100),
        entry('r1', 'escalation_resolved', 200, 'e1'),
        entry('e2', 'escalation', 300),
      ])?.id,
    ).toBe('e2');
  });
});
