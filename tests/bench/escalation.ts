/**
 * The escalation job (every minute on the server) at 50k open callbacks, 1% of them overdue: it reads
 * only those through its index. Beside it, reading the whole collection, which the job did before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from '../../server/app.ts';
import { configFromEnv } from '../../server/config.ts';
import { escalateOverdueCallbacks } from '../../server/queue/escalation.ts';
import { openCallback } from './open-callback.ts';

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export async function benchEscalation(count: number): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'leadline-bench-escalation-'));
  const server = await createServer({ ...configFromEnv({}), dataDir, demo: false, webRoot: null });
  try {
    const now = Date.now();
    const callbacks = Array.from({ length: count }, (_, i) =>
      openCallback({
        id: `esc-${i}`,
        prospectId: `p-${i}`,
        // 1% two hours overdue; the rest due in the coming weeks.
        dueAt: i % 100 === 0 ? now - 2 * 3_600_000 : now + (i % 30) * 86_400_000 + 60_000,
        assigneeId: `op-${i % 40}`,
      }),
    );
    for (let i = 0; i < count; i += 5000) await server.docs.writeSystem('callbacks', callbacks.slice(i, i + 5000));
    const time = async (fn: () => Promise<unknown>) => {
      const started = performance.now();
      await fn();
      return performance.now() - started;
    };
    const repeat = async (times: number, fn: () => Promise<unknown>) => {
      const runs: number[] = [];
      for (let i = 0; i < times; i++) runs.push(await time(fn));
      return median(runs);
    };
    const wholeRead = await repeat(5, () => server.docs.all('callbacks'));
    // The first run escalates the overdue ones; the next find none left, as in steady operation.
    const first = await time(() => escalateOverdueCallbacks(server.docs, now));
    const steady = await repeat(10, () => escalateOverdueCallbacks(server.docs, now));
    console.log(
      `escalation job, ${count.toLocaleString('en')} open callbacks: first run ${first.toFixed(1)} ms (escalates ${count / 100}), ` +
        `then ${steady.toFixed(2)} ms a minute; reading the whole collection as before: ${wholeRead.toFixed(1)} ms ` +
        `(x${(wholeRead / steady).toFixed(0)})  [load ${loadavg()[0]!.toFixed(2)}]`,
    );
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
