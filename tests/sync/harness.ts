import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { ConnectionStatus, LeadlineBridge } from '../../shared/sync/ipc.ts';
import { emptyCredentialState, type CredentialState } from '../../shared/sync/transport/credentials.ts';
import { SyncTransport } from '../../shared/sync/transport/sync-transport.ts';
import type { CollectionName } from '../../shared/core/types.ts';
import type { SessionUser } from '../../shared/sync/wire.ts';
import { inject } from 'vitest';
import { createServer, type Server } from '../../server/app.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { configFromEnv, type ServerConfig } from '../../server/config.ts';
import type { LeadlineDatabase } from '../../renderer/db/collections.ts';
import { databaseNameFor, openLeadlineDatabase } from '../../renderer/db/database.ts';
import { PendingWrites } from '../../renderer/db/pending-writes.ts';
import { type LeadlineReplication, startReplication } from '../../renderer/db/replication.ts';
import { Repository } from '../../renderer/db/repository.ts';

export const PASSWORD = 'leadline-demo';

export interface TestServer {
  server: Server;
  url: string;
  dataDir: string;
  /** What it was started with: another server (a restart, a second instance) can share its store. */
  config: ServerConfig;
  stop(): Promise<void>;
}

/**
 * The store the suite runs on: the project `sync` runs it on SQLite, `sync-postgres` on a
 * PostgreSQL cluster its global setup started (tests/support/postgres-setup.ts).
 */
export const STORE: 'sqlite' | 'postgres' = inject('postgresAdminUrl') ? 'postgres' : 'sqlite';

/** Where a new test server keeps its data: a fresh PostgreSQL database in the `sync-postgres` run. */
export async function testDatabaseUrl(): Promise<string | null> {
  const admin = inject('postgresAdminUrl');
  return admin ? createTestDatabase(admin) : null;
}

/** A real server on a loopback port with its own data dir (and its own database on PostgreSQL). */
export async function startTestServer(overrides: Partial<ServerConfig> = {}, demo = true): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'leadline-test-'));
  const databaseUrl = await testDatabaseUrl();
  // Instances on one PostgreSQL share one signing key: the key file is named, not left to each.
  const keyFile = databaseUrl ? path.join(dataDir, 'token-keys.json') : null;
  const config = { ...configFromEnv({}), dataDir, databaseUrl, keyFile, demo, webRoot: null, port: 0, ...overrides };
  const server = await createServer(config);
  const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    server,
    url,
    dataDir,
    config,
    async stop() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** fetch that fails like a pulled network cable while `offline` is set. */
export class Network {
  offline = false;
  readonly fetch: typeof fetch = (input, init) =>
    this.offline ? Promise.reject(new TypeError('fetch failed: network is down')) : globalThis.fetch(input, init);
}

/** Credentials kept in memory, as a fresh workstation's store. */
export class MemoryCredentials {
  state: CredentialState = emptyCredentialState();
  load = () => Promise.resolve(structuredClone(this.state));
  save = (s: CredentialState) => {
    this.state = structuredClone(s);
    return Promise.resolve();
  };
}

export interface TestClient {
  user: SessionUser;
  db: LeadlineDatabase;
  repo: Repository;
  transport: SyncTransport;
  network: Network;
  replication: LeadlineReplication;
  goOffline(): void;
  goOnline(): void;
  close(): Promise<void>;
}

/**
 * Starts the app's replication of `db` through `transport`, as the renderer wires it (pending writes
 * kept in `memory`, which may outlive one run).
 */
export function replicate(
  db: LeadlineDatabase,
  transport: SyncTransport,
  role: SessionUser['role'],
  memory = new Map<string, string>(),
): { pending: PendingWrites; replication: LeadlineReplication } {
  const pending = new PendingWrites(
    { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => memory.set(k, v) },
    'pending',
  );
  const sync: LeadlineBridge['sync'] = {
    pull: (c, cp, n) => transport.pull(c, cp, n),
    push: (c, rows) => transport.pushOrRefuse(c, rows),
    onStream: (l) => transport.onStream(l),
    status: (): ConnectionStatus => transport.status(),
    onStatus: (l) => transport.onStatus(l),
  };
  const replication = startReplication({ db, sync, role, pending, serverId: 'test', retryTimeMs: 200 });
  return { pending, replication };
}

/** A real RxDB client (Dexie on fake-indexeddb) replicating through the real transport. */
export async function connectClient(
  url: string,
  username: string,
  collections: readonly CollectionName[] = ['prospects', 'scripts', 'settings'],
): Promise<TestClient> {
  const network = new Network();
  const transport = new SyncTransport({ baseUrl: url, store: new MemoryCredentials(), fetch: network.fetch });
  const login = await transport.login({ username, password: PASSWORD });
  if (!login.ok) throw new Error(`login ${username}: ${login.message}`);
  const storage = getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange });
  // Few collections per client keep several clients under RxDB's 13-collection limit per process.
  const db = await openLeadlineDatabase({ name: databaseNameFor(login.user.id), storage, collections });
  const { pending, replication } = replicate(db, transport, login.user.role);
  await replication.awaitInSync();
  return {
    user: login.user,
    db,
    repo: new Repository(db, pending),
    transport,
    network,
    replication,
    goOffline() {
      network.offline = true;
      transport.markOffline();
    },
    goOnline() {
      network.offline = false;
      transport.wake();
      replication.reSync();
    },
    async close() {
      await replication.cancel();
      transport.dispose();
      await db.close();
    },
  };
}

/** Polls until `check` passes (it throws until then) or the time runs out. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
