import { mkdirSync } from 'node:fs';
import { AppPage } from './pages/app-page.ts';
import { cableTo, expect, goOffline, goOnline, PASSWORD, SCREENSHOTS, test } from './fixtures.ts';

test.beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));

test('an operator works through an outage, reloads offline, and the other operator sees the changes', async ({
  browser,
  server,
}) => {
  // operator1 reaches the server through a cable the test can pull; operator2 connects directly.
  const cable = await cableTo(server.url);
  const contextA = await browser.newContext();
  const contextB = await browser.newContext();
  const a = new AppPage(await contextA.newPage());
  const b = new AppPage(await contextB.newPage());

  await a.open(cable.url);
  await a.page.screenshot({ path: `${SCREENSHOTS}/01-login.png` });
  await a.login('operator1', PASSWORD);
  await b.open(server.url);
  await b.login('operator2', PASSWORD);
  await expect(a.syncStatus).toContainText('Synced');
  await expect(a.page.getByText(/^200 of 300 shown/)).toBeVisible();
  // Let the service worker take control, so the shell is cached before the outage.
  await a.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
  await a.page.screenshot({ path: `${SCREENSHOTS}/02-prospects-online.png` });

  // The network goes down for operator1.
  await cable.unplug();
  await goOffline(contextA);
  await expect(a.syncStatus).toContainText('Offline');

  await a.createProspect({ name: 'ООО «Оффлайн Строй»', phone: '8 (912) 700-10-20', taxId: '7707083893' });
  await a.searchFor('ооо оффл');
  await expect(a.row(/Оффлайн Строй/)).toBeVisible();
  await expect(a.syncStatus).toContainText('1 waiting to sync');

  await a.fill({ industry: 'Демонтаж' });
  await a.save();
  await a.createProspect({ name: 'АО «Второй Офлайн»', phone: '+7 343 700-30-40' });
  await expect(a.syncStatus).toContainText('2 waiting to sync');
  await a.page.screenshot({ path: `${SCREENSHOTS}/03-offline-waiting.png` });

  // Reload while still offline: the app opens from the local database, nothing is lost.
  await a.page.reload();
  await expect(a.search).toBeVisible();
  await expect(a.syncStatus).toContainText('Offline');
  await expect(a.syncStatus).toContainText('2 waiting to sync');
  await a.searchFor('оффлайн');
  await expect(a.row(/Оффлайн Строй/)).toBeVisible();
  await a.row(/Оффлайн Строй/).click();
  await expect(a.page.getByRole('form').getByLabel('Industry')).toHaveValue('Демонтаж');
  await a.page.screenshot({ path: `${SCREENSHOTS}/04-offline-after-reload.png` });

  // operator2 has not seen any of it yet.
  await b.searchFor('Оффлайн');
  await expect(b.page.getByText('No prospects match your search.')).toBeVisible();

  // Back online: the writes are pushed, and operator2 sees them within seconds.
  await cable.plug();
  await goOnline(contextA);
  await expect(a.syncStatus).toContainText('Synced', { timeout: 20_000 });
  await expect(a.syncStatus).not.toContainText('waiting');
  await b.searchFor('ооо «оффлайн');
  await expect(b.row(/Оффлайн Строй/)).toBeVisible({ timeout: 10_000 });
  await b.row(/Оффлайн Строй/).click();
  await expect(b.page.getByRole('form').getByLabel('Industry')).toHaveValue('Демонтаж');
  await expect(b.page.getByRole('form').getByLabel('Phone', { exact: true })).toHaveValue('+7 912 700-10-20');
  await b.searchFor('8 343 700');
  await expect(b.row(/Второй Офлайн/)).toBeVisible();
  await b.page.screenshot({ path: `${SCREENSHOTS}/05-other-operator-sees-changes.png` });

  await contextA.close();
  await contextB.close();
  await cable.close();
});

test('two operators saving the same prospect from open forms keep both changes', async ({ browser, server }) => {
  const contextA = await browser.newContext();
  const contextB = await browser.newContext();
  const a = new AppPage(await contextA.newPage());
  const b = new AppPage(await contextB.newPage());
  for (const [app, user] of [
    [a, 'operator1'],
    [b, 'operator2'],
  ] as const) {
    await app.open(server.url);
    await app.login(user, PASSWORD);
    await app.searchFor('альфа-ремонт москва 1');
    await app.row(/Альфа-Ремонт Москва 1»/).click();
  }
  const formA = a.page.getByRole('form');
  const formB = b.page.getByRole('form');
  await formB.getByLabel('Industry').fill('Снос зданий');
  await b.save();
  // operator1's form was opened before that save; they type a note meanwhile. The arriving change
  // shows in the field they did not touch, and their typing is kept.
  await formA.getByLabel('Notes').fill('Перезвонить после обеда');
  await expect(formA.getByLabel('Industry')).toHaveValue('Снос зданий', { timeout: 10_000 });
  await expect(formA.getByLabel('Notes')).toHaveValue('Перезвонить после обеда');
  await a.save();

  for (const form of [formA, formB]) {
    await expect(form.getByLabel('Notes')).toHaveValue('Перезвонить после обеда', { timeout: 10_000 });
    await expect(form.getByLabel('Industry')).toHaveValue('Снос зданий');
  }
  await contextA.close();
  await contextB.close();
});
