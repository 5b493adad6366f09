import { defaultSettings, SETTINGS_ID } from '../../../shared/defaults.ts';
import type { LeadlineBridge } from '../../../shared/ipc.ts';
import { buildQueue, type QueueInput, type QueueItem } from '../../../shared/queue.ts';
import type { Callback, CallList, Prospect, Settings } from '../../../shared/types.ts';
import type { LeadlineDatabase } from '../../db/collections.ts';
import type { Repository } from '../../db/repository.ts';

/** Statuses lists can offer; the index on [status, nextCallAt] serves each one as a range. */
const LIST_STATUSES = ['new', 'in_work', 'future_need'] as const;
const PAGE = 1000;

export async function loadSettings(db: LeadlineDatabase): Promise<Settings> {
  const doc = await db.settings.findOne(SETTINGS_ID).exec();
  return doc ? (doc.toJSON() as Settings) : defaultSettings(0);
}

/**
 * What the queue rule needs from the local replica: open callbacks and their prospects, the lists,
 * and a window of list candidates read through the [status, nextCallAt] index, never the whole base.
 */
export async function queueInput(
  db: LeadlineDatabase,
  operatorId: string,
  now: number,
  pages = 3,
): Promise<QueueInput> {
  const [callbackDocs, listDocs, settings] = await Promise.all([
    db.callbacks.find({ selector: { done: false } }).exec(),
    db.callLists.find({ selector: { active: true } }).exec(),
    loadSettings(db),
  ]);
  const callbacks = callbackDocs.map((d) => d.toJSON() as Callback);
  const lists = listDocs.map((d) => d.toJSON() as CallList);
  const prospects = new Map<string, Prospect>();
  const due = callbacks.filter((c) => c.dueAt <= now).map((c) => c.prospectId);
  if (due.length > 0) {
    for (const [, doc] of await db.prospects.findByIds(due).exec()) prospects.set(doc.id, doc.toJSON() as Prospect);
  }
  for (const status of LIST_STATUSES) {
    for (let page = 0; page < pages; page++) {
      const docs = await db.prospects
        .find({
          selector: { status, nextCallAt: { $lte: now } },
          sort: [{ status: 'asc' }, { nextCallAt: 'asc' }],
          skip: page * PAGE,
          limit: PAGE,
        })
        .exec();
      for (const d of docs) prospects.set(d.id, d.toJSON() as Prospect);
      if (docs.length < PAGE) break;
    }
  }
  return { now, operatorId, prospects: [...prospects.values()], callbacks, lists, settings };
}

export type NextCall = { item: QueueItem; claimedOnline: boolean } | null;

/**
 * The next prospect for this operator. Online, the server's claim makes sure nobody else gets it
 * (a refused claim moves on to the next candidate); offline, the claim is written locally and
 * syncs later, where the first claim to reach the server wins.
 */
export async function takeNextCall(deps: {
  db: LeadlineDatabase;
  repo: Repository;
  queue: LeadlineBridge['queue'];
  operatorId: string;
  now?: number;
  skip?: ReadonlySet<string>;
}): Promise<NextCall> {
  const now = deps.now ?? Date.now();
  const input = await queueInput(deps.db, deps.operatorId, now);
  const refused = new Set(deps.skip ?? []);
  for (let round = 0; round < 3; round++) {
    const items = buildQueue({ ...input, exclude: refused }, 20);
    if (items.length === 0) return null;
    for (const item of items) {
      let claimed: Awaited<ReturnType<LeadlineBridge['queue']['claim']>> | 'offline';
      try {
        claimed = await deps.queue.claim(item.prospect.id);
      } catch (error) {
        if ((error as { name?: string }).name !== 'OfflineError') throw error;
        claimed = 'offline';
      }
      if (claimed === 'offline') {
        const settings = await loadSettings(deps.db);
        const prospect = {
          ...item.prospect,
          claimedBy: deps.operatorId,
          claimedUntil: now + settings.claimMinutes * 60_000,
        };
        await deps.repo.save('prospects', { ...prospect, updatedAt: now });
        return { item: { ...item, prospect }, claimedOnline: false };
      }
      if (claimed.ok) {
        return {
          item: {
            ...item,
            prospect: { ...item.prospect, claimedBy: deps.operatorId, claimedUntil: claimed.claimedUntil },
          },
          claimedOnline: true,
        };
      }
      refused.add(item.prospect.id);
    }
  }
  return null;
}
