import { type Actor, readRule } from '../../shared/security/policy.ts';
import { schemas } from '../../shared/schemas/index.ts';
import type { CollectionName, Settings } from '../../shared/core/types.ts';
import type { CallTally, PipelineTally, RequestTally } from '../../shared/figures/funnel.ts';
import type { SalesTallies } from '../../shared/requests/sla-report.ts';
import type { SlaCutoffs } from '../../shared/requests/sla.ts';
import { describeIssues, validate } from '../../shared/schemas/validate.ts';
import { upgrade } from '../../shared/schemas/versions.ts';
import type { AuditEntry, AuditQuery, Checkpoint, PullResponse, PushRow } from '../../shared/sync/wire.ts';
import { HttpError } from '../errors.ts';
import type { Backend, DocRow, Expectation, Queries } from './backend.ts';
import type { ScriptRows } from './script-figures.ts';
import { decidePush, docWrite } from './push-decision.ts';

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

const HOUR_MS = 3_600_000;

/** A document the server itself writes must still fit the schema: a bug here fails loudly. */
function assertValid(collection: CollectionName, doc: StoredDoc): void {
  const { _deleted, ...fields } = doc;
  const issues = validate(schemas[collection], fields);
  if (issues.length > 0) throw new Error(`${collection}/${doc.id}: ${describeIssues(issues)}`);
}

/**
 * Documents of every collection, ordered by the server's own sequence (the audit log's key), so
 * client clocks never decide order. Deletes are tombstones. Bookkeeping (seq, writer) lives in
 * columns and the audit log, never inside the document a client pulls. The rules of a write live
 * here; the rows live behind `Backend` (SQLite or PostgreSQL).
 */
export class DocStore {
  readonly #backend: Backend;
  /** The queries this store runs: the backend's, or one transaction's. */
  readonly #q: Queries;
  readonly #inTransaction: boolean;

  constructor(backend: Backend, q: Queries = backend, inTransaction = false) {
    this.#backend = backend;
    this.#q = q;
    this.#inTransaction = inTransaction;
  }

