import { NO_TELEPHONY } from '../telephony/softphone-settings.ts';
import type { CollectionName, Role } from '../core/types.ts';

/**
 * Who owns every field of every collection: which roles may give it a value when they create a
 * document, which may change it afterwards, and which fields only the server writes. The server
 * enforces this table on every push against the *stored* document (`checkWrite` in policy.ts); the
 * UI reads it to lock what a role cannot change; `docs/security.md` prints it.
 */

export type Doc = Record<string, unknown>;
export type Roles = readonly Role[];

export interface FieldOwner {
  /** Roles that may choose the value when they create a document; everyone else leaves it at `initial`. */
  set: Roles;
  /** Roles that may change it afterwards; none means it is fixed at creation. */
  change: Roles;
  /**
   * How a role's value is tied to the writer. `self`: always the writer's own id. `take`: empty or
   * the writer's own id at creation, and afterwards changed only from empty to the writer's own id.
   */
  bind?: Partial<Record<Role, 'self' | 'take'>>;
  /** The only values a role may write (a history entry's kind). */
  values?: Partial<Record<Role, readonly string[]>>;
  /** The server computes the value (SLA deadlines, time stamps); whatever a client sends is replaced. */
  server?: true;
  /** A claim on a prospect: taken and released by the rules in `checkClaim`, never set at creation. */
  claim?: true;
  /**
   * The id of a stored document of that collection; for the roles named in `mine`, one whose given
   * field is the writer's own id (an operator comments only on their own requests).
   */
  refers?: { collection: CollectionName; mine?: Partial<Record<Role, string>> };
  /** The value a created document holds when its creator may not choose it; the type's empty value if absent. */
  initial?: unknown;
}

export interface CollectionOwnership {
  create: Roles;
  delete: Roles;
  /** Bringing back a deleted document. */
  undelete: Roles;
  /**
   * Which stored documents a role may change at all, decided by the stored document (and, for a
   * request a salesperson takes, by what the change makes of it). A role not named here may change
   * any document, field by field as `fields` allows.
   */
  rows?: Partial<Record<Role, { rule: string; test: (stored: Doc, next: Doc, actorId: string) => boolean }>>;
  fields: Record<string, FieldOwner>;
}

const OPERATOR = 'operator';
const SALES = 'sales';
const SUPERVISOR = 'supervisor';
const ADMIN = 'admin';

const NOBODY: Roles = [];
/** Chosen at creation by `roles` and changed by them afterwards. */
const free = (roles: Roles): FieldOwner => ({ set: roles, change: roles });
/** Chosen at creation by `roles`, never changed. */
const fixed = (roles: Roles, more: Partial<FieldOwner> = {}): FieldOwner => ({ set: roles, change: NOBODY, ...more });
/** Starts at its initial value and is changed later by `roles` only. */
const later = (roles: Roles, more: Partial<FieldOwner> = {}): FieldOwner => ({ set: NOBODY, change: roles, ...more });
const server = (): FieldOwner => ({ set: NOBODY, change: NOBODY, server: true });
const selfFor = (roles: Roles) => Object.fromEntries(roles.map((r) => [r, 'self' as const]));
const each = (names: readonly string[], owner: FieldOwner) => Object.fromEntries(names.map((n) => [n, owner]));

const BASE_EDITORS: Roles = [OPERATOR, SUPERVISOR, ADMIN];
const CALLERS: Roles = [OPERATOR, SUPERVISOR];
const MANAGERS: Roles = [SUPERVISOR, ADMIN];

