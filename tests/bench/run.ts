/**
 * npm run bench: initial sync into RxDB in Chromium, search latency (p50/p95) for name prefix and
 * phone, queue and next-call times, hand-off latency, a 50k-row import, the server's push
 * throughput and the dashboard computation (5 calls per prospect: 500k calls at 100k prospects),
 * at 10k and 100k prospects; then the long lists (tests/bench/long-lists.ts) at 50k rows. Prints
 * figures; asserts none. Sizes can be chosen: npm run bench -- 10000; the long lists alone: npm run
 * bench -- lists
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { Server } from '../../server/app.ts';
import { demoProspects } from '../../server/seed/demo-data.ts';
import { RUSSIAN_HOLIDAYS } from '../../shared/calling/defaults.ts';
import { uuidv7 } from '../../shared/core/ids.ts';
import { emptyCredentialState } from '../../shared/sync/transport/credentials.ts';
import { SyncTransport } from '../../shared/sync/transport/sync-transport.ts';
import { benchPage, persistentBrowser } from './browser.ts';
import { benchDashboard } from './dashboard.ts';
import { benchEscalation } from './escalation.ts';
import { benchDashboardOpen } from './dashboard-open.ts';
import { benchServerFigures } from './figures.ts';
import { benchFirstSync, floorsText, storageFloors } from './first-sync.ts';
import { benchOutcomeToNext } from './outcome-next.ts';
import { benchDial } from './dial.ts';
import { sipTestBedInstalled } from '../support/sip.ts';
import { CALLBACKS, PASSWORD, seedBench } from './seed.ts';
import { type GoalKey, record, summaryTable } from './summary.ts';
import { benchLongLists } from './long-lists.ts';
import { benchServerLoad } from './server-load.ts';
import { percentile } from './stats.ts';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
/** `npm run bench -- lists` runs only the long lists (50k rows each). */
const LISTS_ONLY = process.argv.includes('lists');
/** `npm run bench -- escalation` runs only the server's escalation job at 50k callbacks. */
const ESCALATION_ONLY = process.argv.includes('escalation');
/**
 * `npm run bench -- server [streams=1000] [rate=200] [seconds=20] [repeats=2] [store=sqlite|postgres]` runs only the server
 * under load, on SQLite and on PostgreSQL with two instances (tests/bench/server-load.ts).
 */
const SERVER_ONLY = process.argv.includes('server');
/** `npm run bench -- figures [calls=500000] [repeats=5]` runs only the server's funnel (tests/bench/figures.ts). */
const FIGURES_ONLY = process.argv.includes('figures');
/** `npm run bench -- dashboard-open [calls=500000] [repeats=2]`: a supervisor's new workstation (tests/bench/dashboard-open.ts). */
const DASHBOARD_OPEN = process.argv.includes('dashboard-open');
/** `npm run bench -- sync 100000 [batch=N] [repeats=2] [ready]` runs only the first sync (tests/bench/first-sync.ts). */
const SYNC_ONLY = process.argv.includes('sync');
/** `npm run bench -- next 100000 [runs=30] [repeats=2]`: outcome → next call alone (tests/bench/outcome-next.ts). */
const NEXT_ONLY = process.argv.includes('next');
/** `npm run bench -- dial [calls=20] [repeats=2] [stun]`: the softphone against the SIP test bed (tests/bench/dial.ts). */
const DIAL_ONLY = process.argv.includes('dial');
const STORE = process.argv.find((a) => a.startsWith('store='))?.split('=')[1];
const option = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`${name}=`))?.split('=')[1] ?? fallback);
const SIZES =
  sizes.length > 0 ||
  LISTS_ONLY ||
  ESCALATION_ONLY ||
  SERVER_ONLY ||
  SYNC_ONLY ||
  FIGURES_ONLY ||
  NEXT_ONLY ||
  DIAL_ONLY
    ? sizes
    : [10_000, 100_000];
const LONG_LIST_ROWS = 50_000;
const IMPORT_ROWS = 50_000;
/** A Wednesday at 09:00 UTC that is no holiday: inside calling hours in most Russian zones, so the queue has work. */
function weekdayMorning(): number {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + ((3 - d.getUTCDay() + 7) % 7 || 7));
  while (RUSSIAN_HOLIDAYS.includes(d.toISOString().slice(0, 10))) d.setUTCDate(d.getUTCDate() + 7);
  d.setUTCHours(9, 0, 0, 0);
  return d.getTime();
}

/** Prints a figure with the machine's load beside it: these machines are shared, and load skews timings. */
function report(line: string): void {
  console.log(`${line}  [load ${loadavg()[0]!.toFixed(2)}]`);
}

