import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import {
  expect,
  promisedCallback,
  readStored,
  SCREENSHOTS,
  signInAt,
  test,
  userIdOf,
  writeStraight,
} from './fixtures.ts';

const nav = (page: import('@playwright/test').Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();

test('a callback and settings with a broken time zone reach a colleague: the app keeps working and says what is wrong', async ({
  browser,
  server,
}) => {
  const operatorId = userIdOf(server.dataDir, 'operator1');
  const now = Date.now();
  writeStraight(
    server.dataDir,
    'callbacks',
    promisedCallback(
      {
        id: 'poisoned-callback',
        prospectId: 'demo-p-000001',
        operatorId,
        dueAt: now + 3_600_000,
        timeZone: 'Not/AZone',
        note: 'Перезвонить после обеда',
      },
      now,
    ),
  );
  const settings = readStored(server.dataDir, 'settings', 'global');
  writeStraight(server.dataDir, 'settings', {
    ...settings,
    workingHours: { ...(settings.workingHours as object), timeZone: 'Not/AZone' },
    updatedAt: now,
  });

  const operator = await signInAt(browser, server.url, 'operator1', new Date());
  const warning = operator.getByRole('alert').filter({ hasText: 'unknown time zone “Not/AZone”' });
  await expect(warning).toBeVisible();
  await nav(operator, 'Callbacks');
  const row = operator.getByRole('row').filter({ hasText: 'Перезвонить после обеда' });
  await expect(row).toContainText('Unknown time zone “Not/AZone”: shown in Europe/Moscow time');
  await operator.screenshot({ path: `${SCREENSHOTS}/42-poisoned-zone.png` });
  // Everything else still works: the desk offers the next call.
  await nav(operator, 'Desk');
  await expect(operator.getByRole('button', { name: /Next call/ })).toBeVisible();

  const sales = await signInAt(browser, server.url, 'sales1', new Date());
  await expect(sales.getByRole('alert').filter({ hasText: 'unknown time zone' })).toBeVisible();
  await expect(sales.getByRole('tab', { name: 'New to take' })).toBeVisible();

  // The supervisor sees the broken value for what it is, cannot save it, and corrects it.
  const head = await signInAt(browser, server.url, 'supervisor1', new Date());
  await nav(head, 'Settings');
  const form = head.getByRole('form', { name: 'Settings' });
  await expect(form.getByLabel('Time zone')).toHaveValue('Not/AZone');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('alert')).toContainText('«Time zone» is not a known time zone (Not/AZone)');
  await form.getByLabel('Time zone').selectOption('Europe/Moscow');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved. Workstations get it at their next sync.');
  await expect(warning).toBeHidden({ timeout: 10_000 });
});

test.describe('sessions', () => {
  test.use({ serverEnv: { LEADLINE_ACCESS_TTL: '120' } });

  test('two tabs of the web target stay signed in through an hour of refreshes', async ({ browser, server }) => {
    const first = await signInAt(browser, server.url, 'operator1', new Date());
    const context = first.context();
    const second = await context.newPage();
    await second.goto(server.url);
    for (const page of [first, second]) {
      await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('Synced');
    }
    // Every five minutes both tabs' tokens have run out (two minutes each): both refresh, often at once.
    for (let minute = 5; minute <= 60; minute += 5) {
      await context.clock.fastForward('05:00');
      for (const page of [first, second]) {
        await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('Synced', { timeout: 15_000 });
        await expect(page.getByRole('heading', { name: 'Sign in to Leadline' })).toBeHidden();
      }
    }
    // The session is still the one signed in at the start, it rotated, and a reload picks it up.
    const db = new DatabaseSync(path.join(server.dataDir, 'leadline.sqlite'), { readOnly: true });
    const sessions = db.prepare('SELECT revoked_at, prev_hash FROM sessions').all() as {
      revoked_at: number | null;
      prev_hash: string | null;
    }[];
    db.close();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ revoked_at: null, prev_hash: expect.any(String) });
    await second.reload();
    await expect(second.getByRole('status', { name: 'Sync status' })).toContainText('Synced');
    await expect(second.getByRole('heading', { name: 'Sign in to Leadline' })).toBeHidden();
  });
});

