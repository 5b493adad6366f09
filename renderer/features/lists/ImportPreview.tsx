import type { ColumnMapping, ImportField } from '../../../shared/formats/import.ts';
import { parsePhone, zoneFromPhone } from '../../../shared/calling/phone.ts';
import { DEFAULT_ZONE } from '../../../shared/calling/zones.ts';
import { useLanguageStore, useT } from '../../i18n/index.ts';

const SHOWN: ImportField[] = ['name', 'phone', 'taxId', 'region', 'industry'];

/** The first rows as they will be imported: the phone normalised, the zone it implies. */
export function ImportPreview({ data, mapping }: { data: readonly string[][]; mapping: ColumnMapping }) {
  const t = useT();
  const language = useLanguageStore((st) => st.language);
  const cell = (row: readonly string[], field: ImportField) => {
    const i = mapping[field];
    return i === undefined ? '' : (row[i] ?? '').trim();
  };
  return (
    <div className="scroll-x">
      <table className="table import-preview" aria-label={t('import.preview')}>
        <thead>
          <tr>
            {SHOWN.map((f) => (
              <th key={f}>{t(`import.field.${f}`)}</th>
            ))}
            <th>{t('field.timeZone')}</th>
          </tr>
        </thead>
        <tbody>
          {data.slice(0, 5).map((row, r) => {
            const raw = cell(row, 'phone');
            const parsed = parsePhone(raw);
            const phone = parsed?.ok ? parsed.phone.e164 : null;
            // As it will be stored: E.164, and the extension beside it.
            const shown =
              parsed?.ok && parsed.phone.ext
                ? `${parsed.phone.e164} ${language === 'ru' ? 'доб.' : 'ext.'} ${parsed.phone.ext}`
                : phone;
            return (
              <tr key={r}>
                {SHOWN.map((f) => (
                  <td key={f} className={f === 'phone' && raw && !phone ? 'bad' : undefined}>
                    {f === 'phone' ? (shown ?? (raw ? `${raw} ✗` : '—')) : cell(row, f) || '—'}
                  </td>
                ))}
                <td className="muted">{(phone && zoneFromPhone(phone)) || DEFAULT_ZONE}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
