import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/calling/defaults.ts';
import { newRequest } from '../../../shared/requests/request-flow.ts';
import type { SalesRequest } from '../../../shared/core/types.ts';
import { trayCounts } from './tray.ts';

const NOW = Date.parse('2027-03-03T09:00:00Z'); // a Wednesday, inside working hours
const settings = defaultSettings(0);
const cb = (dueAt: number, assigneeId: string, scope: 'personal' | 'team' = 'personal', done = false) => ({
  dueAt,
  assigneeId,
  scope,
  done,
});
const request = (id: string, patch: Partial<SalesRequest>): SalesRequest => ({
  ...newRequest({ id, createdAt: NOW - 60_000, prospectId: 'p', operatorId: 'op1', need: 'x' }),
  ...patch,
});

describe('tray counts', () => {
  const callbacks = [
    cb(NOW - 1, 'op1'),
    cb(NOW, 'op1'),
    cb(NOW + 60_000, 'op1'), // not due yet
    cb(NOW - 1, 'op2'), // someone else's
    cb(NOW - 1, 'op2', 'team'), // the team's: everyone's
    cb(NOW - 1, 'op1', 'personal', true), // done
  ];
  const requests = [
    request('new', {}),
    request('returned-mine', { status: 'returned' }),
    request('returned-other', { status: 'returned', operatorId: 'op2' }),
    request('stalled', { status: 'new', createdAt: NOW - 30 * 86_400_000 }),
    request('won', { status: 'won' }),
  ];

  it('counts an operator’s due callbacks (the team’s included) and the requests sales returned to them', () => {
    expect(trayCounts({ role: 'operator', userId: 'op1', callbacks, requests, settings, now: NOW })).toEqual({
      dueCallbacks: 3,
      awaitingRequests: 1,
      total: 4,
    });
  });

  it('counts the new requests nobody took for sales, and requests past their SLA for a supervisor', () => {
    expect(trayCounts({ role: 'sales', userId: 's1', callbacks, requests, settings, now: NOW })).toEqual({
      dueCallbacks: 0,
      awaitingRequests: 2,
      total: 2,
    });
    expect(trayCounts({ role: 'supervisor', userId: 'sup', callbacks, requests, settings, now: NOW })).toEqual({
      dueCallbacks: 1,
      awaitingRequests: 1,
      total: 2,
    });
  });
});
