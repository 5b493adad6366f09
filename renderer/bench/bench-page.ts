import { firstValueFrom } from 'rxjs';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createBrowserBridge } from '../bridge/browser-bridge.ts';
import type { LeadlineDatabase } from '../db/collections.ts';
import { databaseNameFor, openLeadlineDatabase } from '../db/database.ts';
import { PendingWrites } from '../db/pending-writes.ts';
import { startReplication } from '../db/replication.ts';
import { searchProspects$ } from '../features/prospects/search.ts';
import { loadSettings, QueueSource, takeNextCall } from '../features/desk/next-call.ts';
import { Repository } from '../db/repository.ts';
import { storageFloors } from './storage-floors.ts';
import { dialBench } from './dial-bench.ts';
import { saveOutcome } from '../features/desk/save-outcome.ts';
import { buildQueue } from '../../shared/calling/queue.ts';
import { parseCsv } from '../../shared/formats/csv.ts';
import { guessMapping, planImport } from '../../shared/formats/import.ts';
import { analyseRows, writeImport, yieldToUi } from '../features/lists/import-file.ts';
import { applyOutcome } from '../../shared/calling/outcomes.ts';
import { newRequest } from '../../shared/requests/request-flow.ts';
import { startRun } from '../../shared/call-scripts/script-runner.ts';
import { uuidv7 } from '../../shared/core/ids.ts';
import type { LeadlineBridge } from '../../shared/sync/ipc.ts';
import type { Script } from '../../shared/core/types.ts';
import type { SessionUser } from '../../shared/sync/wire.ts';

/**
 * The benchmark's page: the app's own database, replication and search code, driven from
 * tests/bench/run.ts through Playwright. Not linked from the app.
 */

let db: LeadlineDatabase | null = null;
let repo: Repository | null = null;
let user: SessionUser | null = null;
let bridge: LeadlineBridge | null = null;
let source: QueueSource | null = null;

/**
 * A first sign-in on an empty profile: the role's whole base pulled into RxDB. `pullMs` is the time
 * spent waiting for the server's pages (network and server), the rest is the client storing them.
 */
