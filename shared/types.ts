/** Domain types for every replicated collection. Framework-free: no imports from rxdb, react or node. */

export const ROLES = ['operator', 'sales', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const COLLECTIONS = [
  'prospects',
  'calls',
  'callbacks',
  'requests',
  'requestEvents',
  'callLists',
  'scripts',
  'users',
  'settings',
] as const;
export type CollectionName = (typeof COLLECTIONS)[number];

export function isCollectionName(value: unknown): value is CollectionName {
  return typeof value === 'string' && (COLLECTIONS as readonly string[]).includes(value);
}

/** Fields every document carries. `updatedAt` is the client's clock: for display only, never for ordering. */
export interface BaseDoc {
  id: string;
  createdAt: number;
  updatedAt: number;
}

export const PROSPECT_STATUSES = [
  'new',
  'in_work',
  'future_need',
  'handed_off',
  'customer',
  'not_interested',
  'do_not_call',
] as const;
export type ProspectStatus = (typeof PROSPECT_STATUSES)[number];

export const LIST_SOURCES = ['earlier_results', 'sales_head_request', 'market_research'] as const;
export type ListSource = (typeof LIST_SOURCES)[number];

export interface Contact {
  id: string;
  name: string;
  position: string;
  phone: string;
  email: string;
}

export interface ExpectedNeed {
  description: string;
  /** Month the need is expected, `YYYY-MM`; empty when unknown. */
  period: string;
  /** 0..100 */
  confidence: number;
}

export interface Prospect extends BaseDoc {
  kind: 'company' | 'person';
  name: string;
  /** Normalised name for prefix search (see shared/search.ts). */
  nameKey: string;
  /** Main phone in E.164, or '' */
  phone: string;
  /** Digits of `phone` without '+', for prefix search; '' when none. */
  phoneKey: string;
  /** Russian INN: 10 digits (company) or 12 (person), or ''. */
  taxId: string;
  email: string;
  website: string;
  contacts: Contact[];
  region: string;
  /** IANA zone of the prospect, e.g. Asia/Novosibirsk. */
  timeZone: string;
  industry: string;
  source: ListSource | 'manual';
  sourceListId: string;
  status: ProspectStatus;
  expectedNeed: ExpectedNeed;
  ownerId: string;
  createdBy: string;
  attempts: number;
  /** UTC ms of the next planned call, 0 when none. */
  nextCallAt: number;
  notes: string;
}

export const CALL_OUTCOMES = [
  'request',
  'future_need',
  'callback',
  'no_answer',
  'busy',
  'wrong_number',
  'not_interested',
  'do_not_call',
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export interface Answer {
  key: string;
  value: string;
}

export interface Call extends BaseDoc {
  prospectId: string;
  operatorId: string;
  callListId: string;
  startedAt: number;
  endedAt: number;
  scriptId: string;
  scriptVersion: number;
  path: string[];
  answers: Answer[];
  outcome: CallOutcome;
  notes: string;
}

export const CALLBACK_REASONS = ['future_need', 'requested', 'retry'] as const;
export type CallbackReason = (typeof CALLBACK_REASONS)[number];

export interface Callback extends BaseDoc {
  prospectId: string;
  dueAt: number;
  timeZone: string;
  reason: CallbackReason;
  scope: 'personal' | 'team';
  assigneeId: string;
  createdBy: string;
  done: boolean;
  doneAt: number;
  note: string;
}

export const REQUEST_STATUSES = ['new', 'accepted', 'in_progress', 'won', 'lost', 'returned'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface SalesRequest extends BaseDoc {
  prospectId: string;
  operatorId: string;
  callId: string;
  need: string;
  answers: Answer[];
  estimatedValue: number;
  status: RequestStatus;
  salesOwnerId: string;
  acceptBy: number;
  progressBy: number;
  orderValue: number;
  closedAt: number;
}

export const REQUEST_EVENT_KINDS = ['status_change', 'comment', 'escalation', 'escalation_resolved'] as const;
export type RequestEventKind = (typeof REQUEST_EVENT_KINDS)[number];

export interface RequestEvent extends BaseDoc {
  requestId: string;
  /** The request's operator, copied so the read policy can filter without a join. */
  operatorId: string;
  authorId: string;
  kind: RequestEventKind;
  fromStatus: string;
  toStatus: string;
  text: string;
}

export interface CallList extends BaseDoc {
  name: string;
  source: ListSource;
  description: string;
  criteria: { regions: string[]; industries: string[]; statuses: ProspectStatus[] };
  assigneeIds: string[];
  priority: number;
  callWindow: { from: string; to: string };
  retry: { maxAttempts: number; delayMinutes: number };
  active: boolean;
}

export interface ScriptAnswerOption {
  id: string;
  label: string;
  next: string;
}

export interface ScriptNode {
  id: string;
  kind: 'say' | 'ask' | 'end';
  text: string;
  /** Where an answer lands on the prospect or request, e.g. `need`; '' when not captured. */
  field: string;
  options: ScriptAnswerOption[];
}

export interface Script extends BaseDoc {
  /** Same for every version of one script. */
  scriptId: string;
  version: number;
  status: 'draft' | 'published' | 'archived';
  name: string;
  language: 'ru' | 'en';
  startNodeId: string;
  nodes: ScriptNode[];
}

export interface User extends BaseDoc {
  username: string;
  name: string;
  role: Role;
  active: boolean;
}

export interface Settings extends BaseDoc {
  sla: { acceptHours: number; progressDays: number };
  bonus: { percentOfOrder: number; perRequest: number };
  callingHours: { from: string; to: string; weekdays: number[] };
  futureNeedLeadDays: number;
}

export interface DocTypes {
  prospects: Prospect;
  calls: Call;
  callbacks: Callback;
  requests: SalesRequest;
  requestEvents: RequestEvent;
  callLists: CallList;
  scripts: Script;
  users: User;
  settings: Settings;
}

/** A document as it travels over replication: the domain fields plus the tombstone flag. */
export type Replicated<T> = T & { _deleted: boolean };
