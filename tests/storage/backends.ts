import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readKeys } from '../../shared/security/policy.ts';
import type { Backend } from '../../server/storage/backend.ts';
import { PostgresBackend } from '../../server/storage/postgres-backend.ts';
import { SqliteBackend } from '../../server/storage/sqlite-backend.ts';
import { STORE, testDatabaseUrl } from '../sync/harness.ts';

export { docWrite } from '../support/doc-write.ts';

export interface OpenBackend {
  backend: Backend;
  /** Another connection to the same store (a second instance on PostgreSQL; null on SQLite). */
  another(): Promise<Backend | null>;
  /** Closes the store and opens it again, as a restarted (or newly installed) server does. */
  reopen(): Promise<Backend>;
  close(): Promise<void>;
}

/** An empty store of the kind this run tests (see STORE). */
export async function openTestBackend(): Promise<OpenBackend> {
  if (STORE === 'postgres') {
    const url = await testDatabaseUrl();
    if (!url) throw new Error('no PostgreSQL in this run');
    let backend = await PostgresBackend.open(url, { poolSize: 12 });
    const others: Backend[] = [];
    return {
      get backend() {
        return backend;
      },
      async reopen() {
        await backend.close();
        backend = await PostgresBackend.open(url, { poolSize: 12 });
        return backend;
      },
      async another() {
        const other = await PostgresBackend.open(url, { poolSize: 12 });
        others.push(other);
        return other;
      },
      async close() {
        for (const other of others) await other.close();
        await backend.close();
      },
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'leadline-store-'));
  let backend = SqliteBackend.open(dir, readKeys);
  return {
    get backend() {
      return backend;
    },
    async reopen() {
      await backend.close();
      backend = SqliteBackend.open(dir, readKeys);
      return backend;
    },
    another: () => Promise.resolve(null),
    async close() {
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
