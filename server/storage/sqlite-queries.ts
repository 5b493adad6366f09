import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { CollectionName } from '../../shared/core/types.ts';
import type { AuditQuery } from '../../shared/sync/wire.ts';
import {
  assertFieldName,
  type AuditEventRow,
  type AuditRow,
  auditWhere,
  type DocRow,
  type DocWrite,
  type Queries,
  type SessionRow,
  sessionRowOf,
  auditRowOf,
  callTally,
  REQUEST_TALLIES,
  requestTally,
} from './backend.ts';
import type { CallTally, RequestTally } from '../../shared/figures/funnel.ts';
import type { SlaCutoffs } from '../../shared/requests/sla.ts';
import { scriptQueries, scriptRows, type ScriptRows } from './script-figures.ts';
import {
  acceptRow,
  cutoffParams,
  escalationRow,
  openRow,
  pipelineRow,
  salesQueries,
  type SalesRows,
} from './sales-figures.ts';

const SALES = salesQueries('sqlite');
const SCRIPT = scriptQueries('sqlite');

export type Row = Record<string, SQLInputValue>;

const docRow = (r: Row): DocRow => ({ seq: Number(r.seq), data: String(r.data), deleted: Number(r.deleted) === 1 });

/** The queries on one connection, run at once (node:sqlite is synchronous). */
export class SqliteQueries implements Queries {
  readonly #db: DatabaseSync;
  readonly #cache = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  #sql(sql: string): StatementSync {
    let statement = this.#cache.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#cache.set(sql, statement);
    }
    return statement;
  }

  #all(sql: string, ...params: SQLInputValue[]): Row[] {
    return this.#sql(sql).all(...params) as Row[];
  }

  #get(sql: string, ...params: SQLInputValue[]): Row | undefined {
    return this.#sql(sql).get(...params) as Row | undefined;
  }

  async getDoc(collection: CollectionName, id: string): Promise<DocRow | null> {
    const row = this.#get('SELECT seq, data, deleted FROM docs WHERE collection = ? AND id = ?', collection, id);
    return row ? docRow(row) : null;
  }

  async pull(collection: CollectionName, after: number, limit: number, reader?: string): Promise<DocRow[]> {
    if (reader === undefined) {
      return this.#all(
        'SELECT seq, data, deleted FROM docs WHERE collection = ? AND seq > ? ORDER BY seq LIMIT ?',
        collection,
        after,
        limit,
      ).map(docRow);
    }
    // Each arm rides an index and reads at most one batch, so a pull never scans rows it may not return.
    const arm = (where: string) =>
      `SELECT * FROM (SELECT seq, data, deleted FROM docs WHERE collection = ?1 AND ${where} AND seq > ?3 ORDER BY seq LIMIT ?4)`;
    return this.#all(
      `${arm('reader1 = ?2')} UNION ALL ${arm("reader1 = '*'")}
       UNION ALL ${arm("reader2 = ?2 AND reader1 <> ?2 AND reader1 <> '*'")} ORDER BY seq LIMIT ?4`,
      collection,
      reader,
      after,
      limit,
    ).map(docRow);
  }

  async countLive(collection: CollectionName): Promise<number> {
    return Number(this.#get('SELECT COUNT(*) AS n FROM docs WHERE collection = ? AND deleted = 0', collection)?.n);
  }

  async allLive(collection: CollectionName): Promise<DocRow[]> {
    return this.#all('SELECT seq, data, deleted FROM docs WHERE collection = ? AND deleted = 0', collection).map(
      docRow,
    );
  }

  async byField(collection: CollectionName, field: string, values: readonly string[]): Promise<DocRow[]> {
    assertFieldName(field);
    if (values.length === 0) return [];
    return this.#db
      .prepare(
        `SELECT seq, data, deleted FROM docs WHERE collection = ? AND json_extract(data, '$.${field}') IN (${values.map(() => '?').join(', ')})`,
      )
      .all(collection, ...values)
      .map((r) => docRow(r as Row));
  }

  async openPersonalCallbacksDueBy(dueBy: number): Promise<DocRow[]> {
    return this.#all(
      `SELECT seq, data, deleted FROM docs INDEXED BY docs_callbacks_to_escalate
       WHERE collection = 'callbacks' AND deleted = 0
         AND json_extract(data, '$.scope') = 'personal' AND json_extract(data, '$.done') = 0
         AND json_extract(data, '$.dueAt') <= ?`,
      dueBy,
    ).map(docRow);
  }

  async callTallies(fromHour: number, toHour: number): Promise<CallTally[]> {
    return this.#all(
      `SELECT operator_id, list_id, script_id, script_version, sum(calls) AS calls, sum(contacts) AS contacts,
         sum(needs_now) AS needs_now, sum(future_needs) AS future_needs
       FROM call_figures WHERE hour >= ? AND hour < ? GROUP BY 1, 2, 3, 4 HAVING sum(calls) > 0`,
      fromHour,
      toHour,
    ).map(callTally);
  }

  async requestTallies(from: number, to: number): Promise<RequestTally[]> {
    return this.#all(REQUEST_TALLIES.replace('$1', '?').replace('$2', '?'), from, to).map(requestTally);
  }

  async salesRows(cutoffs: SlaCutoffs): Promise<SalesRows> {
    return {
      open: this.#all(SALES.open, ...cutoffParams(cutoffs)).map(openRow),
      accepts: this.#all(SALES.accepts).map(acceptRow),
      escalations: this.#all(SALES.escalations).map(escalationRow),
      pipeline: this.#all(SALES.pipeline).map(pipelineRow),
    };
  }

  async scriptRows(scriptId: string, version: number): Promise<ScriptRows> {
    return scriptRows(
      this.#all(SCRIPT.totals, scriptId, version),
      this.#all(SCRIPT.steps, scriptId, version),
      this.#all(SCRIPT.moves, scriptId, version),
    );
  }

  async writeDoc(w: DocWrite): Promise<number> {
    // The audit log's key is the sequence: one writer at a time, so numbers are visible in order.
    const result = this.#sql(
      'INSERT INTO audit (at, user_id, role, collection, doc_id, action, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(w.at, w.userId, w.role, w.collection, w.id, w.action, w.data);
    const seq = Number(result.lastInsertRowid);
    this.#sql(
      `INSERT INTO docs (collection, id, seq, deleted, data, reader1, reader2) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (collection, id) DO UPDATE SET seq = excluded.seq, deleted = excluded.deleted, data = excluded.data,
       reader1 = excluded.reader1, reader2 = excluded.reader2`,
    ).run(w.collection, w.id, seq, w.deleted ? 1 : 0, w.data, w.readers[0], w.readers[1]);
    return seq;
  }

  async appendAudit(e: AuditEventRow): Promise<void> {
    this.#sql(
      'INSERT INTO audit (at, user_id, role, collection, doc_id, action, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(e.at, e.userId, e.role, e.collection, e.docId, e.action, e.data);
  }

  async auditLog(query: AuditQuery, limit: number): Promise<AuditRow[]> {
    const { where, params } = auditWhere(query, (i) => `?${i}`);
    return this.#db
      .prepare(
        `SELECT seq, at, user_id, role, collection, doc_id, action, data FROM audit ${where}
         ORDER BY seq DESC LIMIT ?${params.length + 1}`,
      )
      .all(...params, limit)
      .map((row) => auditRowOf(row as Row));
  }

  async auditCopies(collection: CollectionName, docId: string): Promise<{ seq: number; data: string }[]> {
    return this.#all('SELECT seq, data FROM audit WHERE collection = ? AND doc_id = ?', collection, docId).map((r) => ({
      seq: Number(r.seq),
      data: String(r.data),
    }));
  }

  async rewriteAuditCopy(seq: number, data: string): Promise<void> {
    this.#sql('UPDATE audit SET data = ? WHERE seq = ?').run(data, seq);
  }

  async credentialByUsername(username: string): Promise<{ userId: string; passwordHash: string } | null> {
    const row = this.#get('SELECT user_id, password_hash FROM credentials WHERE username = ?', username);
    return row ? { userId: String(row.user_id), passwordHash: String(row.password_hash) } : null;
  }

  async insertCredential(userId: string, username: string, passwordHash: string): Promise<boolean> {
    const result = this.#sql(
      'INSERT INTO credentials (user_id, username, password_hash) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ).run(userId, username, passwordHash);
    return Number(result.changes) === 1;
  }

  async setPassword(userId: string, passwordHash: string): Promise<void> {
    this.#sql('UPDATE credentials SET password_hash = ? WHERE user_id = ?').run(passwordHash, userId);
  }

  async getSession(id: string): Promise<SessionRow | null> {
    const row = this.#get('SELECT * FROM sessions WHERE id = ?', id);
    return row ? sessionRowOf(row) : null;
  }

  async insertSession(s: SessionRow): Promise<void> {
    this.#sql(
      `INSERT INTO sessions (id, user_id, refresh_hash, created_at, expires_at, revoked_at, prev_hash, rotated_at, chain_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(s.id, s.userId, s.refreshHash, s.createdAt, s.expiresAt, s.revokedAt, s.prevHash, s.rotatedAt, s.chainKey);
  }

  async rotateSession(id: string, refreshHash: string, prevHash: string, rotatedAt: number): Promise<void> {
    this.#sql('UPDATE sessions SET refresh_hash = ?, prev_hash = ?, rotated_at = ? WHERE id = ?').run(
      refreshHash,
      prevHash,
      rotatedAt,
      id,
    );
  }

  async revokeSessions(ids: readonly string[], at: number): Promise<string[]> {
    const statement = this.#sql('UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
    return ids.filter((id) => Number(statement.run(at, id).changes) === 1);
  }

  async liveSessionIds(userId: string): Promise<string[]> {
    return this.#all('SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL', userId).map((r) =>
      String(r.id),
    );
  }

  async getMeta(key: string): Promise<string | null> {
    const row = this.#get('SELECT value FROM meta WHERE key = ?', key);
    return row ? String(row.value) : null;
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.#sql('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
      key,
      value,
    );
  }

  async deleteMeta(key: string): Promise<void> {
    this.#sql('DELETE FROM meta WHERE key = ?').run(key);
  }
}
