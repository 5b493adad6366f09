/**
 * CSV as spreadsheets write it (RFC 4180): quoted fields, doubled quotes, line breaks inside quotes,
 * CRLF or LF, a UTF-8 BOM. The delimiter is detected from the first lines (`;` — what Russian Excel
 * writes — `,`, tab or `|`), counting only outside quotes.
 */

const DELIMITERS = [';', ',', '\t', '|'] as const;

/** How many times `delimiter` separates fields on each of the first lines (quotes respected). */
function countsPerLine(text: string, delimiter: string, lines = 20): number[] {
  const counts: number[] = [];
  let count = 0;
  let quoted = false;
  for (let i = 0; i < text.length && counts.length < lines; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === delimiter) count++;
    else if (!quoted && ch === '\n') {
      if (count > 0 || counts.length > 0) counts.push(count);
      count = 0;
    }
  }
  if (count > 0 && counts.length < lines) counts.push(count);
  return counts;
}

/**
 * The delimiter most lines agree on: the one whose count is the same, and not zero, on the most of
 * the first lines (a title line or a comma inside a quoted header does not decide it).
 */
export function detectDelimiter(text: string): string {
  const body = text.replace(/^\ufeff/, '');
  let best: { delimiter: string; agree: number; count: number } = { delimiter: ',', agree: 0, count: 0 };
  for (const delimiter of DELIMITERS) {
    const counts = countsPerLine(body, delimiter).filter((c) => c > 0);
    if (counts.length === 0) continue;
    const tally = new Map<number, number>();
    for (const c of counts) tally.set(c, (tally.get(c) ?? 0) + 1);
    const [count, agree] = [...tally].toSorted((a, b) => b[1] - a[1] || b[0] - a[0])[0]!;
    if (agree > best.agree || (agree === best.agree && count > best.count)) best = { delimiter, agree, count };
  }
  return best.delimiter;
}

/** A data row and the line of the file it starts on (1-based, as an editor counts). */
export interface CsvRow {
  cells: string[];
  line: number;
}

export interface CsvResult {
  rows: CsvRow[];
  delimiter: string;
  /** A quote opened on `line` and never closed: the rows from there on are not read. */
  unclosedQuoteAt: number | null;
}

/** Reads CSV into rows with their file lines; empty lines are skipped but still counted. */
export function readCsv(input: string, delimiter = detectDelimiter(input)): CsvResult {
  const text = input.replace(/^\ufeff/, '');
  const rows: CsvRow[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 1;
  const endRow = () => {
    row.push(field);
    if (row.some((cell) => cell.trim() !== '')) rows.push({ cells: row, line: rowLine });
    row = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        if (ch !== '\r' || text[i + 1] !== '\n') field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else field += ch;
  }
  if (quoted) return { rows, delimiter, unclosedQuoteAt: quoteLine };
  if (field !== '' || row.length > 0) endRow();
  return { rows, delimiter, unclosedQuoteAt: null };
}

/** The cells of every row (lines and a broken quote left aside): for tables we wrote ourselves. */
export function parseCsv(input: string, delimiter = detectDelimiter(input)): string[][] {
  return readCsv(input, delimiter).rows.map((r) => r.cells);
}

/** A number, or a phone written with digits, spaces, dashes and brackets: as a formula it computes nothing harmful. */
const PLAIN_NUMBER = /^[+-]?\d+([.,]\d+)?$|^\+[\d ()-]+$/;

/**
 * Quotes what needs it, and keeps spreadsheet programs from reading text as a formula: a cell that
 * starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, unless it is
 * a plain number or phone, which stays as it is so the sheet can still sum and dial it.
 */
export function csvCell(value: string | number, decimalComma = false): string {
  // A Russian-locale spreadsheet reads 1234,5 as a number and 1234.5 as text.
  if (typeof value === 'number') return decimalComma ? String(value).replace('.', ',') : String(value);
  const safe = /^[=+\-@\t\r]/.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  // Every character a reader might take for a separator is quoted, whichever separator is used.
  return /[",;|\r\n\t]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Separators a spreadsheet expects: `;` where the decimal mark is a comma (Russian Excel), else `,`. */
export type CsvSeparator = ';' | ',' | '\t';

/**
 * A table as CSV: UTF-8 with BOM (Excel then opens Cyrillic correctly), CRLF, formula-safe cells,
 * separated as the reader's Excel expects (a Russian-locale Excel reads `,` as one column).
 */
export function toCsv(rows: readonly (readonly (string | number)[])[], separator: CsvSeparator = ','): string {
  const comma = separator === ';';
  return `\ufeff${rows.map((r) => r.map((c) => csvCell(c, comma)).join(separator)).join('\r\n')}\r\n`;
}
