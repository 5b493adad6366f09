import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { formatNumber, type MessageKey, translate } from './index.ts';
import { ru } from './ru.ts';

/** Parameters that hold a count of things (an index such as "Answer {n}" or a unit such as "{n} min" is not one). */
const COUNTS = new Set([
  'count',
  'worked',
  'shown',
  'total',
  'calls',
  'requests',
  'created',
  'merged',
  'skipped',
  'invalid',
  'documents',
  'entries',
  'reached',
  'ended',
  'max',
  'today',
]);

/**
 * Words that may follow a bare count because they do not agree with it: prepositions ("3 of 10",
 * "3 из 10"), and in English the adjectives and participles, which never change with the number
 * ("3 found", "3 merged"). In Russian they do ("1 найден", "2 найдено"), so none is allowed there.
 */
const NEUTRAL_AFTER = {
  ru: new Set(['из']),
  en: new Set(['of', 'with', 'found', 'shown', 'made', 'merged', 'skipped', 'new', 'waiting']),
};

/** Every place in a message where a count stands bare before a word that must agree with it. */
function bareCounts(message: string, language: 'ru' | 'en' = 'ru'): string[] {
  // Plural constructs are fine; take them out first (they nest one level).
  const flat = message.replace(/\{\w+, plural,(?:[^{}]|\{[^{}]*\})*\}/g, '#');
  const found: string[] = [];
  for (const m of flat.matchAll(/\{(\w+)\}\s+(\p{L}+)/gu)) {
    if (COUNTS.has(m[1]!) && !NEUTRAL_AFTER[language].has(m[2]!)) found.push(m[0]);
  }
  return found;
}

describe('counts in both languages', () => {
  it('no count stands before a noun or verb without its plural rule', () => {
    const bare = [
      ...Object.entries(ru).map(([key, message]) => [`ru ${key}`, bareCounts(message, 'ru')] as const),
      ...Object.entries(en).map(([key, message]) => [`en ${key}`, bareCounts(message, 'en')] as const),
    ].filter(([, found]) => found.length > 0);
    expect(bare).toEqual([]);
  });

  it('the check catches what it is for', () => {
    expect(bareCounts('{count} строк в {file}')).toEqual(['{count} строк']);
    expect(bareCounts('Удалить {count} клиентов')).toEqual(['{count} клиентов']);
    expect(bareCounts('{count, plural, one {# строка} other {# строки}} в {file}')).toEqual([]);
    expect(bareCounts('Найдено {shown} из {total}')).toEqual([]);
    expect(bareCounts('{count} rows in {file}', 'en')).toEqual(['{count} rows']);
    expect(bareCounts('{count} found', 'en')).toEqual([]);
    expect(bareCounts('{count} найдено')).toEqual(['{count} найдено']);
  });

  it.each([
    [1, '1 строка в a.csv', '1 row in a.csv'],
    [2, '2 строки в a.csv', '2 rows in a.csv'],
    [5, '5 строк в a.csv', '5 rows in a.csv'],
    [11, '11 строк в a.csv', '11 rows in a.csv'],
    [21, '21 строка в a.csv', '21 rows in a.csv'],
    [22, '22 строки в a.csv', '22 rows in a.csv'],
    [12345, '12\u00a0345 строк в a.csv', '12,345 rows in a.csv'],
  ])('%i rows', (count, russian, english) => {
    const key: MessageKey = 'import.rows';
    expect(translate('ru', key, { count, file: 'a.csv' })).toBe(russian);
    expect(translate('en', key, { count, file: 'a.csv' })).toBe(english);
  });

  it('agrees verbs too, and names an empty case', () => {
    expect(translate('ru', 'floor.waiting', { count: 21 })).toBe('21 изменение ждёт отправки');
    expect(translate('ru', 'floor.waiting', { count: 3 })).toBe('3 изменения ждут отправки');
    expect(translate('ru', 'lists.undoConfirm', { count: 1, worked: 0 })).toContain(
      'Удалить 1 клиента, созданного этой загрузкой',
    );
    expect(translate('ru', 'lists.undoConfirm', { count: 1, worked: 0 })).toContain('В работе пока никого нет.');
    expect(translate('en', 'lists.undoConfirm', { count: 1, worked: 2 })).toContain(
      'Remove the 1 prospect this import created',
    );
  });

  it('writes numbers as each language does: groups from five digits, the decimal mark', () => {
    expect(formatNumber('ru', 12345)).toBe('12\u00a0345');
    expect(formatNumber('ru', 2027)).toBe('2027');
    expect(formatNumber('ru', 1.5)).toBe('1,5');
    expect(formatNumber('en', 1.5)).toBe('1.5');
    expect(formatNumber('en', 12345)).toBe('12,345');
  });
});
