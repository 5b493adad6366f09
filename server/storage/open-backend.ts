import { mkdirSync } from 'node:fs';
import { readKeys } from '../../shared/security/policy.ts';
import type { ServerConfig } from '../config.ts';
import type { Backend } from './backend.ts';
import { DataDirLock } from './data-lock.ts';
import { SqliteBackend } from './sqlite-backend.ts';

/**
 * The store `config` names: PostgreSQL when `LEADLINE_DATABASE_URL` is set (any number of
 * instances), otherwise the embedded SQLite file in the data directory (one process holds it).
 */
export async function openBackend(
  config: Pick<ServerConfig, 'databaseUrl' | 'databasePoolSize' | 'dataDir'>,
): Promise<Backend> {
  if (config.databaseUrl) {
    const { PostgresBackend } = await import('./postgres-backend.ts');
    return PostgresBackend.open(config.databaseUrl, { poolSize: config.databasePoolSize });
  }
  mkdirSync(config.dataDir, { recursive: true });
  const lock = DataDirLock.acquire(config.dataDir);
  try {
    return SqliteBackend.open(config.dataDir, readKeys, () => lock.release());
  } catch (error) {
    lock.release();
    throw error;
  }
}