async function benchSize(count: number): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'leadline-bench-'));
  const now = Date.now();
  const { server, prospects, callbacks, operatorId, salesUsername, seedMs } = await seedBench(
    dataDir,
    path.resolve('dist'),
    count,
    now,
  );
  try {
    const url = await server.app.listen({ port: 0, host: '127.0.0.1' });

    const browser = await persistentBrowser();
    try {
      const page = await benchPage(browser.context, url);
      const sync = await page.evaluate(
        ([u, p]) =>
          (
            window as unknown as {
              leadlineBench: {
                initialSync(u: string, p: string): Promise<{ ms: number; openMs: number; count: number }>;
              };
            }
          ).leadlineBench.initialSync(u, p),
        ['bench', PASSWORD] as const,
      );
      const sample = prospects.filter((_, i) => i % Math.max(1, Math.floor(count / 200)) === 0).slice(0, 200);
      // Distinct queries only: RxDB caches a repeated query, which would flatter the figures.
      const nameQueries = [
        ...new Set(sample.flatMap((p) => [p.nameKey.slice(0, 3 + (p.nameKey.length % 4)), p.nameKey.slice(0, -2)])),
      ];
      const phoneQueries = [...new Set(sample.map((p) => `8 ${p.phone.slice(2, 5)} ${p.phone.slice(5, 9)}`))];
      type Search = { leadlineBench: { search(q: string[]): Promise<number[]> } };
      const nameTimes = await page.evaluate((q) => (window as unknown as Search).leadlineBench.search(q), nameQueries);
      const phoneTimes = await page.evaluate(
        (q) => (window as unknown as Search).leadlineBench.search(q),
        phoneQueries,
      );
      type Desk = {
        leadlineBench: {
          queue(runs: number, now: number): Promise<{ times: number[]; length: number }>;
          outcomeToNext(
            runs: number,
            now: number,
            mode: 'together',
          ): Promise<{ times: number[]; save: number[]; take: number[]; claim: number[]; roundTrip: number[] }>;
        };
      };
      const at = weekdayMorning();
      const q = await page.evaluate(([n, t]) => (window as unknown as Desk).leadlineBench.queue(n, t), [
        30,
        at,
      ] as const);
      // "Save and next call": the next call taken while the outcome is written (-- next N: the other ways).
      const outcome = await page.evaluate(
        ([n, t]) => (window as unknown as Desk).leadlineBench.outcomeToNext(n, t, 'together'),
        [30, at] as const,
      );
      const next = outcome.times;
      const heap = await page.evaluate(
        () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0,
      );

      const total = sync.count;
      report(`\n== ${count.toLocaleString('en')} prospects ==`);
      report(`server seed:            ${(seedMs / 1000).toFixed(1)} s`);
      report(
        `initial sync (Chromium): ${(sync.ms / 1000).toFixed(1)} s for ${total.toLocaleString('en')} prospects and the rest of the role's data (${Math.round(total / (sync.ms / 1000)).toLocaleString('en')} prospects/s; of it, creating the local database ${(sync.openMs / 1000).toFixed(1)} s)`,
      );
      report(
        `search name prefix:     p50 ${percentile(nameTimes, 50).toFixed(1)} ms, p95 ${percentile(nameTimes, 95).toFixed(1)} ms (${nameTimes.length} queries)`,
      );
      report(
        `search phone (8 ...):   p50 ${percentile(phoneTimes, 50).toFixed(1)} ms, p95 ${percentile(phoneTimes, 95).toFixed(1)} ms (${phoneTimes.length} queries)`,
      );
      report(
        `queue (${CALLBACKS.toLocaleString('en')} callbacks): p50 ${percentile(q.times, 50).toFixed(1)} ms, p95 ${percentile(q.times, 95).toFixed(1)} ms (${q.times.length} runs, ${q.length} in queue)`,
      );
      if (count === 100_000)
        record(
          'next-100000',
          `p95 ${percentile(next, 95).toFixed(0)} ms (p50 ${percentile(next, 50).toFixed(0)} ms; the page's bare round trip to the server p50 ${percentile(outcome.roundTrip, 50).toFixed(0)} ms)`,
        );
      report(
        `outcome saved -> next call ready ("Save and next call"): p50 ${percentile(next, 50).toFixed(1)} ms, p95 ${percentile(next, 95).toFixed(1)} ms (${next.length} calls, claim on the server included; ` +
          `side by side, the local save p50 ${percentile(outcome.save, 50).toFixed(0)} ms, p95 ${percentile(outcome.save, 95).toFixed(0)} ms, ` +
          `the next call taken p50 ${percentile(outcome.take, 50).toFixed(0)} ms, p95 ${percentile(outcome.take, 95).toFixed(0)} ms, ` +
          `in it ${outcome.claim.length} claims on the server p50 ${percentile(outcome.claim, 50).toFixed(0)} ms, p95 ${percentile(outcome.claim, 95).toFixed(0)} ms; ` +
          `the floor, the page's bare round trip to the server p50 ${percentile(outcome.roundTrip, 50).toFixed(0)} ms, p95 ${percentile(outcome.roundTrip, 95).toFixed(0)} ms)`,
      );
      if (count <= 10_000) {
        // Hand-off latency: an operator saves "need now"; when does an online sales inbox show it?
        const salesPage = await benchPage(browser.context, url);
        type Handoff = {
          leadlineBench: {
            initialSync(u: string, p: string): Promise<unknown>;
            watchRequests(): void;
            arrived(ids: string[]): (number | null)[];
            handOver(n: number, gap: number): Promise<{ id: string; savedAt: number }[]>;
          };
        };
        await salesPage.evaluate(
          async ([u, p]) => {
            const b = (window as unknown as Handoff).leadlineBench;
            await b.initialSync(u, p);
            b.watchRequests();
          },
          [salesUsername, PASSWORD] as const,
        );
        const saved = await page.evaluate(() => (window as unknown as Handoff).leadlineBench.handOver(30, 200));
        await new Promise((r) => setTimeout(r, 2000));
        const seen = await salesPage.evaluate(
          (ids) => (window as unknown as Handoff).leadlineBench.arrived(ids),
          saved.map((x) => x.id),
        );
        // The sales workstation leaves: the import below then measures one client, as at 100k.
        await salesPage.close();
        const latencies = saved.map((x, i) => (seen[i] ?? Number.NaN) - x.savedAt).filter((n) => Number.isFinite(n));
        record(
          'handoff',
          `p95 ${percentile(latencies, 95).toFixed(0)} ms (${latencies.length}/${saved.length} arrived)`,
        );
        report(
          `hand-off to sales inbox:  p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms (${latencies.length}/${saved.length} arrived)`,
        );
      }
      if (heap) report(`renderer JS heap:       ${(heap / 1024 / 1024).toFixed(0)} MB`);

      // A 50,000-row market-research file, imported as the wizard does it.
      type Import = { leadlineBench: { importFile(rows: number): Promise<Record<string, number>> } };
      const imp = await page.evaluate((n) => (window as unknown as Import).leadlineBench.importFile(n), IMPORT_ROWS);
      const ms = (key: string) => `${((imp[key] ?? 0) / 1000).toFixed(1)} s`;
      report(
        `import ${IMPORT_ROWS.toLocaleString('en')} rows:      ${ms('totalMs')} (parse ${ms('parseMs')}, check vs base ${ms('analyseMs')}, write ${ms('writeMs')}); ` +
          `${imp.created} new, ${imp.skipped} duplicates skipped, ${imp.invalid} invalid; longest UI stall ${Math.round(imp.longestStallMs ?? 0)} ms`,
      );
      // Last: the floors write as many prospects as the sync stored twice more and delete them, work
      // that would share the disk with anything measured after them.
      const floors = await storageFloors(page, sync.count);
      report(`first sync's floors:    ${floorsText(sync.ms, floors)}`);
      record(
        `sync-${count}` as GoalKey,
        `${(sync.ms / 1000).toFixed(1)} s (IndexedDB alone ${(floors.indexedDbMs / 1000).toFixed(1)} s, RxDB's storage alone ${(floors.rxdbMs / 1000).toFixed(1)} s)`,
      );
    } finally {
      await browser.close();
    }
    // Push throughput: a real client pushing new prospects in batches of 500.
    let saved = emptyCredentialState();
    const transport = new SyncTransport({
      baseUrl: url,
      store: { load: async () => saved, save: async (s) => void (saved = s) },
    });
    await transport.login({ username: 'bench', password: PASSWORD });
    // As an operator's client creates them: created by itself, nobody's yet, unclaimed.
    const toPush = demoProspects(10_000, now, 7).map((p) => ({
      ...p,
      id: uuidv7(),
      createdBy: operatorId,
      ownerId: '',
      claimedBy: '',
      claimedUntil: 0,
      _deleted: false,
    }));
    const pushStart = performance.now();
    for (let i = 0; i < toPush.length; i += 500) {
      const conflicts = await transport.push(
        'prospects',
        toPush.slice(i, i + 500).map((doc) => ({ newDocumentState: doc })),
      );
      if (conflicts.length > 0) throw new Error('unexpected conflicts');
    }
    const pushMs = performance.now() - pushStart;
    transport.dispose();

    report(
      `push throughput:        ${Math.round(toPush.length / (pushMs / 1000)).toLocaleString('en')} docs/s (10,000 new docs, batches of 500)`,
    );

    await benchOwnPulls(server, url, operatorId, count * 2);

    const dash = benchDashboard(prospects, count * 5, callbacks);
    report(
      `dashboard computation:  ${dash.total.toFixed(0)} ms in all over ${count.toLocaleString('en')} prospects, ${dash.calls.toLocaleString('en')} calls, ${dash.requests.toLocaleString('en')} requests`,
    );
    for (const [name, t] of Object.entries(dash.times)) report(`  ${name.padEnd(24)} ${t.toFixed(1)} ms`);
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Ten operators' pulls at once of a collection they read only their own documents of, first with
 * nothing else in it (the floor), then with `others` calls of other operators: the reader columns
 * keep the second close to the first.
 */
async function benchOwnPulls(server: Server, url: string, operatorId: string, others: number): Promise<void> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', password: PASSWORD }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const call = (i: number, by: string) => ({
    id: uuidv7(),
    createdAt: i,
    updatedAt: i,
    prospectId: `p-${i}`,
    operatorId: by,
    callListId: '',
    startedAt: i,
    endedAt: i + 1,
    scriptId: '',
    scriptVersion: 0,
    path: [],
    answers: [],
    outcome: 'no_answer' as const,
    notes: '',
    _deleted: false,
  });
  await server.docs.writeSystem(
    'calls',
    Array.from({ length: 50 }, (_, i) => call(i, operatorId)),
  );
  const tenPulls = async () => {
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 10 }, () =>
        fetch(`${url}/api/replication/calls/pull?batchSize=500`, {
          headers: { authorization: `Bearer ${accessToken}` },
        }).then((r) => r.json()),
      ),
    );
    return performance.now() - started;
  };
  await tenPulls();
  const floor = await tenPulls();
  for (let i = 0; i < others; i += 5000) {
    await server.docs.writeSystem(
      'calls',
      Array.from({ length: Math.min(5000, others - i) }, (_, j) => call(i + j, `other-${(i + j) % 40}`)),
    );
  }
  const loaded = await tenPulls();
  report(
    `10 own-calls pulls:     ${loaded.toFixed(0)} ms with ${others.toLocaleString('en')} others' calls in the store; ${floor.toFixed(0)} ms with none (x${(loaded / floor).toFixed(2)})`,
  );
}

