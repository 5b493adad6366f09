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

export function translate(language: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  return dictionaries[language][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function useT(): Translate {
  const language = useLanguageStore((s) => s.language);
  return (key, params) => translate(language, key, params);
}

export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}
