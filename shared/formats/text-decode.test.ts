import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readCsv } from './csv.ts';
import { decodeText } from './text-decode.ts';

/** What a Russian Excel or 1C writes: the same table, encoded by iconv as the program would. */
const TABLE = 'Наименование;Телефон;ИНН\r\nООО «Ёлка»;8 (495) 123-45-67;7707083893\r\nИП Щукин;+7 912 345-67-89;\r\n';
const encode = (text: string, encoding: string) =>
  new Uint8Array(execFileSync('iconv', ['-f', 'UTF-8', '-t', encoding], { input: text }));

describe('decodeText', () => {
  it.each([
    ['WINDOWS-1251', 'windows-1251', false],
    ['UTF-8', 'utf-8', false],
    ['UTF-16LE', 'utf-16le', false],
    ['UTF-16BE', 'utf-16be', false],
  ] as const)('reads a %s file without a BOM', (iconvName, encoding, bom) => {
    expect(decodeText(encode(TABLE, iconvName))).toEqual({ text: TABLE, encoding, bom });
  });

  it.each([
    [[0xef, 0xbb, 0xbf], 'UTF-8', 'utf-8'],
    [[0xff, 0xfe], 'UTF-16LE', 'utf-16le'],
    [[0xfe, 0xff], 'UTF-16BE', 'utf-16be'],
  ] as const)('reads a file with the BOM %j', (mark, iconvName, encoding) => {
    const body = encode(TABLE, iconvName);
    const bytes = new Uint8Array([...mark, ...body]);
    expect(decodeText(bytes)).toEqual({ text: TABLE, encoding, bom: true });
  });

  it('never turns Cyrillic into replacement characters', () => {
    const { text } = decodeText(encode(TABLE, 'WINDOWS-1251'));
    expect(text).not.toContain('\ufffd');
    expect(text).toContain('ООО «Ёлка»');
  });
});

describe('readCsv', () => {
  it('counts file lines, not rows: empty lines and quoted line breaks included', () => {
    const text = 'Имя;Заметка\r\n\r\nА;"две\r\nстроки"\r\nБ;x\r\n\r\n\r\nВ;y\r\n';
    expect(readCsv(text).rows.map((r) => [r.cells[0], r.line])).toEqual([
      ['Имя', 1],
      ['А', 3],
      ['Б', 5],
      ['В', 8],
    ]);
  });

  it('reports a quote that is never closed with its line, and reads nothing past it', () => {
    const text = 'Имя;Телефон\nА;1\n"Б;2\nВ;3\nГ;4\n';
    const result = readCsv(text);
    expect(result.unclosedQuoteAt).toBe(3);
    expect(result.rows.map((r) => r.cells[0])).toEqual(['Имя', 'А']);
  });

  it('takes the delimiter most lines agree on, not a comma inside a quoted header', () => {
    expect(readCsv('"Наименование, полное";Телефон;ИНН\nА;1;2\nБ;3;4\n').delimiter).toBe(';');
    expect(readCsv('name,phone\n"Smith; John",1\nDoe,2\n').delimiter).toBe(',');
    expect(readCsv('Имя\tТелефон\nА\t1\n').delimiter).toBe('\t');
    expect(readCsv('Имя|Телефон|ИНН\nА|1|2\n').delimiter).toBe('|');
    // A title line above the table does not decide it.
    expect(readCsv('Выгрузка из 1С, 30.11.2026\nИмя;Телефон;ИНН\nА;1;2\nБ;3;4\n').delimiter).toBe(';');
  });
});
