import { useState } from 'react';
import type { CsvSeparator } from '../../shared/formats/csv.ts';
import { useLanguageStore } from '../i18n/index.ts';

const KEY = 'leadline.csvSeparator';
const SEPARATORS: readonly CsvSeparator[] = [';', ',', '\t'];

/**
 * The separator CSV downloads use: what the user chose last, else what Excel in the interface's
 * language expects (`;` for Russian, `,` for English).
 */
export function useCsvSeparator(): [CsvSeparator, (s: CsvSeparator) => void] {
  const language = useLanguageStore((s) => s.language);
  const [chosen, setChosen] = useState<CsvSeparator | null>(() => {
    const saved = globalThis.localStorage?.getItem(KEY);
    return SEPARATORS.find((s) => s === saved) ?? null;
  });
  const choose = (s: CsvSeparator) => {
    globalThis.localStorage?.setItem(KEY, s);
    setChosen(s);
  };
  return [chosen ?? (language === 'ru' ? ';' : ','), choose];
}

export const CSV_SEPARATORS = SEPARATORS;
