import type { CollectionName, Role } from '../core/types.ts';
import { jsonEqual } from '../core/equal.ts';

/**
 * The role policy: what each role may read, and which fields of which collection it may write.
 * The server enforces it on pull, stream and push; the UI uses it to hide what a role cannot do.
 */

export interface Actor {
  id: string;
  role: Role;
}

type Doc = Record<string, unknown>;
type ReadRule = 'all' | 'none' | ((doc: Doc, actor: Actor) => boolean);

interface WriteRule {
  create: boolean;
  update: boolean;
  delete: boolean;
  /** Top-level fields the role may set; '*' for every domain field. */
  fields: '*' | readonly string[];
  /** Fields that must hold the writer's own id when the role creates a document. */
  self?: readonly string[];
  /** Values a created document may hold in fields the role cannot write (a request starts as `new`). */
  initial?: Readonly<Record<string, unknown>>;
}

const NONE: WriteRule = { create: false, update: false, delete: false, fields: [] };
const FULL: WriteRule = { create: true, update: true, delete: true, fields: '*' };
const APPEND: WriteRule = { create: true, update: false, delete: false, fields: '*' };

const own =
  (...fields: string[]): ReadRule =>
  (doc, actor) =>
    fields.some((f) => doc[f] === actor.id);

const READ: Record<CollectionName, Record<Role, ReadRule>> = {
  // The base is shared by every operator, so duplicates can be caught at entry.
  prospects: { operator: 'all', sales: 'all', supervisor: 'all', admin: 'all' },
  calls: { operator: own('operatorId'), sales: 'all', supervisor: 'all', admin: 'all' },
  callbacks: {
    operator: (doc, actor) => doc.assigneeId === actor.id || doc.createdBy === actor.id || doc.scope === 'team',
    sales: 'none',
    supervisor: 'all',
    admin: 'all',
  },
  requests: { operator: own('operatorId'), sales: 'all', supervisor: 'all', admin: 'all' },
  requestEvents: { operator: own('operatorId'), sales: 'all', supervisor: 'all', admin: 'all' },
  callLists: { operator: 'all', sales: 'all', supervisor: 'all', admin: 'all' },
  scripts: { operator: 'all', sales: 'all', supervisor: 'all', admin: 'all' },
  users: { operator: 'all', sales: 'all', supervisor: 'all', admin: 'all' },
  settings: { operator: 'all', sales: 'all', supervisor: 'all', admin: 'all' },
  listRequests: { operator: 'none', sales: own('requestedBy'), supervisor: 'all', admin: 'all' },
};

/** Request fields owned by sales: operators hand a request over and then only watch them. */
export const REQUEST_STATUS_FIELDS = [
  'status',
  'salesOwnerId',
  'stage',
  'acceptedAt',
  'firstProgressAt',
  'lastActivityAt',
  'orderNumber',
  'orderDate',
  'orderValue',
  'closeReason',
  'closedAt',
] as const;
const REQUEST_OPERATOR_FIELDS = [
  'prospectId',
  'operatorId',
  'callId',
  'need',
  'volume',
  'site',
  'deadline',
  'contact',
  'answers',
  'estimatedValue',
  'acceptBy',
  'progressBy',
];

const WRITE: Record<CollectionName, Record<Role, WriteRule>> = {
  prospects: {
    operator: { create: true, update: true, delete: false, fields: '*' },
    sales: { create: false, update: true, delete: false, fields: ['status', 'notes', 'contacts', 'email', 'website'] },
    supervisor: FULL,
    admin: FULL,
  },
  calls: { operator: { ...APPEND, self: ['operatorId'] }, sales: NONE, supervisor: APPEND, admin: NONE },
  callbacks: {
    operator: { create: true, update: true, delete: false, fields: '*', self: ['createdBy'] },
    sales: NONE,
    supervisor: FULL,
    admin: NONE,
  },
  requests: {
    operator: {
      create: true,
      update: true,
      delete: false,
      fields: REQUEST_OPERATOR_FIELDS,
      self: ['operatorId'],
      initial: { status: 'new' },
    },
    sales: { create: false, update: true, delete: false, fields: REQUEST_STATUS_FIELDS },
    supervisor: { create: true, update: true, delete: false, fields: '*' },
    admin: NONE,
  },
  requestEvents: {
    operator: { ...APPEND, self: ['authorId'] },
    sales: { ...APPEND, self: ['authorId'] },
    supervisor: { ...APPEND, self: ['authorId'] },
    admin: NONE,
  },
  callLists: { operator: NONE, sales: NONE, supervisor: FULL, admin: FULL },
  scripts: { operator: NONE, sales: NONE, supervisor: FULL, admin: FULL },
  // Users are written by the server's admin endpoints, which also own the passwords.
  users: { operator: NONE, sales: NONE, supervisor: NONE, admin: NONE },
  settings: {
    operator: NONE,
    sales: NONE,
    supervisor: { create: true, update: true, delete: false, fields: '*' },
    admin: { create: true, update: true, delete: false, fields: '*' },
  },
  listRequests: {
    operator: NONE,
    sales: {
      create: true,
      update: true,
      delete: false,
      fields: ['requestedBy', 'title', 'criteria', 'priority', 'comment', 'dueDate'],
      self: ['requestedBy'],
      initial: { status: 'new' },
    },
    supervisor: { create: true, update: true, delete: false, fields: '*' },
    admin: NONE,
  },
};