  /** Runs `fn` in one write transaction (erasure, escalation, system writes); inside one already, joins it. */
  transact<T>(fn: (docs: DocStore) => Promise<T>): Promise<T> {
    if (this.#inTransaction) return fn(this);
    return this.#backend.transaction((q) => fn(new DocStore(this.#backend, q, true)));
  }

  /** Runs a periodic job unless another instance runs it right now. */
  runExclusive(name: string, fn: () => Promise<void>): Promise<boolean> {
    return this.#backend.runExclusive(name, fn);
  }

  /** `lock` (inside a transaction) holds the document until the transaction ends. */
  async get(collection: CollectionName, id: string, lock = false): Promise<StoredDoc | null> {
    const row = await this.#q.getDoc(collection, id, lock);
    return row ? toDoc(collection, row) : null;
  }

  count(collection: CollectionName): Promise<number> {
    return this.#q.countLive(collection);
  }

  /**
   * Documents after `checkpoint` that the actor may read. A role that reads only its own documents
   * is filtered in the database by the reader columns; it never scans what it may not read.
   */
  async pull(
    collection: CollectionName,
    actor: Actor,
    checkpoint: Checkpoint | null,
    batchSize: number,
  ): Promise<PullResponse> {
    const after = checkpoint?.seq ?? 0;
    const rule = readRule(collection, actor.role);
    if (rule === 'none') return { documents: [], checkpoint: { seq: after } };
    const rows = await this.#q.pull(collection, after, batchSize, rule === 'own' ? actor.id : undefined);
    const last = rows.at(-1);
    return { documents: rows.map((r) => toDoc(collection, r)), checkpoint: { seq: last ? last.seq : after } };
  }

  /**
   * Applies a push, all of it or none of it. Every row is validated first: one bad row rejects the
   * whole push and changes nothing. A document the pusher may not read is answered as if it were not
   * there to be changed (never with its content). A row whose assumed master state is not the stored
   * document conflicts (the stored one comes back); a replay of a write that already landed is a
   * no-op. Then the ownership table decides, from the stored document, and the server fills the
   * fields it owns. The decision is made on a read and committed only if nothing it read has changed
   * since (`Backend.commit`); otherwise it is read and decided again.
   */
  async push(collection: CollectionName, actor: Actor, pushed: PushRow[], now = new Date()): Promise<PushOutcome> {
    for (let attempt = 1; ; attempt++) {
      const expected: Expectation[] = [];
      const settings = (await this.get('settings', 'global')) as unknown as Settings | null;
      const decided = await decidePush(collection, actor, pushed, now, this.#recording(expected), settings);
      if (decided.writes.length === 0) return { conflicts: decided.conflicts, written: [], derived: [] };
      const seqs = await this.#backend.commit(
        expected,
        decided.writes.map((w) => w.row),
      );
      if (seqs) {
        const written: WrittenDoc[] = [];
        const events: WrittenDoc[] = [];
        decided.writes.forEach((w, i) =>
          (w.row.collection === collection ? written : events).push({ seq: seqs[i]!, doc: w.doc }),
        );
        return {
          conflicts: decided.conflicts,
          written,
          derived: events.length > 0 ? [{ collection: 'requestEvents' as const, written: events }] : [],
        };
      }
      if (attempt >= MAX_ATTEMPTS)
        throw new HttpError(503, 'busy', 'The server is busy with these documents: try again');
    }
  }

  /**
   * A write the server decides (a claim): `decide` reads through `read` and says what to write;
   * it is committed only if nothing it read has changed since, or read and decided again. Written
   * under `actor`; the schema applies, the role policy is the caller's business.
   */
  async decide<T>(
    actor: Actor,
    now: Date,
    decide: (
      read: (c: CollectionName, id: string) => Promise<StoredDoc | null>,
    ) => Promise<{ result: T; writes: { collection: CollectionName; doc: StoredDoc }[] }>,
  ): Promise<{ result: T; written: WrittenDoc[] }> {
    for (let attempt = 1; ; attempt++) {
      const expected: Expectation[] = [];
      const { result, writes } = await decide(this.#recording(expected));
      if (writes.length === 0) return { result, written: [] };
      for (const { collection, doc } of writes) assertValid(collection, doc);
      const actions = writes.map(({ collection, doc }) =>
        docWrite(
          collection,
          actor,
          doc,
          expected.some((e) => e.id === doc.id && e.seq !== null) ? 'update' : 'create',
          now,
        ),
      );
      const seqs = await this.#backend.commit(expected, actions);
      if (seqs) return { result, written: writes.map((w, i) => ({ seq: seqs[i]!, doc: w.doc })) };
      if (attempt >= MAX_ATTEMPTS)
        throw new HttpError(503, 'busy', 'The server is busy with these documents: try again');
    }
  }

  /** Reads documents, noting in `expected` what each was, for a commit that must find them unchanged. */
  #recording(expected: Expectation[]): (c: CollectionName, id: string) => Promise<StoredDoc | null> {
    return async (c, id) => {
      const row = await this.#q.getDoc(c, id);
      expected.push({ collection: c, id, seq: row?.seq ?? null });
      return row ? toDoc(c, row) : null;
    };
  }

  /** Writes as the system (defaults, seeds, admin endpoints), bypassing the role policy but not the schema. */
  writeSystem(collection: CollectionName, docs: StoredDoc[], now = new Date()): Promise<WrittenDoc[]> {
    return this.writeAs(collection, SYSTEM_ACTOR, docs, now);
  }

  /**
   * Writes documents the server itself decided on (claims, escalations), audited under `actor`.
   * The schema still applies; the role policy is the caller's business.
   */
  writeAs(collection: CollectionName, actor: Actor, docs: StoredDoc[], now = new Date()): Promise<WrittenDoc[]> {
    for (const doc of docs) assertValid(collection, doc);
    return this.transact(async (tx) => {
      const written: WrittenDoc[] = [];
      for (const doc of docs) {
        const exists = (await tx.#q.getDoc(collection, doc.id)) !== null;
        written.push(await tx.#write(collection, actor, doc, exists ? 'update' : 'create', now));
      }
      return written;
    });
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
  ): Promise<void> {
    return this.#q.appendAudit({
      at: now.toISOString(),
      userId: actor?.id ?? '',
      role: actor?.role ?? '',
      collection: event === 'erase' ? 'admin' : 'auth',
      docId: subject,
      action: event,
      data: JSON.stringify(detail),
    });
  }

  /** The audit log, newest first, filtered as the audit screen asks. */
  async auditLog(query: AuditQuery): Promise<AuditEntry[]> {
    const limit = Math.min(Math.max(query.limit ?? 200, 1), 1000);
    const rows = await this.#q.auditLog(query, limit);
    return rows.map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
  }

  /**
   * Replaces every audit copy of a document with `scrub(copy)`, marked erased at `erasedAt`; who
   * did what, when, to which document stays. Returns how many copies there were.
   */
  async eraseAuditCopies(
    collection: CollectionName,
    docId: string,
    scrub: (copy: Record<string, unknown>) => Record<string, unknown>,
    erasedAt: string,
  ): Promise<number> {
    const copies = await this.#q.auditCopies(collection, docId);
    for (const copy of copies) {
      const scrubbed = { ...scrub(JSON.parse(copy.data) as Record<string, unknown>), erased: erasedAt };
      await this.#q.rewriteAuditCopy(copy.seq, JSON.stringify(scrubbed));
    }
    return copies.length;
  }

  /** Drops old page images the database keeps in its own logs (after an erasure). */
  compact(): Promise<void> {
    return this.#backend.compact();
  }

  /** Documents (deleted ones too) whose `field` holds one of `values`: the ones about a prospect, for erasure. */
  async byField(collection: CollectionName, field: string, values: readonly string[]): Promise<StoredDoc[]> {
    const rows = await this.#q.byField(collection, field, values);
    return rows.map((r) => toDoc(collection, r));
  }

  /** Open personal callbacks due at or before `dueBy`, read through their partial index. */
  async openPersonalCallbacksDueBy(dueBy: number): Promise<StoredDoc[]> {
    const rows = await this.#q.openPersonalCallbacksDueBy(dueBy);
    return rows.map((r) => toDoc('callbacks', r));
  }

  /**
   * The funnel's inputs for a period from the database's own tallies (kept per hour by a trigger as
   * calls are written: see callFigures in sqlite-schema.ts): calls by the hours that start inside it,
   * requests by their creation time.
   */
  async funnelInputs(from: number, to: number): Promise<{ tallies: CallTally[]; requests: RequestTally[] }> {
    const [tallies, requests] = await Promise.all([
      this.#q.callTallies(Math.ceil(from / HOUR_MS), Math.ceil(to / HOUR_MS)),
      this.#q.requestTallies(from, to),
    ]);
    return { tallies, requests };
  }

  /** The dashboard's SLA and pipeline inputs from the kept tallies, stalled counted at `cutoffs`. */
  async salesFigures(cutoffs: SlaCutoffs): Promise<{ tallies: SalesTallies; pipeline: PipelineTally[] }> {
    const { pipeline, ...tallies } = await this.#q.salesRows(cutoffs);
    return { tallies, pipeline };
  }

  /** The script editor's figures of one version, from the tables the database keeps as calls are written. */
  scriptFigures(scriptId: string, version: number): Promise<ScriptRows> {
    return this.#q.scriptRows(scriptId, version);
  }

  /** Rows another instance wrote, as the streams send them. */
  written(collection: CollectionName, rows: DocRow[]): WrittenDoc[] {
    return rows.map((row) => ({ seq: row.seq, doc: toDoc(collection, row) }));
  }

  /** Every live document of a collection (server jobs over small collections such as users). */
  async all(collection: CollectionName): Promise<StoredDoc[]> {
    const rows = await this.#q.allLive(collection);
    return rows.map((r) => toDoc(collection, r));
  }

  async #write(
    collection: CollectionName,
    actor: Actor,
    doc: StoredDoc,
    action: string,
    now: Date,
  ): Promise<WrittenDoc> {
    return { seq: await this.#q.writeDoc(docWrite(collection, actor, doc, action, now)), doc };
  }
}

/** How many times a write decided on a read is read and decided again before the caller hears "busy". */
const MAX_ATTEMPTS = 50;

/** A stored row as a document of the current schema version (older rows are filled as versions.ts says). */
function toDoc(collection: CollectionName, row: DocRow): StoredDoc {
  const doc = upgrade(collection, JSON.parse(row.data) as StoredDoc);
  doc._deleted = row.deleted;
  return doc;
}

/** Audit entries that are events rather than document writes. */
export type AuditEvent =
  'sign_in' | 'sign_in_failed' | 'sign_out' | 'password_reset' | 'sessions_ended' | 'key_rotated' | 'erase';
