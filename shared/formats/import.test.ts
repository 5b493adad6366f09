import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';
import {
  findHeaderRow,
  guessMapping,
  importUndo,
  indexBase,
  planImport,
  prepareImport,
  rejectedTable,
  tableSheet,
} from './import.ts';
import type { Prospect } from '../core/types.ts';

const FILE = [
  '\ufeffНазвание;Телефон;ИНН;Регион;Контакт;Телефон контакта',
  'ООО «Новая»;8 (383) 555-12-34;;Новосибирская область;Иван;',
  '"АО ""Кавычки""";+7 495 000 11 22;7707083893;Москва;;',
  'ООО «Дубль базы»;8 912 111-22-33;;;;',
  ';8 495 123-45-67;;;;',
  'ООО «Плохой телефон»;12-34;;;;',
  'ООО «Плохой ИНН»;+74950001111;1234567890;;;',
  'ООО «Повтор в файле»;+7 (383) 555 12 34;;;;',
  '"ООО «Многострочная',
  'запись»";8 343 200 00 00;;Екатеринбург;Пётр;8 912 000 00 01',
].join('\r\n');

describe('CSV', () => {
  it('reads semicolons, BOM, doubled quotes and line breaks inside quotes', () => {
    const rows = parseCsv(FILE);
    expect(rows).toHaveLength(9);
    expect(rows[2]?.[0]).toBe('АО "Кавычки"');
    expect(rows[8]?.[0]).toBe('ООО «Многострочная\nзапись»');
    expect(parseCsv('a,b\n1,"2,3"\n')).toEqual([
      ['a', 'b'],
      ['1', '2,3'],
    ]);
  });
});

