import type { CollectionName } from '../../shared/core/types.ts';
import type { CallTally, RequestTally } from '../../shared/figures/funnel.ts';
import type { SalesRows } from './sales-figures.ts';
import type { ScriptRows } from './script-figures.ts';
import type { SlaCutoffs } from '../../shared/requests/sla.ts';
import type { AuditEntry, AuditQuery } from '../../shared/sync/wire.ts';

/**
 * The seam between the server and its database. Two implementations keep the same promises: the
 * embedded SQLite file (`sqlite-backend.ts`, the default) and PostgreSQL shared by several server
 * instances (`postgres-backend.ts`). What a document means, who may write it and what the server
 * fills lives above this seam (`doc-store.ts`); below it are only rows. `tests/storage` holds both
 * to the same suite.
 */

/** A document as stored: its JSON text, the server's sequence number and whether it is a tombstone. */
export interface DocRow {
  seq: number;
  data: string;
  deleted: boolean;
}

/** One document write: the document's row and its audit entry (one sequence number for both). */
export interface DocWrite {
  collection: CollectionName;
  id: string;
  deleted: boolean;
  /** The whole document as JSON. */
  data: string;
  /** Who may read it under an "own" rule ('' when nobody in particular, '*' for everyone). */
  readers: readonly [string, string];
  at: string;
  userId: string;
  role: string;
  action: string;
}

/** An audit entry that is not a document write (sign-ins, resets, erasures), its data as JSON. */
export type AuditEventRow = Omit<AuditEntry, 'seq' | 'data'> & { data: string };

export interface AuditRow extends AuditEventRow {
  seq: number;
}

export interface SessionRow {
  id: string;
  userId: string;
  refreshHash: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  prevHash: string | null;
  rotatedAt: number;
  chainKey: string;
}

/** Every query the server makes. Inside `Backend.transaction` they run on the transaction's connection. */
export interface Queries {
  /** `lock` takes the row for the rest of the transaction (a claim reads and decides in one). */
  getDoc(collection: CollectionName, id: string, lock?: boolean): Promise<DocRow | null>;
  /** Documents with seq > `after`, in seq order; `reader` limits them to one reader's (through an index). */
  pull(collection: CollectionName, after: number, limit: number, reader?: string): Promise<DocRow[]>;
  countLive(collection: CollectionName): Promise<number>;
  allLive(collection: CollectionName): Promise<DocRow[]>;
  /** Documents (deleted ones too) whose top-level `field` holds one of `values`. */
  byField(collection: CollectionName, field: string, values: readonly string[]): Promise<DocRow[]>;
  /** Open personal callbacks due at or before `dueBy`, through their partial index. */
  openPersonalCallbacksDueBy(dueBy: number): Promise<DocRow[]>;
  /**
   * The stored tallies of calls started in the hours `fromHour` ≤ h < `toHour` (hours since the
   * epoch), one per operator, list and script version: the database keeps them as calls are written.
   */
  callTallies(fromHour: number, toHour: number): Promise<CallTally[]>;
  /** Requests created in `from` ≤ t < `to` (ms), with the keys of the call each came from. */
  requestTallies(from: number, to: number): Promise<RequestTally[]>;
  /** The dashboard's SLA and pipeline inputs (sales-figures.ts), stalled counted at `cutoffs`. */
  salesRows(cutoffs: SlaCutoffs): Promise<SalesRows>;
  /** The script editor's figures of one version (script-figures.ts), from the kept tables. */
  scriptRows(scriptId: string, version: number): Promise<ScriptRows>;
  /**
   * Writes a document and its audit entry; returns the sequence number. Sequence numbers become
   * visible in the order they were given: a reader that has seen seq n has seen every write below n.
   */
  writeDoc(write: DocWrite): Promise<number>;
  appendAudit(event: AuditEventRow): Promise<void>;
  auditLog(query: AuditQuery, limit: number): Promise<AuditRow[]>;
  /** Every audit copy of one document (for erasure). */
  auditCopies(collection: CollectionName, docId: string): Promise<{ seq: number; data: string }[]>;
  /** Replaces an audit entry's copy of a document with an erased one; nothing else of it may change. */
  rewriteAuditCopy(seq: number, data: string): Promise<void>;

  credentialByUsername(username: string): Promise<{ userId: string; passwordHash: string } | null>;
  /** False when the username (any case) is taken. */
  insertCredential(userId: string, username: string, passwordHash: string): Promise<boolean>;
  setPassword(userId: string, passwordHash: string): Promise<void>;
  getSession(id: string, lock?: boolean): Promise<SessionRow | null>;
  insertSession(session: SessionRow): Promise<void>;
  rotateSession(id: string, refreshHash: string, prevHash: string, rotatedAt: number): Promise<void>;
  /** Revokes the live ones among `ids`; returns those it revoked. */
  revokeSessions(ids: readonly string[], at: number): Promise<string[]>;
  liveSessionIds(userId: string): Promise<string[]>;

  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;
  deleteMeta(key: string): Promise<void>;
}

