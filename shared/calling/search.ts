import { phoneSearchPrefixes } from './phone.ts';

/** Legal forms people leave out when they search: "ООО «Вектор»" is found by "вектор". */
const LEGAL_FORM = /^(ооо|оао|зао|пао|ао|ип|нко|гуп|муп|фгуп|llc|ltd|inc|jsc)\s+/;

/** The key a name is searched and sorted by: lower case, ё as е, no quotes, no leading legal form. */
export function nameKey(name: string): string {
  const plain = name
    .toLocaleLowerCase('ru-RU')
    .replace(/ё/g, 'е')
    .replace(/["«»'`„“”]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const withoutForm = plain.replace(LEGAL_FORM, '');
  return (withoutForm || plain).slice(0, 300);
}

/** The upper bound for a prefix range query over a string index. */
export function prefixUpperBound(prefix: string): string {
  return `${prefix}\uffff`;
}

export type SearchPlan =
  { kind: 'all' } | { kind: 'name'; prefix: string } | { kind: 'digits'; phonePrefixes: string[]; taxIdPrefix: string };

/** Decides which indexes a query from the search box rides. */
export function planSearch(query: string): SearchPlan {
  const q = query.trim();
  if (!q) return { kind: 'all' };
  const digitsOnly = q.normalize('NFKC').replace(/[\s\-().+\u00a0\u2010-\u2015]/g, '');
  if (/^[0-9]+$/.test(digitsOnly) && digitsOnly.length >= 3) {
    return { kind: 'digits', phonePrefixes: phoneSearchPrefixes(q) ?? [], taxIdPrefix: digitsOnly };
  }
  return { kind: 'name', prefix: nameKey(q) };
}
