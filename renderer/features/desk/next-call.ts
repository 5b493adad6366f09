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
/** How many of the best candidates a prepared queue keeps, and for how long. */
const PREPARED = 20;
const PREPARED_FOR_MS = 10 * 60_000;

interface Prepared {
  operatorId: string;
  at: number;
  ids: string[];
  /** The live lists and settings it was built with: a change to either drops it. */
  lists: CallList[];
  settings: Settings;
}

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
  /** The open callbacks, in due order. */
  #callbacks: Callback[] = [];
  #lists: CallList[] = [];
  #settings: Settings = defaultSettings(0);
  #prepared: Prepared | null = null;
  #preparing = 0;
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
      // In due order, as the index of open callbacks holds them: a take reads the due ones from the front.
      db.callbacks.find({ selector: { done: false }, sort: [{ dueAt: 'asc' }] }).$.subscribe((docs) => {
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

  /**
   * Reads the queue while a call is on and keeps its best candidates (the current prospect left
   * out), so the next "Next call" reads those few by id instead of the index windows.
   */
  async prepare(operatorId: string, skip: ReadonlySet<string>, now = Date.now()): Promise<void> {
    // Only the newest reading counts: an older one finishing later would bring back the prospect
    // the newer one left out (the one now on the phone).
    const ticket = ++this.#preparing;
    const input = await this.input(operatorId, now, 1);
    const ids = buildQueue({ ...input, exclude: skip }, PREPARED).map((item) => item.prospect.id);
    if (ticket !== this.#preparing) return;
    this.#prepared = {
      operatorId,
      at: now,
      ids,
      lists: input.lists as CallList[],
      settings: input.settings as Settings,
    };
  }

  /** Reads the queue ahead unless a usable reading is kept already (the one made when the call began). */
  async prepareUnlessReady(operatorId: string, now = Date.now()): Promise<void> {
    await this.ready;
    if (this.#prepared && this.#usable(this.#prepared, operatorId, now)) return;
    await this.prepare(operatorId, new Set(), now);
  }

  #usable(prepared: Prepared, operatorId: string, now: number): boolean {
    return (
      prepared.operatorId === operatorId &&
      now >= prepared.at &&
      now - prepared.at <= PREPARED_FOR_MS &&
      prepared.lists === this.#lists &&
      prepared.settings === this.#settings
    );
  }

  /**
   * The queue input from the prepared candidates and the callbacks due now, read by id; null when
   * nothing usable is prepared (none, stale, another operator, or lists or settings changed since).
   * Used once: the next call prepares again.
   */
  async preparedInput(operatorId: string, now: number): Promise<(QueueInput & { prospects: Prospect[] }) | null> {
    await this.ready;
    const prepared = this.#prepared;
    this.#prepared = null;
    if (!prepared || !this.#usable(prepared, operatorId, now)) return null;
    // Callbacks due at preparing time were weighed then; only those fallen due since are read again.
    return this.#inputOf(operatorId, now, prepared.ids, 0, prepared.at);
  }

  /** The queue input with `pages` pages of list candidates per status. */
  async input(operatorId: string, now: number, pages: number): Promise<QueueInput & { prospects: Prospect[] }> {
    await this.ready;
    return this.#inputOf(operatorId, now, [], pages);
  }

  async #inputOf(
    operatorId: string,
    now: number,
    ids: readonly string[],
    pages = 0,
    dueAfter = Number.NEGATIVE_INFINITY,
  ): Promise<QueueInput & { prospects: Prospect[] }> {
    const db = this.#db;
    const prospects = new Map<string, Prospect>();
    // Only the first due callbacks can make the top of the queue; their prospects are read by id.
    const due: string[] = [];
    for (const c of this.#callbacks) {
      if (c.dueAt > now || due.length >= 200) break;
      if (c.dueAt > dueAfter && isForUser(c, operatorId)) due.push(c.prospectId);
    }
    const byId = [...new Set([...due, ...ids])];
    if (byId.length > 0) {
      for (const [, doc] of await db.prospects.findByIds(byId).exec()) prospects.set(doc.id, doc.toJSON() as Prospect);
    }
    for (const status of pages > 0 ? LIST_STATUSES : []) {
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
  // The candidates prepared during the last call first: a few reads by id.
  const prepared = await deps.source.preparedInput(deps.operatorId, now);
  if (prepared) {
    const taken = await claimFirst(deps, buildQueue({ ...prepared, exclude: refused }, 20), refused, now);
    if (taken) return taken;
  }
  // A small window of candidates; a wider one only when calling hours or claims thin it out.
  for (let pages = 1; pages <= 8; pages *= 2) {
    const input = await deps.source.input(deps.operatorId, now, pages);
    const items = buildQueue({ ...input, exclude: refused }, 20);
    if (items.length === 0) {
      if (input.prospects.length < pages * PAGE) return null;
      continue;
    }
    const taken = await claimFirst(deps, items, refused, now);
    if (taken) return taken;
  }
  return null;
}

/** Claims the first of `items` the server grants (adding the refused ones to `refused`), or offline the first. */
async function claimFirst(
  deps: { source: QueueSource; repo: Repository; queue: LeadlineBridge['queue']; operatorId: string },
  items: readonly QueueItem[],
  refused: Set<string>,
  now: number,
): Promise<NextCall> {
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
  return null;
}
