import type { PoolClient } from 'pg';
import type { CollectionName } from '../../shared/core/types.ts';
import type { AuditQuery } from '../../shared/sync/wire.ts';
import {
  assertFieldName,
  type AuditEventRow,
  type AuditRow,
  auditRowOf,
  auditWhere,
  type DocRow,
  type DocWrite,
  type Queries,
  type SessionRow,
  sessionRowOf,
  callTally,
  REQUEST_TALLIES,
  requestTally,
} from './backend.ts';
import type { CallTally, RequestTally } from '../../shared/figures/funnel.ts';
import type { SlaCutoffs } from '../../shared/requests/sla.ts';
import {
  acceptRow,
  cutoffParams,
  escalationRow,
  openRow,
  pipelineRow,
  salesQueries,
  type SalesRows,
} from './sales-figures.ts';
import { scriptQueries, scriptRows, type ScriptRows } from './script-figures.ts';

export type Row = Record<string, unknown>;
/** A pool or one checked-out client: both answer `query`. */
type Runner = Pick<PoolClient, 'query'>;

export const docRow = (r: Row): DocRow => ({ seq: Number(r.seq), data: String(r.data), deleted: r.deleted === true });
export const DOC_COLUMNS = 'seq, data::text AS data, deleted';
const SALES = salesQueries('postgres');
const SCRIPT = scriptQueries('postgres');

/** The queries on one runner: the pool, or the client of one transaction. */
export class PgQueries implements Queries {
  readonly #db: Runner;
  readonly #inTransaction: boolean;
  /** The sequence range each collection's writes took in this transaction (told to the others at commit). */
  readonly written = new Map<CollectionName, { from: number; to: number }>();

  constructor(db: Runner, inTransaction: boolean) {
    this.#db = db;
    this.#inTransaction = inTransaction;
  }

