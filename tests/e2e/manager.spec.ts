import { mkdtempSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from '@playwright/test';
import { xlsx } from '../../shared/formats/xlsx.ts';
import { DeskPage } from './pages/desk-page.ts';
import { expect, goOffline, goOnline, PASSWORD, readStored, SCREENSHOTS, signInAt, test } from './fixtures.ts';

const START = new Date('2027-03-03T07:00:00Z');
test.use({ serverClock: START });

const signIn = (browser: Browser, url: string, username: string, password?: string) =>
  signInAt(browser, url, username, START, password);

async function importFile(
  page: Page,
  file: string,
  listName: string,
  beforeCheck?: (wizard: Locator) => Promise<void>,
) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Lists' }).click();
  await page.getByRole('button', { name: 'Import a file' }).click();
  const wizard = page.getByRole('region', { name: 'Import market research' });
  await wizard.getByLabel('File (CSV, XLSX, XLS or ODS)').setInputFiles(file);
  await wizard.getByLabel('List name').fill(listName);
  await wizard.getByRole('checkbox', { name: 'Анна Смирнова' }).check();
  await beforeCheck?.(wizard);
  await wizard.getByRole('button', { name: 'Check the file' }).click();
  return wizard;
}

test('the head imports research files, builds a list from earlier results, and sees the figures', async ({
  browser,
  server,
}) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'leadline-import-'));
  // Messy phones, a duplicate of the demo base (first demo prospect's phone is read from the UI below),
  // a duplicate inside the file, a bad phone, a bad INN and a row without a name.
  const head = await signIn(browser, server.url, 'supervisor1');
  await head.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Prospects' }).click();
  const firstMeta = await head
    .getByRole('listbox', { name: 'Prospects' })
    .getByRole('option')
    .first()
    .locator('.plist__meta')
    .innerText();
  const basePhone = (firstMeta.split(' · ')[0] ?? '').replace(/\D/g, '').replace(/^7/, '8');
  const csv = [
    'Компания;Телефон;ИНН;Регион;Контакт',
    'ООО «Импорт Один»;8 (383) 700-00-01;;Новосибирская область;Иван',
    'ООО «Импорт Два»;+7 383 700 00 02;7707083893;Новосибирская область;',
    `ООО «Дубль базы»;${basePhone};;;`,
    'ООО «Импорт Один, повтор»;83837000001;;;',
    'ООО «Плохой телефон»;12-34;;;',
    'ООО «Плохой ИНН»;+73837000003;1234567890;;',
    ';+73837000004;;;',
  ].join('\r\n');
  const csvFile = path.join(dir, 'research.csv');
  writeFileSync(csvFile, `\ufeff${csv}`);

  let wizard = await importFile(head, csvFile, 'Исследование: Новосибирск', async (w) => {
    // Before the check: the first rows as they will be imported, the phone normalised, its zone found.
    const preview = w.getByRole('table', { name: 'The first rows, as they will be imported' });
    await expect(preview.getByRole('row').nth(1)).toContainText('ООО «Импорт Один»+73837000001');
    await expect(preview.getByRole('row').nth(1)).toContainText('Asia/Novosibirsk');
    await expect(preview.getByRole('row').nth(5)).toContainText('12-34 ✗');
    await preview.scrollIntoViewIfNeeded();
    await w.page().screenshot({ path: `${SCREENSHOTS}/38-import-mapping.png` });
  });
  const report = wizard.getByRole('definition');
  await expect(report).toHaveText(['2', '2', '3']);
  const invalid = wizard.getByRole('region', { name: 'Rows with errors' });
  await expect(invalid).toContainText('Line 6: phone is not a phone number, no phone to call');
  await expect(invalid).toContainText('Line 7: INN check digits are wrong');
  await expect(invalid).toContainText('Line 8: no name');
  await head.screenshot({ path: `${SCREENSHOTS}/22-import-report.png` });
  await wizard.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(wizard.getByRole('status')).toHaveText('Imported: 2 new, 0 merged, 2 skipped, 3 with errors.');
  await wizard.getByRole('button', { name: 'Back to lists' }).click();

  const sheet = path.join(dir, 'research.xlsx');
  writeFileSync(
    sheet,
    xlsx('Лист1', [
      ['Название', 'Телефон', 'Отрасль'],
      ['ООО «Из Excel»', '8 343 700-00-05', 'Строительство'],
      ['ООО «Импорт Два»', '+7 (383) 700-00-02', ''],
    ]),
  );
  wizard = await importFile(head, sheet, 'Исследование: Excel');
  await expect(wizard.getByRole('definition')).toHaveText(['1', '1', '0']);
  await wizard.getByLabel('Decision for line 3').selectOption('merge');
  await wizard.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(wizard.getByRole('status')).toHaveText('Imported: 1 new, 1 merged, 0 skipped, 0 with errors.');
  await wizard.getByRole('button', { name: 'Back to lists' }).click();

  const lists = head.getByRole('table', { name: 'Call lists' });
  await expect(lists.getByRole('row').filter({ hasText: 'Исследование: Новосибирск' })).toContainText(
    'Market research',
  );
  await expect(lists.getByRole('row').filter({ hasText: 'Исследование: Новосибирск' })).toContainText('Анна Смирнова');

  // An earlier-results list: future needs expected within 90 days.
  await head.getByRole('button', { name: 'New list from earlier results' }).click();
  const query = head.getByRole('form', { name: 'New list from earlier results' });
  await query.getByLabel('List name').fill('Будущие потребности: 90 дней');
  await query.getByRole('checkbox', { name: 'Future need' }).check();
  await query.getByLabel('Future need within (days)').fill('90');
  await query.getByRole('button', { name: 'Show members' }).click();
  // The members, worked out here from the server's store: future needs expected from yesterday to 90 days on.
  const store = new DatabaseSync(path.join(server.dataDir, 'leadline.sqlite'), { readOnly: true });
  const base = (
    store.prepare("SELECT data FROM docs WHERE collection = 'prospects' AND deleted = 0").all() as { data: string }[]
  ).map((r) => JSON.parse(r.data) as { name: string; status: string; expectedNeed: { date: string } });
  store.close();
  const day = 86_400_000;
  const expected = base
    .filter((p) => p.status === 'future_need' && p.expectedNeed.date)
    .filter((p) => {
      const at = Date.parse(`${p.expectedNeed.date}T00:00:00Z`);
      return at >= START.getTime() - day && at <= START.getTime() + 90 * day;
    })
    .map((p) => p.name)
    .toSorted();
  expect(expected.length).toBeGreaterThan(0);
  const members = query.getByRole('region', { name: 'Members' });
  await expect(members).toContainText(`${expected.length} prospects match`);
  expect((await members.getByRole('listitem').allInnerTexts()).toSorted()).toEqual(expected);
  await head.screenshot({ path: `${SCREENSHOTS}/23-query-list.png` });
  await query.getByRole('checkbox', { name: 'Анна Смирнова' }).check();
  await query.getByRole('button', { name: 'Save list' }).click();
  await expect(lists.getByRole('row').filter({ hasText: 'Будущие потребности: 90 дней' })).toContainText(
    'Earlier results',
  );
  await head.screenshot({ path: `${SCREENSHOTS}/24-lists.png` });

  // operator1's queue offers the imported prospects right after the callbacks that are due (the demo
  // promised some, and in 2027 they are all due); the fresh list goes ahead of the older demo list.
  const operator = await signIn(browser, server.url, 'operator1');
  const desk = new DeskPage(operator);
  const imported = ['ООО «Импорт Один»', 'ООО «Импорт Два»', 'ООО «Из Excel»'];
  let name = '';
  for (let i = 0; i < 60 && !imported.includes(name); i++) {
    name = await desk.nextCall();
    if (!imported.includes(name)) {
      // Anything offered before the imported list must be a callback that fell due.
      await expect(desk.card.getByText(/^Callback:/).first()).toBeVisible();
      await desk.save(await desk.outcome('b'));
    }
  }
  expect(imported).toContain(name);
  await desk.option(2);
  await desk.save(await desk.outcome('c'));

  // The funnel shows the call.
  await head.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  await head.getByLabel('Group by').selectOption('list');
  const funnelTable = head.getByRole('region', { name: 'Funnel' });
  await expect(funnelTable.getByRole('row').filter({ hasText: /Исследование/ })).toContainText('1');
  const source = funnelTable.getByRole('status', { name: 'Where the figures come from' });
  await expect(source).toContainText('From the server’s figures at');
  // The SLA and pipeline come from the server too: their panel says nothing of where they come from.
  const slaSource = head.getByRole('status', { name: 'Where the SLA and pipeline figures come from' });
  await expect(slaSource).toHaveCount(0);
  await expect(head.getByRole('region', { name: 'Future needs by expected month' })).toContainText('%');
  await head.screenshot({ path: `${SCREENSHOTS}/25-dashboard.png` });
  // Offline, the dashboard counts the calls this workstation holds, and says so.
  await goOffline(head.context());
  await head.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Lists' }).click();
  await head.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  await head.getByLabel('Group by').selectOption('list');
  await expect(source).toContainText('The server did not answer: figures from this workstation’s copy');
  await expect(funnelTable.getByRole('row').filter({ hasText: /Исследование/ })).toContainText('1');
  await expect(slaSource).toContainText('The server did not answer: figures from this workstation’s copy');
  await expect(head.getByRole('region', { name: 'Future needs by expected month' })).toContainText('%');
  await head.screenshot({ path: `${SCREENSHOTS}/25-dashboard-offline.png`, fullPage: true });
  await goOnline(head.context());

  // The Excel import is taken back: what it created and nobody called goes; the prospect it merged
  // into (in the base before) stays, and so would one already called.
  await head.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Lists' }).click();
  await head.getByRole('button', { name: 'Edit list: Исследование: Excel' }).click();
  const calledExcel = name === 'ООО «Из Excel»';
  head.once('dialog', (dialog) => {
    expect(dialog.message()).toContain(`Remove the ${calledExcel ? '0 prospects' : '1 prospect'} this import created`);
    void dialog.accept();
  });
  await head.getByRole('button', { name: 'Undo import' }).click();
  await expect(head.getByRole('row').filter({ hasText: 'Исследование: Excel' })).toContainText('—');
  const stored = () => {
    const db = new DatabaseSync(path.join(server.dataDir, 'leadline.sqlite'), { readOnly: true });
    const rows = db.prepare("SELECT data, deleted FROM docs WHERE collection = 'prospects'").all() as {
      data: string;
      deleted: number;
    }[];
    db.close();
    return Object.fromEntries(rows.map((r) => [(JSON.parse(r.data) as { name: string }).name, r.deleted]));
  };
  await expect.poll(() => stored()['ООО «Из Excel»'], { timeout: 15_000 }).toBe(calledExcel ? 0 : 1);
  expect(stored()['ООО «Импорт Два»']).toBe(0);
});

