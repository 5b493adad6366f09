import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { AppPage } from './pages/app-page.ts';
import { DeskPage } from './pages/desk-page.ts';
import {
  expect,
  goOffline,
  goOnline,
  PASSWORD,
  recordNotifications,
  SCREENSHOTS,
  shownNotifications,
  signInAt,
  test,
} from './fixtures.ts';

// Wednesday 2027-03-03, 10:00 in Moscow: inside the company's working hours.
const START = new Date('2027-03-03T07:00:00Z');
test.use({ serverClock: START });

async function signIn(
  browser: Browser,
  url: string,
  username: string,
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<{ page: Page; app: AppPage }> {
  const page = await signInAt(browser, url, username, START, PASSWORD, prepare);
  return { page, app: new AppPage(page) };
}

/** The operator walks a call to "need now" and hands the request over. */
async function handOver(desk: DeskPage, need: string): Promise<string> {
  const name = await desk.nextCall();
  await desk.option(1);
  await desk.continue();
  await desk.option(1);
  await desk.answer(need);
  for (const answer of ['5 проёмов', 'Казань', 'к маю', '300000', 'Пётр']) await desk.answer(answer);
  const form = await desk.outcome('r');
  await desk.save(form);
  return name;
}

async function openRequest(page: Page, tab: string, prospect: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Requests', exact: true }).click();
  await page.getByRole('tab', { name: tab }).click();
  await page.getByRole('button', { name: new RegExp(prospect) }).click();
  return page.getByRole('article', { name: 'Request' });
}

test('a request goes from the operator to sales, is escalated when stalled, and pays the operator', async ({
  browser,
  server,
}) => {
  test.setTimeout(180_000);
  const operator = await signIn(browser, server.url, 'operator1', recordNotifications);
  const sales = await signIn(browser, server.url, 'sales1');
  const head = await signIn(browser, server.url, 'supervisor1');
  const desk = new DeskPage(operator.page);

  // 1. Hand-off: the request reaches the sales inbox within seconds; sales takes it.
  const first = await handOver(desk, 'Резка проёмов в фундаменте');
  let detail = await openRequest(sales.page, 'New to take', first);
  await expect(detail).toContainText('Резка проёмов в фундаменте');
  await expect(detail).toContainText('5 проёмов');
  await sales.page.screenshot({ path: `${SCREENSHOTS}/18-sales-inbox.png` });
  await detail.getByRole('button', { name: 'Take' }).click();
  await expect(detail.getByText('Accepted', { exact: true })).toBeVisible();

  detail = await openRequest(operator.page, 'Open', first);
  await expect(detail.getByText('Accepted', { exact: true })).toBeVisible({ timeout: 10_000 });
  await expect(detail.getByRole('region', { name: 'History', exact: true })).toContainText('New → Accepted');
  // The operator's workstation told them, once, through a desktop notification.
  await expect
    .poll(() => shownNotifications(operator.page))
    .toEqual(['Leadline: request updated: Your request is now: Accepted']);

  // 2. A second request nobody takes: after three working hours it is stalled, and the operator escalates.
  const second = await handOver(desk, 'Демонтаж лестницы');
  await operator.page.clock.fastForward('03:00:00');
  detail = await openRequest(operator.page, 'Open', second);
  await expect(detail.getByText(/Stalled/)).toBeVisible();
  await detail.getByRole('button', { name: 'Escalate to the head' }).click();
  await expect(detail.getByText('Escalated', { exact: true })).toBeVisible();
  await operator.page.screenshot({ path: `${SCREENSHOTS}/19-operator-escalates.png` });

  detail = await openRequest(head.page, 'Escalations', second);
  const resolve = detail.getByRole('form', { name: 'Resolve' });
  await expect(resolve).toContainText('Escalated by Анна Смирнова');
  await resolve.getByLabel('Note to the operator').fill('Ольга возьмёт сегодня');
  await resolve.getByRole('button', { name: 'Resolve' }).click();
  await head.page.screenshot({ path: `${SCREENSHOTS}/20-supervisor-resolves.png` });

  detail = await openRequest(operator.page, 'Open', second);
  await expect(detail.getByRole('region', { name: 'History', exact: true })).toContainText(
    'Owner prodded: Ольга возьмёт сегодня',
    {
      timeout: 10_000,
    },
  );

  // 3. Sales wins the first request: the operator's bonus shows it.
  detail = await openRequest(sales.page, 'Mine', first);
  await detail.getByRole('button', { name: 'Won: order' }).click();
  const win = detail.getByRole('form', { name: 'Won: order' });
  await win.getByLabel('Order number').fill('З-2027-041');
  await win.getByLabel('Order value, roubles').fill('300000');
  await win.getByRole('button', { name: 'Save' }).click();
  await expect(detail.getByText('Won', { exact: true })).toBeVisible();

  await operator.page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Requests', exact: true })
    .click();
  await operator.page.getByRole('tab', { name: 'Pay' }).click();
  // 500 for each accepted request, plus 1% of the 300,000 order.
  await expect(operator.page.getByRole('region', { name: 'Bonus' })).toContainText(
    /2027-03 · earned: 3[\s,.\u00a0]?500/,
    {
      timeout: 10_000,
    },
  );
  await operator.page.screenshot({ path: `${SCREENSHOTS}/21-operator-bonus.png` });

  // The head exports the month's payroll.
  await head.page.getByRole('tab', { name: 'Pay' }).click();
  const [csv] = await Promise.all([
    head.page.waitForEvent('download'),
    head.page.getByRole('button', { name: 'Export payroll (CSV)' }).click(),
  ]);
  expect(csv.suggestedFilename()).toBe('payroll-2027-03.csv');
  const text = await import('node:fs/promises').then(async (fs) => fs.readFile((await csv.path())!, 'utf8'));
  expect(text).toContain('2027-03,Анна Смирнова,1,1,3500,3000');
  // For a Russian-locale Excel: semicolons (the choice is remembered).
  await head.page.getByRole('combobox', { name: 'CSV separator' }).selectOption(';');
  const [semicolons] = await Promise.all([
    head.page.waitForEvent('download'),
    head.page.getByRole('button', { name: 'Export payroll (CSV)' }).click(),
  ]);
  const russian = await import('node:fs/promises').then(async (fs) => fs.readFile((await semicolons.path())!, 'utf8'));
  expect(russian).toContain('2027-03;Анна Смирнова;1;1;3500;3000');
  const [sheet] = await Promise.all([
    head.page.waitForEvent('download'),
    head.page.getByRole('button', { name: 'Export payroll (XLSX)' }).click(),
  ]);
  expect(sheet.suggestedFilename()).toBe('payroll-2027-03.xlsx');

  // 4. The sales side offline: take the second request and record progress, then come back online.
  await goOffline(sales.page.context());
  await expect(sales.app.syncStatus).toContainText('Offline');
  detail = await openRequest(sales.page, 'New to take', second);
  await detail.getByRole('button', { name: 'Take' }).click();
  await detail.getByRole('button', { name: 'Record progress' }).click();
  const progress = detail.getByRole('form', { name: 'Record progress' });
  await progress.getByLabel('Stage').selectOption('offer_sent');
  await progress.getByLabel('Comment').fill('КП отправлено на почту');
  await progress.getByRole('button', { name: 'Save' }).click();
  await expect(sales.app.syncStatus).toContainText('waiting to sync');
  await goOnline(sales.page.context());
  await expect(sales.app.syncStatus).toContainText('Synced', { timeout: 30_000 });
  await expect(sales.app.syncStatus).not.toContainText('waiting');

  detail = await openRequest(operator.page, 'Open', second);
  await expect(detail.getByText('In progress', { exact: true })).toBeVisible({ timeout: 10_000 });
  await expect(detail.getByRole('region', { name: 'History', exact: true })).toContainText('КП отправлено на почту');

  // The server's history: each step exactly once.
  const db = new DatabaseSync(path.join(server.dataDir, 'leadline.sqlite'), { readOnly: true });
  const events = (
    db.prepare("SELECT data FROM docs WHERE collection = 'requestEvents'").all() as { data: string }[]
  ).map((r) => JSON.parse(r.data) as { kind: string; fromStatus: string; toStatus: string; text: string });
  db.close();
  const steps = events
    .filter((e) => e.kind === 'status_change')
    .map((e) => `${e.fromStatus}>${e.toStatus}`)
    .toSorted();
  expect(steps).toEqual(['accepted>in_progress', 'accepted>won', 'new>accepted', 'new>accepted']);
  expect(events.filter((e) => e.kind === 'escalation')).toHaveLength(1);
  expect(events.filter((e) => e.kind === 'escalation_resolved')).toHaveLength(1);
  expect(events.filter((e) => e.kind === 'comment').map((e) => e.text)).toEqual(['КП отправлено на почту']);

  // The head's dashboard: the escalation is counted against the sales manager who held the request.
  await head.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  const byManager = head.page.getByRole('table', { name: 'SLA by sales manager' });
  await expect(byManager.getByRole('row', { name: /Ольга Кузнецова/ })).toContainText('1', { timeout: 10_000 });
  await expect(
    head.page.getByRole('region', { name: 'Funnel' }).getByRole('row', { name: /Анна Смирнова/ }),
  ).toContainText('300,000');
  await head.page.screenshot({ path: `${SCREENSHOTS}/35-dashboard-sla.png`, fullPage: true });
});
