import { readCsv } from '../../../shared/formats/csv.ts';
import { decodeText, type TextEncoding } from '../../../shared/formats/text-decode.ts';
import { readOds } from '../../../shared/formats/ods-read.ts';
import { readXls, XlsUnsupported } from '../../../shared/formats/xls-read.ts';
import { readWorkbook, type Sheet } from '../../../shared/formats/xlsx-read.ts';
import {
  type BaseIndex,
  type ColumnMapping,
  type ImportContext,
  type ImportField,
  type ImportPlan,
  type ImportRow,
  importChecker,
  tableSheet,
} from '../../../shared/formats/import.ts';
import { normalizePhone, phoneKey } from '../../../shared/calling/phone.ts';
import type { Prospect } from '../../../shared/core/types.ts';
import type { LeadlineDatabase } from '../../db/collections.ts';
import type { Repository } from '../../db/repository.ts';

/** A file's tables: one for a CSV, one per sheet of a workbook; every row with its line (or sheet row). */
export interface FileTable {
  sheets: Sheet[];
  /** The sheet an import starts on: the first with a header and data. */
  first: number;
  /** The text encoding a CSV was read in (what the report names); null for a workbook. */
  encoding: TextEncoding | null;
  /** Rows are numbered as a sheet's rows ("Row 7"), not as a text file's lines. */
  sheetRows: boolean;
}

/** A file that cannot be read as it is: the message key and its parameters. */
type UnreadableKey = 'import.unclosedQuote' | 'import.xlsEncrypted' | 'import.xlsOld';

export class UnreadableFile extends Error {
  readonly key: UnreadableKey;
  readonly params: Record<string, number>;
  constructor(key: UnreadableKey, params: Record<string, number> = {}) {
    super(key);
    this.key = key;
    this.params = params;
  }
}

/** The rows of an uploaded File (CSV, XLSX, XLS or ODS), header first, with the file lines they start on. */
export async function readRows(file: File): Promise<FileTable> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  // Known by their first bytes, whatever the name says: never read a workbook as text.
  const ole = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1].every((b, i) => bytes[i] === b);
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const workbook = (sheets: Sheet[]): FileTable => ({
    sheets,
    first: tableSheet(sheets),
    encoding: null,
    sheetRows: true,
  });
  if (ole) {
    try {
      return workbook(readXls(bytes));
    } catch (e) {
      if (e instanceof XlsUnsupported)
        throw new UnreadableFile(e.reason === 'encrypted' ? 'import.xlsEncrypted' : 'import.xlsOld');
      throw e;
    }
  }
  // An OpenDocument package names itself in its first entry, the stored mimetype.
  if (zip && new TextDecoder().decode(bytes.subarray(30, 100)).includes('opendocument.spreadsheet')) {
    return workbook(await readOds(bytes));
  }
  if (zip) return workbook(await readWorkbook(bytes));
  const { text, encoding } = decodeText(bytes);
  // Web services' "Excel" exports are often an HTML table saved as .xls: read its tables.
  if (/^\s*</.test(text) && /<table[\s>]/i.test(text)) return { ...workbook(htmlTables(text)), encoding };
  const csv = readCsv(text);
  // A quote that never closes would swallow every row after it: the file is refused, and the line named.
  if (csv.unclosedQuoteAt !== null) throw new UnreadableFile('import.unclosedQuote', { line: csv.unclosedQuoteAt });
  const sheet = { name: file.name, rows: csv.rows.map((r) => r.cells), lines: csv.rows.map((r) => r.line) };
  return { sheets: [sheet], first: 0, encoding, sheetRows: false };
}

/** The tables of an HTML page as sheets, each row's cells by their text. */
function htmlTables(html: string): Sheet[] {
  const page = new DOMParser().parseFromString(html, 'text/html');
  return [...page.querySelectorAll('table')].map((table, i) => {
    const rows: string[][] = [];
    const lines: number[] = [];
    [...table.rows].forEach((row, r) => {
      const cells = [...row.cells].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim());
      if (!cells.some(Boolean)) return;
      rows.push(cells);
      lines.push(r + 1);
    });
    return { name: table.caption?.textContent?.trim() || `${i + 1}`, rows, lines };
  });
}

/**
 * The part of the base a file can collide with: prospects with the file's phones or tax ids, found
 * through the phoneKey and taxId indexes in chunks, never by loading the whole base.
 */
export async function baseIndexFor(db: LeadlineDatabase, phoneKeys: string[], taxIds: string[]): Promise<BaseIndex> {
  const index: BaseIndex = { byPhone: new Map(), byTaxId: new Map() };
  const chunks = <T>(items: T[]) =>
    Array.from({ length: Math.ceil(items.length / 500) }, (_, i) => items.slice(i * 500, i * 500 + 500));
  for (const chunk of chunks([...new Set(phoneKeys)].filter(Boolean))) {
    for (const d of await db.prospects.find({ selector: { phoneKey: { $in: chunk } } }).exec()) {
      index.byPhone.set(d.phoneKey, { id: d.id, name: d.name });
    }
  }
  for (const chunk of chunks([...new Set(taxIds)].filter(Boolean))) {
    for (const d of await db.prospects.find({ selector: { taxId: { $in: chunk } } }).exec()) {
      index.byTaxId.set(d.taxId, { id: d.id, name: d.name });
    }
  }
  return index;
}

