import { NO_DIAL } from '../telephony/call-events.ts';
import { describe, expect, it } from 'vitest';
import { callbackLoad, funnel, futurePipeline } from './funnel.ts';
import { newCallList } from '../calling/list-query.ts';
import { newRequest } from '../requests/request-flow.ts';
import { salesReport } from '../requests/sla-report.ts';
import type { Call, CallList, CallOutcome, SalesRequest } from '../core/types.ts';

const T = Date.parse('2027-03-03T07:00:00Z');
let n = 0;
function call(operatorId: string, listId: string, outcome: CallOutcome, at = T, version = 1): Call {
  return {
    id: `c${++n}`,
    createdAt: at,
    updatedAt: at,
    prospectId: `p${n}`,
    operatorId,
    callListId: listId,
    startedAt: at,
    endedAt: at + 60_000,
    scriptId: 'intro',
    scriptVersion: version,
    path: [],
    answers: [],
    outcome,
    notes: '',
    dial: { ...NO_DIAL },
  };
}
function request(c: Call, status: SalesRequest['status'], orderValue = 0): SalesRequest {
  return newRequest({
    id: `r-${c.id}`,
    createdAt: c.startedAt,
    prospectId: c.prospectId,
    operatorId: c.operatorId,
    callId: c.id,
    need: '',
    status,
    orderValue,
  });
}
const list = (id: string, source: CallList['source']): CallList => ({
  ...newCallList({ id, createdAt: 0, name: id, source }),
  priority: 1,
  callWindow: { from: '09:00', to: '20:00' },
  retry: { maxAttempts: 3, delayMinutes: 60 },
  active: true,
});

// A fixed day: Anna makes 5 calls on the research list, Igor 3 on the sales-head list, one call last month.
const calls = [
  call('anna', 'research', 'no_answer'),
  call('anna', 'research', 'request'),
  call('anna', 'research', 'request', T, 2),
  call('anna', 'research', 'future_need'),
  call('anna', 'research', 'not_interested'),
  call('igor', 'sales-head', 'request'),
  call('igor', 'sales-head', 'busy'),
  call('igor', 'sales-head', 'callback'),
  call('igor', 'sales-head', 'request', T - 40 * 86_400_000),
];
const requests = [
  request(calls[1]!, 'won', 300_000),
  request(calls[2]!, 'accepted'),
  request(calls[5]!, 'new'),
  request(calls[8]!, 'won', 999),
];
const data = {
  calls,
  requests,
  lists: [list('research', 'market_research'), list('sales-head', 'sales_head_request')],
  prospects: new Map(),
};
const march = { from: Date.parse('2027-03-01T00:00:00Z'), to: Date.parse('2027-04-01T00:00:00Z') };

describe('funnel', () => {
  it('counts each stage by operator, over the period only', () => {
    expect(funnel(data, 'operator', march)).toEqual([
      {
        key: 'anna',
        calls: 5,
        contacts: 4,
        needsNow: 2,
        futureNeeds: 1,
        requests: 2,
        accepted: 2,
        won: 1,
        orderValue: 300_000,
      },
      {
        key: 'igor',
        calls: 3,
        contacts: 2,
        needsNow: 1,
        futureNeeds: 0,
        requests: 1,
        accepted: 0,
        won: 0,
        orderValue: 0,
      },
    ]);
  });

  it('groups by team, operators without one together', () => {
    const teams = new Map([['anna', 'Альфа']]);
    expect(funnel({ ...data, teams }, 'team', march).map((r) => [r.key, r.calls, r.requests, r.won])).toEqual([
      ['Альфа', 5, 2, 1],
      ['(no team)', 3, 1, 0],
    ]);
  });

  it('groups by list source and by script version', () => {
    expect(funnel(data, 'source', march).map((r) => [r.key, r.calls, r.requests, r.won])).toEqual([
      ['market_research', 5, 2, 1],
      ['sales_head_request', 3, 1, 0],
    ]);
    expect(funnel(data, 'script', march).map((r) => [r.key, r.calls, r.needsNow])).toEqual([
      ['intro v1', 7, 2],
      ['intro v2', 1, 1],
    ]);
    expect(funnel(data, 'all', march)).toEqual([
      {
        key: 'all',
        calls: 8,
        contacts: 6,
        needsNow: 3,
        futureNeeds: 1,
        requests: 3,
        accepted: 2,
        won: 1,
        orderValue: 300_000,
      },
    ]);
  });

  it('shows the future-need pipeline and the callback load per day', () => {
    const need = (date: string, confidence: number) => ({
      status: 'future_need' as const,
      expectedNeed: { description: '', date, precision: 'month' as const, confidence, trigger: '' },
    });
    expect(futurePipeline([need('2027-05-01', 40), need('2027-05-01', 60), need('2027-04-01', 90)])).toEqual([
      { month: '2027-04', count: 1, confidence: 90 },
      { month: '2027-05', count: 2, confidence: 50 },
    ]);
    const load = callbackLoad(
      [
        { done: false, dueAt: T - 86_400_000 },
        { done: false, dueAt: T + 86_400_000 },
        { done: true, dueAt: T },
      ],
      T,
      3,
    );
    expect(load).toEqual([
      { day: '2027-03-03', count: 1 },
      { day: '2027-03-04', count: 1 },
      { day: '2027-03-05', count: 0 },
    ]);
  });
});

describe('SLA by sales manager', () => {
  it('counts open, stalled and escalated requests per manager and their time to accept, worst first', () => {
    const settings = {
      sla: { acceptHours: 2, progressDays: 1, staleDays: 3 },
      workingHours: {
        timeZone: 'Europe/Moscow',
        from: '09:00',
        to: '18:00',
        weekdays: [1, 2, 3, 4, 5],
        holidays: [],
        workdays: [],
      },
    };
    // Handed over Wednesday 2027-03-03 10:00 Moscow; "now" is Friday 10:00.
    const at = Date.parse('2027-03-03T07:00:00Z');
    const now = at + 2 * 86_400_000;
    const req = (id: string, owner: string, patch: Partial<SalesRequest>) =>
      newRequest({ id, createdAt: at, prospectId: id, operatorId: 'anna', need: 'x', salesOwnerId: owner, ...patch });
    const handed = [
      req('a', 'olga', {
        status: 'accepted',
        acceptedAt: at + 3_600_000,
        firstProgressAt: at + 7_200_000,
        lastActivityAt: now - 60_000,
      }),
      req('b', 'olga', { status: 'won', acceptedAt: at + 3 * 3_600_000, closedAt: now }),
      // Accepted Wednesday 10:30, no progress by Thursday 10:30 (one working day): stalled.
      req('c', 'petr', { status: 'accepted', acceptedAt: at + 1_800_000 }),
      // Nobody took it within two working hours: stalled, counted under ''.
      req('d', '', {}),
    ];
    const events = [
      { requestId: 'c', kind: 'escalation' as const },
      { requestId: 'c', kind: 'escalation_resolved' as const },
      { requestId: 'd', kind: 'escalation' as const },
      { requestId: 'a', kind: 'comment' as const },
    ];
    expect(salesReport(handed, events, settings, now)).toEqual([
      { ownerId: '', open: 1, stalled: 1, escalations: 1, avgAcceptMinutes: null },
      { ownerId: 'petr', open: 1, stalled: 1, escalations: 1, avgAcceptMinutes: 30 },
      { ownerId: 'olga', open: 1, stalled: 0, escalations: 0, avgAcceptMinutes: 120 },
    ]);
  });
});
