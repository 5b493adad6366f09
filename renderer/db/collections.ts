import { addRxPlugin, type RxCollection, type RxConflictHandler, type RxDatabase, type RxJsonSchema } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { jsonEqual } from '../../shared/core/equal.ts';
import { mergeDocument } from '../../shared/sync/merge/collections.ts';
import type { Doc } from '../../shared/sync/merge/three-way.ts';
import { refusals } from './refusals.ts';
import { schemas } from '../../shared/schemas/index.ts';
import { migrationStrategies } from '../../shared/schemas/versions.ts';
import { COLLECTIONS, type CollectionName, type DocTypes } from '../../shared/core/types.ts';

export type LeadlineCollections = { [K in CollectionName]: RxCollection<DocTypes[K]> };
export type LeadlineDatabase = RxDatabase<LeadlineCollections>;

/**
 * A document without what RxDB's storage adds (a schema migration leaves `_attachments` in the
 * replication's records): our own fields never start with `_`, except `_deleted`.
 */
function withoutStorageFields<T>(doc: T): T {
  if (!doc || typeof doc !== 'object') return doc;
  const { _attachments, _meta, _rev, ...rest } = doc as Record<string, unknown>;
  return (_attachments === undefined && _meta === undefined && _rev === undefined ? doc : rest) as T;
}

/**
 * RxDB calls this when a push conflicts: a three-way merge with the common ancestor (shared/sync/merge),
 * except for a change the server refused for good, which gives way to the server's version.
 */
export function conflictHandlerFor<T>(collection: CollectionName): RxConflictHandler<T> {
  return {
    isEqual: (a, b) => jsonEqual(withoutStorageFields(a), withoutStorageFields(b)),
    resolve: (input) =>
      Promise.resolve(
        refusals.takeServerVersion(collection, String((input.newDocumentState as { id?: unknown }).id))
          ? input.realMasterState
          : (mergeDocument(
              collection,
              input.assumedMasterState as Doc | undefined,
              input.newDocumentState as Doc,
              input.realMasterState as Doc,
            ) as typeof input.realMasterState),
      ),
  };
}

// A newer app opening an older workstation's database migrates it (shared/schemas/versions.ts).
addRxPlugin(RxDBMigrationSchemaPlugin);

/**
 * Adds the collections (all by default). The free RxDB build allows 13 open collections per JS
 * process: the app opens all nine; tests that run several clients in one process open fewer.
 */
export async function addLeadlineCollections(
  db: RxDatabase,
  names: readonly CollectionName[] = COLLECTIONS,
): Promise<LeadlineDatabase> {
  const definitions = Object.fromEntries(
    names.map((name) => [
      name,
      {
        schema: schemas[name] as unknown as RxJsonSchema<DocTypes[typeof name]>,
        conflictHandler: conflictHandlerFor(name),
        migrationStrategies: migrationStrategies(name),
      },
    ]),
  );
  await db.addCollections(definitions);
  return db as unknown as LeadlineDatabase;
}
