import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { odsText, writeOds } from '../../tests/fixtures/spreadsheets.ts';
import { readOds } from './ods-read.ts';

const text = odsText;

describe('ODS reader', () => {
  it('reads tables, repeats, paragraphs and numbers as LibreOffice stores them', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'leadline-ods-')), 'list.ods');
    writeOds(
      file,
      `<table:table table:name="Пусто"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>` +
        `<table:table table:name="Клиенты &amp; контакты">` +
        `<table:table-row>${text('Отчёт, ноябрь')}</table:table-row>` +
        `<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row>` +
        `<table:table-row>${text('Компания')}${text('ИНН')}${text('Телефон')}<table:table-cell/>${text('Дата')}</table:table-row>` +
        `<table:table-row>${text('ООО «Север»<text:s text:c="2"/>и К')}` +
        `<table:table-cell office:value-type="float" office:value="276000030"><text:p>0276000030</text:p></table:table-cell>` +
        `<table:table-cell office:value-type="float" office:value="79161234567"><text:p>7,92E+10</text:p></table:table-cell>` +
        `<table:table-cell/><table:table-cell office:value-type="date" office:date-value="2026-12-01"><text:p>01.12.26</text:p></table:table-cell>` +
        `<table:table-cell table:number-columns-repeated="1019"/></table:table-row>` +
        `<table:table-row>${'<table:table-cell office:value-type="string"><text:p>Две</text:p><text:p>строки</text:p></table:table-cell>'}</table:table-row>` +
        `<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>` +
        `</table:table>`,
    );
    const sheets = await readOds(new Uint8Array(readFileSync(file)));
    expect(sheets.map((s) => s.name)).toEqual(['Пусто', 'Клиенты & контакты']);
    expect(sheets[0]!.rows).toEqual([]);
    expect(sheets[1]).toEqual({
      name: 'Клиенты & контакты',
      rows: [
        ['Отчёт, ноябрь'],
        ['Компания', 'ИНН', 'Телефон', '', 'Дата'],
        ['ООО «Север»  и К', '0276000030', '79161234567', '', '2026-12-01'],
        ['Две\nстроки'],
      ],
      lines: [1, 4, 5, 6],
    });
  });
});
