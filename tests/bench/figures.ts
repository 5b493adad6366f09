/**
 * `npm run bench -- figures [calls=500000] [repeats=5]`: the dashboard's funnel from the server's
 * stored figures over a large floor's history (100k prospects' worth of calls: 500k calls, a request
 * for each need found), on SQLite and on PostgreSQL. Beside it: a trivial authorised request to the
 * same server (the floor) and the replica's own funnel computed in Node over the same calls (what a
 * workstation would do after reading them all from IndexedDB).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, type Server } from '../../server/app.ts';
import { configFromEnv } from '../../server/config.ts';
import { demoProspects } from '../../server/seed/demo-data.ts';
import { funnel, FUNNEL_GROUPS } from '../../shared/figures/funnel.ts';
import { startCluster } from '../support/postgres.ts';
import { dashboardData } from './dashboard.ts';
import { PASSWORD } from './seed.ts';
import type { Prospect } from '../../shared/core/types.ts';

const load = () => `[load ${loadavg()[0]!.toFixed(2)}]`;
const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Writes a floor's history (dashboardData) and the prospects it called (a sixth of them future
 * needs: the pipeline) into a server's store, as the server writes pushed documents.
 */
export async function storeFloorHistory(
  server: Server,
  data: ReturnType<typeof dashboardData>,
  prospects: readonly Prospect[],
): Promise<void> {
  const stored = <T extends object>(docs: readonly T[]) => docs.map((d) => ({ ...d, _deleted: false }) as never);
  await server.docs.writeSystem('users', stored(data.users));
  await server.docs.writeSystem('callLists', stored(data.lists));
  for (let i = 0; i < prospects.length; i += 5000)
    await server.docs.writeSystem('prospects', stored(prospects.slice(i, i + 5000)));
  for (let i = 0; i < data.calls.length; i += 5000)
    await server.docs.writeSystem('calls', stored(data.calls.slice(i, i + 5000)));
  for (let i = 0; i < data.requests.length; i += 5000)
    await server.docs.writeSystem('requests', stored(data.requests.slice(i, i + 5000)));
}

export async function benchServerFigures(
  callCount: number,
  repeats: number,
  stores: readonly ('sqlite' | 'postgres')[] = ['sqlite', 'postgres'],
): Promise<void> {
  const now = Date.now();
  const prospects = demoProspects(Math.max(1, Math.round(callCount / 5)), now);
  const data = dashboardData(prospects, callCount, now);
  const day = 86_400_000;
  const month = { from: now - 30 * day, to: now + day };
  const everything = { from: 0, to: Number.MAX_SAFE_INTEGER };
  const replicaStarted = performance.now();
  funnel({ ...data, prospects: new Map(), teams: new Map(data.users.map((u) => [u.id, u.team])) }, 'operator', month);
  const replicaMs = performance.now() - replicaStarted;
  console.log(
    `\n== the funnel from the server's figures: ${data.calls.length.toLocaleString('en')} calls, ${data.requests.length.toLocaleString('en')} requests ==`,
  );
  console.log(
    `the replica's funnel in Node over the same calls (by operator, 30 days): ${replicaMs.toFixed(0)} ms  ${load()}`,
  );

  for (const store of stores) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'leadline-figures-'));
    const cluster = store === 'postgres' ? await startCluster() : null;
    const server = await createServer({
      ...configFromEnv({}),
      dataDir,
      demo: false,
      webRoot: null,
      databaseUrl: cluster ? await cluster.createDatabase() : null,
      tokenKey: randomBytes(32).toString('base64'),
    });
    try {
      const seedStarted = performance.now();
      await storeFloorHistory(server, data, prospects);
      const seedMs = performance.now() - seedStarted;
      console.log(
        `${store}: seeding ${(prospects.length + data.calls.length + data.requests.length).toLocaleString('en')} documents (the figures' trigger included): ${(seedMs / 1000).toFixed(1)} s  ${load()}`,
      );
      await server.auth.createUser({ username: 'bench-head', name: 'Head', role: 'supervisor', password: PASSWORD });
      const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'bench-head', password: PASSWORD }),
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const get = async (pathAndQuery: string) => {
        const started = performance.now();
        const response = await fetch(`${url}${pathAndQuery}`, { headers: { authorization: `Bearer ${accessToken}` } });
        if (!response.ok) throw new Error(`${pathAndQuery}: ${response.status} ${await response.text()}`);
        await response.json();
        return performance.now() - started;
      };
      const floor = median(await Promise.all(Array.from({ length: repeats }, () => get('/api/floor'))));
      const slaTimes: number[] = [];
      for (let r = 0; r < repeats; r++) slaTimes.push(await get('/api/figures/sales'));
      console.log(
        `${store}: SLA by manager and pipeline median ${median(slaTimes).toFixed(0).padStart(5)} ms, max ${Math.max(
          ...slaTimes,
        )
          .toFixed(0)
          .padStart(5)} ms (x${(median(slaTimes) / floor).toFixed(1)} of a trivial request)  ${load()}`,
      );
      for (const [name, period] of [
        ['30 days', month],
        ['all time', everything],
      ] as const) {
        for (const by of ['all', ...FUNNEL_GROUPS] as const) {
          const times: number[] = [];
          for (let r = 0; r < repeats; r++)
            times.push(await get(`/api/figures/funnel?by=${by}&from=${period.from}&to=${period.to}`));
          console.log(
            `${store}: funnel by ${by.padEnd(8)} ${name.padEnd(8)} median ${median(times).toFixed(0).padStart(5)} ms, max ${Math.max(
              ...times,
            )
              .toFixed(0)
              .padStart(
                5,
              )} ms (x${(median(times) / floor).toFixed(1)} of a trivial request, ${floor.toFixed(1)} ms)  ${load()}`,
          );
        }
      }
    } finally {
      await server.close();
      cluster?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}