export const OWNERSHIP: Record<CollectionName, CollectionOwnership> = {
  // The shared base: every operator adds and corrects prospects; sales keep contacts and notes.
  prospects: {
    create: BASE_EDITORS,
    delete: MANAGERS,
    undelete: MANAGERS,
    fields: {
      ...each(
        [
          'kind',
          'name',
          'nameKey',
          'phone',
          'phoneKey',
          'phoneExt',
          'taxId',
          'region',
          'timeZone',
          'industry',
          'expectedNeed',
        ],
        free(BASE_EDITORS),
      ),
      ...each(['email', 'website', 'contacts', 'notes', 'status'], {
        set: BASE_EDITORS,
        change: [...BASE_EDITORS, SALES],
      }),
      ...each(['source', 'sourceListId'], { set: BASE_EDITORS, change: MANAGERS }),
      ...each(['attempts', 'lastCallAt', 'lastOutcome', 'nextCallAt'], free(BASE_EDITORS)),
      ownerId: { ...free(BASE_EDITORS), bind: { operator: 'take' } },
      createdBy: fixed(BASE_EDITORS, { bind: selfFor(BASE_EDITORS) }),
      claimedBy: later(CALLERS, { claim: true }),
      claimedUntil: later(CALLERS, { claim: true }),
    },
  },
  // A call is what happened: written once, by the operator who made it.
  calls: {
    create: CALLERS,
    delete: NOBODY,
    undelete: NOBODY,
    fields: {
      ...each(
        [
          'prospectId',
          'callListId',
          'startedAt',
          'endedAt',
          'scriptId',
          'scriptVersion',
          'path',
          'answers',
          'outcome',
          'notes',
          'dial',
        ],
        fixed(CALLERS),
      ),
      operatorId: fixed(CALLERS, { bind: selfFor(CALLERS) }),
    },
  },
  callbacks: {
    create: CALLERS,
    delete: [SUPERVISOR],
    undelete: [SUPERVISOR],
    rows: {
      operator: {
        rule: 'assigned to them, made by them, or a team callback',
        test: (s, _n, me) => s.assigneeId === me || s.createdBy === me || s.scope === 'team',
      },
    },
    fields: {
      ...each(['prospectId', 'reason'], fixed(CALLERS)),
      ...each(['dueAt', 'timeZone', 'done', 'doneAt', 'note', 'askedFor'], free(CALLERS)),
      // Calling outside the calling hours is the supervisor's decision alone.
      outsideHoursAllowedAt: free([SUPERVISOR]),
      scope: { set: CALLERS, change: [SUPERVISOR] },
      assigneeId: { set: CALLERS, change: [SUPERVISOR], bind: { operator: 'self' } },
      createdBy: fixed(CALLERS, { bind: selfFor(CALLERS) }),
    },
  },
  // The operator owns the description of the need, sales the progress, the server the clocks.
  requests: {
    create: CALLERS,
    delete: NOBODY,
    undelete: NOBODY,
    rows: {
      operator: { rule: 'their own hand-overs', test: (s, _n, me) => s.operatorId === me },
      sales: {
        rule: 'the ones they own, or a new one they take or return',
        test: (s, n, me) =>
          s.salesOwnerId === me || (s.salesOwnerId === '' && (n.salesOwnerId === me || n.status === 'returned')),
      },
    },
    fields: {
      ...each(['prospectId', 'callId'], fixed(CALLERS)),
      operatorId: fixed(CALLERS, { bind: selfFor(CALLERS) }),
      ...each(['need', 'volume', 'site', 'deadline', 'contact', 'answers', 'estimatedValue'], free(CALLERS)),
      status: later([SALES, SUPERVISOR], { initial: 'new' }),
      salesOwnerId: later([SALES, SUPERVISOR], { bind: { sales: 'take' } }),
      ...each(['stage', 'orderNumber', 'orderDate', 'orderValue', 'closeReason'], later([SALES, SUPERVISOR])),
      ...each(['acceptBy', 'progressBy', 'acceptedAt', 'firstProgressAt', 'lastActivityAt', 'closedAt'], server()),
    },
  },
  // History: appended by people (comments, escalations, resolutions) and by the server (status changes).
  requestEvents: {
    create: [OPERATOR, SALES, SUPERVISOR],
    delete: NOBODY,
    undelete: NOBODY,
    fields: {
      requestId: fixed([OPERATOR, SALES, SUPERVISOR], {
        refers: { collection: 'requests', mine: { operator: 'operatorId' } },
      }),
      ...each(['text', 'refId'], fixed([OPERATOR, SALES, SUPERVISOR])),
      authorId: fixed([OPERATOR, SALES, SUPERVISOR], { bind: selfFor([OPERATOR, SALES, SUPERVISOR]) }),
      kind: fixed([OPERATOR, SALES, SUPERVISOR], {
        values: {
          operator: ['comment', 'escalation'],
          sales: ['comment'],
          supervisor: ['comment', 'escalation', 'escalation_resolved'],
        },
      }),
      // A resolution records how the head resolved it (prod, reassign, dismiss).
      toStatus: fixed([SUPERVISOR]),
      operatorId: server(),
      fromStatus: server(),
    },
  },
  callLists: {
    create: MANAGERS,
    delete: MANAGERS,
    undelete: MANAGERS,
    fields: each(
      [
        'name',
        'source',
        'description',
        'criteria',
        'assigneeIds',
        'assigneeTeams',
        'priority',
        'callWindow',
        'retry',
        'active',
        'activeFrom',
        'activeTo',
        'scriptId',
        'autoDialSeconds',
      ],
      free(MANAGERS),
    ),
  },
  scripts: {
    create: MANAGERS,
    delete: MANAGERS,
    undelete: MANAGERS,
    fields: each(
      ['scriptId', 'version', 'status', 'publishAt', 'name', 'language', 'startNodeId', 'nodes'],
      free(MANAGERS),
    ),
  },
  // Users are written by the server's admin endpoints, which also own the passwords.
  users: {
    create: NOBODY,
    delete: NOBODY,
    undelete: NOBODY,
    fields: each(['username', 'name', 'role', 'team', 'active'], fixed(NOBODY)),
  },
  settings: {
    create: MANAGERS,
    delete: NOBODY,
    undelete: NOBODY,
    fields: {
      ...each(
        [
          'sla',
          'workingHours',
          'bonus',
          'callingHours',
          'retry',
          'futureNeedLeadDays',
          'callbackEscalationMinutes',
          'claimMinutes',
          'dialScheme',
        ],
        free(MANAGERS),
      ),
      // The PBX connection is IT's: its address also opens the renderer's content security policy.
      telephony: { ...free([ADMIN]), initial: NO_TELEPHONY },
    },
  },
  listRequests: {
    create: [SALES, SUPERVISOR],
    delete: NOBODY,
    undelete: NOBODY,
    rows: { sales: { rule: 'the ones they filed', test: (s, _n, me) => s.requestedBy === me } },
    fields: {
      requestedBy: fixed([SALES, SUPERVISOR], { bind: selfFor([SALES, SUPERVISOR]) }),
      ...each(['title', 'criteria', 'priority', 'comment', 'dueDate'], free([SALES, SUPERVISOR])),
      status: later([SUPERVISOR], { initial: 'new' }),
      ...each(['listId', 'response'], later([SUPERVISOR])),
    },
  },
};

/** The value a field holds in a new document whose creator may not choose it. */
export function initialValue(owner: FieldOwner, sample: unknown): unknown {
  if ('initial' in owner) return owner.initial;
  if (typeof sample === 'number') return 0;
  if (typeof sample === 'boolean') return false;
  if (Array.isArray(sample)) return [];
  if (typeof sample === 'string') return '';
  return undefined;
}
