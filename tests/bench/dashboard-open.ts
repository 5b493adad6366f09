/**
 * `npm run bench -- dashboard-open [calls=500000] [repeats=2]`: a supervisor signs in on a new
 * workstation (Chromium, a new persistent profile) to a server holding a large floor's history; the
 * time from "Sign in" to the dashboard's funnel shown from the server's figures, while the replica
 * still fills in the background. Beside it, the same sign-in's time to the first screen (the floor).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from '../../server/app.ts';
import { configFromEnv } from '../../server/config.ts';
import { demoProspects } from '../../server/seed/demo-data.ts';
import { persistentBrowser } from './browser.ts';
import { dashboardData } from './dashboard.ts';
import { storeFloorHistory } from './figures.ts';
import { PASSWORD } from './seed.ts';
import { record } from './summary.ts';

export async function benchDashboardOpen(callCount: number, repeats: number): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'leadline-bench-'));
  const server = await createServer({
    ...configFromEnv({}),
    dataDir,
    demo: false,
    webRoot: path.resolve('dist'),
  });
  try {
    const now = Date.now();
    const prospects = demoProspects(Math.max(1, Math.round(callCount / 5)), now);
    const data = dashboardData(prospects, callCount, now);
    await storeFloorHistory(server, data, prospects);
    await server.auth.createUser({ username: 'bench-head', name: 'Head', role: 'supervisor', password: PASSWORD });
    const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    console.log(
      `\n== a supervisor's new workstation: ${prospects.length.toLocaleString('en')} prospects, ${data.calls.length.toLocaleString('en')} calls, ${data.requests.length.toLocaleString('en')} requests on the server ==`,
    );
    for (let run = 1; run <= repeats; run++) {
      const browser = await persistentBrowser({ viewport: { width: 1366, height: 768 } });
      try {
        const page = await browser.context.newPage();
        await page.goto(url);
        await page.getByLabel('Username').fill('bench-head');
        await page.getByLabel('Password').fill(PASSWORD);
        const started = performance.now();
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor({ timeout: 120_000 });
        const screenMs = performance.now() - started;
        const funnel = page.getByRole('region', { name: 'Funnel' });
        await funnel
          .getByRole('status', { name: 'Where the figures come from' })
          .filter({ hasText: 'From the server' })
          .waitFor({ timeout: 120_000 });
        await funnel.getByRole('row').nth(1).waitFor({ timeout: 120_000 });
        const funnelMs = performance.now() - started;
        // The SLA by sales manager and the pipeline: a manager's row and a month's bar.
        await page
          .getByRole('table', { name: 'SLA by sales manager' })
          .getByRole('row')
          .nth(1)
          .waitFor({ timeout: 120_000 });
        await page
          .getByRole('region', { name: 'Future needs by expected month' })
          .locator('.hbar')
          .first()
          .waitFor({ timeout: 120_000 });
        const slaMs = performance.now() - started;
        const slaSource = await page
          .getByRole('status', { name: 'Where the SLA and pipeline figures come from' })
          .count();
        console.log(
          `dashboard first open, run ${run}: funnel from the server shown ${(funnelMs / 1000).toFixed(1)} s after "Sign in", ` +
            `SLA and pipeline ${(slaMs / 1000).toFixed(1)} s (${slaSource === 0 ? 'from the server' : 'from the replica'}) ` +
            `(the dashboard screen itself: ${(screenMs / 1000).toFixed(1)} s; the calls still syncing meanwhile)  [load ${loadavg()[0]!.toFixed(2)}]`,
        );
        record(
          'dashboard',
          `${(funnelMs / 1000).toFixed(1)} s, SLA and pipeline ${(slaMs / 1000).toFixed(1)} s (screen ${(screenMs / 1000).toFixed(1)} s)`,
        );
        if (run === 1) await page.screenshot({ path: path.join(tmpdir(), 'leadline-dashboard-open.png') });
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
