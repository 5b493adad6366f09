import { useEffect, useRef, useState } from 'react';
import { uuidv7 } from '../../../shared/core/ids.ts';
import {
  type ColumnMapping,
  findHeaderRow,
  guessMapping,
  IMPORT_FIELDS,
  type ImportRow,
  planImport,
  type Resolution,
} from '../../../shared/formats/import.ts';
import { newCallList } from '../../../shared/calling/list-query.ts';
import type { User } from '../../../shared/core/types.ts';
import type { Workspace } from '../../app/session-store.ts';
import { useNumber, useT } from '../../i18n/index.ts';
import { useSettings } from '../requests/use-requests.ts';
import { OperatorPicker } from '../../ui/OperatorPicker.tsx';
import { analyseRows, type Cancel, type FileTable, readRows, UnreadableFile, writeImport } from './import-file.ts';
import { ImportPreview } from './ImportPreview.tsx';
import { ImportReport } from './ImportReport.tsx';

type Step = 'pick' | 'reading' | 'map' | 'checking' | 'review' | 'importing' | 'done';

interface Props {
  workspace: Workspace;
  operators: User[];
  onDone(listId: string): void;
  /** Told when a long step (reading, checking, importing) starts and ends. */
  onBusy?(busy: boolean): void;
}

/** Encodings as people know them. */
const ENCODING_NAMES: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16 BE',
  'windows-1251': 'Windows-1251',
};

