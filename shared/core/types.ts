/** Domain types for every replicated collection. Framework-free: no imports from rxdb, react or node. */
import type { CallDial } from '../telephony/call-events.ts';
import type { TelephonySettings } from '../telephony/softphone-settings.ts';

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
  'listRequests',
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
  /** The extension of `phone`, digits only; '' for none. */
  phoneExt: string;
  email: string;
}

export const NEED_PRECISIONS = ['day', 'month', 'quarter'] as const;
export type NeedPrecision = (typeof NEED_PRECISIONS)[number];

/** A need the prospect expects to have: the future-need database is the prospects that carry one. */
export interface ExpectedNeed {
  description: string;
  /** First day of the expected period, `YYYY-MM-DD`; empty when there is no expected need. */
  date: string;
  /** How exact `date` is: that day, that month, or that quarter. */
  precision: NeedPrecision | '';
  /** 0..100 */
  confidence: number;
  /** What will set the need off (a tender, a building permit, the season). */
  trigger: string;
}

export interface Prospect extends BaseDoc {
  kind: 'company' | 'person';
  name: string;
  /** Normalised name for prefix search (see shared/calling/search.ts). */
  nameKey: string;
  /** Main phone in E.164, or '' */
  phone: string;
  /** Digits of `phone` without '+', for prefix search; '' when none. */
  phoneKey: string;
  /** The extension of `phone` ("доб. 123"), digits only; '' for none. */
  phoneExt: string;
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
  /** UTC ms of the last call attempt, 0 when never called. */
  lastCallAt: number;
  /** Outcome of the last call, '' when never called: lists are built on it ("no answer 3 times"). */
  lastOutcome: CallOutcome | '';
  /** UTC ms before which lists do not offer the prospect again (retry delay), 0 when none. */
  nextCallAt: number;
  /** The operator working on the prospect right now, so no one else is given it; '' when free. */
  claimedBy: string;
  /** UTC ms when that claim lapses. */
  claimedUntil: number;
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
  /** What the network said, when the desk's softphone placed the call (all empty when dialled by hand). */
  dial: CallDial;
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
  /** The time the prospect asked for; `dueAt` differs when that lay outside the calling hours. */
  askedFor: number;
  /**
   * A supervisor let the callback come at exactly this time though it lies outside the calling hours
   * (0: nobody did). Moving the callback to another time ends the permission.
   */
  outsideHoursAllowedAt: number;
}