test('an admin deactivates an operator: their open session is cut off at once', async ({ browser, server }) => {
  const operator2 = await signIn(browser, server.url, 'operator2');
  await expect(operator2.getByRole('button', { name: /Next call/ })).toBeVisible();
  const admin = await signIn(browser, server.url, 'admin');
  await expect(admin.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  admin.once('dialog', (dialog) => void dialog.accept());
  await admin.getByRole('button', { name: 'Deactivate operator2' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'operator2 is deactivated' })).toBeVisible();
  await expect(admin.getByRole('row').filter({ hasText: 'operator2' })).toContainText('Deactivated');

  // operator2's workstation is back at the sign-in screen, told why, and cannot sign in again.
  await expect(operator2.getByRole('heading', { name: 'Sign in to Leadline' })).toBeVisible({ timeout: 15_000 });
  await expect(operator2.getByText(/Your session ended/)).toBeVisible();
  await operator2.getByLabel('Username').fill('operator2');
  await operator2.getByLabel('Password').fill(PASSWORD);
  await operator2.getByRole('button', { name: 'Sign in' }).click();
  // Answered like a wrong password, so the answer does not confirm the password to whoever typed it.
  await expect(operator2.getByRole('alert')).toHaveText('Wrong username or password.');

  // A new user created by the admin can sign in.
  const form = admin.getByRole('form', { name: 'New user' });
  await form.getByLabel('Username').fill('operator3');
  await form.getByLabel('Full name').fill('Мария Новикова');
  await form.getByLabel('Password (8+ characters)').fill('long-enough-pass');
  await form.getByRole('button', { name: 'Create user' }).click();
  // A taken username is refused in plain words, and nothing is created.
  await expect(admin.getByRole('status').filter({ hasText: 'operator3 is created.' })).toBeVisible();
  await form.getByLabel('Username').fill('operator1');
  await form.getByLabel('Password (8+ characters)').fill('long-enough-pass');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(admin.getByRole('alert')).toHaveText('That username is taken.');
  const row3 = admin.getByRole('row').filter({ hasText: 'operator3' });
  await expect(row3.getByLabel('Role of operator3')).toHaveValue('operator');

  // Team, role and password are changed in place; a new password ends the sessions at once.
  await row3.getByLabel('Team of operator3').fill('Бета');
  await row3.getByLabel('Team of operator3').press('Enter');
  await expect(admin.getByRole('status').filter({ hasText: 'operator3’s team is saved.' })).toBeVisible();
  const operator3 = await signIn(browser, server.url, 'operator3', 'long-enough-pass');
  await expect(operator3.getByRole('button', { name: /Next call/ })).toBeVisible();
  await row3.getByRole('button', { name: 'Reset password' }).click();
  await row3.getByLabel('New password for operator3').fill('another-long-pass');
  await row3.getByRole('button', { name: 'Set' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'operator3 has a new password' })).toBeVisible();
  await expect(operator3.getByRole('heading', { name: 'Sign in to Leadline' })).toBeVisible({ timeout: 15_000 });
  admin.once('dialog', (dialog) => void dialog.accept());
  await row3.getByLabel('Role of operator3').selectOption('sales');
  await expect(admin.getByRole('status').filter({ hasText: 'operator3’s role is changed' })).toBeVisible();
  await admin.screenshot({ path: `${SCREENSHOTS}/26-users.png` });
  const asSales = await signIn(browser, server.url, 'operator3', 'another-long-pass');
  await expect(asSales.getByText('Мария Новикова · Sales')).toBeVisible();
});

