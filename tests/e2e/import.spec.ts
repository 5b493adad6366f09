import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { odsText, writeOds } from '../fixtures/spreadsheets.ts';
import { expect, readStoredWhere, SCREENSHOTS, signInAt, test, userIdOf } from './fixtures.ts';

// Real-world files, as Russian Excel, 1C and agencies write them (issue 11).
const START = new Date('2027-03-03T07:00:00Z');
test.use({ serverClock: START });

async function openImport(page: Page, file: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Lists' }).click();
  await page.getByRole('button', { name: 'Import a file' }).click();
  const wizard = page.getByRole('region', { name: 'Import market research' });
  await wizard.getByLabel('File (CSV, XLSX, XLS or ODS)').setInputFiles(file);
  return wizard;
}

test('a Windows-1251 file with semicolons from Russian Excel: Cyrillic intact, file lines, extensions, CIS numbers', async ({
  browser,
  server,
}) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'leadline-1251-'));
  // Saved the way Russian Excel saves "CSV (разделители — точки с запятой)": Windows-1251, CRLF,
  // a blank line in the middle, a note with a line break in quotes.
  const table = [
    'Наименование;Телефон;ИНН;Регион;Примечание',
    'ООО «Ёлочка-Щит»;8 (3412) 51-00-00 доб. 45;;Удмуртия;"Звонить после обеда,',
    'спросить Ершова"',
    '',
    'ТОО «Астана-Бетон»;77011234567;;Казахстан;',
    'ООО «Ноль»;+7 000 000-00-00;;;',
    'ОДО «Неман»;80291234567;;Беларусь;',
  ].join('\r\n');
  const file = path.join(dir, 'Выгрузка 1С.csv');
  writeFileSync(file, execFileSync('iconv', ['-f', 'UTF-8', '-t', 'WINDOWS-1251'], { input: table }));

  const head = await signInAt(browser, server.url, 'supervisor1', START);
  const wizard = await openImport(head, file);
  await expect(wizard).toContainText('4 rows in Выгрузка 1С.csv · Read as Windows-1251');
  const preview = wizard.getByRole('table', { name: 'The first rows, as they will be imported' });
  await expect(preview.getByRole('row').nth(1)).toContainText('+73412510000 ext. 45');
  await wizard.getByLabel('List name').fill('Выгрузка 1С');
  await wizard.getByRole('checkbox', { name: 'Анна Смирнова' }).check();
  await head.screenshot({ path: `${SCREENSHOTS}/47-import-1251.png` });
  await wizard.getByRole('button', { name: 'Check the file' }).click();
  const invalid = wizard.getByRole('region', { name: 'Rows with errors' });
  // Line 6 of the file: the quoted line break and the blank line are counted, as an editor counts.
  await expect(invalid).toContainText('Line 6: phone: no such number exists, no phone to call');
  await head.screenshot({ path: `${SCREENSHOTS}/48-import-1251-report.png` });
  // The rows with errors, ready to fix and import again: the file's columns, its line, the reason.
  const [rejected] = await Promise.all([
    head.waitForEvent('download'),
    invalid.getByRole('button', { name: 'Download these rows (CSV)' }).click(),
  ]);
  expect(rejected.suggestedFilename()).toBe('Выгрузка 1С — rows with errors.csv');
  const text = await import('node:fs/promises').then(async (fs) => fs.readFile((await rejected.path())!, 'utf8'));
  expect(text).toBe(
    '\ufeffНаименование,Телефон,ИНН,Регион,Примечание,File line,What is wrong\r\n' +
      'ООО «Ноль»,+7 000 000-00-00,,,,6,"phone: no such number exists; no phone to call"\r\n',
  );
  await wizard.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(wizard.getByRole('status')).toHaveText('Imported: 3 new, 0 merged, 0 skipped, 1 with errors.');

  const stored = (name: string) => readStoredWhere(server.dataDir, 'prospects', 'name', name);
  await expect
    .poll(() => stored('ООО «Ёлочка-Щит»'))
    .toMatchObject({
      phone: '+73412510000',
      phoneExt: '45',
      timeZone: 'Europe/Samara',
      region: 'Удмуртия',
      notes: 'Звонить после обеда,\nспросить Ершова',
    });
  await expect
    .poll(() => stored('ТОО «Астана-Бетон»'))
    .toMatchObject({ phone: '+77011234567', timeZone: 'Asia/Almaty' });
  await expect.poll(() => stored('ОДО «Неман»')).toMatchObject({ phone: '+375291234567', timeZone: 'Europe/Minsk' });

  // Fixed as a supervisor fixes it in a spreadsheet, the downloaded file imports as it is: the line and
  // reason columns it gained are left unmapped.
  const fixed = path.join(dir, 'Выгрузка 1С — исправлено.csv');
  writeFileSync(fixed, text.replace('+7 000 000-00-00', '+7 (383) 200-00-06'));
  const again = await openImport(head, fixed);
  await expect(again).toContainText('1 row in Выгрузка 1С — исправлено.csv · Read as UTF-8');
  await expect(again.getByRole('table', { name: 'The first rows, as they will be imported' })).toContainText(
    '+73832000006',
  );
  await head.screenshot({ path: `${SCREENSHOTS}/52-import-rejected-fixed.png` });
  await again.getByRole('button', { name: 'Check the file' }).click();
  await again.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(again.getByRole('status')).toHaveText('Imported: 1 new, 0 merged, 0 skipped, 0 with errors.');
  await expect.poll(() => stored('ООО «Ноль»')).toMatchObject({ phone: '+73832000006', timeZone: 'Asia/Novosibirsk' });
});

