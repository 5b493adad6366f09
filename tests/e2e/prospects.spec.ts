import { AppPage } from './pages/app-page.ts';
import { expect, PASSWORD, SCREENSHOTS, test } from './fixtures.ts';

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
  await expect(page.getByText('300 of 300').or(page.getByText(/of 300$/))).toBeVisible();

  // The same phone in another format is a duplicate: shown with its owner, saving needs a confirmation.
  await app.fill({ name: 'ООО «Дубликат»', phone: `8 ${digits.slice(1, 4)} ${digits.slice(4)}`, taxId: '' });
  const warning = page.getByRole('alert', { name: 'Possible duplicate' });
  await expect(warning).toContainText('Same phone as');
  await expect(warning).toContainText('no owner');
  await page.screenshot({ path: `${SCREENSHOTS}/07-duplicate-warning.png` });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Save anyway' })).toBeVisible();
  await page.getByRole('button', { name: 'Save anyway' }).click();
  await expect(page.getByText('Saved. It syncs when the server is reachable.')).toBeVisible();
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
  await expect(page.getByRole('searchbox', { name: 'Поиск клиентов' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Состояние синхронизации' })).toContainText('Синхронизировано');
  await page.getByRole('listbox', { name: 'Клиенты' }).getByRole('option').first().click();
  await expect(page.getByRole('heading', { name: 'Карточка клиента' })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/08-russian.png` });
});
