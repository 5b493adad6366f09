import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { jsonEqual } from '../../shared/core/equal.ts';
import { uuidv7 } from '../../shared/core/ids.ts';
import { type Actor, canRead, checkWrite, READ_KEYS, readKeys, readRule } from '../../shared/security/policy.ts';
import { withServerFields } from '../../shared/security/server-fields.ts';
import { contentIssues } from '../../shared/schemas/content.ts';
import { defaultSettings } from '../../shared/calling/defaults.ts';
import { checkRequestTransition, statusEvent } from '../../shared/requests/request-flow.ts';
import { checkScriptChange } from '../../shared/call-scripts/script-edit.ts';
import { schemas } from '../../shared/schemas/index.ts';
import type { CollectionName, SalesRequest, Script, Settings } from '../../shared/core/types.ts';
import { describeIssues, validate } from '../../shared/schemas/validate.ts';
import { upgrade } from '../../shared/schemas/versions.ts';
import type { AuditEntry, AuditQuery, Checkpoint, PullResponse, PushRow } from '../../shared/sync/wire.ts';
import { HttpError } from '../errors.ts';
import { transaction } from './sqlite.ts';

export type StoredDoc = Record<string, unknown> & { id: string; _deleted: boolean };

export interface WrittenDoc {
  seq: number;
  doc: StoredDoc;
}

export interface PushOutcome {
  conflicts: StoredDoc[];
  written: WrittenDoc[];
  /** Documents the server wrote because of the push (a request's history entries). */
  derived: { collection: CollectionName; written: WrittenDoc[] }[];
}

/** The system actor writes defaults, seeds and admin changes; it never comes from a request. */
export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'admin' };

/**
 * Documents of every collection, ordered by the server's own sequence (the audit log's key), so
 * client clocks never decide order. Deletes are tombstones. Bookkeeping (seq, writer) lives in
 * columns and the audit log, never inside the document a client pulls.
 */
