import { DatabaseSync } from 'node:sqlite';
import type { CollectionName } from '../../shared/core/types.ts';
import { type Backend, BackendFront, type DocWrite, type Expectation, type Queries } from './backend.ts';
import { openSqlite, sqliteFile } from './sqlite-schema.ts';
import { type Row, SqliteQueries } from './sqlite-queries.ts';

/**
 * The embedded store: one SQLite file in WAL mode. One connection writes, one at a time (every
 * write, and every transaction as a whole, waits its turn), so sequence numbers commit in order and
 * an `await` inside a transaction never lets another request's write join it. Reads go through a
 * second, read-only connection and see only what is committed.
 */
export class SqliteBackend extends BackendFront implements Backend {
  readonly kind = 'sqlite' as const;
  readonly #writer: DatabaseSync;
  readonly #reader: DatabaseSync;
  readonly #write: SqliteQueries;
  readonly #read: SqliteQueries;
  #tail: Promise<unknown> = Promise.resolve();
  readonly #running = new Set<string>();
  #closed = false;

  readonly #onClose: () => void;

  private constructor(writer: DatabaseSync, reader: DatabaseSync, onClose: () => void) {
    super();
    this.#writer = writer;
    this.#reader = reader;
    this.#onClose = onClose;
    this.#write = new SqliteQueries(writer);
    this.#read = new SqliteQueries(reader);
  }

  /**
   * Opens (and migrates) the store in `dataDir`. `readersOf` fills the reader columns of a store
   * written before they existed. `onClose` runs after both connections closed (the data
   * directory's lock is released there).
   */
  static open(
    dataDir: string,
    readersOf: (collection: CollectionName, doc: Record<string, unknown>) => readonly [string, string],
    onClose: () => void = () => undefined,
  ): SqliteBackend {
    const writer = openSqlite(dataDir);
    try {
      fillReaders(writer, readersOf);
      const reader = new DatabaseSync(sqliteFile(dataDir), { readOnly: true });
      reader.exec('PRAGMA busy_timeout = 5000');
      return new SqliteBackend(writer, reader, onClose);
    } catch (error) {
      writer.close();
      throw error;
    }
  }

  /** The writing connection, for tests that look at SQLite itself (query plans, old layouts). */
  get database(): DatabaseSync {
    return this.#writer;
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn);
    this.#tail = result.catch(() => undefined);
    return result;
  }

  transaction<T>(fn: (q: Queries) => Promise<T>): Promise<T> {
    return this.#exclusive(async () => {
      this.#writer.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.#write);
        this.#writer.exec('COMMIT');
        return result;
      } catch (error) {
        this.#writer.exec('ROLLBACK');
        throw error;
      }
    });
  }

  async runExclusive(name: string, fn: () => Promise<void>): Promise<boolean> {
    if (this.#running.has(name)) return false;
    this.#running.add(name);
    try {
      await fn();
      return true;
    } finally {
      this.#running.delete(name);
    }
  }

  commit(expected: readonly Expectation[], writes: readonly DocWrite[]): Promise<number[] | null> {
    return this.transaction(async (q) => {
      for (const e of expected) if (((await q.getDoc(e.collection, e.id))?.seq ?? null) !== e.seq) return null;
      const seqs: number[] = [];
      for (const w of writes) seqs.push(await q.writeDoc(w));
      return seqs;
    });
  }

  /** One process holds the file: there is nobody else to hear or tell. */
  async listen(): Promise<void> {}

  async broadcast(): Promise<void> {}

  sql(text: string, params: readonly (string | number | null)[] = []): Promise<Record<string, unknown>[]> {
    return this.#exclusive(async () => this.#writer.prepare(text).all(...params) as Record<string, unknown>[]);
  }

  async health(): Promise<{ ok: true } | { ok: false; problem: string }> {
    // Synchronous: the file answers or throws (a lost disk, a closed store).
    try {
      this.#reader.prepare('SELECT 1').get();
      return { ok: true };
    } catch (error) {
      return { ok: false, problem: `the database does not answer: ${(error as Error).message}` };
    }
  }

  compact(): Promise<void> {
    return this.#exclusive(async () => {
      this.#writer.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#tail;
    this.#reader.close();
    this.#writer.close();
    this.#onClose();
  }

  protected get reads(): Queries {
    return this.#read;
  }

  protected write<T>(fn: (q: Queries) => Promise<T>): Promise<T> {
    return this.#exclusive(() => fn(this.#write));
  }
}

/** A store from before the reader columns gets them filled once. */
function fillReaders(
  db: DatabaseSync,
  readersOf: (collection: CollectionName, doc: Record<string, unknown>) => readonly [string, string],
): void {
  const done = db.prepare("SELECT value FROM meta WHERE key = 'readers_filled'").get() as { value: string } | undefined;
  if (!done || done.value === '1') return;
  db.exec('BEGIN IMMEDIATE');
  try {
    const update = db.prepare('UPDATE docs SET reader1 = ?, reader2 = ? WHERE collection = ? AND id = ?');
    for (const row of db.prepare('SELECT collection, id, data FROM docs').all() as Row[]) {
      const collection = String(row.collection) as CollectionName;
      const readers = readersOf(collection, JSON.parse(String(row.data)) as Record<string, unknown>);
      update.run(readers[0], readers[1], collection, String(row.id));
    }
    db.prepare("UPDATE meta SET value = '1' WHERE key = 'readers_filled'").run();
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