test('a file with a quote that never closes is refused with its line, and nothing is imported', async ({
  browser,
  server,
}) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'leadline-quote-'));
  const file = path.join(dir, 'broken.csv');
  writeFileSync(
    file,
    '\ufeffКомпания;Телефон\r\nООО «Раз»;+73837000001\r\n"ООО «Два»;+73837000002\r\nООО «Три»;+73837000003\r\n',
  );
  const head = await signInAt(browser, server.url, 'supervisor1', START);
  const wizard = await openImport(head, file);
  await expect(wizard.getByRole('alert')).toHaveText(
    'Not imported: a quote opened on line 3 is never closed, so the rows after it cannot be told apart. Close it and try again.',
  );
  await expect(wizard.getByRole('button', { name: 'Check the file' })).toHaveCount(0);
  expect(readStoredWhere(server.dataDir, 'prospects', 'name', 'ООО «Раз»')).toBeNull();
});

test('files named for another format are read by what they are; a password-protected workbook is named and refused', async ({
  browser,
  server,
}) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'leadline-legacy-'));
  // LibreOffice's Excel 97 file with a FILEPASS record where its code page was: Excel writes one
  // there when a workbook is saved with a password, and everything after it is encrypted.
  const bytes = readFileSync('tests/fixtures/files/excel-97.xls');
  const bof = bytes.indexOf(Buffer.from([0x09, 0x08, 0x10, 0x00, 0x00, 0x06]));
  bytes[bytes.indexOf(Buffer.from([0x42, 0x00, 0x02, 0x00]), bof)] = 0x2f;
  const locked = path.join(dir, 'Клиенты (пароль).xls');
  writeFileSync(locked, bytes);
  // An .ods called .csv, and a web service's "Excel" export: an HTML table called .xls.
  const ods = path.join(dir, 'Из LibreOffice.csv');
  writeOds(
    ods,
    `<table:table table:name="Лист1"><table:table-row>${odsText('Компания')}${odsText('Телефон')}</table:table-row>` +
      `<table:table-row>${odsText('ООО «Из Calc»')}<table:table-cell office:value-type="float" office:value="73832000077"><text:p>7,38E+10</text:p></table:table-cell></table:table-row>` +
      '<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>',
  );
  const html = path.join(dir, 'Выгрузка с портала.xls');
  writeFileSync(
    html,
    '<html><head><meta charset="utf-8"></head><body><table><tr><th>Организация</th><th>Телефон</th></tr>' +
      '<tr><td>ООО «С портала»</td><td>+7 (343) 300-00-01</td></tr></table></body></html>',
  );
  const head = await signInAt(browser, server.url, 'supervisor1', START);
  const wizard = await openImport(head, locked);
  await expect(wizard.getByRole('alert')).toContainText('This Excel workbook is protected by a password');
  await expect(wizard.getByRole('button', { name: 'Check the file' })).toHaveCount(0);
  for (const [file, name, phone, zone] of [
    [ods, 'ООО «Из Calc»', '+73832000077', 'Asia/Novosibirsk'],
    [html, 'ООО «С портала»', '+73433000001', 'Asia/Yekaterinburg'],
  ] as const) {
    await wizard.getByLabel('File (CSV, XLSX, XLS or ODS)').setInputFiles(file);
    await wizard.getByLabel('List name').fill(name);
    await wizard.getByRole('button', { name: 'Check the file' }).click();
    await wizard.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(wizard.getByRole('status')).toHaveText('Imported: 1 new, 0 merged, 0 skipped, 0 with errors.');
    await expect
      .poll(() => readStoredWhere(server.dataDir, 'prospects', 'name', name))
      .toMatchObject({ phone, timeZone: zone });
    await head.getByRole('button', { name: 'Import a file' }).click();
  }
});