test('the head sets how a list is worked: team, hours, retries, dates', async ({ browser, server }) => {
  const head = await signIn(browser, server.url, 'supervisor1');
  await head.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Lists' }).click();
  await head.getByRole('button', { name: /^Edit list: Строительные компании/ }).click();
  const form = head.getByRole('form', { name: 'Edit list' });
  await expect(form.getByRole('status')).toContainText(/Market research · \d+ prospects on the list now/);
  await form.getByRole('checkbox', { name: 'Альфа' }).check();
  await form.getByLabel('Call from (prospect’s time)').fill('18:00');
  await form.getByLabel('Call until').fill('10:00');
  await form.getByLabel('Attempts per prospect').fill('3');
  await form.getByLabel('Runs from').fill('2027-03-01');
  await form.getByLabel('Runs until').fill('2027-02-01');
  await form.getByRole('button', { name: 'Save' }).click();
  // Bad input is named field by field and nothing is saved.
  await expect(form.getByText('Must be later than the start.')).toBeVisible();
  await expect(form.getByText('Must not be before the first day.')).toBeVisible();
  await head.screenshot({ path: `${SCREENSHOTS}/33-list-edit.png` });
  await form.getByLabel('Call from (prospect’s time)').fill('10:00');
  await form.getByLabel('Call until').fill('18:00');
  await form.getByLabel('Runs until').fill('2027-03-31');
  // This list's calls follow the Russian script, whatever the operator's language.
  await form.getByLabel('Script').selectOption({ label: 'Знакомство и выявление потребности (RU, v1)' });
  await form.getByRole('button', { name: 'Save' }).click();
  const row = head.getByRole('row').filter({ hasText: 'Строительные компании' });
  await expect(row).toContainText('Знакомство и выявление потребности');
  await expect(row).toContainText('Teams: Альфа');
  await expect(row).toContainText('10:00–18:00');
  await expect(row).toContainText('3 × every 120 min');
  await expect(row).toContainText('2027-03-01 – 2027-03-31');

  // operator1 (English interface) calls a prospect of that list: the call follows the list's script.
  const operator = await signIn(browser, server.url, 'operator1');
  const desk = new DeskPage(operator);
  await desk.nextCall();
  await expect(desk.script).toContainText('Знакомство и выявление потребности · v1');
});