export class DocStore {
  readonly #db: DatabaseSync;
  readonly #get: StatementSync;
  readonly #pull: StatementSync;
  readonly #pullOwn: StatementSync;
  readonly #audit: StatementSync;
  readonly #upsert: StatementSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#get = db.prepare('SELECT data, deleted FROM docs WHERE collection = ? AND id = ?');
    this.#pull = db.prepare(
      'SELECT seq, data, deleted FROM docs WHERE collection = ? AND seq > ? ORDER BY seq LIMIT ?',
    );
    // Each arm rides an index and reads at most one batch, so a pull never scans rows it may not return.
    const arm = (where: string) =>
      `SELECT * FROM (SELECT seq, data, deleted FROM docs WHERE collection = ?1 AND ${where} AND seq > ?3 ORDER BY seq LIMIT ?4)`;
    this.#pullOwn = db.prepare(
      `${arm('reader1 = ?2')} UNION ALL ${arm("reader1 = '*'")}
       UNION ALL ${arm("reader2 = ?2 AND reader1 <> ?2 AND reader1 <> '*'")} ORDER BY seq LIMIT ?4`,
    );
    this.#audit = db.prepare(
      'INSERT INTO audit (at, user_id, role, collection, doc_id, action, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.#upsert = db.prepare(
      `INSERT INTO docs (collection, id, seq, deleted, data, reader1, reader2) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (collection, id) DO UPDATE SET seq = excluded.seq, deleted = excluded.deleted, data = excluded.data,
       reader1 = excluded.reader1, reader2 = excluded.reader2`,
    );
    this.#fillReaders();
  }

  /** A store from before the reader columns gets them filled once. */
  #fillReaders(): void {
    const done = this.#db.prepare("SELECT value FROM meta WHERE key = 'readers_filled'").get() as
      { value: string } | undefined;
    if (!done || done.value === '1') return;
    transaction(this.#db, () => {
      const update = this.#db.prepare('UPDATE docs SET reader1 = ?, reader2 = ? WHERE collection = ? AND id = ?');
      for (const collection of Object.keys(READ_KEYS) as CollectionName[]) {
        const rows = this.#db.prepare('SELECT id, data FROM docs WHERE collection = ?').all(collection) as {
          id: string;
          data: string;
        }[];
        for (const row of rows)
          update.run(...readKeys(collection, JSON.parse(row.data) as StoredDoc), collection, row.id);
      }
      this.#db.prepare("UPDATE meta SET value = '1' WHERE key = 'readers_filled'").run();
    });
  }

  /** Runs `fn` in one write transaction (a claim reads and writes in one). */
  transact<T>(fn: () => T): T {
    return transaction(this.#db, fn);
  }

  get(collection: CollectionName, id: string): StoredDoc | null {
    const row = this.#get.get(collection, id) as { data: string; deleted: number } | undefined;
    return row ? toDoc(collection, row) : null;
  }

  count(collection: CollectionName): number {
    const row = this.#db
      .prepare('SELECT COUNT(*) AS n FROM docs WHERE collection = ? AND deleted = 0')
      .get(collection) as {
      n: number;
    };
    return Number(row.n);
  }

  /**
   * Documents after `checkpoint` that the actor may read. A role that reads only its own documents
   * is filtered in SQL by the reader columns; it never scans what it may not read.
   */
  pull(collection: CollectionName, actor: Actor, checkpoint: Checkpoint | null, batchSize: number): PullResponse {
    const after = checkpoint?.seq ?? 0;
    const rule = readRule(collection, actor.role);
    if (rule === 'none') return { documents: [], checkpoint: { seq: after } };
    const rows = (
      rule === 'own'
        ? this.#pullOwn.all(collection, actor.id, after, batchSize)
        : this.#pull.all(collection, after, batchSize)
    ) as { seq: number; data: string; deleted: number }[];
    const last = rows.at(-1);
    return { documents: rows.map((r) => toDoc(collection, r)), checkpoint: { seq: last ? Number(last.seq) : after } };
  }

  /**
   * Applies a push in one transaction. Every row is validated first: one bad row rejects the whole
   * push and changes nothing. A document the pusher may not read is answered as if it were not there
   * to be changed (never with its content). A row whose assumed master state is not the stored
   * document conflicts (the stored one comes back); a replay of a write that already landed is a
   * no-op. Then the ownership table decides, from the stored document, and the server fills the
   * fields it owns.
   */
  push(collection: CollectionName, actor: Actor, pushed: PushRow[], now = new Date()): PushOutcome {
    const schema = schemas[collection];
    // A workstation on an older version leaves out the fields it does not know: they keep their stored values.
    const rows = pushed.map((row) => {
      const id = (row.newDocumentState as { id?: unknown }).id;
      const stored = () => (typeof id === 'string' ? this.get(collection, id) : null);
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
    return transaction(this.#db, () => {
      const conflicts: StoredDoc[] = [];
      const written: WrittenDoc[] = [];
      const events: WrittenDoc[] = [];
      const settings = {
        ...defaultSettings(now.getTime()),
        ...(this.get('settings', 'global') as unknown as Settings | null),
      };
      const ctx = {
        now: now.getTime(),
        claimMs: settings.claimMinutes * 60_000,
        settings,
        lookup: (c: CollectionName, id: string) => {
          const doc = this.get(c, id);
          return doc && !doc._deleted ? doc : null;
        },
      };
      for (const row of rows) {
        let next = { ...row.newDocumentState, _deleted: row.newDocumentState._deleted === true } as StoredDoc;
        const stored = this.get(collection, next.id);
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
          const refused = checkScriptChange(
            stored as unknown as Script | null,
            next as unknown as Script,
            now.getTime(),
          );
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
            events.push(this.#write('requestEvents', actor, { ...event, _deleted: false }, 'create', now));
          }
        }
        written.push(
          this.#write(collection, actor, next, stored ? (next._deleted ? 'delete' : 'update') : 'create', now),
        );
      }
      return {
        conflicts,
        written,
        derived: events.length > 0 ? [{ collection: 'requestEvents' as const, written: events }] : [],
      };
    });
  }

  /** Writes as the system (defaults, seeds, admin endpoints), bypassing the role policy but not the schema. */
  writeSystem(collection: CollectionName, docs: StoredDoc[], now = new Date()): WrittenDoc[] {
    return this.writeAs(collection, SYSTEM_ACTOR, docs, now);
  }

  /**
   * Writes documents the server itself decided on (claims, escalations), audited under `actor`.
   * The schema still applies; the role policy is the caller's business.
   */
  writeAs(collection: CollectionName, actor: Actor, docs: StoredDoc[], now = new Date()): WrittenDoc[] {
    for (const doc of docs) {
      const { _deleted, ...fields } = doc;
      const issues = validate(schemas[collection], fields);
      if (issues.length > 0) throw new Error(`${collection}/${doc.id}: ${describeIssues(issues)}`);
    }
    return transaction(this.#db, () =>
      docs.map((doc) => this.#write(collection, actor, doc, this.get(collection, doc.id) ? 'update' : 'create', now)),
    );
  }

  /**
   * An event in the audit log that is not a document write: sign-ins, resets, key rotations,
   * erasures. `subject` is whom or what it concerns (a user id, a username that failed, a document).
   */
  record(
    actor: Actor | null,
    event: AuditEvent,
    subject: string,
    detail: Record<string, unknown> = {},
    now = new Date(),
  ): void {
    const collection = event === 'erase' ? 'admin' : 'auth';
    this.#audit.run(
      now.toISOString(),
      actor?.id ?? '',
      actor?.role ?? '',
      collection,
      subject,
      event,
      JSON.stringify(detail),
    );
  }

  /** The audit log, newest first, filtered as the audit screen asks. */
  auditLog(query: AuditQuery): AuditEntry[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (query.user) {
      where.push('(user_id = ? OR doc_id = ?)');
      params.push(query.user, query.user);
    }
    if (query.doc) {
      where.push('doc_id = ?');
      params.push(query.doc);
    }
    if (query.from !== undefined) {
      where.push('at >= ?');
      params.push(new Date(query.from).toISOString());
    }
    if (query.to !== undefined) {
      where.push('at < ?');
      params.push(new Date(query.to).toISOString());
    }
    if (query.before !== undefined) {
      where.push('seq < ?');
      params.push(query.before);
    }
    const limit = Math.min(Math.max(query.limit ?? 200, 1), 1000);
    const rows = this.#db
      .prepare(
        `SELECT seq, at, user_id, role, collection, doc_id, action, data FROM audit
         ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`,
      )
      .all(...params, limit) as {
      seq: number;
      at: string;
      user_id: string;
      role: string;
      collection: string;
      doc_id: string;
      action: string;
      data: string;
    }[];
    return rows.map((r) => ({
      seq: Number(r.seq),
      at: r.at,
      userId: r.user_id,
      role: r.role,
      collection: r.collection,
      docId: r.doc_id,
      action: r.action,
      data: JSON.parse(r.data) as Record<string, unknown>,
    }));
  }

  /** Documents (deleted ones too) whose `field` holds one of `values`: the ones about a prospect, for erasure. */
  byField(collection: CollectionName, field: string, values: readonly string[]): StoredDoc[] {
    if (!/^[A-Za-z]+$/.test(field)) throw new Error(`not a field name: ${field}`);
    const rows = this.#db
      .prepare(
        `SELECT data, deleted FROM docs WHERE collection = ? AND json_extract(data, '$.${field}') IN (${values.map(() => '?').join(', ')})`,
      )
      .all(collection, ...values) as { data: string; deleted: number }[];
    return rows.map((r) => toDoc(collection, r));
  }

  /** Open personal callbacks due at or before `dueBy`, read through their partial index. */
  openPersonalCallbacksDueBy(dueBy: number): StoredDoc[] {
    const rows = this.#db
      .prepare(
        `SELECT data, deleted FROM docs INDEXED BY docs_callbacks_to_escalate
         WHERE collection = 'callbacks' AND deleted = 0
           AND json_extract(data, '$.scope') = 'personal' AND json_extract(data, '$.done') = 0
           AND json_extract(data, '$.dueAt') <= ?`,
      )
      .all(dueBy) as { data: string; deleted: number }[];
    return rows.map((r) => toDoc('callbacks', r));
  }

  /** Every live document of a collection (server jobs over small collections such as callbacks). */
  all(collection: CollectionName): StoredDoc[] {
    const rows = this.#db
      .prepare('SELECT data, deleted FROM docs WHERE collection = ? AND deleted = 0')
      .all(collection) as { data: string; deleted: number }[];
    return rows.map((r) => toDoc(collection, r));
  }

  #write(collection: CollectionName, actor: Actor, doc: StoredDoc, action: string, now: Date): WrittenDoc {
    const data = JSON.stringify(doc);
    const result = this.#audit.run(now.toISOString(), actor.id, actor.role, collection, doc.id, action, data);
    const seq = Number(result.lastInsertRowid);
    this.#upsert.run(collection, doc.id, seq, doc._deleted ? 1 : 0, data, ...readKeys(collection, doc));
    return { seq, doc };
  }
}

/** A stored row as a document of the current schema version (older rows are filled as versions.ts says). */
function toDoc(collection: CollectionName, row: { data: string; deleted: number }): StoredDoc {
  const doc = upgrade(collection, JSON.parse(row.data) as StoredDoc);
  doc._deleted = Number(row.deleted) === 1;
  return doc;
}

/** Audit entries that are events rather than document writes. */
export type AuditEvent =
  'sign_in' | 'sign_in_failed' | 'sign_out' | 'password_reset' | 'sessions_ended' | 'key_rotated' | 'erase';
