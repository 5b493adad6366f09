import { addWorkingMinutes, workingDayMinutes } from '../calling/work-calendar.ts';
import type { CollectionName, Settings } from '../core/types.ts';
import { acceptDeadline, calendarOf } from '../requests/sla.ts';
import { OWNERSHIP } from './ownership.ts';
import type { Actor, WriteDenial } from './policy.ts';

/**
 * The fields the server owns (see ownership.ts): SLA deadlines and the time stamps pay and SLA
 * figures are counted from, stamped with the server's clock when the change arrives; a history
 * entry's operator, copied from its request. Whatever a client sent for them is replaced here.
 */

type Doc = Record<string, unknown>;

export interface ServerFieldContext {
  now: number;
  settings: Pick<Settings, 'sla' | 'workingHours'>;
  /** A stored document, or null when there is none (or it is deleted). */
  lookup(collection: CollectionName, id: string): Doc | null;
}

const CLOSED = new Set(['won', 'lost', 'returned']);
const SALES_FIELDS = ['status', 'salesOwnerId', 'stage', 'orderNumber', 'orderDate', 'orderValue', 'closeReason'];

/**
 * Checks what a new document points at and fills the server's fields. Returns the document to
 * store, or why it is refused.
 */
export function withServerFields(
  collection: CollectionName,
  actor: Actor,
  before: Doc | null,
  after: Doc,
  ctx: ServerFieldContext,
): { doc: Doc } | { denial: WriteDenial } {
  if (collection === 'requests') return { doc: requestFields(before, after, ctx) };
  if (before) return { doc: after };
  // What a new document points at must be stored (and, for some roles, theirs); found once, used below.
  const targets = new Map<string, Doc>();
  for (const [field, owner] of Object.entries(OWNERSHIP[collection].fields)) {
    if (!owner.refers) continue;
    const target = ctx.lookup(owner.refers.collection, String(after[field]));
    if (!target) return { denial: { field, message: `no such ${owner.refers.collection} ${String(after[field])}` } };
    const mine = owner.refers.mine?.[actor.role];
    if (mine && target[mine] !== actor.id) return { denial: { field, message: `that is not yours` } };
    targets.set(field, target);
  }
  if (collection === 'requestEvents') {
    return { doc: { ...after, operatorId: targets.get('requestId')?.operatorId ?? '', fromStatus: '' } };
  }
  return { doc: after };
}

function requestFields(before: Doc | null, after: Doc, ctx: ServerFieldContext): Doc {
  const { now, settings } = ctx;
  if (!before) {
    return {
      ...after,
      acceptBy: acceptDeadline(now, settings),
      progressBy: 0,
      acceptedAt: 0,
      firstProgressAt: 0,
      lastActivityAt: 0,
      closedAt: 0,
    };
  }
  const doc: Doc = {
    ...after,
    acceptBy: before.acceptBy,
    progressBy: before.progressBy,
    acceptedAt: before.acceptedAt,
    firstProgressAt: before.firstProgressAt,
    lastActivityAt: before.lastActivityAt,
    closedAt: before.closedAt,
  };
  const moved = before.status !== after.status;
  if (moved && after.status === 'accepted') {
    doc.acceptedAt = now;
    const cal = calendarOf(settings);
    doc.progressBy = addWorkingMinutes(now, settings.sla.progressDays * workingDayMinutes(cal), cal);
  }
  if (moved && after.status === 'in_progress' && !before.firstProgressAt) doc.firstProgressAt = now;
  if (moved && CLOSED.has(String(after.status))) doc.closedAt = now;
  if (SALES_FIELDS.some((f) => before[f] !== after[f])) doc.lastActivityAt = now;
  return doc;
}