if (LISTS_ONLY) {
  await benchLongLists(LONG_LIST_ROWS);
} else if (ESCALATION_ONLY) {
  await benchEscalation(50_000);
} else if (SERVER_ONLY) {
  await benchServerLoad({
    streams: option('streams', 1000),
    rate: option('rate', 200),
    seconds: option('seconds', 20),
    repeats: option('repeats', 2),
    // `store=sqlite` or `store=postgres` runs one of them.
    ...(STORE === 'sqlite' || STORE === 'postgres' ? { stores: [STORE] } : {}),
  });
} else if (DASHBOARD_OPEN) {
  await benchDashboardOpen(option('calls', 500_000), option('repeats', 2));
} else if (FIGURES_ONLY) {
  await benchServerFigures(
    option('calls', 500_000),
    option('repeats', 5),
    STORE === 'sqlite' || STORE === 'postgres' ? [STORE] : undefined,
  );
} else if (SYNC_ONLY) {
  for (const size of SIZES) {
    const batch = option('batch', 0);
    await benchFirstSync(size, {
      at: weekdayMorning(),
      repeats: option('repeats', 2),
      probeReady: process.argv.includes('ready'),
      ...(batch ? { batch } : {}),
    });
  }
} else if (DIAL_ONLY) {
  await benchDial(option('calls', 20), option('repeats', 2), { unreachableStun: process.argv.includes('stun') });
} else if (NEXT_ONLY) {
  for (const size of SIZES) {
    await benchOutcomeToNext(size, { at: weekdayMorning(), runs: option('runs', 30), repeats: option('repeats', 2) });
  }
} else if (SIZES.length === 1) {
  await benchSize(SIZES[0]!);
} else {
  // One process per part: the large run then starts from a clean heap and a fresh browser. Each
  // records its goal figures; the table of goals and figures closes the run.
  const summary = path.join(mkdtempSync(path.join(tmpdir(), 'leadline-bench-summary-')), 'figures.jsonl');
  // The softphone's part needs the SIP test bed's packages (.ci/run installs them).
  const dialPart = sipTestBedInstalled() ? ['dial'] : [];
  for (const part of [...SIZES, 'escalation', 'lists', 'server', 'dashboard-open', ...dialPart]) {
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), String(part)], {
      stdio: 'inherit',
      env: { ...process.env, LEADLINE_BENCH_SUMMARY: summary },
    });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
  console.log(`\n== the goals of issue 13 and this run's figures ==\n${summaryTable(summary)}`);
  rmSync(path.dirname(summary), { recursive: true, force: true });
}
