import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { CollectionName } from '../../shared/core/types.ts';
import { readKeys } from '../../shared/security/policy.ts';
import type { Backend } from '../../server/storage/backend.ts';
import { docWrite } from '../support/doc-write.ts';

/**
 * Writes a document straight into a running server's store, past every check, as an older or
 * hostile client could have left it: what workstations must survive.
 */
export function writeStraight(dataDir: string, collection: CollectionName, doc: Record<string, unknown>): void {
  const db = new DatabaseSync(path.join(dataDir, 'leadline.sqlite'));
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    const data = JSON.stringify({ ...doc, _deleted: false });
    const { lastInsertRowid } = db
      .prepare(
        "INSERT INTO audit (at, user_id, role, collection, doc_id, action, data) VALUES (?, 'test', 'admin', ?, ?, 'update', ?)",
      )
      .run(new Date().toISOString(), collection, String(doc.id), data);
    db.prepare(
      `INSERT INTO docs (collection, id, seq, deleted, data, reader1, reader2) VALUES (?, ?, ?, 0, ?, ?, ?)
       ON CONFLICT (collection, id) DO UPDATE SET seq = excluded.seq, data = excluded.data,
       reader1 = excluded.reader1, reader2 = excluded.reader2`,
    ).run(collection, String(doc.id), lastInsertRowid, data, ...readKeys(collection, doc));
  } finally {
    db.close();
  }
}

/** The same, through a running server's own backend (SQLite or PostgreSQL), past every check of the store's rules. */
export async function writeStraightTo(
  backend: Backend,
  collection: CollectionName,
  doc: Record<string, unknown>,
): Promise<void> {
  await backend.writeDoc(docWrite(collection, { ...doc, id: String(doc.id), _deleted: false }));
}
