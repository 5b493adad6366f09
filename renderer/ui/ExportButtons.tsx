import { toCsv } from '../../shared/formats/csv.ts';
import { CsvSeparatorSelect } from './CsvSeparatorSelect.tsx';
import { useCsvSeparator } from './csv-separator.ts';
import { xlsx } from '../../shared/formats/xlsx.ts';
import { useT } from '../i18n/index.ts';
import { download } from './download.ts';

type Table = readonly (readonly (string | number)[])[];

/** CSV and XLSX downloads of one table (header row first), for every table a head may want in Excel. */
export function ExportButtons({ name, table }: { name: string; table: () => Table }) {
  const t = useT();
  const [separator, setSeparator] = useCsvSeparator();
  return (
    <div className="inline-form">
      <button
        type="button"
        className="button"
        aria-label={t('export.csv', { name })}
        onClick={() => download(`${name}.csv`, 'text/csv;charset=utf-8', toCsv(table(), separator))}
      >
        CSV
      </button>
      <CsvSeparatorSelect value={separator} onChange={setSeparator} />
      <button
        type="button"
        className="button"
        aria-label={t('export.xlsx', { name })}
        onClick={() =>
          download(
            `${name}.xlsx`,
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            xlsx(name.slice(0, 31), table()) as Uint8Array<ArrayBuffer>,
          )
        }
      >
        XLSX
      </button>
    </div>
  );
}
