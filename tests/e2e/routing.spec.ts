import { newRequest } from '../../shared/requests/request-flow.ts';
import { expect, signInAt, test, userIdOf, writeStraight } from './fixtures.ts';

// Every screen and record has an address (renderer/app/routes.ts): Back and Forward walk through what
// was opened, and an address opens its record directly (issue 12).
const START = new Date('2027-03-03T07:00:00Z');
test.use({ serverClock: START });

test('Back and Forward walk through screens and records; an address opens its record', async ({ browser, server }) => {
  for (const [n, need] of ['Алмазная резка проёмов, 12 проёмов', 'Усиление перекрытий'].entries()) {
    writeStraight(server.dataDir, 'requests', {
      ...newRequest({
        id: `route-request-${n}`,
        createdAt: START.getTime() - n * 60_000,
        prospectId: `demo-p-00000${n + 1}`,
        operatorId: userIdOf(server.dataDir, 'operator1'),
        need,
      }),
    });
  }
  const page = await signInAt(browser, server.url, 'supervisor1', START);
  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  const nameField = page.getByRole('form').getByLabel('Name', { exact: true });
  const list = page.getByRole('listbox', { name: 'Prospects' });

  await nav('Prospects').click();
  await expect(page).toHaveURL(/#\/prospects$/);
  await list.getByRole('option').nth(0).click();
  const first = await nameField.inputValue();
  const firstUrl = page.url();
  expect(firstUrl).toMatch(/#\/prospects\/[A-Za-z0-9_-]+$/);
  await list.getByRole('option').nth(1).click();
  const second = await nameField.inputValue();
  expect(second).not.toBe(first);

  await nav('Requests').click();
  await page.getByRole('tab', { name: 'Open', exact: true }).click();
  const request = page.locator('.reqlist__item').first();
  const requestNeed = (await request.locator('.reqlist__need').textContent()) ?? '';
  await request.click();
  await expect(page).toHaveURL(/#\/requests\/[A-Za-z0-9_-]+$/);
  const requestUrl = page.url();
  await expect(page.locator('.requests__right')).toContainText(requestNeed);

  await page.goBack();
  await expect(page).toHaveURL(/#\/requests$/);
  await expect(page.locator('.requests__right')).not.toContainText(requestNeed);
  await page.goBack();
  await expect(nameField).toHaveValue(second);
  await page.goBack();
  await expect(nameField).toHaveValue(first);
  await page.goForward();
  await expect(nameField).toHaveValue(second);
  await page.goForward();
  await page.goForward();
  await expect(page).toHaveURL(requestUrl);
  await expect(page.locator('.requests__right')).toContainText(requestNeed);

  // The prospect's address typed or pasted in another tab opens it, as a path or as a hash.
  const id = firstUrl.split('/').at(-1)!;
  const tab = await page.context().newPage();
  await tab.goto(`${server.url}/prospects/${id}`);
  await expect(tab.getByRole('form').getByLabel('Name', { exact: true })).toHaveValue(first);
  await expect(tab).toHaveURL(`${server.url}/#/prospects/${id}`);
  await tab.goto(`${server.url}/#/requests/${requestUrl.split('/').at(-1)}`);
  await expect(tab.locator('.requests__right')).toContainText(requestNeed);
  // An address that names nothing opens the role's first screen, never a blank page.
  await tab.goto(`${server.url}/#/prospects/..%2F..%2Fetc`);
  await expect(tab.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
});
