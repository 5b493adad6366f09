import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import type { BrowserContext } from '@playwright/test';
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
  test,
} from './fixtures.ts';

// A Wednesday morning: 10:00 in Moscow, so the demo lists are inside their calling hours.
const START = new Date('2027-03-03T07:00:00Z');
test.use({ serverClock: START });
const DAY = 24 * 3600 * 1000;
/** UTC offsets of Russian zones, in hours (no daylight saving since 2014). */
const OFFSETS: Record<string, number> = {
  'Europe/Kaliningrad': 2,
  'Europe/Moscow': 3,
  'Europe/Samara': 4,
  'Asia/Yekaterinburg': 5,
  'Asia/Omsk': 6,
  'Asia/Novosibirsk': 7,
  'Asia/Krasnoyarsk': 7,
  'Asia/Irkutsk': 8,
  'Asia/Yakutsk': 9,
  'Asia/Vladivostok': 10,
  'Asia/Magadan': 11,
  'Asia/Kamchatka': 12,
};

async function openDesk(context: BrowserContext, url: string) {
  await context.clock.install({ time: START });
  await context.clock.resume();
  const page = await context.newPage();
  const app = new AppPage(page);
  await app.open(url);
  await app.login('operator1', PASSWORD);
  await expect(app.syncStatus).toContainText('Synced');
  return { app, desk: new DeskPage(page), page };
}

/** One round: a future need, a need now, a callback. Returns what the server should end up with. */
async function round(desk: DeskPage, page: import('@playwright/test').Page, shots: boolean) {
  // 1. Future need in three months.
  const future = await desk.nextCall();
  await desk.option(1); // willing to listen
  await desk.continue(); // after the short presentation
  await desk.option(2); // later
  await desk.answer('летом, когда начнут реконструкцию');
  await desk.answer('решение по тендеру');
  await expect(page.getByRole('button', { name: /Future need/ })).toHaveClass(/outcomes__btn--suggested/);
  if (shots) await page.screenshot({ path: `${SCREENSHOTS}/11-call-screen.png` });
  let form = await desk.outcome('f');
  await form.getByLabel('When').fill('2027-06');
  await form.getByLabel('Confidence, %').fill('70');
  await expect(form.getByLabel('Trigger')).toHaveValue('решение по тендеру');
  await desk.save(form);

  // 2. Need now: the request form is filled from the script's answers.
  const request = await desk.nextCall();
  await desk.option(1);
  await desk.continue();
  await desk.option(1); // yes, now
  await desk.answer('Проёмы в несущей стене');
  await desk.answer('12 проёмов');
  await desk.answer('Новосибирск, ул. Ленина, 1');
  await desk.answer('до апреля');
  await desk.answer('450000');
  await desk.answer('Иван, прораб');
  form = await desk.outcome('r');
  await expect(form.getByLabel('Need')).toHaveValue('Проёмы в несущей стене');
  await expect(form.getByLabel('Budget, roubles')).toHaveValue('450000');
  if (shots) await page.screenshot({ path: `${SCREENSHOTS}/12-request-form.png` });
  await desk.save(form);

  // 3. Call back tomorrow at 10:00 the prospect's time.
  const callback = await desk.nextCall();
  const zone = await desk.zone();
  await desk.option(2); // busy, call back
  form = await desk.outcome('c');
  await expect(form.getByLabel('Time (prospect’s clock)')).toHaveValue('10:00');
  await desk.save(form);
  return { future, request, callback, zone };
}