test('a supervisor changes the bonus rules and every workstation gets them', async ({ browser, server }) => {
  const head = await signIn(browser, server.url, 'supervisor1');
  const operator = await signIn(browser, server.url, 'operator1');
  await head.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const form = head.getByRole('form', { name: 'Settings' });
  await form.getByLabel('Per accepted request (roubles)').fill('750');
  await form.getByLabel('Share of won orders (%)').fill('1.5');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved. Workstations get it at their next sync.');
  await head.screenshot({ path: `${SCREENSHOTS}/27-settings.png` });

  await operator.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Requests', exact: true }).click();
  await operator.getByRole('tab', { name: 'Pay' }).click();
  await expect(operator.getByRole('region', { name: 'Bonus' })).toContainText(
    '750 per request sales accepts, plus 1.5% of won orders.',
  );

  // A holiday typed wrong is named, and nothing is saved.
  await form
    .getByLabel('Holidays (YYYY-MM-DD): lists do not call, SLA clocks stop')
    .fill('2027-01-01, 2027-05-11, 11.05.2027');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('alert')).toHaveText(
    'Not saved: «Holidays (YYYY-MM-DD): lists do not call, SLA clocks stop» has the wrong format',
  );
  await form.getByLabel('Holidays (YYYY-MM-DD): lists do not call, SLA clocks stop').fill('2027-01-01, 2027-05-11');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved. Workstations get it at their next sync.');
  await expect(form.getByLabel('Holidays (YYYY-MM-DD): lists do not call, SLA clocks stop')).toHaveValue(
    '2027-01-01, 2027-05-11',
  );

  // The production calendar in one click, on top of what was typed; a working Saturday beside it.
  await form.getByRole('button', { name: 'Add Russia’s production calendar 2026–2027' }).click();
  await form.getByLabel('Working days at the weekend (YYYY-MM-DD): lists call, SLA clocks run').fill('2027-11-13');
  await form.getByRole('button', { name: 'Add Russia’s production calendar 2026–2027' }).scrollIntoViewIfNeeded();
  await head.screenshot({ path: `${SCREENSHOTS}/27b-settings-calendar.png` });
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved. Workstations get it at their next sync.');
  await expect
    .poll(() => readStored(server.dataDir, 'settings', 'global').workingHours)
    .toMatchObject({
      holidays: expect.arrayContaining(['2026-03-09', '2026-12-31', '2027-05-03', '2027-05-11', '2027-06-14']),
      workdays: ['2027-11-13'],
    });

  // Bad input changes nothing: a claim of zero minutes is refused with a clear message.
  await form.getByLabel('Next call reserves a prospect for (minutes)').fill('0');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('alert')).toHaveText(
    'Not saved: «Next call reserves a prospect for (minutes)» must be at least 1',
  );
});