/** Collections whose documents never change after creation. */
export const APPEND_ONLY: ReadonlySet<CollectionName> = new Set(['calls', 'requestEvents']);

export function canRead(collection: CollectionName, actor: Actor, doc: Doc): boolean {
  const rule = READ[collection][actor.role];
  if (rule === 'all') return true;
  if (rule === 'none') return false;
  return rule(doc, actor);
}

export function canReadCollection(collection: CollectionName, role: Role): boolean {
  return READ[collection][role] !== 'none';
}

export function canWriteCollection(collection: CollectionName, role: Role): boolean {
  const rule = WRITE[collection][role];
  return rule.create || rule.update;
}

export function canCreate(collection: CollectionName, role: Role): boolean {
  return WRITE[collection][role].create;
}

export function canWriteField(collection: CollectionName, role: Role, field: string): boolean {
  const rule = WRITE[collection][role];
  return (rule.create || rule.update) && (rule.fields === '*' || rule.fields.includes(field));
}

export interface WriteDenial {
  field: string | null;
  message: string;
}

const BOOKKEEPING = new Set(['id', 'updatedAt', '_deleted']);

/**
 * Checks one write. `before` is the stored document (null when new); `after` the pushed state,
 * including `_deleted`. Returns null when allowed, or what is denied and why.
 */
export function checkWrite(
  collection: CollectionName,
  actor: Actor,
  before: Doc | null,
  after: Doc,
): WriteDenial | null {
  const rule = WRITE[collection][actor.role];
  const deleting = after._deleted === true && before?._deleted !== true;
  if (!before || before._deleted === true) {
    if (!rule.create) return { field: null, message: `role ${actor.role} may not create ${collection}` };
    for (const field of rule.self ?? []) {
      if (after[field] !== actor.id) return { field, message: `${field} must be your own user id` };
    }
    if (after._deleted === true) return null;
    if (rule.fields !== '*') {
      const allowed = rule.fields;
      const extra = Object.keys(after).find(
        (f) =>
          !BOOKKEEPING.has(f) &&
          f !== 'createdAt' &&
          !allowed.includes(f) &&
          !isEmptyValue(after[f]) &&
          !jsonEqual(after[f], rule.initial?.[f]),
      );
      if (extra) return { field: extra, message: `role ${actor.role} may not write ${collection}.${extra}` };
    }
    return null;
  }
  if (deleting) {
    return rule.delete ? null : { field: '_deleted', message: `role ${actor.role} may not delete ${collection}` };
  }
  const changed = Object.keys({ ...before, ...after }).filter(
    (f) => !BOOKKEEPING.has(f) && !jsonEqual(before[f], after[f]),
  );
  if (changed.length === 0) return null;
  if (!rule.update || APPEND_ONLY.has(collection)) {
    return { field: null, message: `${collection} may not be changed by role ${actor.role}` };
  }
  if (changed.includes('createdAt')) return { field: 'createdAt', message: 'createdAt may not change' };
  // A role that may only create its own documents may only change its own ones, too.
  for (const field of rule.self ?? []) {
    if (before[field] !== actor.id) return { field, message: `${collection} ${String(before.id)} is not yours` };
  }
  if (rule.fields !== '*') {
    const allowed = rule.fields;
    const denied = changed.find((f) => !allowed.includes(f));
    if (denied) return { field: denied, message: `role ${actor.role} may not write ${collection}.${denied}` };
  }
  return null;
}

/** A field left at its empty value on create is not a write of that field. */
function isEmptyValue(value: unknown): boolean {
  if (value === '' || value === 0 || value === false || value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return false;
}
