import type { Callback, CallList, Prospect, ProspectStatus, Settings } from '../core/types.ts';
import { hasCriteria, matchesCriteria } from './list-query.ts';
import { DEFAULT_ZONE, inCallingWindow, safeZone, wallClock } from './zones.ts';
import { callbackCallable, listWindow } from './calling-hours.ts';

/**
 * The call queue: who an operator calls next. A pure rule over the local replica, so it works
 * offline; the server's claim makes it safe between operators online.
 *
 * Order: due personal callbacks, then due team callbacks (each oldest first), then prospects of the
 * operator's active lists by list priority, then by the longest wait. Everything is offered only
 * inside the calling hours in the prospect's own time zone (a list may narrow them), list
 * prospects within the list's retry rules.
 */

/** Statuses never offered by lists. Callbacks the prospect asked for are honoured unless do-not-call. */
const NEVER_CALL: ReadonlySet<ProspectStatus> = new Set(['do_not_call', 'handed_off', 'customer']);
const NOT_FROM_LISTS: ReadonlySet<ProspectStatus> = new Set([...NEVER_CALL, 'not_interested']);

export type QueueReason = 'callback_personal' | 'callback_team' | 'list';

export interface QueueItem {
  prospect: Prospect;
  reason: QueueReason;
  callback?: Callback;
  list?: CallList;
}

export interface QueueInput {
  now: number;
  operatorId: string;
  /** The operator's team: lists assigned to it are theirs too. */
  operatorTeam?: string;
  /** Candidate prospects (the renderer passes an index-backed window of the base, not all of it). */
  prospects: Iterable<Prospect>;
  /** Open callbacks. */
  callbacks: readonly Callback[];
  lists: readonly CallList[];
  /** Calling weekdays; the working calendar's holidays are days no list calls on either. */
  settings: Pick<Settings, 'callingHours'> & {
    workingHours?: Partial<Pick<Settings['workingHours'], 'holidays' | 'workdays'>>;
  };
  /** Prospects to leave out (just skipped, or refused by the server's claim). */
  exclude?: ReadonlySet<string>;
}

export function prospectZone(p: Pick<Prospect, 'timeZone'>): string {
  return safeZone(p.timeZone);
}

/**
 * Whether a list is worked by this operator today: active, inside its active dates (company
 * calendar), and assigned to them or to their team.
 */
export function listServes(list: CallList, operatorId: string, team: string, now: number): boolean {
  if (!list.active) return false;
  const { year, month, day } = wallClock(now, DEFAULT_ZONE);
  const today = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (list.activeFrom && today < list.activeFrom) return false;
  if (list.activeTo && today > list.activeTo) return false;
  return list.assigneeIds.includes(operatorId) || (team !== '' && list.assigneeTeams.includes(team));
}

/** Someone else holds a live claim on the prospect. */
export function claimedByOther(p: Prospect, operatorId: string, now: number): boolean {
  return p.claimedBy !== '' && p.claimedBy !== operatorId && p.claimedUntil > now;
}

/**
 * A prospect is on a list when it was imported into it, or when the list is an "earlier results"
 * query it matches. Imported lists use their status filter only to say which of their own to offer.
 */
export function belongsToList(p: Prospect, list: CallList, now: number): boolean {
  if (p.sourceListId === list.id) return true;
  // Query lists: earlier results, and lists made for the head of sales from a query.
  return list.source !== 'market_research' && hasCriteria(list.criteria) && matchesCriteria(p, list.criteria, now);
}

type Calendar = { holidays?: readonly string[]; workdays?: readonly string[] };

/** Whether a list may offer the prospect now: status, retry rules, calling window. */
export function listMayOffer(
  p: Prospect,
  list: CallList,
  now: number,
  hours: Settings['callingHours'],
  calendar: Calendar = {},
): boolean {
  return listRulesAllow(p, list, now) && listWindowOpen(p, list, now, hours, calendar);
}

/** A list's rules for the prospect: status, a phone, retries; everything but the clock. */
function listRulesAllow(p: Prospect, list: CallList, now: number): boolean {
  // A list that asks for a status by name (e.g. "not interested six months ago") may offer it.
  if (NEVER_CALL.has(p.status) || (NOT_FROM_LISTS.has(p.status) && !list.criteria.statuses.includes(p.status)))
    return false;
  if (!p.phone && !p.contacts.some((c) => c.phone)) return false;
  if (list.criteria.statuses.length > 0 && !list.criteria.statuses.includes(p.status) && p.sourceListId !== list.id) {
    return false;
  }
  if (p.attempts >= list.retry.maxAttempts) return false;
  if (p.lastCallAt > 0 && now < p.lastCallAt + list.retry.delayMinutes * 60_000) return false;
  return p.nextCallAt <= now;
}

