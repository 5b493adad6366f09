import { AppPage } from './pages/app-page.ts';
import { expect, goOffline, goOnline, PASSWORD, readStoredWhere, SCREENSHOTS, test } from './fixtures.ts';

test('search rides name, phone in any format and tax id; the form validates and warns of duplicates', async ({
  page,
  server,
}) => {
  const app = new AppPage(page);
  await app.open(server.url);
  await app.login('operator1', PASSWORD);

  await app.searchFor('ооо «альфа');
  await expect(app.row(/Альфа-Ремонт/).first()).toBeVisible();

  // Pick a demo prospect and find it again by its phone typed the Russian domestic way.
  const first = await app.list.getByRole('option').first().locator('.plist__meta').innerText();
  const e164 = first.split(' · ')[0] ?? '';
  const digits = e164.replace(/\D/g, '');
  await app.searchFor(`8 (${digits.slice(1, 4)}) ${digits.slice(4, 7)}-${digits.slice(7, 9)}`);
  await expect(app.list.getByRole('option').first()).toContainText(e164);

  // Bad input: clear errors, nothing saved.
  await page.getByRole('button', { name: 'New prospect' }).click();
  await app.fill({ name: '', phone: '12345', taxId: '1234567890' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Fix the highlighted fields.')).toBeVisible();
  await expect(page.getByText('Required.')).toBeVisible();
  await expect(page.getByText(/Not a phone number/)).toBeVisible();
  await expect(page.getByText(/An INN has 10 or 12 digits/)).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/06-validation.png` });
  await expect(page.getByText(/ of 300( shown|$)/)).toBeVisible();

  // Fixed, it saves; the operator becomes its owner.
  await app.fill({ name: 'ООО «Оригинал»', phone: '+7 (383) 555-44-33', taxId: '' });
  await app.save();

  // The same phone in another format is a duplicate: shown with its owner, saving needs a confirmation.
  await page.getByRole('button', { name: 'New prospect' }).click();
  await app.fill({ name: 'ООО «Дубликат»', phone: '8 383 5554433' });
  const warning = page.getByRole('alert', { name: 'Possible duplicate' });
  await expect(warning).toContainText('Same phone as ООО «Оригинал»');
  await expect(warning).toContainText('owner: Анна Смирнова');
  await page.screenshot({ path: `${SCREENSHOTS}/07-duplicate-warning.png` });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Save anyway' })).toBeVisible();
  await page.getByRole('button', { name: 'Save anyway' }).click();
  await expect(page.getByText('Saved. It syncs when the server is reachable.')).toBeVisible();

  // A number that cannot exist is refused; an office number with an extension keeps both, and its
  // area code (Izhevsk, 3412) sets the zone.
  await page.getByRole('button', { name: 'New prospect' }).click();
  await app.fill({ name: 'АО «Ижсталь-Сервис»', phone: '+7 000 000-00-00' });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText(/No such number exists/)).toBeVisible();
  await app.fill({ phone: '8 (3412) 51-00-00 доб. 45' });
  await expect(page.getByRole('form').getByLabel('Time zone')).toHaveValue('Europe/Samara');
  await app.save();
  await app.searchFor('3412 51');
  await expect(app.row(/Ижсталь-Сервис/)).toContainText('+7 341 251-00-00 ext. 45');
  await expect
    .poll(() => {
      const row = readStoredWhere(server.dataDir, 'prospects', 'name', 'АО «Ижсталь-Сервис»');
      return row && [row.phone, row.phoneExt, row.timeZone];
    })
    .toEqual(['+73412510000', '45', 'Europe/Samara']);
});

test('the interface speaks Russian', async ({ page, server }) => {
  const app = new AppPage(page);
  await app.open(server.url);
  await page.getByRole('combobox', { name: 'Language' }).selectOption('ru');
  await expect(page.getByRole('heading', { name: 'Вход в Leadline' })).toBeVisible();
  await page.getByLabel('Имя пользователя').fill('operator1');
  await page.getByLabel('Пароль').fill('wrong-password');
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.getByRole('alert')).toHaveText('Неверное имя пользователя или пароль.');
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.getByRole('link', { name: 'Звонки' })).toBeVisible();
  await page.getByRole('link', { name: 'Клиенты' }).click();
  await expect(page.getByRole('searchbox', { name: 'Поиск клиентов' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Состояние синхронизации' })).toContainText('Синхронизировано');
  await page.getByRole('listbox', { name: 'Клиенты' }).getByRole('option').first().click();
  await expect(page.getByRole('heading', { name: 'Карточка клиента' })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/08-russian.png` });
});

