import { createRxDatabase, type RxStorage, wrappedValidateStorageFactory } from 'rxdb';
import type { JsonSchema } from '../../shared/schemas/json-schema.ts';
import type { CollectionName } from '../../shared/core/types.ts';
import { validate } from '../../shared/schemas/validate.ts';
import { withBoundedWrites } from './bounded-writes.ts';
import { addLeadlineCollections, type LeadlineDatabase } from './collections.ts';

/**
 * Schema validation on every local write, with our own validator: Ajv compiles with `new Function`,
 * which the production CSP forbids; ours interprets the schema and needs no eval.
 */
export const withValidation = wrappedValidateStorageFactory(
  (schema) => (doc) =>
    validate(schema as unknown as JsonSchema, doc).map((i) => ({ field: i.path, message: i.message })),
  'leadline-validate',
);

export interface OpenOptions {
  /** One database per user: what a role may read differs, and a shared workstation must not mix them. */
  name: string;
  storage: RxStorage<unknown, unknown>;
  collections?: readonly CollectionName[];
}

export async function openLeadlineDatabase(options: OpenOptions): Promise<LeadlineDatabase> {
  const db = await createRxDatabase({
    name: options.name,
    storage: withValidation({ storage: withBoundedWrites(options.storage) }),
    multiInstance: false,
    eventReduce: true,
    closeDuplicates: true,
  });
  return addLeadlineCollections(db, options.collections);
}

/** IndexedDB database names allow only some characters. */
export function databaseNameFor(userId: string): string {
  return `leadline_${userId.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
}
