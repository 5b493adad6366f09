import { randomUUID } from 'node:crypto';
import { Client, type Notification, Pool, type PoolClient } from 'pg';
import type { CollectionName } from '../../shared/core/types.ts';
import type { AuditQuery } from '../../shared/sync/wire.ts';
import {
  assertFieldName,
  type AuditEventRow,
  type AuditRow,
  auditWhere,
  type Backend,
  BackendFront,
  type DocRow,
  type DocWrite,
  type Expectation,
  type Queries,
  type RemoteListener,
  type SessionRow,
  sessionRowOf,
  auditRowOf,
} from './backend.ts';
import { LOCK_NAMESPACE, migratePostgres, WRITE_LOCK } from './postgres-schema.ts';

type Row = Record<string, unknown>;
/** A pool or one checked-out client: both answer `query`. */
type Runner = Pick<PoolClient, 'query'>;

const docRow = (r: Row): DocRow => ({ seq: Number(r.seq), data: String(r.data), deleted: r.deleted === true });
const DOC_COLUMNS = 'seq, data::text AS data, deleted';

/** Channels between instances: committed writes (sequence ranges) and messages. */
const WRITES_CHANNEL = 'leadline_writes';
const MESSAGES_CHANNEL = 'leadline_messages';

/** The queries on one runner: the pool, or the client of one transaction. */
class PgQueries implements Queries {
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

/**
 * A PostgreSQL database shared by any number of server instances.
 *
 * Every transaction takes the write lock (a transaction-level advisory lock) first and holds it to
 * its commit, in every instance: writing transactions run one at a time, as on SQLite. That is what
 * keeps pulls whole: sequence numbers are handed out one transaction at a time and become visible
 * in that order, so a client that pulled seq n has seen every write below n (with a bare sequence,
 * a later number can commit first and a client that pulled it would skip the earlier one for good;
 * tests/storage proves the difference). Because the lock comes before any row lock, a transaction
 * that holds it never waits for a row another one holds: there is no deadlock to detect. Reads
 * (pulls, streams, lookups) take no lock and never wait. The hot writes (pushes, claims) do not
 * open a transaction here at all: they are decided on a read and committed by one call of
 * `leadline_commit` (`commit`), so the lock is held only while the database works.
 */
export class PostgresBackend extends BackendFront implements Backend {
  readonly kind = 'postgres' as const;
  /** This instance, so it does not hear its own writes back. */
  readonly instanceId = randomUUID();
  readonly #url: string;
  readonly #pool: Pool;
  readonly #q: PgQueries;
  #listener: RemoteListener | null = null;
  #listening: Client | null = null;
  /** The read of what other instances wrote (notifications are read in the order they were committed). */
  #handled: Promise<void> = Promise.resolve();
  /** Sequence ranges other instances told, not read yet, by collection. */
  readonly #heard = new Map<CollectionName, [number, number][]>();
  #reading = false;
  #closed = false;

  private constructor(url: string, pool: Pool) {
    super();
    this.#url = url;
    this.#pool = pool;
    this.#q = new PgQueries(pool, false);
  }

