import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { xlsx } from './xlsx.ts';
import { readXlsx } from './xlsx-read.ts';

describe('XLSX reader', () => {
  it('reads back what our writer writes (stored entries, inline strings, numbers)', async () => {
    const bytes = xlsx('S', [
      ['Название', 'Телефон'],
      ['ООО «Альфа» & Co', 8912345],
      ['', ''],
      ['Б', '+7 495'],
    ]);
    expect(await readXlsx(bytes as Uint8Array<ArrayBuffer>)).toEqual([
      ['Название', 'Телефон'],
      ['ООО «Альфа» & Co', '8912345'],
      ['Б', '+7 495'],
    ]);
  });

  it('keeps every character, emoji and other characters beyond the basic plane included', async () => {
    const rows = [
      ['Клиент 🚀', 'Заметка 👍🏽 𝔸'],
      ['ООО «Ромашка» 🌼', 'ok'],
    ];
    expect(await readXlsx(xlsx('Лист', rows) as Uint8Array<ArrayBuffer>)).toEqual(rows);
  });

  it('reads a deflated file with shared strings, as Excel writes them', async () => {
    // Python's zipfile writes an independent, compressed package.
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'leadline-xlsx-')), 'excel.xlsx');
    const script = `
import sys, zipfile
ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<Types/>')
    z.writestr('xl/sharedStrings.xml', f'<sst xmlns="{ns}"><si><t>Компания</t></si><si><r><t>ООО </t></r><r><t>«Бета»</t></r></si><si><t>8 (912) 000-00-01</t></si></sst>')
    z.writestr('xl/worksheets/sheet1.xml', f'<worksheet xmlns="{ns}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c><c r="C2" t="s"><v>2</v></c><c r="D2"><v>42.5</v></c></row></sheetData></worksheet>')
`;
    execFileSync('python3', ['-c', script, file]);
    const rows = await readXlsx(new Uint8Array(readFileSync(file)));
    expect(rows).toEqual([['Компания'], ['ООО «Бета»', '', '8 (912) 000-00-01', '42.5']]);
  });

  it('refuses a file that is not a ZIP', async () => {
    await expect(readXlsx(new TextEncoder().encode('name,phone\n') as Uint8Array<ArrayBuffer>)).rejects.toThrow(
      /not a ZIP/,
    );
  });
});
