import { toCsv } from '../../../shared/formats/csv.ts';
import { type ImportRow, rejectedTable, type Resolution } from '../../../shared/formats/import.ts';
import { isMessageKey, useT } from '../../i18n/index.ts';
import { VirtualList, VirtualTbody } from '../../ui/VirtualRows.tsx';
import { CsvSeparatorSelect } from '../../ui/CsvSeparatorSelect.tsx';
import { useCsvSeparator } from '../../ui/csv-separator.ts';
import { download } from '../../ui/download.ts';

const RESOLUTIONS = ['skip', 'merge', 'import'] as const;

interface Props {
  rows: readonly ImportRow[];
  /** What happens to every duplicate without its own choice. */
  forAll: Resolution;
  onForAll(r: Resolution): void;
  choices: Record<number, Resolution>;
  onChoice(line: number, r: Resolution): void;
  /** The file as read: the rows with errors are given back in its shape. */
  source: {
    fileName: string;
    header: readonly string[];
    data: readonly string[][];
    lines: readonly number[];
    /** A workbook's rows are sheet rows ("Row 7"); a text file's are lines. */
    sheetRows: boolean;
  };
  onRun(): void;
}

/** The check's report: what is new, the duplicates and their decisions, the rows with errors. */
export function ImportReport({ rows, forAll, onForAll, choices, onChoice, source, onRun }: Props) {
  const t = useT();
  const [separator, setSeparator] = useCsvSeparator();
  const invalid = rows.filter((r) => !r.prospect);
  const duplicates = rows.filter((r) => r.prospect && r.duplicateOf);
  const fresh = rows.filter((r) => r.prospect && !r.duplicateOf);
  const lineKey = source.sheetRows ? 'import.row' : 'import.line';

  /** The rows with errors as a file in the shape of the original, with their line and reason, to fix and import again. */
  function downloadRejected() {
    const byLine = new Map(source.lines.map((line, i) => [line, source.data[i] ?? []]));
    const rejected = rejectedTable(source.header, invalid, (line) => byLine.get(line) ?? [], {
      line: t(source.sheetRows ? 'import.rejectedRow' : 'import.rejectedLine'),
      problem: t('import.rejectedProblem'),
      describe: (p) => (isMessageKey(p) ? t(p) : p),
    });
    const base = source.fileName.replace(/\.[^.]+$/, '');
    download(`${base} — ${t('import.rejectedFile')}.csv`, 'text/csv;charset=utf-8', toCsv(rejected, separator));
  }

  const resolutions = RESOLUTIONS.map((r) => (
    <option key={r} value={r}>
      {t(`import.resolution.${r}`)}
    </option>
  ));
  return (
    <>
      <dl className="report" aria-label={t('import.report')}>
        <div>
          <dt>{t('import.new')}</dt>
          <dd>{fresh.length}</dd>
        </div>
        <div>
          <dt>{t('import.duplicates')}</dt>
          <dd>{duplicates.length}</dd>
        </div>
        <div>
          <dt>{t('import.invalid')}</dt>
          <dd>{invalid.length}</dd>
        </div>
      </dl>
      {duplicates.length > 0 && (
        <section aria-label={t('import.duplicates')}>
          <label className="inline-form">
            {t('import.forAll')}{' '}
            <select
              aria-label={t('import.forAll')}
              value={forAll}
              onChange={(e) => onForAll(e.target.value as Resolution)}
            >
              {resolutions}
            </select>
          </label>
          <table className="table" aria-label={t('import.duplicates')} aria-rowcount={duplicates.length}>
            <VirtualTbody items={duplicates} columns={4} estimate={48} headerRows={0} rowKey={(r) => r.line}>
              {(r) => (
                <>
                  <td>{t(lineKey, { line: r.line })}</td>
                  <td>{r.prospect?.name}</td>
                  <td>
                    {t(r.duplicateOf?.by === 'phone' ? 'dup.phone' : 'dup.taxId', {
                      name: r.duplicateOf?.name ?? '',
                    })}
                  </td>
                  <td>
                    <select
                      aria-label={t('import.resolutionFor', { line: r.line })}
                      value={choices[r.line] ?? forAll}
                      onChange={(e) => onChoice(r.line, e.target.value as Resolution)}
                    >
                      {resolutions}
                    </select>
                  </td>
                </>
              )}
            </VirtualTbody>
          </table>
        </section>
      )}
      {invalid.length > 0 && (
        <section aria-label={t('import.invalid')}>
          <h3>{t('import.invalid')}</h3>
          <div className="inline-form">
            <button type="button" className="button" onClick={downloadRejected}>
              {t('import.downloadRejected')}
            </button>
            <CsvSeparatorSelect value={separator} onChange={setSeparator} />
            <span className="muted">{t('import.downloadRejectedHint')}</span>
          </div>
          <VirtualList items={invalid} label={t('import.invalid')} itemKey={(r) => r.line}>
            {(r) => (
              <>
                {t(lineKey, { line: r.line })}: {r.problems.map((p) => (isMessageKey(p) ? t(p) : p)).join(', ')}
              </>
            )}
          </VirtualList>
        </section>
      )}
      <button type="button" className="button button--primary" onClick={onRun}>
        {t('import.run')}
      </button>
    </>
  );
}
