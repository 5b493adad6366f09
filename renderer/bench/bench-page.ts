import { firstValueFrom } from 'rxjs';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createBrowserBridge } from '../bridge/browser-bridge.ts';
import type { LeadlineDatabase } from '../db/collections.ts';
import { databaseNameFor, openLeadlineDatabase } from '../db/database.ts';
import { PendingWrites } from '../db/pending-writes.ts';
import { startReplication } from '../db/replication.ts';
import { searchProspects$ } from '../features/prospects/search.ts';

/**
 * The benchmark's page: the app's own database, replication and search code, driven from
 * tests/bench/run.ts through Playwright. Not linked from the app.
 */

let db: LeadlineDatabase | null = null;

async function initialSync(username: string, password: string): Promise<{ ms: number; count: number }> {
  const bridge = createBrowserBridge();
  const login = await bridge.auth.login({ username, password });
  if (!login.ok) throw new Error(login.message);
  const started = performance.now();
  db = await openLeadlineDatabase({
    name: databaseNameFor(login.user.id),
    storage: getRxStorageDexie(),
    collections: ['prospects'],
  });
  const pending = new PendingWrites(localStorage, 'bench.pending');
  const replication = startReplication({ db, sync: bridge.sync, role: login.user.role, pending, serverId: 'bench' });
  await replication.states.get('prospects')?.awaitInitialReplication();
  const ms = performance.now() - started;
  return { ms, count: await db.prospects.count().exec() };
}

async function search(queries: string[]): Promise<number[]> {
  if (!db) throw new Error('initialSync first');
  const times: number[] = [];
  for (const q of queries) {
    const started = performance.now();
    const result = await firstValueFrom(searchProspects$(db, q, 50));
    times.push(performance.now() - started);
    if (result.length === 0) throw new Error(`no result for ${q}`);
  }
  return times;
}

Object.assign(window, { leadlineBench: { initialSync, search } });
document.getElementById('state')?.setAttribute('data-ready', 'true');