/** Lets the browser paint between chunks of a long import. */
export const yieldToUi = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Checks every data row of a file against itself and the base (through indexes only). */
export async function analyseRows(
  db: LeadlineDatabase,
  data: readonly string[][],
  mapping: ColumnMapping,
  ctx: ImportContext,
  progress: { onProgress?: (done: number, total: number) => void; cancel?: Cancel } = {},
): Promise<ImportRow[] | null> {
  const keyOf = (field: ImportField) => (row: readonly string[]) => {
    const i = mapping[field];
    const phone = i === undefined ? null : normalizePhone(row[i] ?? '');
    return phone ? phoneKey(phone) : '';
  };
  const phone = keyOf('phone');
  const contactPhone = keyOf('contactPhone');
  const taxColumn = mapping.taxId;
  const phones: string[] = [];
  const taxIds: string[] = [];
  // Two passes over the file (keys, then the checks): progress counts both.
  const total = data.length * 2;
  const keys = await inChunks(
    data,
    (row) => {
      phones.push(phone(row), contactPhone(row));
      if (taxColumn !== undefined) taxIds.push((row[taxColumn] ?? '').replace(/\s/g, ''));
    },
    (done) => progress.onProgress?.(done, total),
    progress.cancel,
  );
  if (!keys) return null;
  const check = importChecker(mapping, await baseIndexFor(db, phones, taxIds), ctx);
  const rows: ImportRow[] = [];
  const checked = await inChunks(
    data,
    (row, i) => rows.push(check(row, i)),
    (done) => progress.onProgress?.(data.length + done, total),
    progress.cancel,
  );
  return checked ? rows : null;
}

/**
 * Runs `each` over the rows a few thousand at a time, letting the window paint in between; false
 * when the user cancelled on the way.
 */
async function inChunks<T>(
  items: readonly T[],
  each: (item: T, i: number) => void,
  onProgress: (done: number) => void = () => undefined,
  cancel?: Cancel,
): Promise<boolean> {
  for (let start = 0; start < items.length; start += 2000) {
    if (cancel?.cancelled) return false;
    const end = Math.min(items.length, start + 2000);
    for (let i = start; i < end; i++) each(items[i] as T, i);
    onProgress(end);
    await yieldToUi();
  }
  return !cancel?.cancelled;
}

const CHUNK = 250;

/** Set by the user's Cancel; the long steps look at it between chunks. */
export interface Cancel {
  cancelled: boolean;
}

/**
 * Writes an import plan: new prospects in chunks of 250 (one storage write each, the window painted
 * in between), then merges that fill only what the base left empty. Cancelled part way, it takes
 * back what it wrote (the new prospects removed, the merged ones restored): nothing is left half
 * imported. Returns whether it ran to the end.
 */
export async function writeImport(
  db: LeadlineDatabase,
  repo: Repository,
  plan: ImportPlan,
  onProgress: (done: number, total: number) => void,
  cancel: Cancel = { cancelled: false },
): Promise<boolean> {
  const total = plan.create.length + plan.merge.length;
  let done = 0;
  const created: string[] = [];
  const before: Prospect[] = [];
  const rollBack = async () => {
    for (let i = 0; i < created.length; i += 500) await repo.removeMany('prospects', created.slice(i, i + 500));
    for (const original of before) await repo.save('prospects', { ...original, updatedAt: Date.now() });
    onProgress(0, total);
    return false;
  };
  for (let i = 0; i < plan.create.length; i += CHUNK) {
    if (cancel.cancelled) return rollBack();
    const chunk = plan.create.slice(i, i + CHUNK);
    await repo.saveMany('prospects', chunk);
    created.push(...chunk.map((p) => p.id));
    done += chunk.length;
    onProgress(done, total);
    await yieldToUi();
  }
  for (const m of plan.merge) {
    if (cancel.cancelled) return rollBack();
    const doc = await db.prospects.findOne(m.id).exec();
    if (doc) {
      const existing = doc.toJSON() as Prospect;
      const filled = Object.fromEntries(
        Object.entries(m.fill).filter(([k, v]) => {
          const current = existing[k as keyof Prospect];
          return (
            (current === '' || (Array.isArray(current) && current.length === 0)) &&
            v !== '' &&
            !(Array.isArray(v) && v.length === 0)
          );
        }),
      );
      before.push(existing);
      await repo.save('prospects', { ...existing, ...filled, sourceListId: m.listId, updatedAt: Date.now() });
    }
    done += 1;
    onProgress(done, total);
  }
  return true;
}
