import { phoneSearchPrefix } from './phone.ts';

/** The key a name is searched by: lower case, ё as е, quotes and legal forms kept, spaces collapsed. */
export function nameKey(name: string): string {
  return name
    .toLocaleLowerCase('ru-RU')
    .replace(/ё/g, 'е')
    .replace(/["«»'`]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

/** The upper bound for a prefix range query over a string index. */
export function prefixUpperBound(prefix: string): string {
  return `${prefix}\uffff`;
}

export type SearchPlan =
  | { kind: 'all' }
  | { kind: 'name'; prefix: string }
  | { kind: 'digits'; phonePrefix: string | null; taxIdPrefix: string };

/** Decides which indexes a query from the search box rides. */
export function planSearch(query: string): SearchPlan {
  const q = query.trim();
  if (!q) return { kind: 'all' };
  const digitsOnly = q.replace(/[\s\-().+\u00a0]/g, '');
  if (/^[0-9]+$/.test(digitsOnly) && digitsOnly.length >= 3) {
    return { kind: 'digits', phonePrefix: phoneSearchPrefix(q), taxIdPrefix: digitsOnly };
  }
  return { kind: 'name', prefix: nameKey(q) };
}
