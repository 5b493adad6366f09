import type { CollectionName } from '../../shared/core/types.ts';
import { readKeys } from '../../shared/security/policy.ts';
import type { DocWrite } from '../../server/storage/backend.ts';

/** A document write as the store's rules would hand it down. */
export function docWrite(collection: CollectionName, doc: Record<string, unknown> & { id: string }): DocWrite {
  const deleted = doc._deleted === true;
  return {
    collection,
    id: doc.id,
    deleted,
    data: JSON.stringify({ ...doc, _deleted: deleted }),
    readers: readKeys(collection, doc),
    at: new Date().toISOString(),
    userId: 'test',
    role: 'admin',
    action: 'update',
  };
}
