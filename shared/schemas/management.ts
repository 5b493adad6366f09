import { CALL_OUTCOMES, LIST_SOURCES, PROSPECT_STATUSES, ROLES, SCRIPT_NODE_KINDS } from '../core/types.ts';
import { arrayOf, bool, clock, collection, id, int, object, oneOf, str, time } from './json-schema.ts';

// Version 1 added autoDialSeconds (progressive dialing; versions.ts fills older lists with 0, off).
export const callListSchema = collection('callLists', 1, {
  name: str(200, { minLength: 1 }),
  source: oneOf(LIST_SOURCES),
  description: str(2000),
  criteria: object({
    regions: arrayOf(str(100), 100),
    industries: arrayOf(str(100), 100),
    statuses: arrayOf(oneOf(PROSPECT_STATUSES), PROSPECT_STATUSES.length),
    futureNeedWithinDays: int(0, 3650),
    minAttempts: int(0, 1000),
    lastOutcome: oneOf(['', ...CALL_OUTCOMES]),
    notCalledForDays: int(0, 3650),
  }),
  assigneeIds: arrayOf(id(), 500),
  assigneeTeams: arrayOf(str(100), 100),
  priority: int(0, 100),
  callWindow: object({ from: clock(), to: clock() }),
  retry: object({ maxAttempts: int(1, 50), delayMinutes: int(1, 100000) }),
  active: bool(),
  activeFrom: str(10, { pattern: '^([0-9]{4}-[0-9]{2}-[0-9]{2})?$' }),
  activeTo: str(10, { pattern: '^([0-9]{4}-[0-9]{2}-[0-9]{2})?$' }),
  scriptId: str(64),
  autoDialSeconds: int(0, 600),
});

export const scriptSchema = collection(
  'scripts',
  0,
  {
    scriptId: id(),
    version: int(1, 100000),
    status: oneOf(['draft', 'published', 'archived']),
    publishAt: time(),
    name: str(200, { minLength: 1 }),
    language: oneOf(['ru', 'en']),
    startNodeId: str(64),
    nodes: arrayOf(
      object({
        id: str(64, { minLength: 1 }),
        kind: oneOf(SCRIPT_NODE_KINDS),
        title: str(200),
        text: str(5000),
        field: str(100),
        options: arrayOf(object({ id: str(64), label: str(500), next: str(64) }), 50),
        next: str(64),
        outcome: oneOf(['', ...CALL_OUTCOMES]),
      }),
      500,
    ),
  },
  ['scriptId'],
);

export const userSchema = collection('users', 0, {
  username: str(64, { minLength: 1 }),
  name: str(200),
  role: oneOf(ROLES),
  team: str(100),
  active: bool(),
});

// Version 1 added workingHours.workdays, version 2 telephony (versions.ts says how older documents fill them).
export const settingsSchema = collection('settings', 2, {
  sla: object({ acceptHours: int(1, 720), progressDays: int(1, 365), staleDays: int(1, 365) }),
  workingHours: object({
    timeZone: str(64),
    from: clock(),
    to: clock(),
    weekdays: arrayOf(int(1, 7), 7),
    holidays: arrayOf(str(10, { pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }), 400),
    workdays: arrayOf(str(10, { pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }), 100),
  }),
  bonus: object({
    percentOfOrder: { type: 'number', minimum: 0, maximum: 100 },
    perRequest: { type: 'number', minimum: 0, maximum: 1e9 },
  }),
  callingHours: object({ from: clock(), to: clock(), weekdays: arrayOf(int(1, 7), 7) }),
  retry: object({ maxAttempts: int(1, 50), delayMinutes: int(1, 100000) }),
  futureNeedLeadDays: int(0, 365),
  callbackEscalationMinutes: int(1, 100000),
  claimMinutes: int(1, 240),
  dialScheme: oneOf(['tel', 'sip']),
  telephony: object({
    wsUrl: str(300),
    domain: str(253),
    iceServers: arrayOf(object({ urls: str(300), username: str(200), credential: str(200) }), 10),
    dialPlan: object({
      outsidePrefix: str(8),
      keepPlus: bool(),
      homeCountryCode: str(3),
      nationalPrefix: str(4),
      internationalPrefix: str(4),
    }),
    recordingTemplate: str(500),
    ringSeconds: int(10, 120),
  }),
});

export const listRequestSchema = collection(
  'listRequests',
  0,
  {
    requestedBy: id(),
    title: str(200, { minLength: 1 }),
    criteria: str(2000),
    priority: int(0, 100),
    comment: str(2000),
    dueDate: str(10, { pattern: '^([0-9]{4}-[0-9]{2}-[0-9]{2})?$' }),
    status: oneOf(['new', 'in_progress', 'done', 'declined']),
    listId: str(64),
    response: str(2000),
  },
  ['requestedBy'],
);
