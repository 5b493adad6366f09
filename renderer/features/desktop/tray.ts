import { isForUser } from '../../../shared/calling/callbacks.ts';
import type { Callback, RequestStatus, Role, SalesRequest, Settings } from '../../../shared/core/types.ts';
import { OPEN_STATUSES } from '../../../shared/requests/request-flow.ts';
import { slaOf } from '../../../shared/requests/sla.ts';
import type { LeadlineDatabase } from '../../db/collections.ts';

/**
 * What the tray (menu bar on macOS) and the taskbar or dock badge show: the callbacks due for this
 * user now, and the requests waiting for them. Sales: new requests nobody has taken. Operators:
 * requests sales returned to them. Supervisors: open requests past their SLA.
 */
export interface TrayCounts {
  dueCallbacks: number;
  awaitingRequests: number;
  total: number;
}

/**
 * The only requests the counts can include: the tray reads these through the status index instead
 * of every request (a supervisor's replica holds tens of thousands, most of them closed).
 */
export const TRAY_REQUEST_STATUSES: readonly RequestStatus[] = [...OPEN_STATUSES, 'returned'];

/** The replica's requests the tray counts from, read through the status index. */
export function trayRequests(db: LeadlineDatabase) {
  return db.requests.find({ selector: { status: { $in: [...TRAY_REQUEST_STATUSES] } } });
}

export function trayCounts(input: {
  role: Role;
  userId: string;
  callbacks: readonly Pick<Callback, 'dueAt' | 'done' | 'assigneeId' | 'scope'>[];
  requests: readonly SalesRequest[];
  settings: Pick<Settings, 'sla' | 'workingHours'>;
  now: number;
}): TrayCounts {
  const { role, userId, now } = input;
  const dueCallbacks =
    role === 'operator' || role === 'supervisor'
      ? input.callbacks.filter((cb) => !cb.done && cb.dueAt <= now && isForUser(cb, userId)).length
      : 0;
  const awaitingRequests = input.requests.filter((r) => {
    switch (role) {
      case 'sales':
        return r.status === 'new';
      case 'operator':
        return r.status === 'returned' && r.operatorId === userId;
      case 'supervisor':
        return OPEN_STATUSES.has(r.status) && slaOf(r, input.settings, now).stalled;
      default:
        return false;
    }
  }).length;
  return { dueCallbacks, awaitingRequests, total: dueCallbacks + awaitingRequests };
}
