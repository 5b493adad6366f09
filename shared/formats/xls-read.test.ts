import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { manyRowsRow } from '../../tests/fixtures/files/catalogue.ts';
import { readXls, XlsUnsupported } from './xls-read.ts';

// Workbooks saved by LibreOffice Calc as "Excel 97–2003" (tests/fixtures/files/make-files.ts).
const fixture = (name: string) =>
  new Uint8Array(readFileSync(path.join(import.meta.dirname, '../../tests/fixtures/files', name)));

describe('XLS reader', () => {
  it('reads the sheets in order with text, numbers and zero-padded tax ids as the sheet shows them', () => {
    const [clients, note] = readXls(fixture('excel-97.xls'));
    expect(clients).toEqual({
      name: 'Клиенты',
      rows: [
        ['Наименование', 'ИНН', 'Телефон', 'Регион'],
        ['ООО «Старый формат»', '0274000122', '8 (351) 700-00-00', 'Челябинск'],
        ['ООО «Омск-Агро»', '5501003330', '+7 (3812) 50-50-50', 'Омск'],
        ['ООО «Ёж и Ко»', '', '79031234567'],
        ['ООО «Калининград-Порт»', '3906006663', '8 4012 555 000', 'Калининград'],
        ['ООО «Нет ИНН»', '123', '+7 (351) 700-00-01'],
      ],
      lines: [1, 2, 3, 4, 5, 6],
    });
    expect(note).toEqual({ name: 'Справка', rows: [['Выгрузка из 1С: Бухгалтерия']], lines: [1] });
  });

  it('reads a long sheet whose strings are split over CONTINUE records, past the mini stream', () => {
    const [sheet] = readXls(fixture('excel-97-many-rows.xls'));
    expect(sheet!.rows).toHaveLength(3001);
    const expected = Array.from({ length: 3000 }, (_, i) => {
      const cells = manyRowsRow(i + 1).map((c) =>
        c === null ? '' : typeof c === 'string' ? c : String((c as { n: number }).n),
      );
      while (cells.at(-1) === '') cells.pop();
      return cells;
    });
    expect(sheet!.rows.slice(1)).toEqual(expected);
    expect(sheet!.lines.at(-1)).toBe(3001);
  });

  it('names a password-protected workbook and an Excel 95 one instead of reading noise', () => {
    const bytes = fixture('excel-97.xls');
    // The workbook's first records: BOF (0x0809, BIFF8 = 0x0600), then others; a FILEPASS among them
    // means the rest is encrypted.
    const bof = Buffer.from(bytes).indexOf(Buffer.from([0x09, 0x08, 0x10, 0x00, 0x00, 0x06]));
    const codepage = Buffer.from(bytes).indexOf(Buffer.from([0x42, 0x00, 0x02, 0x00]), bof);
    const encrypted = bytes.slice();
    encrypted[codepage] = 0x2f;
    expect(() => readXls(encrypted)).toThrow(XlsUnsupported);
    expect(() => readXls(encrypted)).toThrow('password-protected');
    const biff5 = bytes.slice();
    biff5[bof + 5] = 0x05;
    expect(() => readXls(biff5)).toThrow('Excel 5.0/95');
  });

  it('fails with an error on a damaged file, never loops or reads past the end', () => {
    const bytes = fixture('excel-97-many-rows.xls');
    expect(() => readXls(bytes.slice(0, 20_000))).toThrow(/damaged/);
    const looped = bytes.slice();
    // The directory's sector pointing at itself in the FAT: its chain never ends.
    const view = new DataView(looped.buffer);
    const directory = view.getUint32(0x30, true);
    const fatSector = view.getUint32(0x4c + 4 * Math.floor(directory / 128), true);
    view.setUint32((fatSector + 1) * 512 + 4 * (directory % 128), directory, true);
    expect(() => readXls(looped)).toThrow(/damaged/);
  });
});
