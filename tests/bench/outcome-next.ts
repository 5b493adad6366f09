import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { benchPage, persistentBrowser } from './browser.ts';
import { PASSWORD, seedBench } from './seed.ts';
import { percentile } from './stats.ts';

type Mode = 'together' | 'ahead' | 'onKey';
const MODES: Record<Mode, string> = {
  together: '"Save and next call" (the next call taken while the outcome is written)',
  ahead: 'Save, then "Next call" (the queue read during the call)',
  onKey: 'Save, then "Next call" reading the queue on the key (the floor)',
};

type Desk = {
  leadlineBench: {
    initialSync(u: string, p: string): Promise<unknown>;
    outcomeToNext(
      runs: number,
      now: number,
      mode: Mode,
    ): Promise<{ times: number[]; save: number[]; take: number[]; claim: number[]; roundTrip: number[] }>;
  };
};

const figure = (values: number[]) =>
  `p50 ${percentile(values, 50).toFixed(0)} ms, p95 ${percentile(values, 95).toFixed(0)} ms`;

/**
 * `npm run bench -- next 100000 [runs=30] [repeats=2]`: outcome saved → next call ready on one
 * synced workstation, in the desk's three ways (MODES), each printed with its parts and the load.
 * Each outcome is saved once the last one has been pushed, as after a call (untimed).
 */
export async function benchOutcomeToNext(count: number, options: { at: number; runs: number; repeats: number }) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'leadline-bench-'));
  const { server } = await seedBench(dataDir, path.resolve('dist'), count, Date.now());
  const browser = await persistentBrowser();
  try {
    const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    const page = await benchPage(browser.context, url);
    await page.evaluate(([u, p]) => (window as unknown as Desk).leadlineBench.initialSync(u, p), [
      'bench',
      PASSWORD,
    ] as const);
    for (let run = 1; run <= options.repeats; run++) {
      for (const mode of Object.keys(MODES) as Mode[]) {
        const r = await page.evaluate(([n, t, m]) => (window as unknown as Desk).leadlineBench.outcomeToNext(n, t, m), [
          options.runs,
          options.at,
          mode,
        ] as const);
        console.log(
          `outcome saved -> next call ready, ${count.toLocaleString('en')} prospects, ` +
            `${MODES[mode]}, run ${run}: ` +
            `${figure(r.times)} (${r.times.length} calls); the save ${figure(r.save)}, the next call taken ` +
            `${figure(r.take)}, in it the claims ${figure(r.claim)}; the floor, the page's bare round trip to ` +
            `the server ${figure(r.roundTrip)}  [load ${loadavg()[0]!.toFixed(2)}]`,
        );
      }
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
