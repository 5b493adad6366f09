import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { describe, expect, it } from 'vitest';
import { openLeadlineDatabase } from '../../db/database.ts';
import { defaultSettings } from '../../../shared/calling/defaults.ts';
import { newRequest } from '../../../shared/requests/request-flow.ts';
import { REQUEST_STATUSES, ROLES, type SalesRequest } from '../../../shared/core/types.ts';
import { TRAY_REQUEST_STATUSES, trayCounts, trayRequests } from './tray.ts';

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

  it('counts no request outside the statuses the tray reads, for any role', () => {
    for (const status of REQUEST_STATUSES) {
      // Mine, past every SLA: whatever a role could count in this status.
      const one = [request(status, { status, createdAt: NOW - 30 * 86_400_000, salesOwnerId: 's1' })];
      for (const role of ROLES) {
        const counted = trayCounts({
          role,
          userId: role === 'sales' ? 's1' : 'op1',
          callbacks: [],
          requests: one,
          settings,
          now: NOW,
        });
        if (counted.awaitingRequests > 0) expect(TRAY_REQUEST_STATUSES).toContain(status);
      }
    }
    expect(TRAY_REQUEST_STATUSES).not.toContain('won');
  });

  it('reads exactly the requests in those statuses from the replica', async () => {
    const storage = getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange });
    const db = await openLeadlineDatabase({ name: 'tray-test', storage, collections: ['requests'] });
    try {
      await db.requests.bulkInsert(REQUEST_STATUSES.map((status) => request(`r-${status}`, { status })));
      const read = (await trayRequests(db).exec()).map((d) => d.status).toSorted();
      expect(read).toEqual([...TRAY_REQUEST_STATUSES].toSorted());
    } finally {
      await db.close();
    }
  });
});
