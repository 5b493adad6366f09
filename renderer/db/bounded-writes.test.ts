import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { describe, expect, it } from 'vitest';
import { callbackOf } from '../../server/test-server.ts';
import { MAX_ROWS_PER_WRITE } from './bounded-writes.ts';
import { openLeadlineDatabase } from './database.ts';

function callbacks(from: number, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const { _deleted, ...cb } = { ...callbackOf('op1'), id: `cb-${String(from + i).padStart(5, '0')}` };
    return cb;
  });
}

describe('writes in bounded transactions', () => {
  it('stores a large write in transactions of at most 1,000 rows, and reports each refused row', async () => {
    const storage = getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange });
    const db = await openLeadlineDatabase({ name: 'bounded-test', storage, collections: ['callbacks'] });
    try {
      const bulks: number[] = [];
      const sub = db.callbacks.storageInstance.changeStream().subscribe((bulk) => bulks.push(bulk.events.length));
      const first = await db.callbacks.bulkInsert(callbacks(0, 2500));
      expect(first.error).toEqual([]);
      expect(bulks).toEqual([MAX_ROWS_PER_WRITE, MAX_ROWS_PER_WRITE, 500]);
      // Rows 1,200–1,299 exist already: refused in the second transaction, the rest stored.
      const second = await db.callbacks.bulkInsert([...callbacks(2500, 1200), ...callbacks(1200, 100)]);
      expect(second.error.map((e) => e.documentId)).toEqual(callbacks(1200, 100).map((c) => c.id));
      expect(second.error.every((e) => e.status === 409)).toBe(true);
      expect(await db.callbacks.count().exec()).toBe(3700);
      sub.unsubscribe();
    } finally {
      await db.close();
    }
  });

  it('lets a read started during a large write finish before the write does', { timeout: 10_000 }, async () => {
    // IndexedDB's own storage underneath, telling when a write reaches it.
    const dexie = getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange });
    let writing = (): void => undefined;
    const storage: typeof dexie = Object.assign(Object.create(dexie) as typeof dexie, {
      async createStorageInstance(params: Parameters<typeof dexie.createStorageInstance>[0]) {
        const instance = await dexie.createStorageInstance(params);
        const write = instance.bulkWrite.bind(instance);
        instance.bulkWrite = (rows, context) => {
          writing();
          return write(rows, context);
        };
        return instance;
      },
    });
    const db = await openLeadlineDatabase({ name: 'bounded-read-test', storage, collections: ['callbacks'] });
    try {
      await db.callbacks.insert(callbacks(99_000, 1)[0]!);
      const order: string[] = [];
      const started = new Promise<void>((resolve) => (writing = resolve));
      const write = db.callbacks.bulkInsert(callbacks(0, 5000)).then(() => order.push('write'));
      // The first transaction under way, the desk reads.
      await started;
      await new Promise((resolve) => setTimeout(resolve, 0));
      // Straight to IndexedDB (a query may be answered from RxDB's memory).
      const read = db.callbacks.storageInstance
        .findDocumentsById(['cb-99000'], false)
        .then((docs) => order.push(docs.length === 1 ? 'read' : 'read nothing'));
      await Promise.all([write, read]);
      expect(order).toEqual(['read', 'write']);
    } finally {
      await db.close();
    }
  });
});
