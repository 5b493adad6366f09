import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/**
 * One server process per data directory. Two processes on one store would each believe they own it
 * (both grant the same claim, both number writes). The lock is an exclusive transaction held open on
 * a small lock database beside the store: the operating system releases it when the process ends,
 * however it ends, so there is never a stale lock to clear by hand.
 */
export class DataDirLock {
  readonly #db: DatabaseSync;

  private constructor(db: DatabaseSync) {
    this.#db = db;
  }

  static acquire(dataDir: string): DataDirLock {
    const db = new DatabaseSync(path.join(dataDir, 'leadline.lock'));
    try {
      db.exec('PRAGMA busy_timeout = 0');
      db.exec('PRAGMA locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
      db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER, since TEXT)');
      db.prepare('INSERT INTO holder (pid, since) VALUES (?, ?)').run(process.pid, new Date().toISOString());
    } catch (error) {
      db.close();
      if (/locked|busy/i.test(String((error as Error).message))) {
        throw new Error(
          `Another Leadline server is already using ${dataDir}; stop it first (one server per data directory)`,
          { cause: error },
        );
      }
      throw error;
    }
    return new DataDirLock(db);
  }

  release(): void {
    try {
      this.#db.exec('ROLLBACK');
    } finally {
      this.#db.close();
    }
  }
}