test('an operator works the queue online and offline; the server gets every call, callback and request once', async ({
  browser,
  server,
}) => {
  test.setTimeout(180_000);
  const context = await browser.newContext();
  const { app, desk, page } = await openDesk(context, server.url);

  const online = await round(desk, page, true);

  // The future-need database and the callbacks view show what was just recorded.
  await page.getByRole('link', { name: 'Future needs' }).click();
  const row = page.getByRole('row').filter({ hasText: online.future });
  await expect(row).toContainText('2027-06');
  await expect(row).toContainText('70%');
  await expect(row).toContainText('решение по тендеру');
  await page.screenshot({ path: `${SCREENSHOTS}/13-future-needs.png` });
  await page.getByRole('button', { name: 'Calendar' }).click();
  await expect(page.getByRole('region', { name: '2027-06' })).toContainText(online.future);
  await page.screenshot({ path: `${SCREENSHOTS}/14-future-calendar.png` });

  await page.getByRole('link', { name: 'Callbacks' }).click();
  await expect(page.getByRole('region', { name: 'Upcoming' })).toContainText(online.callback);
  await expect(page.getByRole('region', { name: 'Upcoming' })).toContainText(online.future);
  await page.screenshot({ path: `${SCREENSHOTS}/15-callbacks.png` });

  // The prospect's page tells the story: the call with what the script learned, and the open request.
  await page.getByRole('link', { name: 'Prospects' }).click();
  await page.getByRole('searchbox', { name: 'Search prospects' }).fill(online.request);
  await page
    .getByRole('option', { name: new RegExp(online.request) })
    .first()
    .click();
  const history = page.getByRole('region', { name: 'Prospect’s history' });
  await expect(history.getByTestId('history-call')).toHaveCount(1);
  await expect(history.getByTestId('history-call')).toContainText('Need now');
  await expect(history.getByTestId('history-call')).toContainText('Work needed: Проёмы в несущей стене');
  await expect(history).toContainText('Request: Проёмы в несущей стене · New');
  await history.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOTS}/15b-prospect-history.png` });

  // The same again with the network down.
  await goOffline(context);
  await expect(app.syncStatus).toContainText('Offline');
  const offline = await round(desk, page, false);
  await expect(app.syncStatus).toContainText('waiting to sync');
  await page.screenshot({ path: `${SCREENSHOTS}/16-desk-offline.png` });
  await goOnline(context);
  await expect(app.syncStatus).toContainText('Synced', { timeout: 30_000 });
  await expect(app.syncStatus).not.toContainText('waiting');

  // What the server holds, read from its own store.
  const db = new DatabaseSync(path.join(server.dataDir, 'leadline.sqlite'), { readOnly: true });
  const docs = (collection: string) =>
    (
      db.prepare('SELECT data FROM docs WHERE collection = ? AND deleted = 0').all(collection) as { data: string }[]
    ).map((r) => JSON.parse(r.data) as Record<string, unknown>);
  const prospects = new Map(docs('prospects').map((p) => [p.name as string, p]));
  // Only what this test created: the demo store has callbacks of its own.
  const since = START.getTime();
  const calls = docs('calls');
  const callbacks = docs('callbacks').filter((cb) => (cb.createdAt as number) >= since);
  const requests = docs('requests');
  expect(calls).toHaveLength(6);
  expect(requests).toHaveLength(2);
  expect(callbacks).toHaveLength(4);
  for (const r of [online, offline]) {
    const f = prospects.get(r.future)!;
    const q = prospects.get(r.request)!;
    const c = prospects.get(r.callback)!;
    expect(f.status).toBe('future_need');
    expect(f.expectedNeed).toMatchObject({ date: '2027-06-01', precision: 'month', confidence: 70 });
    // 14 days before 2027-06-01, at 10:00 in the prospect's zone.
    const futureZone = f.timeZone as string;
    const futureDue = Date.UTC(2027, 4, 18, 10 - (OFFSETS[futureZone] ?? 0));
    expect(callbacks.filter((cb) => cb.prospectId === f.id).map((cb) => cb.dueAt)).toEqual([futureDue]);

    expect(q.status).toBe('handed_off');
    const req = requests.filter((x) => x.prospectId === q.id);
    expect(req).toHaveLength(1);
    expect(req[0]).toMatchObject({
      status: 'new',
      need: 'Проёмы в несущей стене',
      volume: '12 проёмов',
      estimatedValue: 450000,
    });

    // Tomorrow in the prospect's calendar (START is 07:00 UTC, so "tomorrow" is 2027-03-04 in every zone).
    const cbDue = Date.UTC(2027, 2, 4, 10 - (OFFSETS[r.zone] ?? 0));
    expect(callbacks.filter((cb) => cb.prospectId === c.id).map((cb) => cb.dueAt)).toEqual([cbDue]);
  }
  expect(new Set(calls.map((c) => c.id)).size).toBe(6);
  db.close();
  expect(DAY).toBeGreaterThan(0);
  await context.close();
});

test('closing the page mid-call and reopening restores the call with its answers', async ({ browser, server }) => {
  const context = await browser.newContext();
  const { desk, page } = await openDesk(context, server.url);
  const name = await desk.nextCall();
  await desk.option(1);
  await desk.continue();
  await desk.option(1);
  await desk.answer('Демонтаж перекрытий');
  await page.getByLabel('Notes').fill('Просил прислать прайс');
  await page.reload();
  await expect(desk.card.getByRole('heading', { level: 2 })).toHaveText(name);
  await expect(desk.script).toContainText('How much work is it?');
  await expect(desk.script.getByRole('definition')).toContainText(['Демонтаж перекрытий']);
  await expect(page.getByLabel('Notes')).toHaveValue('Просил прислать прайс');
  await context.close();
});

test('a callback falling due raises a desktop notification', async ({ browser, server }) => {
  const context = await browser.newContext();
  await recordNotifications(context);
  await context.clock.install({ time: new Date() });
  const page = await context.newPage();
  const app = new AppPage(page);
  await app.open(server.url);
  await app.login('operator1', PASSWORD);
  // The demo promised operator1 a callback two hours after the server started (demo-cb-r2), moved
  // into the prospect's calling hours: when the run's real time puts those two hours at night in
  // the prospect's zone, it falls due the next morning. The clock jumps to just past it.
  const store = new DatabaseSync(path.join(server.dataDir, 'leadline.sqlite'), { readOnly: true });
  const doc = (collection: string, id: string) =>
    JSON.parse(
      (store.prepare('SELECT data FROM docs WHERE collection = ? AND id = ?').get(collection, id) as { data: string })
        .data,
    ) as Record<string, string>;
  const promised = doc('callbacks', 'demo-cb-r2');
  const name = doc('prospects', promised.prospectId!).name!;
  store.close();
  await page.getByRole('link', { name: 'Callbacks' }).click();
  await expect(page.getByRole('main')).toContainText(name);
  const untilDue = Number(promised.dueAt) - (await page.evaluate(() => Date.now()));
  expect(untilDue).toBeGreaterThan(0);
  await context.clock.fastForward(untilDue + 60_000);
  await expect.poll(() => shownNotifications(page)).toContainEqual(expect.stringContaining(name));
  await context.close();
});
