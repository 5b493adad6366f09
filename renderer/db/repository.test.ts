import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { describe, expect, it } from 'vitest';
import type { Callback } from '../../shared/core/types.ts';
import { callbackOf } from '../../server/test-server.ts';
import { openLeadlineDatabase } from './database.ts';
import { PendingWrites } from './pending-writes.ts';
import { Repository } from './repository.ts';

function callback(id: string, note = ''): Callback {
  const { _deleted, ...cb } = { ...callbackOf('op1', 1_800_000_000_000), id, note };
  return cb as Callback;
}

/** A database on IndexedDB (fake-indexeddb) whose storage counts the writes that reach it. */
async function counted(name: string) {
  const dexie = getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange });
  const writes: string[][] = [];
  const storage: typeof dexie = Object.assign(Object.create(dexie) as typeof dexie, {
    async createStorageInstance(params: Parameters<typeof dexie.createStorageInstance>[0]) {
      const instance = await dexie.createStorageInstance(params);
      const write = instance.bulkWrite.bind(instance);
      instance.bulkWrite = (rows, context) => {
        writes.push(rows.map((r) => (r.document as unknown as { id: string }).id));
        return write(rows, context);
      };
      return instance;
    },
  });
  const db = await openLeadlineDatabase({ name, storage, collections: ['callbacks'] });
  // Creating the database writes RxDB's own records: only what the test does counts.
  writes.length = 0;
  const memory = new Map<string, string>();
  const pending = new PendingWrites(
    { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => memory.set(k, v) },
    'pending',
  );
  return { db, writes, repo: new Repository(db, pending), pending };
}

describe('Repository saves', () => {
  it('writes new documents and one it holds in one storage write, each replacement on its version', async () => {
    const { db, writes, repo, pending } = await counted('repo-one-write');
    try {
      await repo.save('callbacks', callback('cb-held'));
      // The desk read it (the queue): RxDB now holds it.
      const held = await db.callbacks.findOne('cb-held').exec();
      expect(held?.revision.startsWith('1-')).toBe(true);
      writes.length = 0;
      // An outcome closes the held callback and books a new one.
      await repo.saveMany('callbacks', [
        { ...callback('cb-held', 'closed'), done: true },
        callback('cb-new', 'booked'),
      ]);
      expect(writes).toEqual([['cb-held', 'cb-new']]);
      const stored = await db.callbacks.findByIds(['cb-held', 'cb-new']).exec();
      expect(stored.get('cb-held')?.toJSON()).toMatchObject({ note: 'closed', done: true });
      expect(stored.get('cb-held')?.revision.startsWith('2-')).toBe(true);
      expect(stored.get('cb-new')?.toJSON()).toMatchObject({ note: 'booked', done: false });
      expect(pending.count).toBe(2);
    } finally {
      await db.close();
    }
  });

  it('writes again on the stored version a document it did not hold, and keeps nothing of the old one', async () => {
    const { db, writes, repo } = await counted('repo-not-held');
    try {
      // Stored behind RxDB's back, as the replication stores what it pulls: never read here.
      await db.callbacks.storageInstance.bulkWrite(
        [{ document: { ...callback('cb-pulled', 'from the server'), _deleted: false, _attachments: {} } as never }],
        'test',
      );
      writes.length = 0;
      await repo.save('callbacks', { ...callback('cb-pulled', 'edited here'), done: true });
      // Tried as new, refused as stored, then written on the stored version.
      expect(writes).toEqual([['cb-pulled'], ['cb-pulled']]);
      const doc = await db.callbacks.findOne('cb-pulled').exec();
      expect(doc?.toJSON()).toMatchObject({ note: 'edited here', done: true });
      expect(doc?.revision.startsWith('2-')).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('refuses a save with a bad document whole: nothing of it is written, nothing marked to push', async () => {
    const { db, writes, repo, pending } = await counted('repo-refused');
    try {
      const bad = { ...callback('cb-bad'), dueAt: 'tomorrow' } as unknown as Callback;
      await expect(repo.saveMany('callbacks', [callback('cb-good'), bad])).rejects.toThrow(
        /callbacks\/cb-bad not saved/,
      );
      expect(writes).toEqual([]);
      expect(await db.callbacks.count().exec()).toBe(0);
      expect(pending.count).toBe(0);
    } finally {
      await db.close();
    }
  });
});