async function initialSync(
  username: string,
  password: string,
  options: { batchSize?: number; at?: number; probeReady?: boolean } = {},
): Promise<{ ms: number; openMs: number; pullMs: number; readyMs: number; count: number }> {
  bridge = createBrowserBridge();
  const login = await bridge.auth.login({ username, password });
  if (!login.ok) throw new Error(login.message);
  user = login.user;
  const started = performance.now();
  db = await openLeadlineDatabase({
    name: databaseNameFor(login.user.id),
    storage: getRxStorageDexie(),
    collections: ['prospects', 'callbacks', 'callLists', 'settings', 'scripts', 'calls', 'requests', 'users'],
  });
  // Creating the collections on a new profile is part of the first sync; printed apart to show its share.
  const openMs = performance.now() - started;
  const pending = new PendingWrites(localStorage, 'bench.pending');
  repo = new Repository(db, pending);
  source = new QueueSource(db);
  let pullMs = 0;
  const pull = bridge.sync.pull;
  const sync: LeadlineBridge['sync'] = {
    ...bridge.sync,
    async pull(...args) {
      const at = performance.now();
      try {
        return await pull(...args);
      } finally {
        pullMs += performance.now() - at;
      }
    },
  };
  const replication = startReplication({
    db,
    sync,
    role: login.user.role,
    pending,
    serverId: 'bench',
    ...(options.batchSize ? { pullBatchSize: options.batchSize } : {}),
  });
  // The desk is usable when "Next call" finds a prospect and the server grants it: asked every 250 ms
  // when `probeReady` (the asking slows the sync itself: 100k took 779 s with it, 118 s without).
  const done = { synced: false };
  let readyMs = Number.NaN;
  const take = { source, repo, queue: bridge.queue, operatorId: user.id, now: options.at };
  const ready = (async () => {
    if (!options.probeReady) return;
    while (!done.synced) {
      if (await takeNextCall(take)) {
        readyMs = performance.now() - started;
        return;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  await replication.awaitInSync();
  const ms = performance.now() - started;
  done.synced = true;
  await ready;
  return { ms, openMs, pullMs, readyMs, count: await db.prospects.count().exec() };
}

async function search(queries: string[]): Promise<number[]> {
  if (!db) throw new Error('initialSync first');
  const times: number[] = [];
  for (const q of queries) {
    const started = performance.now();
    const result = await firstValueFrom(searchProspects$(db, q, 50));
    times.push(performance.now() - started);
    if (result.length === 0) throw new Error(`no result for ${q}`);
  }
  return times;
}

/** Time to compute the queue (read the replica through indexes + the pure rule), `runs` times. */
async function queue(runs: number, now: number): Promise<{ times: number[]; length: number }> {
  if (!source || !user) throw new Error('initialSync first');
  await source.ready;
  const times: number[] = [];
  let length = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const input = await source.input(user.id, now, 1);
    length = buildQueue(input, 20).length;
    times.push(performance.now() - started);
  }
  return { times, length };
}

/** Waits (up to 10 s) until nothing waits to be pushed. */
async function pushed(repository: Repository): Promise<void> {
  const until = performance.now() + 10_000;
  while (repository.pending.count > 0 && performance.now() < until) await new Promise((r) => setTimeout(r, 10));
}

/**
 * `together`: "Save and next call", the next call taken while the outcome is written; `ahead`: Save,
 * then "Next call" with the queue read during the call; `onKey`: the queue read only on "Next call".
 */
type OutcomeMode = 'together' | 'ahead' | 'onKey';

/**
 * From "Save" on an outcome to the next call ready: the outcome's writes land locally, the next
 * prospect is chosen and claimed on the server, and its script is loaded.
 */
async function outcomeToNext(
  runs: number,
  now: number,
  mode: OutcomeMode = 'together',
): Promise<{ times: number[]; save: number[]; take: number[]; claim: number[]; roundTrip: number[] }> {
  if (!db || !repo || !user || !bridge || !source) throw new Error('initialSync first');
  // The floor of any claim from this page: a bare round trip to the server, nothing else under way.
  const roundTrip: number[] = [];
  for (let i = 0; i < 30; i++) {
    const at = performance.now();
    await (await fetch('/api/health')).text();
    roundTrip.push(performance.now() - at);
  }
  const [local, saved, queueSource, operatorId] = [db, repo, source, user.id];
  // The claims' round trips, timed apart from the rest of taking the next call.
  const claim: number[] = [];
  const claimOnServer = bridge.queue.claim;
  const timedQueue: LeadlineBridge['queue'] = {
    async claim(prospectId) {
      const at = performance.now();
      try {
        return await claimOnServer(prospectId);
      } finally {
        claim.push(performance.now() - at);
      }
    },
  };
  const settings = await loadSettings(db);
  const scripts = await db.scripts.find({ selector: { status: 'published' } }).exec();
  const script = scripts[0]?.toJSON() as Script | undefined;
  const times: number[] = [];
  const save: number[] = [];
  const take: number[] = [];
  // The next call (the prospect on the phone left out) with its script, timed.
  const takeNext = async (onPhone: string) => {
    const at = performance.now();
    const taken = await takeNextCall({
      source: queueSource,
      repo: saved,
      queue: timedQueue,
      operatorId,
      now,
      skip: new Set([onPhone]),
    });
    await local.scripts.find({ selector: { status: 'published' } }).exec();
    take.push(performance.now() - at);
    return taken;
  };
  let current = await takeNextCall({ source, repo, queue: timedQueue, operatorId, now });
  claim.length = 0;
  for (let i = 0; i < runs && current; i++) {
    const onPhone = current.item.prospect.id;
    // As the app does while the operator talks: the queue read ahead for the next call (untimed).
    if (mode !== 'onKey') await source.prepare(operatorId, new Set([onPhone]), now);
    // Between two outcomes there is a call: the last outcome has been pushed by the time the next is
    // saved (untimed). Back to back, its push and the next save would share IndexedDB, as no desk does.
    await pushed(saved);
    const started = performance.now();
    const result = applyOutcome(
      { kind: 'no_answer' },
      {
        now,
        operatorId,
        prospect: current.item.prospect,
        list: current.item.list ?? null,
        callback: current.item.callback ?? null,
        run: script ? startRun(script) : null,
        startedAt: now - 60_000,
        notes: '',
        settings,
        newId: () => uuidv7(),
      },
    );
    if (!result.ok) throw new Error('outcome refused');

    const saving = saveOutcome(repo, result.writes).then(() => save.push(performance.now() - started));
    if (mode === 'together') {
      // "Save and next call" (Ctrl+Shift+Enter): the next call is taken while the outcome is written.
      [current] = await Promise.all([takeNext(onPhone), saving]);
    } else {
      await saving;
      current = await takeNext(onPhone);
    }
    times.push(performance.now() - started);
  }
  return { times, save, take, claim, roundTrip };
}

const arrivals = new Map<string, number>();

/** Sales side: note when each request first shows in this (online) replica. */
function watchRequests(): void {
  if (!db) throw new Error('initialSync first');
  db.requests.find({ selector: { status: 'new' } }).$.subscribe((docs) => {
    const now = Date.now();
    for (const d of docs) if (!arrivals.has(d.id)) arrivals.set(d.id, now);
  });
}

function arrived(ids: string[]): (number | null)[] {
  return ids.map((id) => arrivals.get(id) ?? null);
}

/** Operator side: save `count` "need now" requests, one at a time, and say when each was saved. */
async function handOver(count: number, gapMs: number): Promise<{ id: string; savedAt: number }[]> {
  if (!repo || !user) throw new Error('initialSync first');
  const saved: { id: string; savedAt: number }[] = [];
  for (let i = 0; i < count; i++) {
    const now = Date.now();
    const id = uuidv7(now);
    await repo.save(
      'requests',
      newRequest({ id, createdAt: now, prospectId: `bench-p-${i}`, operatorId: user.id, need: `Bench need ${i}` }),
    );
    saved.push({ id, savedAt: Date.now() });
    await new Promise((r) => setTimeout(r, gapMs));
  }
  return saved;
}

/**
 * A market-research file of `count` rows imported the way the wizard does it: parse, check against
 * the base through its indexes, write in chunks. 1 row in 50 has a bad phone, 1 in 40 repeats an
 * earlier row, 1 in 100 is a prospect already in the base. The longest gap between 10 ms timer
 * ticks is how long the window could not paint or take a click.
 */
async function importFile(count: number): Promise<Record<string, number>> {
  if (!db || !repo || !user) throw new Error('initialSync first');
  const base = (await db.prospects.find({ limit: 500 }).exec()).map((d) => d.phone).filter(Boolean);
  // A distinct valid mobile number per row: 8 (916) NNN-NN-NN (the numbers before had six digits
  // after the code, so every row was refused and the import measured only its refusals).
  const mobile = (n: number) => {
    const digits = String(n).padStart(7, '0');
    return `8 (916) ${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
  };
  const lines = ['Компания;Телефон;ИНН;Регион;Отрасль'];
  for (let i = 0; i < count; i++) {
    let phone = mobile(i);
    if (i % 50 === 49) phone = '12-34';
    else if (i % 40 === 39) phone = mobile(i - 1);
    else if (i % 100 === 98 && base.length > 0) phone = base[i % base.length] as string;
    lines.push(`ООО «Импорт ${i}»;${phone};;Новосибирская область;Строительство`);
  }
  const text = lines.join('\r\n');
  let last = performance.now();
  let longest = 0;
  const sampler = setInterval(() => {
    const t = performance.now();
    longest = Math.max(longest, t - last);
    last = t;
  }, 10);
  try {
    const started = performance.now();
    const table = parseCsv(text);
    const header = table[0] ?? [];
    const parsed = performance.now();
    await yieldToUi();
    const listId = uuidv7();
    const rows = await analyseRows(db, table.slice(1), guessMapping(header), {
      listId,
      source: 'market_research',
      actorId: user.id,
      now: Date.now(),
      newId: () => uuidv7(),
    });
    const analysed = performance.now();
    await yieldToUi();
    const plan = planImport(rows ?? [], () => 'skip');
    await writeImport(db, repo, plan, () => undefined);
    const written = performance.now();
    return {
      rows: count,
      created: plan.create.length,
      skipped: plan.skipped,
      invalid: plan.invalid.length,
      parseMs: parsed - started,
      analyseMs: analysed - parsed,
      writeMs: written - analysed,
      totalMs: written - started,
      longestStallMs: longest,
    };
  } finally {
    clearInterval(sampler);
  }
}

Object.assign(window, {
  leadlineBench: {
    initialSync,
    storageFloors: (count: number) => {
      if (!db) throw new Error('no database: run initialSync first');
      return storageFloors(db, count);
    },
    search,
    queue,
    outcomeToNext,
    watchRequests,
    arrived,
    handOver,
    importFile,
    dialBench,
  },
});
document.getElementById('state')?.setAttribute('data-ready', 'true');
