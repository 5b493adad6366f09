import { randomUUID } from 'node:crypto';
import { Client, type Notification, Pool } from 'pg';
import type { CollectionName } from '../../shared/core/types.ts';
import {
  type Backend,
  BackendFront,
  type DocWrite,
  type Expectation,
  type Queries,
  type RemoteListener,
} from './backend.ts';
import { docRow, PgQueries, type Row } from './postgres-queries.ts';
import { LOCK_NAMESPACE, migratePostgres, WRITE_LOCK } from './postgres-schema.ts';

/** Channels between instances: committed writes (sequence ranges) and messages. */
const WRITES_CHANNEL = 'leadline_writes';
const MESSAGES_CHANNEL = 'leadline_messages';

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

  async health(timeoutMs: number): Promise<{ ok: true } | { ok: false; problem: string }> {
    if (this.#listener && !this.#listening)
      return { ok: false, problem: 'not hearing the other instances (reconnecting to PostgreSQL)' };
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`PostgreSQL did not answer within ${timeoutMs} ms`), timeoutMs);
    });
    try {
      const problem = await Promise.race([
        this.#pool.query('SELECT 1').then(
          () => null,
          (error: Error) => `PostgreSQL does not answer: ${error.message}`,
        ),
        late,
      ]);
      return problem === null ? { ok: true } : { ok: false, problem };
    } finally {
      clearTimeout(timer);
    }
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
