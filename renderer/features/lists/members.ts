import { hasCriteria, matchesCriteria } from '../../../shared/calling/list-query.ts';
import type { CallList, ListCriteria, Prospect } from '../../../shared/core/types.ts';
import type { LeadlineDatabase } from '../../db/collections.ts';

/** The prospects a saved query matches now: the status index narrows, the rule decides. */
export async function queryMembers(db: LeadlineDatabase, criteria: ListCriteria, now: number): Promise<Prospect[]> {
  const selector = criteria.statuses.length > 0 ? { status: { $in: criteria.statuses } } : {};
  const docs = await db.prospects.find({ selector }).exec();
  return docs.map((d) => d.toJSON() as Prospect).filter((p) => matchesCriteria(p, criteria, now));
}

/** How many prospects a list holds now: those imported into it, plus those its query matches. */
export async function memberCount(db: LeadlineDatabase, list: CallList, now: number): Promise<number> {
  const imported = await db.prospects.count({ selector: { sourceListId: list.id } }).exec();
  if (list.source === 'market_research' || !hasCriteria(list.criteria)) return imported;
  const matched = await queryMembers(db, list.criteria, now);
  return imported + matched.filter((p) => p.sourceListId !== list.id).length;
}
