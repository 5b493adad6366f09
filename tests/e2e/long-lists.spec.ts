import { demoNeed, demoProspects } from '../../server/seed/demo-data.ts';
import { nameKey } from '../../shared/calling/search.ts';
import { newRequest } from '../../shared/requests/request-flow.ts';
import { expect, SCREENSHOTS, signInAt, test, userIdOf, writeStraight } from './fixtures.ts';

// Long lists render only the rows in view (renderer/ui/VirtualRows.tsx) and still reach every row by
// scrolling, search and the keyboard. 1,000 rows of each here; `npm run bench -- lists` times 50k.
const START = new Date('2027-03-03T07:00:00Z');
test.use({ serverClock: START });
const ROWS = 1000;

test('future needs, callbacks and requests by the thousand: a window of rows in the page, every row reachable', async ({
  browser,
  server,
}) => {
  test.setTimeout(240_000);
  const now = START.getTime();
  const operator = userIdOf(server.dataDir, 'operator1');
  const prospects = demoProspects(ROWS, now, 7).map((p, i) => {
    const need = demoNeed(i, now, p.timeZone);
    const name = `ООО «Длинный список ${String(i + 1).padStart(4, '0')}»`;
    return {
      ...p,
      id: `long-${i}`,
      name,
      nameKey: nameKey(name),
      status: 'future_need' as const,
      expectedNeed: need.need,
      nextCallAt: need.callAt,
      ownerId: operator,
    };
  });
  for (const [i, p] of prospects.entries()) {
    writeStraight(server.dataDir, 'prospects', p);
    writeStraight(server.dataDir, 'callbacks', {
      id: `long-cb-${i}`,
      createdAt: now,
      updatedAt: now,
      prospectId: p.id,
      dueAt: now - (ROWS - i) * 60_000,
      timeZone: p.timeZone,
      reason: 'retry',
      scope: 'personal',
      assigneeId: operator,
      createdBy: operator,
      done: false,
      doneAt: 0,
      askedFor: 0,
      outsideHoursAllowedAt: 0,
      note: '',
    });
    writeStraight(
      server.dataDir,
      'requests',
      newRequest({
        id: `long-rq-${i}`,
        createdAt: now - (ROWS - i) * 60_000,
        prospectId: p.id,
        operatorId: operator,
        need: `Поставка, партия ${i + 1}`,
      }) as unknown as Record<string, unknown>,
    );
  }

  const head = await signInAt(browser, server.url, 'supervisor1', START);
  const nav = (name: string) => head.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  const scrollToEnd = (selector: string) =>
    head.locator(selector).evaluate((el) => el.scrollTo({ top: el.scrollHeight }));

  // Future needs: the table says how long it is; the page holds a window of it.
  await nav('Future needs').click();
  const table = head.getByRole('table', { name: 'Future needs' });
  const rowCount = async () => Number(await table.getAttribute('aria-rowcount'));
  await expect.poll(rowCount).toBeGreaterThan(ROWS);
  const total = await rowCount();
  await expect(table.locator('tbody tr[aria-rowindex]').first()).toBeVisible();
  expect(await table.locator('tbody tr[aria-rowindex]').count()).toBeLessThan(80);
  await scrollToEnd('main.page');
  await expect(table.locator(`tr[aria-rowindex="${total}"]`)).toBeVisible();
  await head.screenshot({ path: `${SCREENSHOTS}/51-future-needs-long.png` });
  // A row far down is found by the search, as an operator finds it.
  await head.getByRole('searchbox', { name: 'Search by name' }).fill('Длинный список 0777');
  await expect(table.getByRole('row').filter({ hasText: 'ООО «Длинный список 0777»' })).toBeVisible();

  // Callbacks: a thousand overdue, the last of them reached by scrolling, and each row works.
  await nav('Callbacks').click();
  const overdue = head.getByRole('region', { name: 'Overdue' });
  await expect
    .poll(async () => Number(/\((\d+)\)/.exec((await overdue.getByRole('heading').textContent()) ?? '')?.[1]))
    .toBeGreaterThanOrEqual(ROWS);
  expect(await overdue.locator('tbody tr[aria-rowindex]').count()).toBeLessThan(80);
  await scrollToEnd('main.page');
  const lastCallback = overdue.getByRole('row').filter({ hasText: 'ООО «Длинный список 1000»' });
  await expect(lastCallback).toBeVisible();

  // Requests: the open ones as a list of a thousand and more; the last one opens.
  await nav('Requests').click();
  await head.getByRole('tab', { name: 'Open', exact: true }).click();
  const list = head.getByRole('list', { name: 'Open' });
  const setSize = async () => Number(await list.getByRole('listitem').first().getAttribute('aria-setsize'));
  await expect.poll(setSize).toBeGreaterThanOrEqual(ROWS);
  const size = await setSize();
  expect(await list.getByRole('listitem').count()).toBeLessThan(80);
  await scrollToEnd('.requests__left');
  const last = list.locator(`li[aria-posinset="${size}"]`);
  await expect(last).toBeVisible();
  const name = (await last.locator('.reqlist__name').textContent()) ?? '';
  const need = (await last.locator('.reqlist__need').textContent()) ?? '';
  expect(name).not.toBe('…');
  await last.getByRole('button').click();
  await expect(head.locator('.requests__right')).toContainText(name);
  await expect(head.locator('.requests__right')).toContainText(need);
});
