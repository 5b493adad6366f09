import { CALL_OUTCOMES, CALLBACK_REASONS, REQUEST_EVENT_KINDS, REQUEST_STATUSES } from '../core/types.ts';
import { HANGUP_SIDES } from '../telephony/call-events.ts';
import { arrayOf, bool, collection, id, int, money, object, oneOf, str, time } from './json-schema.ts';

const answers = arrayOf(object({ key: str(100), value: str(2000) }), 200);

// Version 1 added dial: what the network said of a call the softphone placed (versions.ts: none before).
export const callSchema = collection(
  'calls',
  1,
  {
    prospectId: id(),
    operatorId: id(),
    callListId: str(64),
    startedAt: time(),
    endedAt: time(),
    scriptId: str(64),
    scriptVersion: int(0, 100000),
    path: arrayOf(str(64), 500),
    answers,
    outcome: oneOf(CALL_OUTCOMES),
    notes: str(10000),
    dial: object({
      number: str(40),
      sipCallId: str(256),
      dialledAt: time(),
      answeredAt: time(),
      endedAt: time(),
      talkSeconds: int(0, 86400),
      hangupBy: oneOf(HANGUP_SIDES),
      sipCode: int(0, 699),
      cause: str(100),
    }),
  },
  ['prospectId', 'operatorId', 'startedAt'],
);

// Version 1 added askedFor and outsideHoursAllowedAt (versions.ts says how older documents fill them);
// version 2 the index of open callbacks by due time.
export const callbackSchema = collection(
  'callbacks',
  2,
  {
    prospectId: id(),
    dueAt: time(),
    timeZone: str(64),
    reason: oneOf(CALLBACK_REASONS),
    scope: oneOf(['personal', 'team']),
    assigneeId: str(64),
    createdBy: id(),
    done: bool(),
    doneAt: time(),
    note: str(2000),
    askedFor: time(),
    outsideHoursAllowedAt: time(),
  },
  // Every screen reads the open ones (`done: false`): the desk's queue, the callbacks screen, the
  // tray, the floor and the dashboard; the done ones pile up and are never read that way.
  ['dueAt', 'assigneeId', 'prospectId', ['done', 'dueAt']],
);

// Version 1: the index by creation time (the floor reads today's requests).
export const requestSchema = collection(
  'requests',
  1,
  {
    prospectId: id(),
    operatorId: id(),
    callId: str(64),
    need: str(5000, { minLength: 1 }),
    volume: str(500),
    site: str(500),
    deadline: str(200),
    contact: str(500),
    answers,
    estimatedValue: money(),
    status: oneOf(REQUEST_STATUSES),
    salesOwnerId: str(64),
    acceptBy: time(),
    progressBy: time(),
    stage: oneOf(['', 'feasibility', 'offer_sent', 'negotiating']),
    acceptedAt: time(),
    firstProgressAt: time(),
    lastActivityAt: time(),
    orderNumber: str(100),
    orderDate: str(10, { pattern: '^([0-9]{4}-[0-9]{2}-[0-9]{2})?$' }),
    orderValue: money(),
    closeReason: str(2000),
    closedAt: time(),
  },
  ['operatorId', 'status', 'prospectId', 'createdAt'],
);

export const requestEventSchema = collection(
  'requestEvents',
  0,
  {
    requestId: id(),
    operatorId: id(),
    authorId: id(),
    kind: oneOf(REQUEST_EVENT_KINDS),
    fromStatus: str(20),
    toStatus: str(20),
    text: str(5000),
    refId: str(64),
  },
  ['requestId'],
);