test('a user who signed in before can sign in again during an outage and keep working', async ({ browser, server }) => {
  const context = await browser.newContext();
  const app = new AppPage(await context.newPage());
  await app.open(server.url);
  await app.login('operator1', PASSWORD);
  await expect(app.syncStatus).toContainText('Synced');
  await expect(app.page.getByText(/^200 of 300 shown/)).toBeVisible();
  await app.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });

  await goOffline(context);
  await app.page.getByRole('button', { name: 'Sign out' }).click();
  await expect(app.page.getByRole('heading', { name: 'Sign in to Leadline' })).toBeVisible();

  await app.page.getByLabel('Username').fill('operator2');
  await app.page.getByLabel('Password').fill(PASSWORD);
  await app.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(app.page.getByRole('alert')).toHaveText(
    'The server is unreachable, and this user has not signed in on this workstation before.',
  );
  await app.page.getByLabel('Username').fill('operator1');
  await app.page.getByLabel('Password').fill('wrong-password');
  await app.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(app.page.getByRole('alert')).toHaveText('Wrong username or password.');

  await app.login('operator1', PASSWORD);
  await expect(app.page.getByText(/Signed in offline/)).toBeVisible();
  await expect(app.page.getByText(/^200 of 300 shown/)).toBeVisible();
  await app.createProspect({ name: 'ООО «Вход без сети»', phone: '+7 383 100-20-30' });
  await expect(app.syncStatus).toContainText('1 waiting to sync');
  await app.page.screenshot({ path: `${SCREENSHOTS}/09-offline-sign-in.png` });

  await goOnline(context);
  await expect(app.syncStatus).toContainText('Synced', { timeout: 20_000 });
  await expect(app.syncStatus).not.toContainText('waiting');
  await context.close();
});

test('sales sees the base but may edit only what its role owns', async ({ page, server }) => {
  const app = new AppPage(page);
  await app.open(server.url);
  await app.login('sales1', PASSWORD);
  await expect(page.getByRole('button', { name: 'New prospect' })).toHaveCount(0);
  await app.list.getByRole('option').first().click();
  const form = page.getByRole('form');
  await expect(form.getByLabel('Name', { exact: true })).toBeDisabled();
  await expect(form.getByLabel('Phone', { exact: true })).toBeDisabled();
  await expect(form.getByLabel('Status')).toBeEnabled();
  await form.getByLabel('Notes').fill('Клиент оформил заказ');
  await form.getByLabel('Status').selectOption('customer');
  await app.save();
  await expect(app.syncStatus).toContainText('Synced');
  await expect(app.syncStatus).not.toContainText('waiting');
  await page.screenshot({ path: `${SCREENSHOTS}/10-sales-role.png` });
});

test('Ctrl+K finds a prospect or an action from anywhere', async ({ page, server }) => {
  const app = new AppPage(page);
  await app.open(server.url);
  await app.login('operator1', PASSWORD);
  await page.getByRole('link', { name: 'Desk' }).click();
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await palette.getByRole('combobox').fill('альфа-ремонт москва 3');
  await expect(palette.getByRole('option').first()).toContainText('Альфа-Ремонт Москва 3');
  await page.screenshot({ path: `${SCREENSHOTS}/17-command-palette.png` });
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.getByRole('form').getByLabel('Name', { exact: true })).toHaveValue(/Альфа-Ремонт Москва 3/);

  await page.keyboard.press('Control+k');
  await palette.getByRole('combobox').fill('callb');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Callbacks', level: 1 })).toBeVisible();
});