/** The list's calling window, in the prospect's zone. */
function listWindowOpen(
  p: Prospect,
  list: CallList,
  now: number,
  hours: Settings['callingHours'],
  calendar: Calendar,
): boolean {
  const { holidays = [], workdays = [] } = calendar;
  // The production calendar holds for lists: no calls on a day off, calls on a working Saturday.
  return inCallingWindow(now, prospectZone(p), {
    ...listWindow(hours, list),
    weekdays: hours.weekdays,
    holidays,
    workdays,
  });
}

function callbackRank(cb: Callback, operatorId: string): QueueReason | null {
  if (cb.done) return null;
  if (cb.scope === 'personal') return cb.assigneeId === operatorId ? 'callback_personal' : null;
  return 'callback_team';
}

/** Ids in code-unit order: the queue's last tie-break, the same on every workstation. */
const idOrder = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The queue, best first, at most `limit` items. */
export function buildQueue(input: QueueInput, limit = 20): QueueItem[] {
  const { now, operatorId } = input;
  const exclude = input.exclude ?? new Set<string>();
  const byId = new Map<string, Prospect>();
  for (const p of input.prospects) byId.set(p.id, p);
  const usable = (p: Prospect | undefined): p is Prospect =>
    p !== undefined && !exclude.has(p.id) && !NEVER_CALL.has(p.status) && !claimedByOther(p, operatorId, now);

  const items: QueueItem[] = [];
  const taken = new Set<string>();
  const hours = input.settings.callingHours;
  // A callback comes when it is due and the prospect's clock is inside the calling hours, or a
  // supervisor allowed its time outside them (a promise made for a holiday still comes: the prospect
  // asked for that day).
  // The calling hours (a wall clock in the prospect's zone) are weighed last, and only until the
  // queue is full: thousands of callbacks can be due at once.
  // Ranked once each, not once per comparison; ties broken by id in code-unit order (a locale's
  // collation costs microseconds a comparison, and thousands of callbacks and prospects tie).
  const due = input.callbacks
    .flatMap((cb) => {
      const rank = cb.dueAt <= now ? callbackRank(cb, operatorId) : null;
      return rank === null ? [] : [{ cb, personal: rank === 'callback_personal' ? 0 : 1 }];
    })
    .toSorted((a, b) => a.personal - b.personal || a.cb.dueAt - b.cb.dueAt || idOrder(a.cb, b.cb))
    .map((d) => d.cb);
  for (const cb of due) {
    const p = byId.get(cb.prospectId);
    if (!usable(p) || taken.has(p.id) || !callbackCallable(cb, now, prospectZone(p), hours)) continue;
    items.push({ prospect: p, reason: callbackRank(cb, operatorId) ?? 'callback_team', callback: cb });
    taken.add(p.id);
    if (items.length >= limit) return items;
  }

  const lists = input.lists
    .filter((l) => listServes(l, operatorId, input.operatorTeam ?? '', now))
    .toSorted((a, b) => b.priority - a.priority || idOrder(a, b));
  const calendar = input.settings.workingHours ?? {};
  // Prospects with an open callback wait for it rather than being called from a list meanwhile.
  const waitingForCallback = new Set(input.callbacks.filter((cb) => !cb.done).map((cb) => cb.prospectId));
  for (const list of lists) {
    const candidates: Prospect[] = [];
    for (const p of byId.values()) {
      if (!usable(p) || taken.has(p.id) || waitingForCallback.has(p.id)) continue;
      if (belongsToList(p, list, now) && listRulesAllow(p, list, now)) candidates.push(p);
    }
    candidates.sort((a, b) => a.lastCallAt - b.lastCallAt || a.attempts - b.attempts || idOrder(a, b));
    // The wall clock in each prospect's zone is read only until the queue is full.
    for (const p of candidates) {
      if (!listWindowOpen(p, list, now, hours, calendar)) continue;
      items.push({ prospect: p, reason: 'list', list });
      taken.add(p.id);
      if (items.length >= limit) return items;
    }
  }
  return items;
}