/** What a write decided on a read assumes: the document's sequence number then, or null for "not stored". */
export interface Expectation {
  collection: CollectionName;
  id: string;
  seq: number | null;
}

/** What other server instances on the same store did (PostgreSQL; an embedded store has no others). */
export interface RemoteListener {
  /** Documents another instance wrote, in commit order. */
  writes(collection: CollectionName, rows: DocRow[]): void;
  /** A message another instance broadcast. */
  message(topic: string, data: unknown): void;
  /** The link to the others was lost and made again: whatever they sent meanwhile is unknown. */
  gap(): void;
}

export interface Backend extends Queries {
  readonly kind: 'sqlite' | 'postgres';
  /** All of `fn` lands or none of it. Writes by other transactions wait or fail; never interleave. */
  transaction<T>(fn: (q: Queries) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` unless another holder (in this process or another instance) runs the job `name`
   * right now: a periodic job runs once across instances. Returns whether it ran.
   */
  runExclusive(name: string, fn: () => Promise<void>): Promise<boolean>;
  /**
   * Writes `writes` in one transaction if every expectation still holds, and returns their sequence
   * numbers in order; returns null, writing nothing, when one does not (read again and decide
   * again). The hot writes (pushes, claims) decide outside any lock and commit here: on PostgreSQL
   * in one round trip, so the write lock is held for the database's own work only.
   */
  commit(expected: readonly Expectation[], writes: readonly DocWrite[]): Promise<number[] | null>;
  /** Starts hearing other instances; resolves once it listens. */
  listen(listener: RemoteListener): Promise<void>;
  /** Tells every other instance (session revocations, presence). */
  broadcast(topic: string, data: unknown): Promise<void>;
  /** SQL written here for tests and diagnostics (never anything a client sent): its rows. */
  sql(text: string, params?: readonly (string | number | null)[]): Promise<Record<string, unknown>[]>;
  /**
   * Whether this instance can serve: the store answers a trivial read within `timeoutMs`, and on
   * PostgreSQL it hears the other instances. `problem` says what is wrong, for the load balancer's
   * health check and the operator who reads it.
   */
  health(timeoutMs: number): Promise<{ ok: true } | { ok: false; problem: string }>;
  /** After an erasure: old page images left in the database's own logs are dropped where it can. */
  compact(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A backend's own queries, outside any transaction: reads go to `reads`, single writes through
 * `write` (each backend decides how a lone write is made safe), documents in a transaction of their
 * own. The two backends differ in those three places only.
 */
export abstract class BackendFront implements Queries {
  /** Where reads outside a transaction run. */
  protected abstract get reads(): Queries;
  /** Runs one write outside a transaction. */
  protected abstract write<T>(fn: (q: Queries) => Promise<T>): Promise<T>;
  abstract transaction<T>(fn: (q: Queries) => Promise<T>): Promise<T>;

  getDoc = (c: CollectionName, id: string) => this.reads.getDoc(c, id);
  pull = (c: CollectionName, after: number, limit: number, reader?: string) => this.reads.pull(c, after, limit, reader);
  countLive = (c: CollectionName) => this.reads.countLive(c);
  allLive = (c: CollectionName) => this.reads.allLive(c);
  byField = (c: CollectionName, field: string, values: readonly string[]) => this.reads.byField(c, field, values);
  openPersonalCallbacksDueBy = (dueBy: number) => this.reads.openPersonalCallbacksDueBy(dueBy);
  callTallies = (fromHour: number, toHour: number) => this.reads.callTallies(fromHour, toHour);
  requestTallies = (from: number, to: number) => this.reads.requestTallies(from, to);
  salesRows = (cutoffs: SlaCutoffs) => this.reads.salesRows(cutoffs);
  scriptRows = (scriptId: string, version: number) => this.reads.scriptRows(scriptId, version);
  auditLog = (query: AuditQuery, limit: number) => this.reads.auditLog(query, limit);
  auditCopies = (c: CollectionName, docId: string) => this.reads.auditCopies(c, docId);
  credentialByUsername = (username: string) => this.reads.credentialByUsername(username);
  getSession = (id: string) => this.reads.getSession(id);
  liveSessionIds = (userId: string) => this.reads.liveSessionIds(userId);
  getMeta = (key: string) => this.reads.getMeta(key);

  writeDoc = (w: DocWrite) => this.transaction((q) => q.writeDoc(w));
  appendAudit = (e: AuditEventRow) => this.write((q) => q.appendAudit(e));
  rewriteAuditCopy = (seq: number, data: string) => this.write((q) => q.rewriteAuditCopy(seq, data));
  insertCredential = (userId: string, username: string, hash: string) =>
    this.write((q) => q.insertCredential(userId, username, hash));
  setPassword = (userId: string, hash: string) => this.write((q) => q.setPassword(userId, hash));
  insertSession = (s: SessionRow) => this.write((q) => q.insertSession(s));
  rotateSession = (id: string, refreshHash: string, prevHash: string, at: number) =>
    this.write((q) => q.rotateSession(id, refreshHash, prevHash, at));
  revokeSessions = (ids: readonly string[], at: number) => this.write((q) => q.revokeSessions(ids, at));
  setMeta = (key: string, value: string) => this.write((q) => q.setMeta(key, value));
  deleteMeta = (key: string) => this.write((q) => q.deleteMeta(key));
}

/** An audit row as both databases name its columns. */
export function auditRowOf(r: Record<string, unknown>): AuditRow {
  return {
    seq: Number(r.seq),
    at: String(r.at),
    userId: String(r.user_id),
    role: String(r.role),
    collection: String(r.collection),
    docId: String(r.doc_id),
    action: String(r.action),
    data: String(r.data),
  };
}

/** A session row as both databases name its columns. */
export function sessionRowOf(r: Record<string, unknown>): SessionRow {
  return {
    id: String(r.id),
    userId: String(r.user_id),
    refreshHash: String(r.refresh_hash),
    createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
    prevHash: r.prev_hash === null ? null : String(r.prev_hash),
    rotatedAt: Number(r.rotated_at),
    chainKey: String(r.chain_key),
  };
}

/** Field names that may be used in a query as a JSON path (never anything a client typed). */
export function assertFieldName(field: string): void {
  if (!/^[A-Za-z]+$/.test(field)) throw new Error(`not a field name: ${field}`);
}

/** The audit log's filters as SQL conditions; `p(i)` writes the i-th placeholder in the dialect. */
export function auditWhere(
  query: AuditQuery,
  p: (i: number) => string,
): { where: string; params: (string | number)[] } {
  const conditions: string[] = [];
  const params: (string | number)[] = [];
  const add = (sql: (ph: string) => string, value: string | number) => {
    params.push(value);
    conditions.push(sql(p(params.length)));
  };
  if (query.user) {
    params.push(query.user);
    const ph = p(params.length);
    conditions.push(`(user_id = ${ph} OR doc_id = ${ph})`);
  }
  if (query.doc) add((ph) => `doc_id = ${ph}`, query.doc);
  if (query.from !== undefined) add((ph) => `at >= ${ph}`, new Date(query.from).toISOString());
  if (query.to !== undefined) add((ph) => `at < ${ph}`, new Date(query.to).toISOString());
  if (query.before !== undefined) add((ph) => `seq < ${ph}`, query.before);
  return { where: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** A row of summed call tallies (snake_case columns, both stores) as the funnel takes it. */
export function callTally(r: Record<string, unknown>): CallTally {
  return {
    operatorId: text(r.operator_id),
    callListId: text(r.list_id),
    scriptId: text(r.script_id),
    scriptVersion: Number(r.script_version),
    calls: Number(r.calls),
    contacts: Number(r.contacts),
    needsNow: Number(r.needs_now),
    futureNeeds: Number(r.future_needs),
  };
}

/**
 * The requests created in [$1, $2), counted by operator, status and their call's keys, from the
 * narrow rows both stores keep beside the documents (`request_figures`, `call_keys`): no document is
 * read or parsed, and a few thousand groups come back however many requests there are.
 */
export const REQUEST_TALLIES = `SELECT r.operator_id, r.status, count(*) AS count, sum(r.order_value) AS order_value,
    c.id IS NOT NULL AS has_call, c.operator_id AS call_operator_id, c.list_id, c.script_id, c.script_version
  FROM request_figures r LEFT JOIN call_keys c ON c.id = r.call_id
  WHERE r.created_at >= $1 AND r.created_at < $2
  GROUP BY r.operator_id, r.status, c.id IS NOT NULL, c.operator_id, c.list_id, c.script_id, c.script_version`;

/** A group of requests with its call's keys (`has_call` false: the call is not stored). */
export function requestTally(r: Record<string, unknown>): RequestTally {
  return {
    operatorId: text(r.operator_id),
    prospectId: '',
    status: text(r.status),
    count: Number(r.count),
    orderValue: Number(r.order_value ?? 0),
    call:
      r.has_call === true || Number(r.has_call) === 1
        ? {
            operatorId: text(r.call_operator_id),
            callListId: text(r.list_id),
            scriptId: text(r.script_id),
            scriptVersion: Number(r.script_version ?? 0),
          }
        : null,
  };
}