export const REQUEST_STATUSES = ['new', 'accepted', 'in_progress', 'won', 'lost', 'returned'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface SalesRequest extends BaseDoc {
  prospectId: string;
  operatorId: string;
  callId: string;
  need: string;
  volume: string;
  site: string;
  /** When the client needs the work done, as they said it. */
  deadline: string;
  /** Who to talk to, and how. */
  contact: string;
  answers: Answer[];
  estimatedValue: number;
  status: RequestStatus;
  salesOwnerId: string;
  /** SLA limits recorded at hand-over, in working time (see shared/requests/sla.ts). */
  acceptBy: number;
  progressBy: number;
  /** Where an in-progress request stands: feasibility checked, offer sent, negotiating. */
  stage: '' | 'feasibility' | 'offer_sent' | 'negotiating';
  acceptedAt: number;
  firstProgressAt: number;
  /** The last step sales took; the "no update" SLA clock runs from here. */
  lastActivityAt: number;
  orderNumber: string;
  /** `YYYY-MM-DD` */
  orderDate: string;
  orderValue: number;
  /** Why it was lost or returned. */
  closeReason: string;
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
  /** The entry this one answers (a resolution names its escalation), so order never hangs on clocks. */
  refId: string;
}

/**
 * Which prospects a list holds besides those imported into it. Empty values do not filter. Saved with
 * the list, so an "earlier results" list is re-run whenever the queue looks at it.
 */
export interface ListCriteria {
  regions: string[];
  industries: string[];
  statuses: ProspectStatus[];
  /** Future need expected within this many days from now; 0 = any. */
  futureNeedWithinDays: number;
  /** At least this many attempts; 0 = any. */
  minAttempts: number;
  lastOutcome: CallOutcome | '';
  /** Not called for at least this many days; 0 = any. */
  notCalledForDays: number;
}

export interface CallList extends BaseDoc {
  name: string;
  source: ListSource;
  description: string;
  criteria: ListCriteria;
  /** Operators who work the list. */
  assigneeIds: string[];
  /** Teams whose every operator works the list. */
  assigneeTeams: string[];
  priority: number;
  callWindow: { from: string; to: string };
  retry: { maxAttempts: number; delayMinutes: number };
  active: boolean;
  /** `YYYY-MM-DD` (company calendar) the list starts and stops being called; '' for open-ended. */
  activeFrom: string;
  activeTo: string;
  /** The script its calls follow (its published version); '' for the newest in the operator's language. */
  scriptId: string;
  /** Progressive dialing: seconds after a wrap-up before the next call dials by itself; 0 for off. */
  autoDialSeconds: number;
}

export interface ScriptAnswerOption {
  id: string;
  label: string;
  next: string;
}

export const SCRIPT_NODE_KINDS = ['say', 'ask', 'objection', 'end'] as const;
export type ScriptNodeKind = (typeof SCRIPT_NODE_KINDS)[number];

export interface ScriptNode {
  id: string;
  /** `objection` nodes answer an objection and can be opened from anywhere in the call. */
  kind: ScriptNodeKind;
  /** A short label: the objection as the prospect puts it, or the step's name in the editor. */
  title: string;
  text: string;
  /** Where an answer lands on the request or prospect, e.g. `need`; '' when not captured. */
  field: string;
  options: ScriptAnswerOption[];
  /** Where to go after a free-text answer or a `say` node without options; '' to return (objections). */
  next: string;
  /** On an `end` node: the outcome the script suggests. */
  outcome: CallOutcome | '';
}

export interface Script extends BaseDoc {
  /** Same for every version of one script. */
  scriptId: string;
  version: number;
  status: 'draft' | 'published' | 'archived';
  /** UTC ms a published version goes live; until then it is scheduled and the one before stays in use. */
  publishAt: number;
  name: string;
  language: 'ru' | 'en';
  startNodeId: string;
  nodes: ScriptNode[];
}

/** The head of sales asking the information department for a call list. */
export interface ListRequest extends BaseDoc {
  requestedBy: string;
  title: string;
  /** Who should be called, in the requester's words. */
  criteria: string;
  priority: number;
  comment: string;
  /** `YYYY-MM-DD` */
  dueDate: string;
  status: 'new' | 'in_progress' | 'done' | 'declined';
  /** The list made from it. */
  listId: string;
  response: string;
}

export interface User extends BaseDoc {
  username: string;
  name: string;
  role: Role;
  /** The team the user works in ('' when none): lists can be assigned to a team, figures grouped by it. */
  team: string;
  active: boolean;
}

export interface Settings extends BaseDoc {
  /** In working time: hours to accept, working days to first progress, working days without update. */
  sla: { acceptHours: number; progressDays: number; staleDays: number };
  /** The company's working hours, which SLA clocks count in. */
  workingHours: {
    timeZone: string;
    from: string;
    to: string;
    weekdays: number[];
    /** Days off besides the weekend, `YYYY-MM-DD` in the company's zone: SLA clocks stop on them. */
    holidays: string[];
    /** Working days outside `weekdays` (a Saturday the production calendar makes a working day). */
    workdays: string[];
  };
  /** Operator pay: a fixed amount per request sales accepted, plus a share of won orders' value. */
  bonus: { percentOfOrder: number; perRequest: number };
  callingHours: { from: string; to: string; weekdays: number[] };
  /** Retry rules new lists start with, and that calls outside any list (callbacks) follow. */
  retry: { maxAttempts: number; delayMinutes: number };
  futureNeedLeadDays: number;
  /** A personal callback still not done this long after it fell due becomes a team callback. */
  callbackEscalationMinutes: number;
  /** How long "next call" reserves a prospect for the operator. */
  claimMinutes: number;
  /** How click-to-call dials: a `tel:` or a `sip:` URI. */
  dialScheme: 'tel' | 'sip';
  /** The desk's softphone: the PBX it registers to (none: the `tel:`/`sip:` hand-off above). */
  telephony: TelephonySettings;
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
  listRequests: ListRequest;
}

/** A document as it travels over replication: the domain fields plus the tombstone flag. */
export type Replicated<T> = T & { _deleted: boolean };
