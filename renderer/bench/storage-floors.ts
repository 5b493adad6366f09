import { getDexieStoreSchema, getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { MAX_ROWS_PER_WRITE } from '../db/bounded-writes.ts';
import type { LeadlineDatabase } from '../db/collections.ts';
import { openLeadlineDatabase } from '../db/database.ts';

/**
 * The floors of a first sync, on the same profile after it: `count` of the prospects it stored
 * written again, in transactions of the same size, (1) with plain IndexedDB puts into an object
 * store with the indexes RxDB's Dexie storage gives the collection, and (2) with RxDB's `bulkInsert`
 * into a new database of the app's own storage stack. (1) is what the disk and browser cost
 * whatever the code above them; (2) is the storage without the replication's reads and second
 * record per document. Both are deleted again before this returns.
 */
export async function storageFloors(
  db: LeadlineDatabase,
  count: number,
): Promise<{ count: number; indexedDbMs: number; rxdbMs: number; indexes: number }> {
  const docs = (await db.prospects.find({ limit: count }).exec()).map(
    (d) => d.toMutableJSON(true) as unknown as Record<string, unknown>,
  );
  const stamp = Date.now();
  // "id, [_deleted+id], [a+b], …": the primary key first, then each index (compound ones bracketed).
  const keyPaths = getDexieStoreSchema(db.prospects.schema.jsonSchema)
    .split(', ')
    .slice(1)
    .map((part) => (part.startsWith('[') ? part.slice(1, -1).split('+') : part));
  const indexed = new Set(keyPaths.flat());
  // Dexie keeps an indexed boolean as '1'/'0' (a boolean is not a valid IndexedDB key).
  const rows = docs.map((d) => {
    const row = { ...d };
    for (const field of indexed) if (typeof row[field] === 'boolean') row[field] = row[field] ? '1' : '0';
    return row;
  });
  const name = `leadline_floor_${stamp}`;
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => {
      const store = open.result.createObjectStore('docs', { keyPath: 'id' });
      keyPaths.forEach((keyPath, i) => store.createIndex(`i${i}`, keyPath));
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  let started = performance.now();
  for (let at = 0; at < rows.length; at += MAX_ROWS_PER_WRITE) {
    await new Promise<void>((resolve, reject) => {
      const tx = idb.transaction('docs', 'readwrite');
      const store = tx.objectStore('docs');
      for (const row of rows.slice(at, at + MAX_ROWS_PER_WRITE)) store.put(row);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  }
  const indexedDbMs = performance.now() - started;
  // Every index must hold every row, or the floor is a floor of less work than RxDB does.
  const lastIndex = await new Promise<number>((resolve, reject) => {
    const counting = idb
      .transaction('docs')
      .objectStore('docs')
      .index(`i${keyPaths.length - 1}`)
      .count();
    counting.onsuccess = () => resolve(counting.result);
    counting.onerror = () => reject(counting.error);
  });
  idb.close();
  await new Promise((resolve, reject) => {
    const removal = indexedDB.deleteDatabase(name);
    removal.onsuccess = resolve;
    removal.onerror = () => reject(removal.error);
  });
  if (lastIndex !== rows.length) throw new Error(`the floor's last index holds ${lastIndex} of ${rows.length} rows`);

  const floor = await openLeadlineDatabase({
    name: `leadline_floor_rx_${stamp}`,
    storage: getRxStorageDexie(),
    collections: ['prospects'],
  });
  const plainDocs = docs.map(({ _meta, _rev, _attachments, _deleted, ...fields }) => fields);
  started = performance.now();
  for (let at = 0; at < plainDocs.length; at += MAX_ROWS_PER_WRITE) {
    const { error } = await floor.prospects.bulkInsert(plainDocs.slice(at, at + MAX_ROWS_PER_WRITE) as never[]);
    if (error.length > 0) throw new Error(`the RxDB floor refused ${error.length} prospects`);
  }
  const rxdbMs = performance.now() - started;
  await floor.remove();
  return { count: docs.length, indexedDbMs, rxdbMs, indexes: keyPaths.length };
}
