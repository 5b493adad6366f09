import type { Actor } from '../security/policy.ts';
import type { RequestEvent, RequestStatus, SalesRequest } from '../core/types.ts';

/**
 * The request lifecycle. Sales (and supervisors) own the status; the operator owns the description of
 * the need. Every transition is one function call that yields the new request and the append-only
 * history entry, and the server checks pushed changes against the same table.
 */

export const REQUEST_ACTIONS = ['accept', 'progress', 'win', 'lose', 'return'] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

export const PROGRESS_STAGES = ['feasibility', 'offer_sent', 'negotiating'] as const;
export type ProgressStage = (typeof PROGRESS_STAGES)[number];

const FLOW: Record<RequestAction, { from: readonly RequestStatus[]; to: RequestStatus }> = {
  accept: { from: ['new'], to: 'accepted' },
  progress: { from: ['accepted', 'in_progress'], to: 'in_progress' },
  win: { from: ['accepted', 'in_progress'], to: 'won' },
  lose: { from: ['accepted', 'in_progress'], to: 'lost' },
  return: { from: ['new', 'accepted', 'in_progress'], to: 'returned' },
};

/** What a request hands over; everything else starts empty and belongs to sales. */
export type HandOver = Pick<SalesRequest, 'id' | 'createdAt' | 'prospectId' | 'operatorId' | 'need'> &
  Partial<SalesRequest>;

/** A request as the operator hands it over: status `new`, nobody's yet, no order. */
export function newRequest(fields: HandOver): SalesRequest {
  return {
    updatedAt: fields.createdAt,
    callId: '',
    volume: '',
    site: '',
    deadline: '',
    contact: '',
    answers: [],
    estimatedValue: 0,
    status: 'new',
    salesOwnerId: '',
    acceptBy: 0,
    progressBy: 0,
    stage: '',
    acceptedAt: 0,
    firstProgressAt: 0,
    lastActivityAt: 0,
    orderNumber: '',
    orderDate: '',
    orderValue: 0,
    closeReason: '',
    closedAt: 0,
    ...fields,
  };
}

export const OPEN_STATUSES: ReadonlySet<RequestStatus> = new Set(['new', 'accepted', 'in_progress']);

export type ActionInput =
  | { action: 'accept' }
  | { action: 'progress'; stage: ProgressStage; comment: string }
  | { action: 'win'; orderNumber: string; orderValue: number; orderDate: string }
  | { action: 'lose'; reason: string }
  | { action: 'return'; reason: string };

/** Which actions a role may take on a request in its current state. */
export function allowedActions(request: Pick<SalesRequest, 'status' | 'salesOwnerId'>, actor: Actor): RequestAction[] {
  if (actor.role !== 'sales' && actor.role !== 'supervisor') return [];
  return REQUEST_ACTIONS.filter((a) => {
    if (!FLOW[a].from.includes(request.status)) return false;
    // Once taken, a request is worked by its owner; supervisors can always step in.
    if (actor.role === 'sales' && a !== 'accept' && request.salesOwnerId && request.salesOwnerId !== actor.id)
      return false;
    return true;
  });
}

export type ActionResult = { ok: true; request: SalesRequest } | { ok: false; error: string; field?: string };

/**
 * Takes one step. The history entry is not made here: the server writes it when it accepts the
 * change, so a step that loses a race (two managers taking one request) leaves no false entry.
 */
export function applyAction(request: SalesRequest, input: ActionInput, actor: Actor, now: number): ActionResult {
  if (!allowedActions(request, actor).includes(input.action)) {
    return { ok: false, error: 'request.error.notAllowed' };
  }
  const next: SalesRequest = { ...request, status: FLOW[input.action].to, updatedAt: now };
  switch (input.action) {
    case 'accept':
      next.salesOwnerId = actor.role === 'sales' ? actor.id : request.salesOwnerId || actor.id;
      next.acceptedAt = now;
      break;
    case 'progress':
      if (!PROGRESS_STAGES.includes(input.stage)) return { ok: false, error: 'error.invalid', field: 'stage' };
      next.stage = input.stage;
      next.firstProgressAt = request.firstProgressAt || now;
      break;
    case 'win':
      if (!input.orderNumber.trim()) return { ok: false, error: 'error.required', field: 'orderNumber' };
      if (!(input.orderValue > 0)) return { ok: false, error: 'error.invalid', field: 'orderValue' };
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.orderDate))
        return { ok: false, error: 'error.required', field: 'orderDate' };
      next.orderNumber = input.orderNumber.trim();
      next.orderValue = input.orderValue;
      next.orderDate = input.orderDate;
      next.closedAt = now;
      break;
    case 'lose':
    case 'return':
      if (!input.reason.trim()) return { ok: false, error: 'error.required', field: 'reason' };
      next.closeReason = input.reason.trim();
      next.closedAt = now;
      break;
  }
  next.lastActivityAt = now;
  return { ok: true, request: next };
}

/** The history entry of an accepted status change, as the server records it. */
export function statusEvent(
  before: SalesRequest,
  after: SalesRequest,
  authorId: string,
  now: number,
  id: string,
): RequestEvent {
  const detail =
    after.status === 'won'
      ? `${after.orderNumber} · ${after.orderValue}`
      : after.status === 'lost' || after.status === 'returned'
        ? after.closeReason
        : after.stage;
  return {
    id,
    createdAt: now,
    updatedAt: now,
    requestId: after.id,
    operatorId: after.operatorId,
    authorId,
    kind: 'status_change',
    fromStatus: before.status,
    toStatus: after.status,
    text: detail,
    refId: '',
  };
}

/**
 * The server's check of a pushed request change: a status may only move along the table, by a role
 * allowed to take that step. Field ownership (who may write which field) is the policy's job.
 */
export function checkRequestTransition(actor: Actor, before: SalesRequest | null, after: SalesRequest): string | null {
  if (!before) return after.status === 'new' || actor.role === 'supervisor' ? null : 'a request starts as new';
  if (before.status === after.status) return null;
  const action = REQUEST_ACTIONS.find((a) => FLOW[a].to === after.status && FLOW[a].from.includes(before.status));
  if (!action) return `a request cannot go from ${before.status} to ${after.status}`;
  if (!allowedActions(before, actor).includes(action)) return `role ${actor.role} may not ${action} this request`;
  return null;
}
