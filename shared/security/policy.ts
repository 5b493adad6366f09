import type { CollectionName, Role } from '../core/types.ts';
import { jsonEqual } from '../core/equal.ts';
import { type Doc, initialValue, OWNERSHIP } from './ownership.ts';

/**
 * The role policy: what each role may read, and the write check over the ownership table. The
 * server enforces it on pull, stream and push; the UI uses it to hide what a role cannot do.
 */

export interface Actor {
  id: string;
  role: Role;
}

/** `own`: only the documents whose read keys name the user (or '*', everyone of the role). */
type ReadRule = 'all' | 'none' | 'own';

const READ: Record<CollectionName, Record<Role, ReadRule>> = {
  // The base is shared by every operator, so duplicates can be caught at entry.
  prospects: { operator: 'all', sales: 'all', supervisor: 'all', admin: 'all' },
  calls: { operator: 'own', sales: 'all', supervisor: 'all', admin: 'all' },
  callbacks: { operator: 'own', sales: 'none', supervisor: 'all', admin: 'all' },
  requests: { operator: 'own', sales: 'all', supervisor: 'all', admin: 'all' },
  requestEvents: { operator: 'own', sales: 'all', supervisor: 'all', admin: 'all' },
  callLists: { operator: 'all', sales: 'all', supervisor: 'all', admin: 'all' },
  scripts: { operator: 'all', sales: 'all', supervisor: 'all', admin: 'all' },
  users: { operator: 'all', sales: 'all', supervisor: 'all', admin: 'all' },
  settings: { operator: 'all', sales: 'all', supervisor: 'all', admin: 'all' },
  listRequests: { operator: 'none', sales: 'own', supervisor: 'all', admin: 'all' },
};

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * The users a document is visible to under an `own` rule, at most two ('*' for every user of the
 * role). The store keeps them in indexed columns, so a pull filters in SQL.
 */
export const READ_KEYS: Partial<Record<CollectionName, (doc: Doc) => [string, string]>> = {
  calls: (d) => [text(d.operatorId), ''],
  // A team callback is everyone's to pick up; its creator keeps seeing a callback they passed on.
  callbacks: (d) => [d.scope === 'team' ? '*' : text(d.assigneeId), text(d.createdBy)],
  requests: (d) => [text(d.operatorId), ''],
  requestEvents: (d) => [text(d.operatorId), ''],
  listRequests: (d) => [text(d.requestedBy), ''],
};

export function readKeys(collection: CollectionName, doc: Doc): [string, string] {
  return READ_KEYS[collection]?.(doc) ?? ['', ''];
}

export function readRule(collection: CollectionName, role: Role): ReadRule {
  return READ[collection][role];
}

export function canRead(collection: CollectionName, actor: Actor, doc: Doc): boolean {
  const rule = READ[collection][actor.role];
  if (rule !== 'own') return rule === 'all';
  const keys = readKeys(collection, doc);
  return keys.includes(actor.id) || keys[0] === '*';
}

export function canReadCollection(collection: CollectionName, role: Role): boolean {
  return READ[collection][role] !== 'none';
}

export function canWriteCollection(collection: CollectionName, role: Role): boolean {
  const table = OWNERSHIP[collection];
  return table.create.includes(role) || Object.values(table.fields).some((f) => f.change.includes(role));
}

export function canCreate(collection: CollectionName, role: Role): boolean {
  return OWNERSHIP[collection].create.includes(role);
}

/** Whether the role may give the field a value of its own, at creation or later (the form locks the rest). */
export function canWriteField(collection: CollectionName, role: Role, field: string): boolean {
  const owner = OWNERSHIP[collection].fields[field];
  return !!owner && !owner.server && (owner.set.includes(role) || owner.change.includes(role));
}

export interface WriteDenial {
  field: string | null;
  message: string;
}

export interface WriteContext {
  /** The server's clock, UTC ms. */
  now: number;
  /** How long a claim may last (the settings' `claimMinutes`). */
  claimMs: number;
}

/** A workstation's clock may run a little ahead of the server's: a claim may reach this far past its length. */
export const CLAIM_SKEW_MS = 2 * 60_000;

const deny = (field: string | null, message: string): WriteDenial => ({ field, message });

/**
 * Checks one write against the ownership table. `before` is the stored document (null when there
 * is none), `after` the pushed state including `_deleted`. Fields the server owns are not checked
 * here: the server replaces them. Returns null when allowed, or what is denied and why.
 */
