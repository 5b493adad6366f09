import { describe, expect, it } from 'vitest';
import { csvCell, parseCsv, toCsv } from './csv.ts';

describe('CSV export', () => {
  it('neutralises every way a cell can start a formula, tab and carriage return included', () => {
    for (const text of ['=1+1', '+SUM(A1)', '-2+3*cmd|x', '@SUM(A1)', '\t=1+1', '\r=1+1']) {
      const cell = parseCsv(toCsv([[text]]))[0]?.[0];
      expect(cell, JSON.stringify(text)).toBe(`'${text}`);
    }
  });

  it('leaves numbers, negative ones included, and phones as they are', () => {
    expect(csvCell(-1250.5)).toBe('-1250.5');
    expect(csvCell('-1250.50')).toBe('-1250.50');
    expect(csvCell('+74951234567')).toBe('+74951234567');
    expect(csvCell('+7 (495) 123-45-67')).toBe('+7 (495) 123-45-67');
    expect(csvCell('+7 495 123-45-67 доб. 5')).toBe("'+7 495 123-45-67 доб. 5");
  });

  it('quotes separators, quotes and line breaks so a round trip keeps the text', () => {
    const rows = [['a,b', 'say "hi"', 'line\nbreak', 'tab\there', 'cr\rhere']];
    expect(parseCsv(toCsv(rows), ',')).toEqual(rows);
  });

  it('separates with ";" and writes a decimal comma for a Russian Excel, "," and a point for an English one', () => {
    const rows = [
      ['Оператор', 'Заработано'],
      ['Анна Смирнова', 1250.5],
    ];
    const russian = toCsv(rows, ';');
    expect(russian).toBe('\ufeffОператор;Заработано\r\nАнна Смирнова;1250,5\r\n');
    expect(parseCsv(russian)).toEqual([
      ['Оператор', 'Заработано'],
      ['Анна Смирнова', '1250,5'],
    ]);
    expect(toCsv(rows, ',')).toBe('\ufeffОператор,Заработано\r\nАнна Смирнова,1250.5\r\n');
    // A cell holding the other separator is quoted either way.
    expect(toCsv([['a;b', 'c,d']], ';')).toBe('\ufeff"a;b";"c,d"\r\n');
  });
});
