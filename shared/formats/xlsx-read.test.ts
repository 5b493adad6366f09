import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { xlsx } from './xlsx.ts';
import { readWorkbook, readXlsx } from './xlsx-read.ts';

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

  it('reads sheets in the workbook’s order, any namespace prefix, numbers as their format means them', async () => {
    // The shape LibreOffice and the 1C/agency writers produce: a cover sheet first, the data on the
    // second (its XML file named sheet1 the other way round), an `x:` prefix, a title row above the
    // header, a tax id in a 0000000000 format, a phone stored as 7.9161234567E10, a date.
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'leadline-xlsx-')), 'agency.xlsx');
    const script = `
import sys, zipfile
ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<Types/>')
    z.writestr('xl/workbook.xml', f'<x:workbook xmlns:x="{ns}" xmlns:r="{rel}"><x:sheets><x:sheet name="Обложка" sheetId="1" r:id="rId2"/><x:sheet name="Данные" sheetId="2" r:id="rId1"/></x:sheets></x:workbook>')
    z.writestr('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="ws" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="ws" Target="/xl/worksheets/sheet2.xml"/></Relationships>')
    z.writestr('xl/styles.xml', f'<x:styleSheet xmlns:x="{ns}"><x:numFmts count="2"><x:numFmt numFmtId="164" formatCode="0000000000"/><x:numFmt numFmtId="165" formatCode="[$-419]DD.MM.YYYY"/></x:numFmts><x:cellXfs count="4"><x:xf numFmtId="0"/><x:xf numFmtId="164"/><x:xf numFmtId="165"/><x:xf numFmtId="14"/></x:cellXfs></x:styleSheet>')
    z.writestr('xl/sharedStrings.xml', f'<x:sst xmlns:x="{ns}"><x:si><x:t>Отчёт агентства, ноябрь</x:t></x:si><x:si><x:t>Компания</x:t></x:si><x:si><x:t>ИНН</x:t></x:si><x:si><x:t>Телефон</x:t></x:si><x:si><x:t>ООО «Север»</x:t></x:si></x:sst>')
    z.writestr('xl/worksheets/sheet2.xml', f'<x:worksheet xmlns:x="{ns}"><x:sheetData/></x:worksheet>')
    z.writestr('xl/worksheets/sheet1.xml', f'<x:worksheet xmlns:x="{ns}"><x:sheetData>'
      '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c></x:row>'
      '<x:row r="3"><x:c r="A3" t="s"><x:v>1</x:v></x:c><x:c r="B3" t="s"><x:v>2</x:v></x:c><x:c r="C3" t="s"><x:v>3</x:v></x:c></x:row>'
      '<x:row r="4"><x:c r="A4" t="s"><x:v>4</x:v></x:c><x:c r="B4" s="1"><x:v>123456789</x:v></x:c><x:c r="C4"><x:v>7.9161234567E10</x:v></x:c><x:c r="D4" s="2"><x:v>46357</x:v></x:c><x:c r="E4" s="3"><x:v>46358</x:v></x:c><x:c r="F4"><x:v>0.5</x:v></x:c></x:row>'
      '</x:sheetData></x:worksheet>')
`;
    execFileSync('python3', ['-c', script, file]);
    const sheets = await readWorkbook(new Uint8Array(readFileSync(file)));
    expect(sheets.map((sh) => sh.name)).toEqual(['Обложка', 'Данные']);
    expect(sheets[1]).toEqual({
      name: 'Данные',
      rows: [
        ['Отчёт агентства, ноябрь'],
        ['Компания', 'ИНН', 'Телефон'],
        ['ООО «Север»', '0123456789', '79161234567', '2026-12-01', '2026-12-02', '0.5'],
      ],
      lines: [1, 3, 4],
    });
    // The first sheet with rows is the one an import starts on.
    expect(await readXlsx(new Uint8Array(readFileSync(file)))).toEqual(sheets[1]!.rows);
  });

  it('refuses a file that is not a ZIP', async () => {
    await expect(readXlsx(new TextEncoder().encode('name,phone\n') as Uint8Array<ArrayBuffer>)).rejects.toThrow(
      /not a ZIP/,
    );
  });
});