describe('import', () => {
  const [header, ...data] = parseCsv(FILE);
  const mapping = guessMapping(header!);
  const base = indexBase([
    { id: 'base-1', name: 'ООО «Уже в базе»', phoneKey: '79121112233', taxId: '', contacts: [] },
  ]);
  let n = 0;
  const rows = prepareImport(data, mapping, base, {
    listId: 'L',
    source: 'market_research',
    actorId: 'sup',
    now: 1,
    newId: () => `n${++n}`,
  });

  it('guesses the mapping from Russian headers', () => {
    expect(mapping).toEqual({ name: 0, phone: 1, taxId: 2, region: 3, contactName: 4, contactPhone: 5 });
  });

  it('normalises phones, derives zones, and reports every bad row with its reason and line', () => {
    expect(rows[0]?.prospect).toMatchObject({
      phone: '+73835551234',
      timeZone: 'Asia/Novosibirsk',
      sourceListId: 'L',
      source: 'market_research',
    });
    expect(rows.filter((r) => r.problems.length > 0).map((r) => [r.line, r.problems])).toEqual([
      [5, ['import.noName']],
      [6, ['import.badPhone', 'import.noPhone']],
      [7, ['import.badTaxId']],
    ]);
  });

  it('keeps extensions, reads CIS numbers without "+", zones them by country, refuses impossible numbers', () => {
    const more = prepareImport(
      [
        ['ООО «Север»', '8 (495) 123-45-67 доб. 301', '', '', 'Иван', '8 912 345-67-89 (Иван)'],
        ['ТОО «Степь»', '77011234567', '', '', '', ''],
        ['ОДО «Неман»', '80291234567', '', '', '', ''],
        ['ООО «Ноль»', '+7 000 000-00-00', '', '', '', ''],
      ],
      mapping,
      indexBase([]),
      { listId: 'L', source: 'market_research', actorId: 'sup', now: 1, newId: () => `m${++n}` },
    );
    expect(more[0]?.prospect).toMatchObject({
      phone: '+74951234567',
      phoneExt: '301',
      timeZone: 'Europe/Moscow',
      contacts: [{ phone: '+79123456789', phoneExt: '' }],
    });
    expect(more[1]?.prospect).toMatchObject({ phone: '+77011234567', timeZone: 'Asia/Almaty' });
    expect(more[2]?.prospect).toMatchObject({ phone: '+375291234567', timeZone: 'Europe/Minsk' });
    expect(more[3]?.problems).toEqual(['import.impossiblePhone', 'import.noPhone']);
  });

  it('maps the headers Russian files use, and reads the INN out of an ИНН/КПП cell', () => {
    expect(guessMapping(['Наименование', 'ИНН/КПП', 'Контактное лицо', 'Контактный телефон', 'Телефон'])).toEqual({
      name: 0,
      taxId: 1,
      contactName: 2,
      contactPhone: 3,
      phone: 4,
    });
    // A CRM's export (Bitrix24 names its columns so).
    expect(
      guessMapping(['Название компании', 'Рабочий телефон', 'Мобильный телефон', 'Контакт', 'Комментарий']),
    ).toEqual({
      name: 0,
      phone: 1,
      contactPhone: 2,
      contactName: 3,
      notes: 4,
    });
    const [row] = prepareImport(
      [['ООО «Север»', '7707083893/770701001', '', '', '+7 495 123-45-67']],
      { name: 0, taxId: 1, phone: 4 },
      indexBase([]),
      { listId: 'L', source: 'market_research', actorId: 'sup', now: 1, newId: () => 'kpp' },
    );
    expect(row?.prospect).toMatchObject({ taxId: '7707083893' });
  });

  it('finds the header row below title lines', () => {
    expect(
      findHeaderRow([
        ['Отчёт агентства «Вектор», ноябрь 2026'],
        ['Выгружено 30.11.2026', '', ''],
        ['Компания', 'Телефон', 'ИНН'],
        ['ООО «Север»', '+74951234567', ''],
      ]),
    ).toBe(2);
    expect(
      findHeaderRow([
        ['a', 'b'],
        ['c', 'd'],
      ]),
    ).toBe(0);
  });

  it('starts on the sheet with the table, past a cover page with a few lines of text', () => {
    const cover = { rows: [['Исследование рынка'], ['Агентство «Вектор», ноябрь 2026']] };
    const table = { rows: [['Отчёт'], ['Компания', 'Телефон'], ['ООО «Север»', '+74951234567']] };
    expect(tableSheet([cover, table])).toBe(1);
    expect(
      tableSheet([
        { rows: [] },
        {
          rows: [
            ['a', 'b'],
            ['c', 'd'],
          ],
        },
      ]),
    ).toBe(1);
    expect(tableSheet([{ rows: [] }])).toBe(0);
  });

  it('gives back the refused rows in the file’s own shape, with their line and reason', () => {
    const cells = new Map([[6, ['ООО «Ноль»', '+7 000 000-00-00']]]);
    expect(
      rejectedTable(['Компания', 'Телефон', 'ИНН'], [{ line: 6, problems: ['a', 'b'] }], (l) => cells.get(l) ?? [], {
        line: 'Строка файла',
        problem: 'Что не так',
        describe: (p) => p.toUpperCase(),
      }),
    ).toEqual([
      ['Компания', 'Телефон', 'ИНН', 'Строка файла', 'Что не так'],
      ['ООО «Ноль»', '+7 000 000-00-00', '', '6', 'A; B'],
    ]);
  });

  it('finds duplicates of the base and within the file', () => {
    expect(rows.map((r) => r.duplicateOf?.name ?? null)).toEqual([
      null,
      null,
      'ООО «Уже в базе»',
      null,
      null,
      null,
      'ООО «Новая»',
      null,
    ]);
  });

  it('plans skip, merge or import per row', () => {
    const skipAll = planImport(rows, () => 'skip');
    expect([skipAll.create.length, skipAll.merge.length, skipAll.skipped, skipAll.invalid.length]).toEqual([
      3, 0, 2, 3,
    ]);
    const mergeAll = planImport(rows, () => 'merge');
    expect(mergeAll.merge.map((m) => m.id)).toEqual(['base-1', 'n1']);
    const importAll = planImport(rows, () => 'import');
    expect(importAll.create).toHaveLength(5);
  });
});

describe('undoing an import', () => {
  it('removes what the import created and nobody worked, keeps the worked and the merged', () => {
    const list = { id: 'L', createdAt: 1000, source: 'market_research' as const };
    const p = (id: string, patch: Partial<Prospect> = {}) =>
      ({ id, sourceListId: 'L', createdAt: 1000, attempts: 0, status: 'new', ...patch }) as Prospect;
    const plan = importUndo(list, [
      p('fresh'),
      p('called', { attempts: 1, status: 'in_work' }),
      p('merged-earlier', { createdAt: 10 }),
      p('other-list', { sourceListId: 'M' }),
    ]);
    expect(plan).toEqual({ remove: ['fresh'], worked: 1 });
    expect(importUndo({ ...list, source: 'earlier_results' }, [p('fresh')])).toEqual({ remove: [], worked: 0 });
  });
});
