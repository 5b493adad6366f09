import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { benchPage, persistentBrowser } from './browser.ts';
import { PASSWORD, seedBench } from './seed.ts';

export interface FirstSync {
  ms: number;
  openMs: number;
  pullMs: number;
  /** From sign-in to the first call "Next call" offers (NaN: none before the sync ended). */
  readyMs: number;
  count: number;
  load: number;
  floors?: StorageFloors;
}

/** The prospects a first sync stored, written again on the same profile without the replication. */
export interface StorageFloors {
  count: number;
  /** Plain IndexedDB puts into a store with the collection's indexes, in transactions of the sync's size. */
  indexedDbMs: number;
  /** RxDB's bulkInsert through the app's storage stack into a new database. */
  rxdbMs: number;
  indexes: number;
}

/** The floors of the first sync just made in `page`: `count` of its stored prospects (renderer/bench/storage-floors.ts). */
export function storageFloors(page: Page, count: number): Promise<StorageFloors> {
  return page.evaluate(
    (n) =>
      (
        window as unknown as { leadlineBench: { storageFloors(n: number): Promise<StorageFloors> } }
      ).leadlineBench.storageFloors(n),
    count,
  );
}

/** The floors beside the sync that stored the same prospects. */
export function floorsText(syncMs: number, f: StorageFloors): string {
  return (
    `${f.count.toLocaleString('en')} of the stored prospects written again on this profile: IndexedDB alone ` +
    `(${f.indexes} indexes) ${(f.indexedDbMs / 1000).toFixed(1)} s (the sync x${(syncMs / f.indexedDbMs).toFixed(1)}), ` +
    `RxDB's storage alone ${(f.rxdbMs / 1000).toFixed(1)} s`
  );
}

type Bench = {
  leadlineBench: {
    initialSync(
      u: string,
      p: string,
      o: { batchSize?: number; at?: number; probeReady?: boolean },
    ): Promise<Omit<FirstSync, 'load'>>;
  };
};

/** One first sign-in of the bench operator on a new persistent profile (IndexedDB on disk). */
export async function firstSyncOnce(
  url: string,
  options: { at: number; batch?: number; probeReady?: boolean; floors?: boolean },
): Promise<FirstSync> {
  const browser = await persistentBrowser();
  try {
    const page = await benchPage(browser.context, url);
    const { floors, ...sync } = options;
    const result = await page.evaluate(([u, p, o]) => (window as unknown as Bench).leadlineBench.initialSync(u, p, o), [
      'bench',
      PASSWORD,
      sync,
    ] as const);
    const load = loadavg()[0]!;
    return { ...result, load, ...(floors ? { floors: await storageFloors(page, result.count) } : {}) };
  } finally {
    await browser.close();
  }
}

/**
 * `npm run bench -- sync 100000 [batch=N] [repeats=2] [ready]`: only the first sync, repeated on new
 * profiles, with the time spent waiting for the server's pages (summed over the collections pulled
 * side by side). `ready` also asks for a next call every 250 ms and prints when one was offered.
 */
export async function benchFirstSync(
  count: number,
  options: { at: number; batch?: number; probeReady?: boolean; repeats: number },
): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'leadline-bench-'));
  const { server } = await seedBench(dataDir, path.resolve('dist'), count, Date.now());
  try {
    const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    for (let run = 1; run <= options.repeats; run++) {
      // The floors once per size: they take about as long as RxDB's storage alone.
      const s = await firstSyncOnce(url, { ...options, floors: run === 1 });
      console.log(
        `first sync ${count.toLocaleString('en')} prospects (batch ${options.batch ?? 'default'}), run ${run}: ` +
          `${(s.ms / 1000).toFixed(1)} s (${Math.round(s.count / (s.ms / 1000)).toLocaleString('en')} prospects/s); ` +
          (options.probeReady ? `first call offered after ${(s.readyMs / 1000).toFixed(1)} s; ` : '') +
          `waiting for pages ${(s.pullMs / 1000).toFixed(1)} s (x${(s.ms / s.pullMs).toFixed(1)} of it in all), ` +
          `creating the database ${(s.openMs / 1000).toFixed(1)} s  [load ${s.load.toFixed(2)}]`,
      );
      if (s.floors) console.log(`  ${floorsText(s.ms, s.floors)}  [load ${loadavg()[0]!.toFixed(2)}]`);
    }
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
