import { combineLatest, map, type Observable } from 'rxjs';
import { planSearch, prefixUpperBound } from '../../../shared/calling/search.ts';
import type { Prospect } from '../../../shared/core/types.ts';
import type { LeadlineDatabase } from '../../db/collections.ts';
import { plainAll } from '../../db/plain.ts';

/**
 * Live search over the prospect base. Every query rides an index (nameKey, phoneKey or taxId) with
 * a prefix range and a limit: no full scans, whatever the size of the base.
 */
export function searchProspects$(db: LeadlineDatabase, query: string, limit: number): Observable<Prospect[]> {
  const plan = planSearch(query);
  const col = db.prospects;
  const range = (field: 'nameKey' | 'phoneKey' | 'taxId', prefix: string) =>
    col
      .find({
        selector: { [field]: { $gte: prefix, $lt: prefixUpperBound(prefix) } },
        sort: [{ [field]: 'asc' }],
        limit,
      })
      .$.pipe(plainAll<Prospect>());

  if (plan.kind === 'all') {
    return col.find({ selector: {}, sort: [{ nameKey: 'asc' }], limit }).$.pipe(plainAll<Prospect>());
  }
  if (plan.kind === 'name') return range('nameKey', plan.prefix);
  // A number typed any way: every reading of it (with or without the country code) rides the index.
  const sources: Observable<Prospect[]>[] = [
    ...plan.phonePrefixes.map((prefix) => range('phoneKey', prefix)),
    range('taxId', plan.taxIdPrefix),
  ];
  return combineLatest(sources).pipe(
    map((lists) => {
      const seen = new Map<string, Prospect>();
      for (const p of lists.flat()) seen.set(p.id, p);
      return [...seen.values()].slice(0, limit);
    }),
  );
}

export interface Duplicate {
  prospect: Prospect;
  by: 'phone' | 'taxId';
}

/** Records with the same normalised phone or tax id, found through the indexes. */
export async function findDuplicates(
  db: LeadlineDatabase,
  keys: { phoneKey: string; taxId: string },
  excludeId: string | null,
): Promise<Duplicate[]> {
  const found: Duplicate[] = [];
  if (keys.phoneKey) {
    const docs = await db.prospects.find({ selector: { phoneKey: keys.phoneKey }, limit: 5 }).exec();
    for (const d of docs) if (d.id !== excludeId) found.push({ prospect: d.toJSON() as Prospect, by: 'phone' });
  }
  if (keys.taxId) {
    const docs = await db.prospects.find({ selector: { taxId: keys.taxId }, limit: 5 }).exec();
    for (const d of docs) {
      if (d.id !== excludeId && !found.some((f) => f.prospect.id === d.id)) {
        found.push({ prospect: d.toJSON() as Prospect, by: 'taxId' });
      }
    }
  }
  return found;
}
