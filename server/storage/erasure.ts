import type { DatabaseSync } from 'node:sqlite';
import type { CollectionName } from '../../shared/core/types.ts';
import { withoutPersonalData } from '../../shared/security/erasure.ts';
import type { Actor } from '../../shared/security/policy.ts';
import type { ErasureReport } from '../../shared/sync/wire.ts';
import { HttpError } from '../errors.ts';
import type { DocStore, StoredDoc, WrittenDoc } from './doc-store.ts';
import { transaction } from './sqlite.ts';

/**
 * Erases a prospect's personal data everywhere the server keeps it: the prospect (deleted or not),
 * the calls, callbacks, requests and history about it, and every audit copy of them. Each document
 * is rewritten as a new version, so workstations replace their copies at the next sync. Returns the
 * writes (for the streams) and what changed.
 */
export function eraseProspect(
  db: DatabaseSync,
  docs: DocStore,
  actor: Actor,
  prospectId: string,
  now = new Date(),
): { report: ErasureReport; written: { collection: CollectionName; written: WrittenDoc[] }[] } {
  const result = transaction(db, () => {
    const prospect = docs.get('prospects', prospectId);
    if (!prospect) throw new HttpError(404, 'not_found', 'No such prospect');
    const related = (collection: CollectionName, field: string, values: string[]): StoredDoc[] =>
      values.length === 0 ? [] : docs.byField(collection, field, values);
    const requests = related('requests', 'prospectId', [prospectId]);
    const groups: [CollectionName, StoredDoc[]][] = [
      ['prospects', [prospect]],
      ['calls', related('calls', 'prospectId', [prospectId])],
      ['callbacks', related('callbacks', 'prospectId', [prospectId])],
      ['requests', requests],
      [
        'requestEvents',
        related(
          'requestEvents',
          'requestId',
          requests.map((r) => r.id),
        ),
      ],
    ];
    const erasedAt = now.toISOString();
    const rewrite = db.prepare('UPDATE audit SET data = ? WHERE seq = ?');
    const copies = db.prepare('SELECT seq, data FROM audit WHERE collection = ? AND doc_id = ?');
    let auditEntries = 0;
    let documents = 0;
    const written: { collection: CollectionName; written: WrittenDoc[] }[] = [];
    for (const [collection, found] of groups) {
      if (found.length === 0) continue;
      // Earlier copies first, so the new versions written below are not counted as old copies.
      for (const doc of found) {
        for (const row of copies.all(collection, doc.id) as { seq: number; data: string }[]) {
          const copy = JSON.parse(row.data) as Record<string, unknown>;
          rewrite.run(JSON.stringify({ ...withoutPersonalData(collection, copy), erased: erasedAt }), row.seq);
          auditEntries++;
        }
      }
      const scrubbed = found.map((doc) => withoutPersonalData(collection, doc) as StoredDoc);
      documents += scrubbed.length;
      written.push({ collection, written: docs.writeAs(collection, actor, scrubbed, now) });
    }
    docs.record(actor, 'erase', prospectId, { documents, auditEntries }, now);
    return { report: { documents, auditEntries }, written };
  });
  // Old page images in the write-ahead log are dropped too.
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  return result;
}