test('an admin reads the audit log and erases a person who asked to be forgotten', async ({ browser, server }) => {
  const operator = await signInAt(browser, server.url, 'operator1', new Date());
  await operator.context().close();
  const admin = await signInAt(browser, server.url, 'admin', new Date());
  await nav(admin, 'Audit');
  const log = admin.getByRole('table', { name: 'Audit log' });
  await expect(log.getByRole('row').filter({ hasText: 'Анна Смирнова (operator1)' }).first()).toContainText(
    'signed in',
  );
  const filters = admin.getByRole('form', { name: 'Filter the audit log' });
  await filters.getByLabel('User').selectOption({ label: 'Анна Смирнова (operator1)' });
  await filters.getByRole('button', { name: 'Show' }).click();
  await expect(log.getByRole('row').filter({ hasText: 'Светлана Орлова (admin)' })).toHaveCount(0);
  const [csv] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByRole('button', { name: 'Download audit as CSV' }).click(),
  ]);
  const text = await import('node:fs/promises').then(async (fs) => fs.readFile((await csv.path())!, 'utf8'));
  expect(text).toContain('Анна Смирнова (operator1)');
  await admin.screenshot({ path: `${SCREENSHOTS}/43-audit.png` });
  // The same screen in Russian on a 1366×768 laptop.
  await admin.setViewportSize({ width: 1366, height: 768 });
  await admin.getByRole('combobox', { name: 'Language' }).selectOption('ru');
  await expect(admin.getByRole('heading', { name: 'Журнал аудита' })).toBeVisible();
  await expect(
    admin.getByRole('table', { name: 'Журнал аудита' }).getByRole('row').filter({ hasText: 'вошёл' }).first(),
  ).toBeVisible();
  await admin.screenshot({ path: `${SCREENSHOTS}/45-audit-ru.png` });
  await admin.getByRole('combobox', { name: 'Язык' }).selectOption('en');

  // A person asks to be forgotten: the admin erases the prospect's personal data.
  await nav(admin, 'Prospects');
  await admin.getByRole('searchbox', { name: 'Search prospects' }).fill('Альфа-Ремонт Москва 3');
  await admin
    .getByRole('listbox', { name: 'Prospects' })
    .getByRole('option', { name: /Альфа-Ремонт Москва 3/ })
    .click();
  const form = admin.getByRole('form');
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue(/Альфа-Ремонт Москва 3/);
  admin.once('dialog', (dialog) => void dialog.accept());
  await form.getByRole('button', { name: 'Erase personal data…' }).click();
  await expect(admin.getByRole('status').filter({ hasText: /^Erased. Documents rewritten: \d+/ })).toBeVisible();
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue('—', { timeout: 10_000 });
  await expect(form.getByLabel('Phone', { exact: true })).toHaveValue('');
  await admin.screenshot({ path: `${SCREENSHOTS}/44-erased.png` });
});

test('a supervisor made an operator keeps none of the supervisor’s data on the workstation', async ({
  browser,
  server,
}) => {
  const head = await signInAt(browser, server.url, 'supervisor1', new Date());
  await nav(head, 'Callbacks');
  const annas = head.getByRole('row').filter({ hasText: 'Анна Смирнова' });
  await expect(annas.first()).toBeVisible();

  const admin = await signInAt(browser, server.url, 'admin', new Date());
  admin.once('dialog', (dialog) => void dialog.accept());
  await admin
    .getByRole('row')
    .filter({ hasText: 'supervisor1' })
    .getByLabel('Role of supervisor1')
    .selectOption('operator');
  await expect(admin.getByRole('status').filter({ hasText: 'supervisor1’s role is changed' })).toBeVisible();

  // The workstation is signed out; signing in again as an operator, the old replica is gone.
  await expect(head.getByRole('heading', { name: 'Sign in to Leadline' })).toBeVisible({ timeout: 15_000 });
  await head.getByLabel('Username').fill('supervisor1');
  await head.getByLabel('Password').fill('leadline-demo');
  await head.getByRole('button', { name: 'Sign in' }).click();
  await expect(head.getByText('Дмитрий Волков · Operator')).toBeVisible();
  await expect(head.getByRole('status', { name: 'Sync status' })).toContainText('Synced');
  await nav(head, 'Callbacks');
  await expect(head.getByRole('heading', { name: 'Callbacks', level: 1 })).toBeVisible();
  await expect(annas).toHaveCount(0);
  await expect(head.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' })).toHaveCount(0);
});
