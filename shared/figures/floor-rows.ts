import type { Call, CallOutcome, Callback, SalesRequest, User } from '../core/types.ts';
import type { FloorEntry, WorkState } from '../sync/wire.ts';

/** Outcomes where nobody was reached. */
const NO_CONTACT: ReadonlySet<CallOutcome> = new Set(['no_answer', 'busy', 'wrong_number']);

export interface FloorRow {
  user: User;
  state: WorkState | 'offline';
  since: number;
  /** Why a paused operator paused; '' otherwise. */
  pause: string;
  lastSyncAt: number;
  pending: number;
  callsToday: number;
  contactsToday: number;
  requestsToday: number;
  overdueCallbacks: number;
  /** Overdue callbacks, or under half the floor's average calls today. */
  behind: boolean;
}

/**
 * The floor view's table: one row per active operator. `calls` and `requests` are today's (the
 * caller picks the day); callbacks are the open ones.
 */
export function floorRows(input: {
  users: readonly User[];
  entries: readonly FloorEntry[];
  calls: readonly Call[];
  requests: readonly SalesRequest[];
  callbacks: readonly Callback[];
  now: number;
}): FloorRow[] {
  const operators = input.users
    .filter((u) => u.active && u.role === 'operator')
    .toSorted((a, b) => a.name.localeCompare(b.name));
  const count = <T>(items: readonly T[], key: (item: T) => string, keep: (item: T) => boolean = () => true) => {
    const counts = new Map<string, number>();
    for (const item of items) if (keep(item)) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
    return counts;
  };
  const calls = count(input.calls, (c) => c.operatorId);
  const contacts = count(
    input.calls,
    (c) => c.operatorId,
    (c) => !NO_CONTACT.has(c.outcome),
  );
  const requests = count(input.requests, (r) => r.operatorId);
  const overdue = count(
    input.callbacks,
    (c) => c.assigneeId,
    (c) => !c.done && c.scope === 'personal' && c.dueAt < input.now,
  );
  const entries = new Map(input.entries.map((e) => [e.userId, e]));
  const average = operators.length > 0 ? input.calls.length / operators.length : 0;
  return operators.map((user) => {
    const entry = entries.get(user.id);
    const callsToday = calls.get(user.id) ?? 0;
    const overdueCallbacks = overdue.get(user.id) ?? 0;
    return {
      user,
      state: entry?.state ?? 'offline',
      since: entry?.since ?? 0,
      pause: entry?.pause ?? '',
      lastSyncAt: entry?.lastSyncAt ?? 0,
      pending: entry?.pending ?? 0,
      callsToday,
      contactsToday: contacts.get(user.id) ?? 0,
      requestsToday: requests.get(user.id) ?? 0,
      overdueCallbacks,
      behind: overdueCallbacks > 0 || (operators.length > 1 && average > 0 && callsToday < average / 2),
    };
  });
}
