import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { firstValueFrom, skip } from 'rxjs';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { describe, expect, it } from 'vitest';
import type { Callback } from '../../shared/core/types.ts';
import { callbackOf } from '../../server/test-server.ts';
import { openLeadlineDatabase } from './database.ts';
import { plainAll } from './plain.ts';

describe('plain documents of a live query', () => {
  it('converts only what changed: unchanged documents are the same objects in the next result', async () => {
    const storage = getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange });
    const db = await openLeadlineDatabase({ name: 'plain-test', storage, collections: ['callbacks'] });
    try {
      const docs = Array.from({ length: 20 }, (_, i) => {
        const { _deleted, ...cb } = { ...callbackOf('op1'), id: `cb-${i}` };
        return cb;
      });
      await db.callbacks.bulkInsert(docs);
      const live = db.callbacks.find({ sort: [{ id: 'asc' }] }).$.pipe(plainAll<Callback>());
      const first = await firstValueFrom(live);
      const next = firstValueFrom(live.pipe(skip(1)));
      await (await db.callbacks.findOne('cb-3').exec())!.incrementalPatch({ note: 'перезвонить после обеда' });
      const second = await next;
      const before = new Map(first.map((doc) => [doc.id, doc]));
      expect(second).toHaveLength(20);
      const changed = second.find((doc) => doc.id === 'cb-3')!;
      expect(changed).not.toBe(before.get('cb-3'));
      expect(changed.note).toBe('перезвонить после обеда');
      expect(second.filter((doc) => doc === before.get(doc.id))).toHaveLength(19);
    } finally {
      await db.close();
    }
  });
});