/** Market research into a call list: file → column mapping → report (duplicates, bad rows) → import. */
export function ImportWizard({ workspace, operators, onDone, onBusy }: Props) {
  const t = useT();
  const num = useNumber();
  const settings = useSettings(workspace.db);
  const [step, setStep] = useState<Step>('pick');
  const busy = step === 'reading' || step === 'checking' || step === 'importing';
  useEffect(() => {
    onBusy?.(busy);
    return () => onBusy?.(false);
  }, [busy, onBusy]);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [fileName, setFileName] = useState('');
  const [table, setTable] = useState<FileTable | null>(null);
  const [sheetIndex, setSheetIndex] = useState(0);
  const [headerIndex, setHeaderIndex] = useState(0);
  const sheet = table?.sheets[sheetIndex];
  const header = sheet?.rows[headerIndex] ?? [];
  const data = sheet?.rows.slice(headerIndex + 1) ?? [];
  const lines = sheet?.lines.slice(headerIndex + 1) ?? [];
  const encoding = table?.encoding ?? null;
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [name, setName] = useState('');
  const [assignees, setAssignees] = useState<string[]>([]);
  const [rows, setRows] = useState<ImportRow[]>([]);
  const [listId] = useState(() => uuidv7());
  // The list and the prospects it imports share one creation time: that is how "undo import" knows them.
  const [importedAt, setImportedAt] = useState(0);
  const [forAll, setForAll] = useState<Resolution>('skip');
  const [choices, setChoices] = useState<Record<number, Resolution>>({});
  const [progress, setProgress] = useState({ done: 0, total: 0 });
  const [summary, setSummary] = useState({ created: 0, merged: 0, skipped: 0, invalid: 0 });
  // The long steps (reading, checking, writing) look at this between chunks; Cancel sets it.
  const cancelRef = useRef<Cancel>({ cancelled: false });
  const startLongStep = (next: Step) => {
    cancelRef.current = { cancelled: false };
    setProgress({ done: 0, total: 0 });
    setStep(next);
    return cancelRef.current;
  };

  async function pick(file: File) {
    setError('');
    const cancel = startLongStep('reading');
    setFileName(file.name);
    try {
      const read = await readRows(file);
      if (cancel.cancelled) return;
      if ((read.sheets[read.first]?.rows.length ?? 0) < 2) throw new Error(t('import.empty'));
      setFileName(file.name);
      setTable(read);
      chooseSheet(read, read.first);
      setName(file.name.replace(/\.(csv|txt|xlsx|xls|ods)$/i, ''));
      setStep('map');
    } catch (e) {
      setStep('pick');
      if (cancel.cancelled) return;
      if (e instanceof UnreadableFile) setError(t(e.key, e.params));
      else setError(t('import.unreadable', { message: e instanceof Error ? e.message : String(e) }));
    }
  }

  /** A sheet, its header row found anew and the columns guessed from it. */
  function chooseSheet(read: FileTable, index: number) {
    const sheetRows = read.sheets[index]?.rows ?? [];
    const at = findHeaderRow(sheetRows);
    setSheetIndex(index);
    setHeaderIndex(at);
    setMapping(guessMapping(sheetRows[at] ?? []));
  }

  function chooseHeader(index: number) {
    setHeaderIndex(index);
    setMapping(guessMapping(sheet?.rows[index] ?? []));
  }

  async function review() {
    if (mapping.name === undefined || (mapping.phone === undefined && mapping.contactPhone === undefined)) {
      setError(t('import.mapRequired'));
      return;
    }
    setError('');
    const at = Date.now();
    setImportedAt(at);
    const cancel = startLongStep('checking');
    const checked = await analyseRows(
      workspace.db,
      data,
      mapping,
      {
        lineOf: (i) => lines[i] ?? i + 2,
        listId,
        source: 'market_research',
        actorId: workspace.user.id,
        now: at,
        newId: () => uuidv7(),
      },
      { onProgress: (done, total) => setProgress({ done, total }), cancel },
    );
    if (!checked) {
      setStep('map');
      return;
    }
    setRows(checked);
    setStep('review');
  }

  async function run() {
    const cancel = startLongStep('importing');
    const plan = planImport(rows, (row) => choices[row.line] ?? forAll);
    const list = newCallList({
      id: listId,
      createdAt: importedAt,
      updatedAt: Date.now(),
      name: name.trim() || fileName,
      source: 'market_research',
      description: t('import.fromFile', { file: fileName }),
      assigneeIds: assignees,
      // Fresh research goes ahead of older lists; the head can lower it afterwards.
      priority: 70,
      retry: settings.retry,
    });
    await workspace.repo.save('callLists', list);
    const finished = await writeImport(
      workspace.db,
      workspace.repo,
      plan,
      (done, total) => setProgress({ done, total }),
      cancel,
    );
    if (!finished) {
      // Taken back: the list goes too, and the report is where the user left it.
      await workspace.repo.remove('callLists', listId);
      setNotice(t('import.cancelled'));
      setStep('review');
      return;
    }
    setSummary({
      created: plan.create.length,
      merged: plan.merge.length,
      skipped: plan.skipped,
      invalid: plan.invalid.length,
    });
    setStep('done');
  }

  return (
    <section className="wizard" aria-label={t('import.title')}>
      <header className="wizard__head">
        <h2>{t('import.title')}</h2>
        {step !== 'importing' && (
          <button type="button" className="button button--ghost" onClick={() => onDone('')}>
            {t('form.close')}
          </button>
        )}
      </header>
      {error && (
        <p className="banner banner--error" role="alert">
          {error}
        </p>
      )}
      {notice && step === 'review' && (
        <p className="banner banner--info" role="status">
          {notice}
        </p>
      )}
      {step === 'pick' && (
        <label className="field">
          <span>{t('import.file')}</span>
          <input
            type="file"
            accept=".csv,.txt,.xlsx,.xls,.ods,text/csv"
            onChange={(e) => e.target.files?.[0] && void pick(e.target.files[0])}
          />
        </label>
      )}
      {step === 'map' && (
        <>
          <p className="muted">
            {t('import.rows', { count: data.length, file: fileName })}
            {encoding && ` · ${t('import.encoding', { encoding: ENCODING_NAMES[encoding] ?? encoding })}`}
          </p>
          <label className="field">
            <span>{t('lists.name')}</span>
            <input value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          {table && table.sheets.length > 1 && (
            <label className="field">
              <span>{t('import.sheet')}</span>
              <select value={sheetIndex} onChange={(e) => chooseSheet(table, Number(e.target.value))}>
                {table.sheets.map((sh, i) => (
                  <option key={i} value={i}>
                    {t('import.sheetOption', { name: sh.name, count: sh.rows.length })}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="field">
            <span>{t('import.headerRow')}</span>
            <select value={headerIndex} onChange={(e) => chooseHeader(Number(e.target.value))}>
              {(sheet?.rows ?? []).slice(0, 10).map((row, i) => (
                <option key={i} value={i}>
                  {t(table?.sheetRows ? 'import.row' : 'import.line', { line: sheet?.lines[i] ?? i + 1 })}:{' '}
                  {row.filter(Boolean).slice(0, 4).join(' · ').slice(0, 80)}
                </option>
              ))}
            </select>
          </label>
          <table className="table" aria-label={t('import.mapping')}>
            <tbody>
              {IMPORT_FIELDS.map((field) => (
                <tr key={field}>
                  <th scope="row">{t(`import.field.${field}`)}</th>
                  <td>
                    <select
                      aria-label={t(`import.field.${field}`)}
                      value={mapping[field] ?? ''}
                      onChange={(e) =>
                        setMapping((m) => ({
                          ...m,
                          [field]: e.target.value === '' ? undefined : Number(e.target.value),
                        }))
                      }
                    >
                      <option value="">—</option>
                      {header.map((h, i) => (
                        <option key={i} value={i}>
                          {h || `#${i + 1}`}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="muted">{mapping[field] !== undefined ? data[0]?.[mapping[field]!] : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('import.preview')}</h3>
          <ImportPreview data={data} mapping={mapping} />
          <OperatorPicker
            legend={t('lists.assignees')}
            operators={operators}
            selected={assignees}
            onChange={setAssignees}
          />
          <button type="button" className="button button--primary" onClick={() => void review()}>
            {t('import.check')}
          </button>
        </>
      )}
      {step === 'review' && (
        <ImportReport
          rows={rows}
          forAll={forAll}
          onForAll={setForAll}
          choices={choices}
          onChoice={(line, r) => setChoices((c) => ({ ...c, [line]: r }))}
          source={{ fileName, header, data, lines, sheetRows: table?.sheetRows ?? false }}
          onRun={() => void run()}
        />
      )}
      {(step === 'reading' || step === 'checking' || step === 'importing') && (
        <div className="inline-form" role="status" aria-live="polite">
          <span>{t(`import.busy.${step}`, { file: fileName })}</span>
          <progress
            className="progress"
            aria-label={t('import.progress')}
            value={step === 'reading' || progress.total === 0 ? undefined : progress.done / progress.total}
            max={1}
          />
          {step !== 'reading' && progress.total > 0 && (
            <span className="muted">
              {t('import.progressCount', { done: num(progress.done), count: progress.total })}
            </span>
          )}
          <button type="button" className="button" onClick={() => (cancelRef.current.cancelled = true)}>
            {t('import.cancel')}
          </button>
        </div>
      )}
      {step === 'done' && (
        <>
          <p className="banner banner--ok" role="status">
            {t('import.done', summary)}
          </p>
          <button type="button" className="button" onClick={() => onDone(listId)}>
            {t('import.openList')}
          </button>
        </>
      )}
    </section>
  );
}
