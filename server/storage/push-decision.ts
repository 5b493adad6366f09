import { jsonEqual } from '../../shared/core/equal.ts';
import { uuidv7 } from '../../shared/core/ids.ts';
import { type Actor, canRead, checkWrite, readKeys } from '../../shared/security/policy.ts';
import { OWNERSHIP } from '../../shared/security/ownership.ts';
import { withServerFields } from '../../shared/security/server-fields.ts';
import { contentIssues } from '../../shared/schemas/content.ts';
import { defaultSettings } from '../../shared/calling/defaults.ts';
import { checkRequestTransition, statusEvent } from '../../shared/requests/request-flow.ts';
import { checkScriptChange } from '../../shared/call-scripts/script-edit.ts';
import { schemas } from '../../shared/schemas/index.ts';
import type { CollectionName, SalesRequest, Script, Settings } from '../../shared/core/types.ts';
import { describeIssues, validate } from '../../shared/schemas/validate.ts';
import { upgrade } from '../../shared/schemas/versions.ts';
import type { PushRow } from '../../shared/sync/wire.ts';
import { HttpError } from '../errors.ts';
import type { DocWrite } from './backend.ts';
import type { StoredDoc } from './doc-store.ts';

/**
 * What a push comes to, decided on what `read` returns (the caller records what was read and
 * commits only if it is unchanged): the stored documents that conflict, and the writes to make
 * (with the request history entries a status change brings). Throws the answer for a push that is
 * refused as a whole: a bad row, a document not the pusher's, a field they may not set.
 */
export async function decidePush(
  collection: CollectionName,
  actor: Actor,
  pushed: PushRow[],
  now: Date,
  read: (c: CollectionName, id: string) => Promise<StoredDoc | null>,
  storedSettings: Settings | null,
): Promise<{ conflicts: StoredDoc[]; writes: { row: DocWrite; doc: StoredDoc }[] }> {
  const schema = schemas[collection];
  const storedNow = new Map<string, StoredDoc | null>();
  for (const row of pushed) {
    const id = (row.newDocumentState as { id?: unknown }).id;
    if (typeof id === 'string' && !storedNow.has(id)) storedNow.set(id, await read(collection, id));
  }
  // A workstation on an older version leaves out the fields it does not know: they keep their stored values.
  const rows = pushed.map((row) => {
    const id = (row.newDocumentState as { id?: unknown }).id;
    const stored = () => (typeof id === 'string' ? (storedNow.get(id) ?? null) : null);
    return {
      newDocumentState: upgrade(collection, row.newDocumentState, stored),
      ...(row.assumedMasterState ? { assumedMasterState: upgrade(collection, row.assumedMasterState, stored) } : {}),
    };
  });
  rows.forEach((row, i) => {
    const state = row.newDocumentState as Record<string, unknown>;
    const { _deleted, ...fields } = state;
    if (_deleted !== undefined && typeof _deleted !== 'boolean') {
      throw new HttpError(422, 'invalid_document', `row ${i}: _deleted must be true or false`, '_deleted');
    }
    const issues = validate(schema, fields);
    if (issues.length === 0) issues.push(...contentIssues(collection, fields));
    if (issues.length > 0) {
      throw new HttpError(422, 'invalid_document', `row ${i}: ${describeIssues(issues)}`, issues[0]?.path);
    }
  });
  // Settings change rarely and are not an expectation: a change landing meanwhile is as if it came after.
  const settings = { ...defaultSettings(now.getTime()), ...storedSettings };
  const lookups = new Map<string, StoredDoc | null>();
  for (const [c, id] of lookupsFor(
    collection,
    rows.map((r) => r.newDocumentState),
  )) {
    const doc = await read(c, id);
    lookups.set(`${c}/${id}`, doc && !doc._deleted ? doc : null);
  }
  const ctx = {
    now: now.getTime(),
    claimMs: settings.claimMinutes * 60_000,
    settings,
    lookup: (c: CollectionName, id: string) => {
      const key = `${c}/${id}`;
      if (!lookups.has(key)) throw new Error(`${key} was not read before the write rules asked for it`);
      return lookups.get(key) ?? null;
    },
  };
  const conflicts: StoredDoc[] = [];
  const writes: { row: DocWrite; doc: StoredDoc }[] = [];
  const current = new Map(storedNow);
  for (const row of rows) {
    let next = { ...row.newDocumentState, _deleted: row.newDocumentState._deleted === true } as StoredDoc;
    const stored = current.get(next.id) ?? null;
    if (stored && !canRead(collection, actor, stored)) {
      throw new HttpError(403, 'forbidden', `${collection} ${next.id} is not yours to change`, 'id');
    }
    if (stored && jsonEqual(stored, next)) continue;
    const assumed = row.assumedMasterState
      ? ({ ...row.assumedMasterState, _deleted: row.assumedMasterState._deleted === true } as StoredDoc)
      : null;
    if (stored && (!assumed || !jsonEqual(stored, assumed))) {
      conflicts.push(stored);
      continue;
    }
    const denial = checkWrite(collection, actor, stored, next, ctx);
    if (denial) throw new HttpError(403, 'forbidden', denial.message, denial.field ?? undefined);
    const filled = withServerFields(collection, actor, stored, next, ctx);
    if ('denial' in filled) {
      throw new HttpError(403, 'forbidden', filled.denial.message, filled.denial.field ?? undefined);
    }
    next = filled.doc as StoredDoc;
    if (collection === 'scripts') {
      const refused = checkScriptChange(stored as unknown as Script | null, next as unknown as Script, now.getTime());
      if (refused) throw new HttpError(403, 'script_locked', refused, 'nodes');
    }
    if (collection === 'requests') {
      const refused = checkRequestTransition(
        actor,
        stored as unknown as SalesRequest | null,
        next as unknown as SalesRequest,
      );
      if (refused) throw new HttpError(403, 'transition', refused, 'status');
      if (stored && stored.status !== next.status) {
        const event = statusEvent(
          stored as unknown as SalesRequest,
          next as unknown as SalesRequest,
          actor.id,
          now.getTime(),
          uuidv7(now.getTime()),
        );
        const doc = { ...event, _deleted: false } as unknown as StoredDoc;
        writes.push({ row: docWrite('requestEvents', actor, doc, 'create', now), doc });
      }
    }
    writes.push({
      row: docWrite(collection, actor, next, stored ? (next._deleted ? 'delete' : 'update') : 'create', now),
      doc: next,
    });
    // A later row of the same push sees this one as stored.
    current.set(next.id, next);
  }
  return { conflicts, writes };
}

/** A document write as the store hands it down: the document, its readers and its audit entry. */
export function docWrite(
  collection: CollectionName,
  actor: Actor,
  doc: StoredDoc,
  action: string,
  now: Date,
): DocWrite {
  return {
    collection,
    id: doc.id,
    deleted: doc._deleted,
    data: JSON.stringify(doc),
    readers: readKeys(collection, doc),
    at: now.toISOString(),
    userId: actor.id,
    role: actor.role,
    action,
  };
}

/** The stored documents the write rules may look up for these new states (what they point at). */
function lookupsFor(collection: CollectionName, states: Record<string, unknown>[]): [CollectionName, string][] {
  const found = new Map<string, [CollectionName, string]>();
  for (const [field, owner] of Object.entries(OWNERSHIP[collection].fields)) {
    if (!owner.refers) continue;
    for (const state of states) {
      const id = String(state[field]);
      found.set(`${owner.refers.collection}/${id}`, [owner.refers.collection, id]);
    }
  }
  return [...found.values()];
}
