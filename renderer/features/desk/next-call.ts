import { isForUser } from '../../../shared/calling/callbacks.ts';
import { defaultSettings, SETTINGS_ID } from '../../../shared/calling/defaults.ts';
import type { LeadlineBridge } from '../../../shared/sync/ipc.ts';
import { buildQueue, type QueueInput, type QueueItem } from '../../../shared/calling/queue.ts';
import type { Subscription } from 'rxjs';
import type { Callback, CallList, Prospect, Settings, User } from '../../../shared/core/types.ts';
import type { LeadlineDatabase } from '../../db/collections.ts';
import type { Repository } from '../../db/repository.ts';
import { plain } from '../../db/plain.ts';

/** Statuses lists can offer; the index on [status, nextCallAt] serves each one as a range. */
const LIST_STATUSES = ['new', 'in_work', 'future_need'] as const;
const PAGE = 250;

export async function loadSettings(db: LeadlineDatabase): Promise<Settings> {
  const doc = await db.settings.findOne(SETTINGS_ID).exec();
  return doc ? (doc.toJSON() as Settings) : defaultSettings(0);
}

/**
 * What the queue rule needs from the local replica, kept warm: open callbacks, lists and settings
 * are live query results (RxDB keeps them current as writes and sync arrive), so "next call" only
 * reads a window of list candidates through the [status, nextCallAt] index.
 */
export class QueueSource {
  #callbacks: Callback[] = [];
  #lists: CallList[] = [];
  #settings: Settings = defaultSettings(0);
  readonly #db: LeadlineDatabase;
  readonly #subscriptions: Subscription[];
  readonly ready: Promise<void>;

  constructor(db: LeadlineDatabase) {
    this.#db = db;
    const seen = { callbacks: false, lists: false, settings: false };
    let resolve: () => void = () => undefined;
    this.ready = new Promise((r) => (resolve = r));
    const mark = (key: keyof typeof seen) => {
      seen[key] = true;
      if (seen.callbacks && seen.lists && seen.settings) resolve();
    };
    this.#subscriptions = [
      db.callbacks.find({ selector: { done: false } }).$.subscribe((docs) => {
        this.#callbacks = docs.map((d) => plain<Callback>(d));
        mark('callbacks');
      }),
      db.callLists.find({ selector: { active: true } }).$.subscribe((docs) => {
        this.#lists = docs.map((d) => plain<CallList>(d));
        mark('lists');
      }),
      db.settings.findOne(SETTINGS_ID).$.subscribe((doc) => {
        this.#settings = doc ? (doc.toJSON() as Settings) : defaultSettings(0);
        mark('settings');
      }),
    ];
  }

  get settings(): Settings {
    return this.#settings;
  }

  /** The queue input with `pages` pages of list candidates per status. */
  async input(operatorId: string, now: number, pages: number): Promise<QueueInput & { prospects: Prospect[] }> {
    await this.ready;
    const db = this.#db;
    const prospects = new Map<string, Prospect>();
    // Only the first due callbacks can make the top of the queue; their prospects are read by id.
    const due = this.#callbacks
      .filter((c) => c.dueAt <= now && isForUser(c, operatorId))
      .toSorted((a, b) => a.dueAt - b.dueAt)
      .slice(0, 200)
      .map((c) => c.prospectId);
    if (due.length > 0) {
      for (const [, doc] of await db.prospects.findByIds(due).exec()) prospects.set(doc.id, doc.toJSON() as Prospect);
    }
    for (const status of LIST_STATUSES) {
      const docs = await db.prospects
        .find({
          selector: { status, nextCallAt: { $lte: now } },
          sort: [{ status: 'asc' }, { nextCallAt: 'asc' }],
          limit: pages * PAGE,
        })
        .exec();
      for (const d of docs) prospects.set(d.id, d.toJSON() as Prospect);
    }
    // The operator's team, for lists assigned to a whole team (one read by primary key).
    const me = await db.users.findOne(operatorId).exec();
    return {
      now,
      operatorId,
      operatorTeam: (me?.toJSON() as User | undefined)?.team ?? '',
      prospects: [...prospects.values()],
      callbacks: this.#callbacks,
      lists: this.#lists,
      settings: this.#settings,
    };
  }

  dispose(): void {
    for (const s of this.#subscriptions) s.unsubscribe();
  }
}

export type NextCall = { item: QueueItem; claimedOnline: boolean } | null;

/**
 * The next prospect for this operator. Online, the server's claim makes sure nobody else gets it
 * (a refused claim moves on to the next candidate); offline, the claim is written locally and
 * syncs later, where the first claim to reach the server wins.
 */
export async function takeNextCall(deps: {
  source: QueueSource;
  repo: Repository;
  queue: LeadlineBridge['queue'];
  operatorId: string;
  now?: number;
  skip?: ReadonlySet<string>;
}): Promise<NextCall> {
  const now = deps.now ?? Date.now();
  const refused = new Set(deps.skip ?? []);
  // A small window of candidates first; a wider one only when calling hours or claims thin it out.
  for (let pages = 1; pages <= 8; pages *= 2) {
    const input = await deps.source.input(deps.operatorId, now, pages);
    const items = buildQueue({ ...input, exclude: refused }, 20);
    if (items.length === 0) {
      if (input.prospects.length < pages * PAGE) return null;
      continue;
    }
    for (const item of items) {
      let claimed: Awaited<ReturnType<LeadlineBridge['queue']['claim']>> | 'offline';
      try {
        claimed = await deps.queue.claim(item.prospect.id);
      } catch (error) {
        if ((error as { name?: string }).name !== 'OfflineError') throw error;
        claimed = 'offline';
      }
      if (claimed === 'offline') {
        const prospect = {
          ...item.prospect,
          claimedBy: deps.operatorId,
          claimedUntil: now + deps.source.settings.claimMinutes * 60_000,
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
