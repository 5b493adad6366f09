import type { CollectionName, DocTypes } from '../../shared/core/types.ts';
import type { LeadlineDatabase } from './collections.ts';
import type { PendingWrites } from './pending-writes.ts';

/**
 * Every local write goes through here, so the sync indicator knows what waits to be pushed.
 * Writes land in IndexedDB first and are pushed when the network allows: nothing waits on the server.
 */
export class Repository {
  readonly db: LeadlineDatabase;
  readonly pending: PendingWrites;

  constructor(db: LeadlineDatabase, pending: PendingWrites) {
    this.db = db;
    this.pending = pending;
  }

  async save<K extends CollectionName>(collection: K, doc: DocTypes[K]): Promise<void> {
    // RxDB's incremental upsert replaces a document it holds in one write on top of its version
    // (a plain upsert first tries an insert, which fails, then writes: two writing transactions).
    const col = this.db[collection] as unknown as { incrementalUpsert(d: DocTypes[K]): Promise<unknown> };
    await col.incrementalUpsert(doc);
    this.pending.mark(collection, doc.id, doc.updatedAt);
  }

  /** Several documents of one collection in one storage write. */
  async saveMany<K extends CollectionName>(collection: K, docs: DocTypes[K][]): Promise<void> {
    if (docs.length === 0) return;
    const col = this.db[collection] as unknown as { bulkUpsert(d: DocTypes[K][]): Promise<unknown> };
    await col.bulkUpsert(docs);
    this.pending.markMany(collection, docs);
  }

  /** Removes several documents of one collection in one storage write. */
  async removeMany(collection: CollectionName, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const col = this.db[collection] as unknown as {
      findByIds(ids: string[]): { exec(): Promise<Map<string, { toJSON(): { id: string; updatedAt: number } }>> };
      bulkUpsert(docs: unknown[]): Promise<unknown>;
      bulkRemove(ids: string[]): Promise<unknown>;
    };
    // Each tombstone carries a fresh updatedAt, so its pending mark clears only once it is pushed.
    const updatedAt = Date.now();
    const found = [...(await col.findByIds([...ids]).exec()).values()].map((d) => ({ ...d.toJSON(), updatedAt }));
    await col.bulkUpsert(found);
    await col.bulkRemove(found.map((d) => d.id));
    this.pending.markMany(
      collection,
      found.map((d) => ({ id: d.id, updatedAt })),
    );
  }

  async remove(collection: CollectionName, id: string): Promise<void> {
    const doc = await this.db[collection].findOne(id).exec();
    if (!doc) return;
    const updatedAt = Date.now();
    // The tombstone carries a fresh updatedAt, so the pending mark clears only once it is pushed.
    const patched = await doc.incrementalPatch({ updatedAt } as never);
    await patched.incrementalRemove();
    this.pending.mark(collection, id, updatedAt);
  }
}