  async #rows(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.#db.query<Row>(sql, params)).rows;
  }

  async getDoc(collection: CollectionName, id: string, lock = false): Promise<DocRow | null> {
    const [row] = await this.#rows(
      `SELECT ${DOC_COLUMNS} FROM docs WHERE collection = $1 AND id = $2${lock && this.#inTransaction ? ' FOR UPDATE' : ''}`,
      [collection, id],
    );
    return row ? docRow(row) : null;
  }

  async pull(collection: CollectionName, after: number, limit: number, reader?: string): Promise<DocRow[]> {
    if (reader === undefined) {
      return (
        await this.#rows(`SELECT ${DOC_COLUMNS} FROM docs WHERE collection = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [
          collection,
          after,
          limit,
        ])
      ).map(docRow);
    }
    // Each arm rides an index and reads at most one batch, so a pull never scans rows it may not return.
    const arm = (where: string) =>
      `(SELECT ${DOC_COLUMNS} FROM docs WHERE collection = $1 AND ${where} AND seq > $3 ORDER BY seq LIMIT $4)`;
    return (
      await this.#rows(
        `${arm('reader1 = $2')} UNION ALL ${arm("reader1 = '*'")}
         UNION ALL ${arm("reader2 = $2 AND reader1 <> $2 AND reader1 <> '*'")} ORDER BY seq LIMIT $4`,
        [collection, reader, after, limit],
      )
    ).map(docRow);
  }

  async countLive(collection: CollectionName): Promise<number> {
    const [row] = await this.#rows('SELECT count(*) AS n FROM docs WHERE collection = $1 AND NOT deleted', [
      collection,
    ]);
    return Number(row?.n);
  }

  async allLive(collection: CollectionName): Promise<DocRow[]> {
    return (
      await this.#rows(`SELECT ${DOC_COLUMNS} FROM docs WHERE collection = $1 AND NOT deleted`, [collection])
    ).map(docRow);
  }

  async byField(collection: CollectionName, field: string, values: readonly string[]): Promise<DocRow[]> {
    assertFieldName(field);
    if (values.length === 0) return [];
    return (
      await this.#rows(`SELECT ${DOC_COLUMNS} FROM docs WHERE collection = $1 AND data->>'${field}' = ANY($2)`, [
        collection,
        values,
      ])
    ).map(docRow);
  }

  async callTallies(fromHour: number, toHour: number): Promise<CallTally[]> {
    return (
      await this.#rows(
        `SELECT operator_id, list_id, script_id, script_version, sum(calls) AS calls, sum(contacts) AS contacts,
           sum(needs_now) AS needs_now, sum(future_needs) AS future_needs
         FROM call_figures WHERE hour >= $1 AND hour < $2 GROUP BY 1, 2, 3, 4 HAVING sum(calls) > 0`,
        [fromHour, toHour],
      )
    ).map(callTally);
  }

  async requestTallies(from: number, to: number): Promise<RequestTally[]> {
    return (await this.#rows(REQUEST_TALLIES, [from, to])).map(requestTally);
  }

  async salesRows(cutoffs: SlaCutoffs): Promise<SalesRows> {
    const [open, accepts, escalations, pipeline] = await Promise.all([
      this.#rows(SALES.open, cutoffParams(cutoffs)),
      this.#rows(SALES.accepts),
      this.#rows(SALES.escalations),
      this.#rows(SALES.pipeline),
    ]);
    return {
      open: open.map(openRow),
      accepts: accepts.map(acceptRow),
      escalations: escalations.map(escalationRow),
      pipeline: pipeline.map(pipelineRow),
    };
  }

  async scriptRows(scriptId: string, version: number): Promise<ScriptRows> {
    const params = [scriptId, version];
    const [totals, steps, moves] = await Promise.all([
      this.#rows(SCRIPT.totals, params),
      this.#rows(SCRIPT.steps, params),
      this.#rows(SCRIPT.moves, params),
    ]);
    return scriptRows(totals, steps, moves);
  }

  async openPersonalCallbacksDueBy(dueBy: number): Promise<DocRow[]> {
    // The conditions are the partial index's own, so the planner reads through it.
    return (
      await this.#rows(
        `SELECT ${DOC_COLUMNS} FROM docs
         WHERE collection = 'callbacks' AND NOT deleted
           AND data->>'scope' = 'personal' AND data->'done' = 'false'::jsonb
           AND (data->>'dueAt')::float8 <= $1`,
        [dueBy],
      )
    ).map(docRow);
  }

  async writeDoc(w: DocWrite): Promise<number> {
    if (!this.#inTransaction) throw new Error('a document is written inside a transaction');
    const [row] = await this.#rows(
      `WITH entry AS (
         INSERT INTO audit (at, user_id, role, collection, doc_id, action, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) RETURNING seq
       )
       INSERT INTO docs (collection, id, seq, deleted, data, reader1, reader2)
       SELECT $4, $5, entry.seq, $8, $7::jsonb, $9, $10 FROM entry
       ON CONFLICT (collection, id) DO UPDATE SET seq = excluded.seq, deleted = excluded.deleted,
         data = excluded.data, reader1 = excluded.reader1, reader2 = excluded.reader2
       RETURNING seq`,
      [w.at, w.userId, w.role, w.collection, w.id, w.action, w.data, w.deleted, w.readers[0], w.readers[1]],
    );
    const seq = Number(row?.seq);
    const range = this.written.get(w.collection);
    this.written.set(w.collection, { from: Math.min(range?.from ?? seq, seq), to: Math.max(range?.to ?? seq, seq) });
    return seq;
  }

  async appendAudit(e: AuditEventRow): Promise<void> {
    await this.#db.query(
      'INSERT INTO audit (at, user_id, role, collection, doc_id, action, data) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)',
      [e.at, e.userId, e.role, e.collection, e.docId, e.action, e.data],
    );
  }

  async auditLog(query: AuditQuery, limit: number): Promise<AuditRow[]> {
    const { where, params } = auditWhere(query, (i) => `$${i}`);
    const rows = await this.#rows(
      `SELECT seq, at, user_id, role, collection, doc_id, action, data::text AS data FROM audit ${where}
       ORDER BY seq DESC LIMIT $${params.length + 1}`,
      [...params, limit],
    );
    return rows.map(auditRowOf);
  }

  async auditCopies(collection: CollectionName, docId: string): Promise<{ seq: number; data: string }[]> {
    const rows = await this.#rows(
      'SELECT seq, data::text AS data FROM audit WHERE collection = $1 AND doc_id = $2 ORDER BY seq',
      [collection, docId],
    );
    return rows.map((r) => ({ seq: Number(r.seq), data: String(r.data) }));
  }

  async rewriteAuditCopy(seq: number, data: string): Promise<void> {
    await this.#db.query('UPDATE audit SET data = $1::jsonb WHERE seq = $2', [data, seq]);
  }

  async credentialByUsername(username: string): Promise<{ userId: string; passwordHash: string } | null> {
    const [row] = await this.#rows('SELECT user_id, password_hash FROM credentials WHERE lower(username) = lower($1)', [
      username,
    ]);
    return row ? { userId: String(row.user_id), passwordHash: String(row.password_hash) } : null;
  }

  async insertCredential(userId: string, username: string, passwordHash: string): Promise<boolean> {
    const result = await this.#db.query(
      'INSERT INTO credentials (user_id, username, password_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [userId, username, passwordHash],
    );
    return result.rowCount === 1;
  }

  async setPassword(userId: string, passwordHash: string): Promise<void> {
    await this.#db.query('UPDATE credentials SET password_hash = $1 WHERE user_id = $2', [passwordHash, userId]);
  }

  async getSession(id: string, lock = false): Promise<SessionRow | null> {
    const [row] = await this.#rows(
      `SELECT * FROM sessions WHERE id = $1${lock && this.#inTransaction ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row ? sessionRowOf(row) : null;
  }

  async insertSession(s: SessionRow): Promise<void> {
    await this.#db.query(
      `INSERT INTO sessions (id, user_id, refresh_hash, created_at, expires_at, revoked_at, prev_hash, rotated_at, chain_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [s.id, s.userId, s.refreshHash, s.createdAt, s.expiresAt, s.revokedAt, s.prevHash, s.rotatedAt, s.chainKey],
    );
  }

  async rotateSession(id: string, refreshHash: string, prevHash: string, rotatedAt: number): Promise<void> {
    await this.#db.query('UPDATE sessions SET refresh_hash = $1, prev_hash = $2, rotated_at = $3 WHERE id = $4', [
      refreshHash,
      prevHash,
      rotatedAt,
      id,
    ]);
  }

  async revokeSessions(ids: readonly string[], at: number): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.#rows(
      'UPDATE sessions SET revoked_at = $1 WHERE id = ANY($2) AND revoked_at IS NULL RETURNING id',
      [at, ids],
    );
    return rows.map((r) => String(r.id));
  }

  async liveSessionIds(userId: string): Promise<string[]> {
    const rows = await this.#rows('SELECT id FROM sessions WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
    return rows.map((r) => String(r.id));
  }

  async getMeta(key: string): Promise<string | null> {
    const [row] = await this.#rows('SELECT value FROM meta WHERE key = $1', [key]);
    return row ? String(row.value) : null;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.#db.query(
      'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [key, value],
    );
  }

  async deleteMeta(key: string): Promise<void> {
    await this.#db.query('DELETE FROM meta WHERE key = $1', [key]);
  }
}
