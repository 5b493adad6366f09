import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/**
 * The goals of issue 13 beside what one `npm run bench` measured. Each part of the bench runs in a
 * process of its own and records its figures here (a JSON line per figure in the file named by
 * LEADLINE_BENCH_SUMMARY); the run prints the table at the end.
 */
export const GOALS = [
  { key: 'sync-10000', figure: 'first sync, 10k prospects + 5k callbacks, IndexedDB on disk', goal: '—' },
  { key: 'sync-100000', figure: 'first sync, 100k prospects + 5k callbacks, IndexedDB on disk', goal: '< 30 s' },
  { key: 'next-100000', figure: 'outcome saved → next call ready, p95, 100k prospects', goal: '< 50 ms' },
  { key: 'handoff', figure: 'hand-off to an online sales inbox, p95 (10k prospects)', goal: '—' },
  { key: 'load-sqlite', figure: 'server: 1,000 streams × 200 pushes/s, SQLite, 1 instance', goal: 'push p95 < 150 ms' },
  { key: 'load-postgres', figure: 'the same on PostgreSQL, 2 instances', goal: 'push p95 < 150 ms' },
  {
    key: 'dashboard',
    figure: "supervisor's new workstation: funnel, SLA and pipeline shown, 500k calls",
    goal: '< 10 s',
  },
] as const;

export type GoalKey = (typeof GOALS)[number]['key'];

/** Records a figure for the table (several records of one key are the repeats). */
export function record(key: GoalKey, text: string): void {
  const file = process.env.LEADLINE_BENCH_SUMMARY;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify({ key, text, load: loadavg()[0] })}\n`);
}

/** The table, in Markdown, of every goal and what was recorded for it. */
export function summaryTable(file: string): string {
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
  const recorded = lines.map((l) => JSON.parse(l) as { key: GoalKey; text: string; load: number });
  const rows = GOALS.map((g) => {
    const got = recorded.filter((r) => r.key === g.key);
    const measured = got.length > 0 ? got.map((r) => `${r.text} [load ${r.load.toFixed(2)}]`).join('; ') : 'not run';
    return `| ${g.figure} | ${g.goal} | ${measured} |`;
  });
  return ['| figure | goal | measured |', '|---|---|---|', ...rows].join('\n');
}
