import type { CsvSeparator } from '../../shared/formats/csv.ts';
import { useT } from '../i18n/index.ts';
import { CSV_SEPARATORS } from './csv-separator.ts';

const LABELS = { ';': 'export.semicolon', ',': 'export.comma', '\t': 'export.tab' } as const;

/** Which separator CSV downloads use, beside the CSV button. */
export function CsvSeparatorSelect({ value, onChange }: { value: CsvSeparator; onChange(s: CsvSeparator): void }) {
  const t = useT();
  return (
    <select
      className="csv-separator"
      aria-label={t('export.separator')}
      title={t('export.separator')}
      value={value}
      onChange={(e) => onChange(e.target.value as CsvSeparator)}
    >
      {CSV_SEPARATORS.map((s) => (
        <option key={s} value={s}>
          {t(LABELS[s])}
        </option>
      ))}
    </select>
  );
}