  static async open(url: string, options: { poolSize: number }): Promise<PostgresBackend> {
    const pool = new Pool({ connectionString: url, max: options.poolSize, application_name: 'leadline' });
    // An idle connection the database dropped (a restart, a failover) is replaced, not fatal.
    pool.on('error', () => undefined);
    try {
      await migratePostgres(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresBackend(url, pool);
  }

  /**
   * Hears the other instances through LISTEN on a connection of its own. A write is told as its
   * sequence range (NOTIFY inside the writing transaction: delivered at commit, in commit order), and
   * the rows are read here: a payload stays small whatever was written. If the connection drops, it
   * is made again and the listener hears of the gap (streams then start over with a resync).
   */
  async listen(listener: RemoteListener): Promise<void> {
    this.#listener = listener;
    await this.#connectListener();
  }

  async #connectListener(): Promise<void> {
    const client = new Client({ connectionString: this.#url, application_name: 'leadline-listen' });
    client.on('notification', (message) => {
      this.#hear(message);
    });
    const lost = () => this.#lost(client);
    client.on('error', lost);
    client.on('end', lost);
    await client.connect();
    await client.query(`LISTEN ${WRITES_CHANNEL}`);
    await client.query(`LISTEN ${MESSAGES_CHANNEL}`);
    this.#listening = client;
  }

  #lost(client: Client): void {
    if (this.#closed || this.#listening !== client) return;
    this.#listening = null;
    client.end().catch(() => undefined);
    const retry = () => {
      if (this.#closed) return;
      this.#connectListener().then(
        () => this.#listener?.gap(),
        () => setTimeout(retry, 1000).unref(),
      );
    };
    setTimeout(retry, 200).unref();
  }

  #hear(message: Notification): void {
    const listener = this.#listener;
    if (!listener || !message.payload) return;
    const data = JSON.parse(message.payload) as {
      o: string;
      c?: CollectionName;
      a?: number;
      b?: number;
      t?: string;
      d?: unknown;
    };
    if (data.o === this.instanceId) return;
    if (message.channel === MESSAGES_CHANNEL && data.t) {
      listener.message(data.t, data.d);
    } else if (message.channel === WRITES_CHANNEL && data.c && data.a !== undefined && data.b !== undefined) {
      const ranges = this.#heard.get(data.c) ?? [];
      ranges.push([data.a, data.b]);
      this.#heard.set(data.c, ranges);
      if (!this.#reading) {
        this.#reading = true;
        this.#handled = this.#readHeard().finally(() => (this.#reading = false));
      }
    }
  }

  /**
   * Reads what the others wrote, a collection at a time: however many writes were told while the
   * last read ran, the next read fetches them all in one query (in commit order).
   */
  async #readHeard(): Promise<void> {
    while (this.#heard.size > 0) {
      const heard = [...this.#heard];
      this.#heard.clear();
      for (const [collection, ranges] of heard) {
        const rows = await this.#pool
          .query<Row>(
            `SELECT d.seq, d.data::text AS data, d.deleted FROM docs d
             JOIN unnest($2::bigint[], $3::bigint[]) AS r(low, high) ON d.seq BETWEEN r.low AND r.high
             WHERE d.collection = $1 ORDER BY d.seq`,
            [collection, ranges.map((r) => r[0]), ranges.map((r) => r[1])],
          )
          .catch(() => null);
        // A read that failed (the database restarting) is a gap: streams start over with a resync.
        if (!rows) this.#listener?.gap();
        else if (rows.rows.length > 0) this.#listener?.writes(collection, rows.rows.map(docRow));
      }
    }
  }

  async broadcast(topic: string, data: unknown): Promise<void> {
    await this.#pool.query('SELECT pg_notify($1, $2)', [
      MESSAGES_CHANNEL,
      JSON.stringify({ o: this.instanceId, t: topic, d: data }),
    ]);
  }

  /** The pool, for what must hold its own connection (notifications, tests). */
  get pool(): Pool {
    return this.#pool;
  }

  async transaction<T>(fn: (q: Queries) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      // The lock is held to the commit: every round trip inside it counts, so BEGIN goes with the
      // lock and the notifications with COMMIT (constants and our own JSON, escaped, in one text).
      await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE}, ${WRITE_LOCK})`);
      const q = new PgQueries(client, true);
      const result = await fn(q);
      const notices = [...q.written].map(
        ([collection, { from, to }]) =>
          `SELECT pg_notify('${WRITES_CHANNEL}', ${client.escapeLiteral(JSON.stringify({ o: this.instanceId, c: collection, a: from, b: to }))});`,
      );
      await client.query(`${notices.join(' ')} COMMIT`);
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async commit(expected: readonly Expectation[], writes: readonly DocWrite[]): Promise<number[] | null> {
    // One statement, so one transaction and one round trip: the write lock is held only while the
    // database itself works, never while this process's event loop is busy elsewhere.
    const { rows } = await this.#pool.query<{ seqs: string[] | null }>(
      'SELECT leadline_commit($1::jsonb, $2::jsonb, $3::text[], $4) AS seqs',
      [
        JSON.stringify(expected),
        JSON.stringify(writes.map(({ data: _data, ...w }) => w)),
        writes.map((w) => w.data),
        this.instanceId,
      ],
    );
    const seqs = rows[0]?.seqs;
    return seqs ? seqs.map(Number) : null;
  }

  async runExclusive(name: string, fn: () => Promise<void>): Promise<boolean> {
    // A session lock on a connection of its own, held while the job runs: another instance's try fails.
    const client = await this.#pool.connect();
    try {
      const got = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [
        LOCK_NAMESPACE,
        name,
      ]);
      if (!got.rows[0]?.ok) return false;
      try {
        await fn();
        return true;
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_NAMESPACE, name]);
      }
    } finally {
      client.release();
    }
  }

  async sql(text: string, params: readonly (string | number | null)[] = []): Promise<Record<string, unknown>[]> {
    let i = 0;
    return (
      await this.#pool.query<Row>(
        text.replace(/\?/g, () => `$${++i}`),
        [...params],
      )
    ).rows;
  }

  async compact(): Promise<void> {
    // Old row versions holding erased content are reclaimed now rather than at the next autovacuum.
    await this.#pool.query('VACUUM docs, audit');
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#listening?.end().catch(() => undefined);
    await this.#handled;
    await this.#pool.end();
  }

  protected get reads(): Queries {
    return this.#q;
  }

  /** A lone write is its own statement, so its own transaction. */
  protected write<T>(fn: (q: Queries) => Promise<T>): Promise<T> {
    return fn(this.#q);
  }
}
