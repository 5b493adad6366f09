import type { CollectionName, DocTypes } from '../../shared/types.ts';
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
    await (this.db[collection] as unknown as { upsert(d: DocTypes[K]): Promise<unknown> }).upsert(doc);
    this.pending.mark(collection, doc.id, doc.updatedAt);
  }

  /** Several documents of one collection in one storage write. */
  async saveMany<K extends CollectionName>(collection: K, docs: DocTypes[K][]): Promise<void> {
    if (docs.length === 0) return;
    const col = this.db[collection] as unknown as { bulkUpsert(d: DocTypes[K][]): Promise<unknown> };
    await col.bulkUpsert(docs);
    this.pending.markMany(collection, docs);
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
