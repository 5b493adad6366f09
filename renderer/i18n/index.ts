import { create } from 'zustand';
import { en, type MessageKey } from './en.ts';
import { ru } from './ru.ts';

export type Language = 'ru' | 'en';
export type { MessageKey };

const dictionaries: Record<Language, Record<MessageKey, string>> = { ru, en };
const STORAGE_KEY = 'leadline.language';

function initialLanguage(): Language {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (saved === 'ru' || saved === 'en') return saved;
  return globalThis.navigator?.language?.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

interface LanguageState {
  language: Language;
  setLanguage(language: Language): void;
}

export const useLanguageStore = create<LanguageState>((set) => ({
  language: initialLanguage(),
  setLanguage(language) {
    globalThis.localStorage?.setItem(STORAGE_KEY, language);
    document.documentElement.lang = language;
    set({ language });
  },
}));

const LOCALES: Record<Language, string> = { ru: 'ru-RU', en: 'en-GB' };
const plurals = new Map<Language, Intl.PluralRules>();
const numbers = new Map<Language, Intl.NumberFormat>();

/** A number as the language writes it: "12 345" and "1,5" in Russian, "12,345" and "1.5" in English (four digits stay whole). */
export function formatNumber(language: Language, value: number): string {
  let format = numbers.get(language);
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 2, useGrouping: 'min2' });
    numbers.set(language, format);
  }
  return format.format(value);
}

/** The plural category of `count` in `language` (Russian: one, few, many, other). */
function pluralOf(language: Language, count: number): string {
  let rules = plurals.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(LOCALES[language]);
    plurals.set(language, rules);
  }
  return rules.select(count);
}

/**
 * Fills a message: `{name}` takes the parameter (numbers written as the language writes them);
 * `{count, plural, one {# строка} few {# строки} many {# строк} other {# строки}}` picks the form
 * for the count by the language's plural rules, `#` standing for the number.
 */
export function translate(language: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  return fill(dictionaries[language][key], language, params);
}

function fill(message: string, language: Language, params: Record<string, string | number>): string {
  let out = '';
  let i = 0;
  while (i < message.length) {
    const open = message.indexOf('{', i);
    if (open < 0) return out + message.slice(i);
    out += message.slice(i, open);
    const close = matching(message, open);
    const inner = message.slice(open + 1, close);
    const plural = /^(\w+),\s*plural,\s*/.exec(inner);
    if (plural) {
      const name = plural[1]!;
      const count = Number(params[name] ?? 0);
      const forms = pluralForms(inner.slice(plural[0].length));
      const form = forms.get(`=${count}`) ?? forms.get(pluralOf(language, count)) ?? forms.get('other') ?? '';
      out += fill(form, language, params).replaceAll('#', formatNumber(language, count));
    } else {
      const value = params[inner];
      out += value === undefined ? `{${inner}}` : typeof value === 'number' ? formatNumber(language, value) : value;
    }
    i = close + 1;
  }
  return out;
}

/** The index of the brace closing the one at `open`. */
function matching(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    if (text[j] === '{') depth++;
    else if (text[j] === '}' && --depth === 0) return j;
  }
  return text.length;
}

/** `one {…} few {…} other {…}` → its forms by category. */
function pluralForms(body: string): Map<string, string> {
  const forms = new Map<string, string>();
  let i = 0;
  while (i < body.length) {
    const head = /\s*(=?\w+)\s*\{/y;
    head.lastIndex = i;
    const m = head.exec(body);
    if (!m) break;
    const open = head.lastIndex - 1;
    const close = matching(body, open);
    forms.set(m[1]!, body.slice(open + 1, close));
    i = close + 1;
  }
  return forms;
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function useT(): Translate {
  const language = useLanguageStore((s) => s.language);
  return (key, params) => translate(language, key, params);
}

/** Numbers for the screen in the user's language (counts in tables, totals). */
export function useNumber(): (value: number) => string {
  const language = useLanguageStore((s) => s.language);
  return (value) => formatNumber(language, value);
}

export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}
