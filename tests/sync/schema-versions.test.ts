import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createRxDatabase, type RxJsonSchema } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Callback } from '../../shared/core/types.ts';
import { schemas } from '../../shared/schemas/index.ts';
import { HISTORY, ownVersions, type SchemaVersions } from '../../shared/schemas/versions.ts';
import { SyncTransport } from '../../shared/sync/transport/sync-transport.ts';
import { conflictHandlerFor, type LeadlineDatabase } from '../../renderer/db/collections.ts';
import { databaseNameFor, openLeadlineDatabase, withValidation } from '../../renderer/db/database.ts';
import {
  connectClient,
  eventually,
  MemoryCredentials,
  Network,
  PASSWORD,
  replicate,
  startTestServer,
  type TestServer,
} from './harness.ts';
import { writeStraightTo } from './straight.ts';

/**
 * A workstation still running the app from before callbacks version 1, beside a server and a
 * supervisor on the new one; then the operator updates the app and the old local database migrates.
 * Real RxDB clients (Dexie on fake-indexeddb) and a real server on loopback.
 */

/** The callbacks schema as the older app had it. */
function callbacksV0(): RxJsonSchema<Record<string, unknown>> {
  const added = new Set(HISTORY.callbacks!.flatMap((s) => Object.keys(s.added)));
  const s = structuredClone(schemas.callbacks);
  for (const field of added) delete s.properties[field];
  return { ...s, version: 0, required: s.required.filter((f) => !added.has(f)) } as never;
}

/** One operator's workstation: its IndexedDB outlives the app, as on disk. */
class Workstation {
  readonly indexedDB = new IDBFactory();
  readonly memory = new Map<string, string>();
  readonly network = new Network();
  stop: () => Promise<void> = () => Promise.resolve();

  /** Starts an app whose callbacks are at version 0 (the older app) or this build's, signed in, syncing. */
  async start(url: string, version: 0 | 'current'): Promise<LeadlineDatabase> {
    const versions: SchemaVersions = version === 0 ? {} : ownVersions();
    const transport = new SyncTransport({
      baseUrl: url,
      store: new MemoryCredentials(),
      fetch: this.network.fetch,
      schemaVersions: versions,
    });
    const login = await transport.login({ username: 'operator1', password: PASSWORD });
    if (!login.ok) throw new Error(login.message);
    const storage = getRxStorageDexie({ indexedDB: this.indexedDB, IDBKeyRange });
    const name = databaseNameFor(login.user.id);
    let db: LeadlineDatabase;
    if (version === 0) {
      const raw = await createRxDatabase({ name, storage: withValidation({ storage }), multiInstance: false });
      await raw.addCollections({
        callbacks: { schema: callbacksV0(), conflictHandler: conflictHandlerFor('callbacks') },
      });
      db = raw as unknown as LeadlineDatabase;
    } else {
      db = await openLeadlineDatabase({ name, storage, collections: ['callbacks'] });
    }
    const { replication } = replicate(db, transport, login.user.role, this.memory);
    await replication.awaitInSync();
    this.stop = async () => {
      await replication.cancel();
      transport.dispose();
      await db.close();
    };
    return db;
  }
}

let ts: TestServer;
beforeEach(async () => {
  ts = await startTestServer();
});
afterEach(() => ts.stop());

const local = async (db: LeadlineDatabase, id: string) =>
  (await db.callbacks.findOne(id).exec())?.toJSON() as unknown as Record<string, unknown>;

