/**
 * CSV as spreadsheets write it (RFC 4180): quoted fields, doubled quotes, line breaks inside quotes,
 * CRLF or LF, a UTF-8 BOM. The delimiter is detected from the header line (comma, semicolon — what
 * Russian Excel writes — or tab).
 */
export function detectDelimiter(text: string): string {
  const firstLine = text.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const);
  return counts.toSorted((a, b) => b[1] - a[1])[0]?.[0] ?? ',';
}

export function parseCsv(input: string, delimiter = detectDelimiter(input)): string[][] {
  const text = input.replace(/^\ufeff/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else if (ch !== '\r' || text[i + 1] !== '\n') field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((cell) => cell.trim() !== ''));
}

/** A number, or a phone written with digits, spaces, dashes and brackets: as a formula it computes nothing harmful. */
const PLAIN_NUMBER = /^[+-]?\d+([.,]\d+)?$|^\+[\d ()-]+$/;

/**
 * Quotes what needs it, and keeps spreadsheet programs from reading text as a formula: a cell that
 * starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, unless it is
 * a plain number or phone, which stays as it is so the sheet can still sum and dial it.
 */
export function csvCell(value: string | number): string {
  const text = String(value);
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return /[",;\r\n\t]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A table as CSV: UTF-8 with BOM (Excel then opens Cyrillic correctly), CRLF, formula-safe cells. */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return `\ufeff${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