test('the head of sales asks for a list and the supervisor makes it', async ({ browser, server }) => {
  const sales = await signIn(browser, server.url, 'sales1');
  const head = await signIn(browser, server.url, 'supervisor1');
  await sales.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'List requests' }).click();
  const ask = sales.getByRole('form', { name: 'Ask for a list' });
  await ask.getByLabel('What list').fill('Девелоперы Москвы');
  await ask.getByLabel('Who should be called').fill('Новые клиенты в Москве, отрасль «Девелопмент»');
  await ask.getByRole('button', { name: 'Send to the information department' }).click();
  await expect(sales.getByRole('row').filter({ hasText: 'Девелоперы Москвы' })).toContainText('New');

  await head.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'List requests' }).click();
  const row = head.getByRole('row').filter({ hasText: 'Девелоперы Москвы' });
  await expect(row).toContainText('Ольга Кузнецова', { timeout: 10_000 });
  await row.getByRole('button', { name: 'Make the list' }).click();
  const form = head.getByRole('form', { name: 'New list from earlier results' });
  await expect(form.getByLabel('List name')).toHaveValue('Девелоперы Москвы');
  await form.getByRole('checkbox', { name: 'New', exact: true }).check();
  await form.getByLabel('Industry').fill('Девелопмент');
  await form.getByLabel('Region').fill('Москва');
  await form.getByRole('checkbox', { name: 'Анна Смирнова' }).check();
  await form.getByRole('button', { name: 'Save list' }).click();
  await expect(row).toContainText('Done');
  await head.screenshot({ path: `${SCREENSHOTS}/28-list-requests.png` });

  await expect(sales.getByRole('row').filter({ hasText: 'Девелоперы Москвы' })).toContainText('Done', {
    timeout: 10_000,
  });
  await head.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Lists' }).click();
  await expect(head.getByRole('row').filter({ hasText: 'Девелоперы Москвы' })).toContainText('Head of sales');
});