export function checkWrite(
  collection: CollectionName,
  actor: Actor,
  before: Doc | null,
  after: Doc,
  ctx: WriteContext,
): WriteDenial | null {
  const table = OWNERSHIP[collection];
  const role = actor.role;
  if (!before) {
    if (!table.create.includes(role)) return deny(null, `role ${role} may not create ${collection}`);
    return checkCreate(collection, actor, after);
  }
  const wasDeleted = before._deleted === true;
  const isDeleted = after._deleted === true;
  if (wasDeleted && !isDeleted && !table.undelete.includes(role)) {
    return deny('_deleted', `role ${role} may not bring back deleted ${collection}`);
  }
  if (!wasDeleted && isDeleted && !table.delete.includes(role)) {
    return deny('_deleted', `role ${role} may not delete ${collection}`);
  }
  const changed = Object.keys({ ...before, ...after }).filter(
    (f) => f !== 'id' && f !== 'updatedAt' && f !== '_deleted' && !jsonEqual(before[f], after[f]),
  );
  if (changed.length === 0) return null;
  if (wasDeleted && isDeleted) return deny(null, `${collection} ${String(before.id)} is deleted`);
  if (changed.includes('createdAt')) return deny('createdAt', 'createdAt may not change');
  if (!Object.values(table.fields).some((f) => f.change.includes(role))) {
    return deny(null, `${collection} may not be changed by role ${role}`);
  }
  for (const field of changed) {
    const owner = table.fields[field];
    if (!owner) return deny(field, `${collection}.${field} is not a field`);
    if (!owner.server && !owner.change.includes(role)) {
      return deny(field, `role ${role} may not change ${collection}.${field}`);
    }
  }
  const rows = table.rows?.[role];
  if (rows && !rows.test(before, after, actor.id)) {
    return deny(null, `${collection} ${String(before.id)} is not yours to change`);
  }
  let claimChecked = false;
  for (const field of changed) {
    const owner = table.fields[field];
    if (!owner || owner.server) continue;
    if (owner.claim) {
      if (!claimChecked) {
        const refused = checkClaim(actor, before, after, ctx);
        if (refused) return refused;
        claimChecked = true;
      }
      continue;
    }
    const bind = owner.bind?.[role];
    if (bind === 'self' && after[field] !== actor.id) return deny(field, `${field} must be your own user id`);
    if (bind === 'take' && !(before[field] === '' && after[field] === actor.id)) {
      return deny(field, `${field} can only be taken by you while it is empty`);
    }
    const values = owner.values?.[role];
    if (values && !values.includes(String(after[field]))) {
      return deny(field, `role ${role} may not write ${field} ${String(after[field])}`);
    }
  }
  return null;
}

function checkCreate(collection: CollectionName, actor: Actor, after: Doc): WriteDenial | null {
  const table = OWNERSHIP[collection];
  const role = actor.role;
  for (const [field, owner] of Object.entries(table.fields)) {
    if (owner.server || !(field in after)) continue;
    const value = after[field];
    if (owner.claim || !owner.set.includes(role)) {
      if (!jsonEqual(value, initialValue(owner, value))) {
        return deny(field, `role ${role} may not set ${collection}.${field} when creating it`);
      }
      continue;
    }
    const bind = owner.bind?.[role];
    if (bind === 'self' && value !== actor.id) return deny(field, `${field} must be your own user id`);
    if (bind === 'take' && value !== '' && value !== actor.id) return deny(field, `${field} must be empty or you`);
    const values = owner.values?.[role];
    if (values && !values.includes(String(value)))
      return deny(field, `role ${role} may not write ${field} ${String(value)}`);
  }
  return null;
}

/**
 * A claim reserves a prospect for one caller. Workstations take one offline (the server grants them
 * online) and release their own after the call; nobody takes or ends another's live claim except a
 * supervisor releasing it, and no claim lasts longer than the settings allow.
 */
function checkClaim(actor: Actor, before: Doc, after: Doc, ctx: WriteContext): WriteDenial | null {
  const holder = text(before.claimedBy);
  const live = holder !== '' && Number(before.claimedUntil) > ctx.now;
  const by = text(after.claimedBy);
  const until = Number(after.claimedUntil);
  if (by === '') {
    if (until !== 0) return deny('claimedUntil', 'a released claim has no end time');
    if (live && holder !== actor.id && actor.role !== 'supervisor') {
      return deny('claimedBy', 'another operator is calling this prospect');
    }
    return null;
  }
  if (by !== actor.id) return deny('claimedBy', 'claimedBy must be your own user id');
  if (live && holder !== actor.id) return deny('claimedBy', 'another operator is calling this prospect');
  if (until > ctx.now + ctx.claimMs + CLAIM_SKEW_MS) {
    return deny('claimedUntil', 'a claim may not last longer than the settings allow');
  }
  return null;
}