test('a workbook from an agency: the table found on its second sheet, under a title, its columns guessed', async ({
  browser,
  server,
}) => {
  // Saved by LibreOffice Calc (tests/fixtures/files/make-files.ts): a cover sheet first, the table on
  // the second under a merged title, "ИНН/КПП", a contact's phone as a number shown as 7.92E+10.
  const head = await signInAt(browser, server.url, 'supervisor1', START);
  const wizard = await openImport(head, 'tests/fixtures/files/agency-second-sheet.xlsx');
  await expect(wizard.getByLabel('Sheet')).toHaveValue('1');
  await expect(wizard.getByLabel('Column names are on')).toHaveValue('1');
  await expect(wizard.getByLabel('Column names are on').locator('option:checked')).toHaveText(
    'Row 3: № · Наименование · ИНН/КПП · Регион',
  );
  await expect(wizard.getByRole('combobox', { name: 'Contact phone' })).toHaveValue('5');
  await expect(wizard.getByRole('combobox', { name: 'Contact name' })).toHaveValue('4');
  await expect(wizard.getByRole('combobox', { name: 'Phone', exact: true })).toHaveValue('6');
  await wizard.getByLabel('List name').fill('Агентство');
  await wizard.getByRole('checkbox', { name: 'Анна Смирнова' }).check();
  await wizard.getByRole('heading', { name: 'Import market research' }).scrollIntoViewIfNeeded();
  await head.screenshot({ path: `${SCREENSHOTS}/49-import-workbook.png` });
  await wizard.getByRole('button', { name: 'Check the file' }).click();
  await wizard.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(wizard.getByRole('status')).toHaveText('Imported: 3 new, 0 merged, 0 skipped, 1 with errors.');
  await expect
    .poll(() => readStoredWhere(server.dataDir, 'prospects', 'name', 'ООО «Нулевой ИНН»'))
    .toMatchObject({ taxId: '0276000030', contacts: [{ name: 'Сафин Ильдар', phone: '+79161234567' }] });
  expect(readStoredWhere(server.dataDir, 'callLists', 'name', 'Агентство')).toMatchObject({
    assigneeIds: [userIdOf(server.dataDir, 'operator1')],
  });
});

test('a long import shows its progress and can be cancelled at any step, leaving nothing behind', async ({
  browser,
  server,
}) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'leadline-big-'));
  const file = path.join(dir, 'Большой список.csv');
  const rows = Array.from(
    { length: 20_000 },
    (_, i) =>
      `ООО «Массовый ${i + 1}»;+7 383 ${String(2_000_000 + i).slice(0, 3)}-${String(i % 100).padStart(2, '0')}-${String(Math.floor(i / 100) % 100).padStart(2, '0')}`,
  );
  writeFileSync(file, `\ufeffКомпания;Телефон\r\n${rows.join('\r\n')}\r\n`);
  const head = await signInAt(browser, server.url, 'supervisor1', START);
  const wizard = await openImport(head, file);
  await wizard.getByLabel('List name').fill('Большой список');
  await wizard.getByRole('button', { name: 'Check the file' }).click();
  await expect(wizard.getByRole('definition').first()).not.toHaveText('0');
  await wizard.getByRole('button', { name: 'Import', exact: true }).click();
  const busy = wizard.getByRole('status').filter({ hasText: 'Importing…' });
  await expect(busy).toBeVisible();
  await expect
    .poll(() => busy.getByRole('progressbar').evaluate((p) => (p as HTMLProgressElement).value))
    .toBeGreaterThan(0);
  await expect(busy).toContainText(/[\d,]+ of 20,000 rows/);
  await head.screenshot({ path: `${SCREENSHOTS}/50-import-progress.png` });
  await busy.getByRole('button', { name: 'Cancel' }).click();
  await expect(wizard.getByRole('status')).toHaveText(
    'Import cancelled: nothing from this file was kept. The report is as it was.',
  );
  // The server ends up with none of them, and no list.
  const { DatabaseSync } = await import('node:sqlite');
  const count = () => {
    const db = new DatabaseSync(path.join(server.dataDir, 'leadline.sqlite'), { readOnly: true });
    try {
      const row = db
        .prepare(
          `SELECT COUNT(*) AS n FROM docs WHERE collection = 'prospects' AND deleted = 0
           AND json_extract(data, '$.name') LIKE 'ООО «Массовый %'`,
        )
        .get() as { n: number };
      const lists = db
        .prepare(
          `SELECT COUNT(*) AS n FROM docs WHERE collection = 'callLists' AND deleted = 0 AND json_extract(data, '$.name') = 'Большой список'`,
        )
        .get() as { n: number };
      return [Number(row.n), Number(lists.n)];
    } finally {
      db.close();
    }
  };
  await expect.poll(count, { timeout: 60_000 }).toEqual([0, 0]);
});