describe('an app from before a schema version, and its update', () => {
  it('keeps syncing with the newer server, loses no offline work, and migrates in place', async () => {
    const desk = new Workstation();
    const old = await desk.start(ts.url, 0);
    // The older app holds callbacks without the fields it does not know (its schema would refuse them).
    const moved = await local(old, 'demo-cb-r3');
    expect(moved).toBeDefined();
    expect(moved).not.toHaveProperty('askedFor');
    expect(Object.keys(moved)).not.toContain('outsideHoursAllowedAt');

    // A supervisor on the new app lets that callback come at the time the prospect asked for.
    const supervisor = await connectClient(ts.url, 'supervisor1', ['callbacks']);
    const stored = (await ts.server.docs.get('callbacks', 'demo-cb-r3')) as unknown as Callback;
    expect(stored.askedFor).toBeLessThan(stored.dueAt);
    await supervisor.repo.save('callbacks', {
      ...stored,
      dueAt: stored.askedFor,
      outsideHoursAllowedAt: stored.askedFor,
      updatedAt: Date.now(),
    });
    await eventually(async () => expect((await local(old, 'demo-cb-r3')).dueAt).toBe(stored.askedFor));

    // The older app changes the callback: the permission it cannot see stays on the server.
    const doc = (await old.callbacks.findOne('demo-cb-r3').exec())!;
    await doc.incrementalPatch({ note: 'Просил не раньше 7:30', updatedAt: Date.now() });
    await eventually(async () =>
      expect((await ts.server.docs.get('callbacks', 'demo-cb-r3'))?.note).toBe('Просил не раньше 7:30'),
    );
    expect(await ts.server.docs.get('callbacks', 'demo-cb-r3')).toMatchObject({
      dueAt: stored.askedFor,
      askedFor: stored.askedFor,
      outsideHoursAllowedAt: stored.askedFor,
    });

    // Offline, the older app promises a new callback and edits another; then it is closed.
    desk.network.offline = true;
    const dueAt = Date.now() + 86_400_000;
    await old.callbacks.insert({
      ...(await local(old, 'demo-cb-r1')),
      id: 'offline-cb',
      dueAt,
      note: 'обещано офлайн',
      createdAt: Date.now(),
      updatedAt: Date.now(),
    } as never);
    const r2 = (await old.callbacks.findOne('demo-cb-r2').exec())!;
    await r2.incrementalPatch({ note: 'правка офлайн', updatedAt: Date.now() });
    await desk.stop();

    // The updated app opens the same local database: RxDB migrates it, nothing is lost, and the
    // fields the older app never held arrive from the server.
    desk.network.offline = false;
    const updated = await desk.start(ts.url, 'current');
    await eventually(async () =>
      expect(await local(updated, 'demo-cb-r3')).toMatchObject({
        note: 'Просил не раньше 7:30',
        askedFor: stored.askedFor,
        outsideHoursAllowedAt: stored.askedFor,
      }),
    );
    await eventually(async () =>
      expect(await ts.server.docs.get('callbacks', 'offline-cb')).toMatchObject({
        note: 'обещано офлайн',
        dueAt,
        askedFor: dueAt,
        outsideHoursAllowedAt: 0,
      }),
    );
    await eventually(async () =>
      expect((await ts.server.docs.get('callbacks', 'demo-cb-r2'))?.note).toBe('правка офлайн'),
    );
    expect(await local(updated, 'demo-cb-r2')).toMatchObject({ note: 'правка офлайн' });

    await desk.stop();
    await supervisor.close();
  });

  it('serves a store written before the version with the fields filled', async () => {
    const res = await fetch(`${ts.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'supervisor1', password: PASSWORD }),
    });
    const { accessToken } = (await res.json()) as { accessToken: string };
    // A row exactly as a version-0 server wrote it.
    const {
      askedFor: _a,
      outsideHoursAllowedAt: _o,
      ...v0
    } = (await ts.server.docs.get('callbacks', 'demo-cb-r1')) as unknown as Callback;
    await writeStraightTo(ts.server.backend, 'callbacks', { ...v0, id: 'old-row' });
    const pull = async (header: Record<string, string>) => {
      const r = await fetch(`${ts.url}/api/replication/callbacks/pull?batchSize=1000`, {
        headers: { authorization: `Bearer ${accessToken}`, ...header },
      });
      const body = (await r.json()) as { documents: Record<string, unknown>[] };
      return body.documents.find((d) => d.id === 'old-row');
    };
    expect(await pull({ 'x-leadline-schema': 'callbacks=1' })).toMatchObject({
      askedFor: v0.dueAt,
      outsideHoursAllowedAt: 0,
    });
    const older = await pull({});
    expect(older).toMatchObject({ id: 'old-row', dueAt: v0.dueAt });
    expect(older).not.toHaveProperty('askedFor');
  });
});
