import { describe, expect, it } from 'vitest';
import { floorEntry, PRESENCE_TIMEOUT_MS } from './floor.ts';
import { floorRows } from './floor-rows.ts';
import type { Call, Callback, SalesRequest, User } from '../core/types.ts';

const NOW = 1_800_000_000_000;
const user = (id: string, name: string, role: User['role'] = 'operator'): User => ({
  id,
  createdAt: 0,
  updatedAt: 0,
  username: id,
  name,
  role,
  team: 'A',
  active: true,
});
const call = (operatorId: string, outcome: Call['outcome']) => ({ operatorId, outcome }) as Call;

describe('presence', () => {
  it('is offline without a stream or a recent report, and keeps when it was last seen', () => {
    const report = { state: 'on_call' as const, since: NOW - 60_000, pending: 2, lastSyncAt: NOW - 5_000 };
    expect(floorEntry('u', { report, seenAt: NOW - 10_000 }, false, NOW)).toEqual({
      userId: 'u',
      state: 'on_call',
      since: NOW - 60_000,
      pending: 2,
      lastSyncAt: NOW - 5_000,
      lastSeenAt: NOW - 10_000,
      pause: '',
    });
    const lunch = { state: 'paused' as const, since: NOW - 600_000, pending: 0, lastSyncAt: NOW, pause: 'lunch' };
    expect(floorEntry('u', { report: lunch, seenAt: NOW }, true, NOW)).toMatchObject({
      state: 'paused',
      pause: 'lunch',
    });
    const stale = floorEntry('u', { report, seenAt: NOW - PRESENCE_TIMEOUT_MS - 1 }, false, NOW);
    expect(stale).toMatchObject({ state: 'offline', lastSeenAt: NOW - PRESENCE_TIMEOUT_MS - 1 });
    expect(floorEntry('u', undefined, false, NOW).state).toBe('offline');
    // A stream open means the workstation is there and in sync, even before its first report.
    expect(floorEntry('u', undefined, true, NOW)).toMatchObject({ state: 'idle', lastSyncAt: NOW, lastSeenAt: NOW });
  });
});

describe('floor rows', () => {
  it('counts today per operator and marks who is behind', () => {
    const rows = floorRows({
      users: [user('b', 'Boris'), user('a', 'Anna'), user('c', 'Clara'), user('s', 'Sales', 'sales')],
      entries: [
        { userId: 'a', state: 'on_call', since: NOW - 1000, pending: 0, lastSyncAt: NOW, lastSeenAt: NOW, pause: '' },
      ],
      calls: [
        ...Array.from({ length: 6 }, () => call('a', 'no_answer')),
        call('a', 'request'),
        call('a', 'future_need'),
        call('b', 'busy'),
        ...Array.from({ length: 4 }, () => call('c', 'not_interested')),
      ],
      requests: [{ operatorId: 'a' } as SalesRequest],
      callbacks: [
        { assigneeId: 'c', scope: 'personal', done: false, dueAt: NOW - 1 } as Callback,
        { assigneeId: 'a', scope: 'personal', done: false, dueAt: NOW + 1 } as Callback,
        { assigneeId: 'a', scope: 'personal', done: true, dueAt: NOW - 1 } as Callback,
      ],
      now: NOW,
    });
    expect(
      rows.map((r) => [
        r.user.name,
        r.state,
        r.callsToday,
        r.contactsToday,
        r.requestsToday,
        r.overdueCallbacks,
        r.behind,
      ]),
    ).toEqual([
      ['Anna', 'on_call', 8, 2, 1, 0, false],
      // 13 calls over 3 operators: 4.33 on average; Boris made 1.
      ['Boris', 'offline', 1, 0, 0, 0, true],
      ['Clara', 'offline', 4, 4, 0, 1, true],
    ]);
  });
});
