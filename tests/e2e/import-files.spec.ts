import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { FIXTURE_FILES } from '../fixtures/files/catalogue.ts';
import { expect, readStoredWhere, signInAt, test } from './fixtures.ts';

// The files of tests/fixtures/files, written by LibreOffice Calc in the formats supervisors get them
// in (issue 11), each imported through the wizard and checked against the server's store row by row.
const START = new Date('2027-03-03T07:00:00Z');
test.use({ serverClock: START });

/** How many prospects the server holds from the list called `listName`. */
function storedFromList(dataDir: string, listName: string): number {
  const db = new DatabaseSync(path.join(dataDir, 'leadline.sqlite'), { readOnly: true });
  try {
    const row = db
      .prepare(
        `SELECT COUNT(*) AS n FROM docs p JOIN docs l ON l.collection = 'callLists'
           AND json_extract(l.data, '$.name') = ? AND json_extract(p.data, '$.sourceListId') = l.id
         WHERE p.collection = 'prospects' AND p.deleted = 0`,
      )
      .get(listName) as { n: number };
    return Number(row.n);
  } finally {
    db.close();
  }
}

for (const fixture of FIXTURE_FILES) {
  test(`imports ${fixture.file} as LibreOffice wrote it`, async ({ browser, server }) => {
    const head = await signInAt(browser, server.url, 'supervisor1', START);
    await head.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Lists' }).click();
    await head.getByRole('button', { name: 'Import a file' }).click();
    const wizard = head.getByRole('region', { name: 'Import market research' });
    await wizard
      .getByLabel('File (CSV, XLSX, XLS or ODS)')
      .setInputFiles(path.join('tests/fixtures/files', fixture.file));
    await expect(wizard.getByText(fixture.read)).toBeVisible();
    if (fixture.sheet) {
      await expect(wizard.getByLabel('Sheet').locator('option:checked')).toContainText(fixture.sheet);
    }
    const listName = `Файл ${fixture.file}`;
    await wizard.getByLabel('List name').fill(listName);
    await wizard.getByRole('button', { name: 'Check the file' }).click();
    const invalid = wizard.getByRole('region', { name: 'Rows with errors' });
    if (fixture.rejected.length > 0) await expect(invalid.getByRole('listitem')).toHaveText(fixture.rejected);
    else await expect(invalid).toHaveCount(0);
    await wizard.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(wizard.getByRole('status')).toHaveText(
      `Imported: ${fixture.stored.length} new, 0 merged, 0 skipped, ${fixture.rejected.length} with errors.`,
    );

    for (const row of fixture.stored) {
      await expect
        .poll(() => readStoredWhere(server.dataDir, 'prospects', 'name', row.name), { message: row.name })
        .toMatchObject({
          name: row.name,
          phone: row.phone,
          phoneExt: row.phoneExt ?? '',
          timeZone: row.timeZone,
          taxId: row.taxId ?? '',
          region: row.region ?? '',
          industry: row.industry ?? '',
          email: row.email ?? '',
          notes: row.notes ?? '',
          contacts: (row.contacts ?? []).map((c) => expect.objectContaining(c)),
        });
    }
    // Nothing else came in from the file.
    expect(storedFromList(server.dataDir, listName)).toBe(fixture.stored.length);
  });
}
