import type { CollectionName } from '../../shared/core/types.ts';
import { withoutPersonalData } from '../../shared/security/erasure.ts';
import type { Actor } from '../../shared/security/policy.ts';
import type { ErasureReport } from '../../shared/sync/wire.ts';
import { HttpError } from '../errors.ts';
import type { DocStore, StoredDoc, WrittenDoc } from './doc-store.ts';

/**
 * Erases a prospect's personal data everywhere the server keeps it: the prospect (deleted or not),
 * the calls, callbacks, requests and history about it, and every audit copy of them. Each document
 * is rewritten as a new version, so workstations replace their copies at the next sync. Returns the
 * writes (for the streams) and what changed.
 */
export async function eraseProspect(
  docs: DocStore,
  actor: Actor,
  prospectId: string,
  now = new Date(),
): Promise<{ report: ErasureReport; written: { collection: CollectionName; written: WrittenDoc[] }[] }> {
  const result = await docs.transact(async (tx) => {
    const prospect = await tx.get('prospects', prospectId, true);
    if (!prospect) throw new HttpError(404, 'not_found', 'No such prospect');
    const related = (collection: CollectionName, field: string, values: string[]): Promise<StoredDoc[]> =>
      values.length === 0 ? Promise.resolve([]) : tx.byField(collection, field, values);
    const requests = await related('requests', 'prospectId', [prospectId]);
    const groups: [CollectionName, StoredDoc[]][] = [
      ['prospects', [prospect]],
      ['calls', await related('calls', 'prospectId', [prospectId])],
      ['callbacks', await related('callbacks', 'prospectId', [prospectId])],
      ['requests', requests],
      [
        'requestEvents',
        await related(
          'requestEvents',
          'requestId',
          requests.map((r) => r.id),
        ),
      ],
    ];
    const erasedAt = now.toISOString();
    let auditEntries = 0;
    let documents = 0;
    const written: { collection: CollectionName; written: WrittenDoc[] }[] = [];
    for (const [collection, found] of groups) {
      if (found.length === 0) continue;
      // Earlier copies first, so the new versions written below are not counted as old copies.
      for (const doc of found) {
        auditEntries += await tx.eraseAuditCopies(
          collection,
          doc.id,
          (copy) => withoutPersonalData(collection, copy),
          erasedAt,
        );
      }
      const scrubbed = found.map((doc) => withoutPersonalData(collection, doc) as StoredDoc);
      documents += scrubbed.length;
      written.push({ collection, written: await tx.writeAs(collection, actor, scrubbed, now) });
    }
    await tx.record(actor, 'erase', prospectId, { documents, auditEntries }, now);
    return { report: { documents, auditEntries }, written };
  });
  // Old page images in the database's own log are dropped too.
  await docs.compact();
  return result;
}
