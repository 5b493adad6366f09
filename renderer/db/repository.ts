import {
  type BulkWriteRow,
  fillObjectDataBeforeInsert,
  isBulkWriteConflictError,
  type RxDocumentData,
  type RxStorageWriteError,
  rxStorageWriteErrorToRxError,
} from 'rxdb';
import type { CollectionName, DocTypes } from '../../shared/core/types.ts';
import { schemas } from '../../shared/schemas/index.ts';
import { describeIssues, validate } from '../../shared/schemas/validate.ts';
import type { LeadlineDatabase } from './collections.ts';
import type { PendingWrites } from './pending-writes.ts';

type Data = RxDocumentData<{ id: string }>;

/** What of an RxDB collection a one-write save uses: the documents it holds, and its storage. */
interface WritableCollection {
  schema: Parameters<typeof fillObjectDataBeforeInsert>[0];
  _docCache: { getLatestDocumentDataIfExists(id: string): Data | undefined };
  storageInstance: {
    bulkWrite(rows: BulkWriteRow<Data>[], context: string): Promise<{ error: RxStorageWriteError<Data>[] }>;
  };
}

/** Conflicting writes of one document (another tab, the replication) before a save gives up. */
const MAX_SAVE_ATTEMPTS = 10;

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

  /** A document of one collection, new or replacing the stored one, in one storage write. */
  async save<K extends CollectionName>(collection: K, doc: DocTypes[K]): Promise<void> {
    await this.#write(collection, [doc]);
    this.pending.mark(collection, doc.id, doc.updatedAt);
  }

  /** Several documents of one collection, new ones and replacements alike, in one storage write. */
  async saveMany<K extends CollectionName>(collection: K, docs: DocTypes[K][]): Promise<void> {
    if (docs.length === 0) return;
    await this.#write(collection, docs);
    this.pending.markMany(collection, docs);
  }

  /**
   * Writes whole documents in one storage write (one IndexedDB transaction): a document RxDB holds
   * in memory (one the screen read, or wrote) replaces that version, the others go in as new. RxDB's
   * upserts cost two writes when new and existing documents are mixed (an insert, refused for the
   * existing ones, then their replacement) and a read before each new one; an outcome's save, on
   * the desk's path to the next call, wrote callbacks twice. Only a document whose stored version
   * is not the one held (never read here, or changed meanwhile) is written again, on the stored one.
   */
  async #write(collection: CollectionName, docs: readonly { id: string }[]): Promise<void> {
    // The storage checks each row and stores the valid ones: checked here first, a bad document
    // refuses the whole save and nothing of it is written.
    for (const doc of docs) {
      const { _deleted, _meta, _rev, _attachments, ...fields } = doc as Partial<Data>;
      const issues = validate(schemas[collection], fields);
      if (issues.length > 0) throw new Error(`${collection}/${doc.id} not saved: ${describeIssues(issues)}`);
    }
    const col = this.db[collection] as unknown as WritableCollection;
    const filled = new Map(docs.map((doc) => [doc.id, fillObjectDataBeforeInsert(col.schema, doc) as Data]));
    const row = (doc: Data, previous: Data | undefined): BulkWriteRow<Data> =>
      previous
        ? {
            previous,
            // RxDB's own replacement: the stored version's metadata carried over, then stamped anew.
            document: {
              ...doc,
              _meta: { ...previous._meta },
              _attachments: previous._attachments,
              _rev: previous._rev,
            },
          }
        : { document: doc };
    let rows = [...filled.values()].map((doc) => row(doc, col._docCache.getLatestDocumentDataIfExists(doc.id)));
    for (let attempt = 1; rows.length > 0; attempt++) {
      const { error } = await col.storageInstance.bulkWrite(rows, 'leadline-save');
      rows = error.map((e) => {
        const conflict = isBulkWriteConflictError(e);
        if (!conflict || attempt >= MAX_SAVE_ATTEMPTS) throw rxStorageWriteErrorToRxError(e);
        return row(filled.get(e.documentId)!, conflict.documentInDb as Data);
      });
    }
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
