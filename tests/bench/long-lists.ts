/**
 * The long lists at 50k rows, in the real app in Chromium: a supervisor's workstation holding 50k
 * future needs, 50k open callbacks and 50k open requests. For each screen: the time from the click
 * to its first row, how many rows the DOM holds, the time to scroll to the last row and render it,
 * and the JS heap; beside them the same click to Settings (no list) as the floor of this run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { persistentBrowser } from './browser.ts';
import { createServer } from '../../server/app.ts';
import { configFromEnv } from '../../server/config.ts';
import { demoNeed, demoProspects } from '../../server/seed/demo-data.ts';
import { newRequest } from '../../shared/requests/request-flow.ts';
import { openCallback } from './open-callback.ts';

const PASSWORD = 'bench-password';

function report(line: string): void {
  console.log(`${line}  [load ${loadavg()[0]!.toFixed(2)}]`);
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

const heapMb = (page: Page) =>
  page.evaluate(
    () =>
      ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1024 / 1024,
  );

export async function benchLongLists(rows: number): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'leadline-bench-lists-'));
  const server = await createServer({
    ...configFromEnv({}),
    dataDir,
    demo: false,
    webRoot: path.resolve('dist'),
  });
  const browser = await persistentBrowser({
    args: ['--enable-precise-memory-info'],
    viewport: { width: 1366, height: 768 },
  });
  try {
    const now = Date.now();
    await server.auth.createUser({
      username: 'bench-head',
      name: 'Bench Head',
      role: 'supervisor',
      password: PASSWORD,
    });
    const operator = await server.auth.createUser({
      username: 'bench-op',
      name: 'Bench Operator',
      role: 'operator',
      password: PASSWORD,
    });
    const prospects = demoProspects(rows, now).map((p, i) => {
      const need = demoNeed(i, now, p.timeZone);
      return {
        ...p,
        status: 'future_need' as const,
        expectedNeed: need.need,
        nextCallAt: need.callAt,
        ownerId: operator.id,
      };
    });
    const day = 86_400_000;
    const callbacks = prospects.map((p, i) =>
      openCallback({
        id: `bench-cb-${i}`,
        prospectId: p.id,
        // A third overdue, a third due within hours, a third in the coming weeks.
        dueAt:
          i % 3 === 0
            ? now - (i + 1) * 60_000
            : i % 3 === 1
              ? now + ((i % 600) + 1) * 1000
              : now + (1 + (i % 30)) * day,
        timeZone: p.timeZone,
        reason: i % 2 === 0 ? 'future_need' : 'retry',
        scope: i % 4 === 0 ? 'team' : 'personal',
        assigneeId: operator.id,
        note: i % 5 === 0 ? 'Перезвонить после совещания у главного инженера' : '',
      }),
    );
    const requests = prospects.map((p, i) =>
      newRequest({
        id: `bench-rq-${i}`,
        createdAt: now - i * 60_000,
        prospectId: p.id,
        operatorId: operator.id,
        need: `Поставка металлоконструкций, партия ${i + 1}`,
      }),
    );
    const seed = await timed(async () => {
      for (const [collection, docs] of [
        ['prospects', prospects],
        ['callbacks', callbacks],
        ['requests', requests],
      ] as const) {
        for (let i = 0; i < docs.length; i += 5000) {
          await server.docs.writeSystem(
            collection,
            docs.slice(i, i + 5000).map((d) => ({ ...d, _deleted: false })),
          );
        }
      }
    });
    const url = await server.app.listen({ port: 0, host: '127.0.0.1' });

    const page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(url);
    await page.getByLabel('Username').fill('bench-head');
    await page.getByLabel('Password').fill(PASSWORD);
    const sync = await timed(async () => {
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page
        .getByRole('status', { name: 'Sync status' })
        .getByText('Synced', { exact: true })
        .waitFor({ timeout: 30 * 60_000 });
    });
    report(`\n== long lists: ${rows.toLocaleString('en')} each of future needs, open callbacks, open requests ==`);
    report(`server seed ${(seed / 1000).toFixed(1)} s; supervisor's first sync ${(sync / 1000).toFixed(1)} s`);

    const nav = (name: string) =>
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
    const open = async (name: string, ready: Locator) => {
      // From the Settings screen each time, so every figure is one screen change.
      if (name !== 'Settings') {
        await nav('Settings').click();
        await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
      } else {
        await nav('Dashboard').click();
        await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      }
      return timed(async () => {
        await nav(name).click();
        await ready.waitFor({ timeout: 5 * 60_000 });
      });
    };
    const floor = await open('Settings', page.getByRole('heading', { name: 'Settings', level: 1 }));
    report(`Settings (no list, the floor): opened in ${floor.toFixed(0)} ms`);

    const screens: { name: string; first: Locator; scroller: string; last: Locator; before?(): Promise<void> }[] = [
      {
        name: 'Future needs',
        first: page.getByRole('table', { name: 'Future needs' }).locator('tbody tr[aria-rowindex="2"]'),
        scroller: 'main.page',
        last: page.getByRole('table', { name: 'Future needs' }).locator(`tr[aria-rowindex="${rows + 1}"]`),
      },
      {
        name: 'Callbacks',
        first: page.locator('main tbody tr[aria-rowindex="2"]').first(),
        scroller: 'main.page',
        last: page
          .getByRole('region', { name: 'Upcoming' })
          .locator(`tr[aria-rowindex="${callbacks.filter((c) => c.dueAt > now + day / 2).length + 1}"]`),
      },
      {
        name: 'Requests',
        first: page.getByRole('tab', { name: 'Escalations' }),
        scroller: '.requests__left',
        last: page.locator(`li[aria-posinset="${rows}"]`),
        before: async () => {
          const tab = page.getByRole('tab', { name: 'Open', exact: true });
          const shown = await timed(async () => {
            await tab.click();
            await page.locator('li[aria-posinset="1"]').waitFor({ timeout: 5 * 60_000 });
          });
          report(`  Requests, "Open" tab: ${rows.toLocaleString('en')} rows listed in ${shown.toFixed(0)} ms`);
        },
      },
      {
        name: 'Dashboard',
        first: page.getByRole('table').first().locator('tbody tr[aria-rowindex="2"]'),
        scroller: 'main.page',
        last: page.getByRole('table').first().locator('tbody tr[aria-rowindex="2"]'),
      },
    ];
    for (const screen of screens) {
      const opened = await open(screen.name, screen.first);
      await screen.before?.();
      const inDom = await page.locator('main tr, main li').count();
      const scrolled = await timed(async () => {
        await page.locator(screen.scroller).evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
        await screen.last.waitFor({ timeout: 5 * 60_000 });
      });
      report(
        `${screen.name.padEnd(13)} first row in ${opened.toFixed(0)} ms (x${(opened / floor).toFixed(1)} the floor); ` +
          `${inDom} rows in the DOM; scrolled to the last in ${scrolled.toFixed(0)} ms; heap ${(await heapMb(page)).toFixed(0)} MB`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
