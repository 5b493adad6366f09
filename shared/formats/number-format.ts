/**
 * What a spreadsheet's number format says about the number under it, for an import that needs the
 * value as the sheet meant it: a code padded with zeros (a tax id 0276000030 stored as 276000030), a
 * date, or a plain number (a phone shown as 7,92E+10 is still 79161234567). Shared by the XLSX and
 * XLS readers; the format ids are the same in both (ECMA-376 §18.8.30, [MS-XLS] 2.5.165).
 */

/** Built-in number formats that are dates. */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 22, 27, 30, 36, 50, 57]);

export type CellFormat = { kind: 'date' } | { kind: 'zeros'; width: number } | { kind: 'general' };

/** The meaning of number format `id` whose code (for custom formats) is `code`. */
export function formatOf(id: number, code: string): CellFormat {
  if (/^0+$/.test(code)) return { kind: 'zeros', width: code.length };
  // A custom format with day, month or year parts (and no text in quotes around them) is a date.
  if (DATE_FORMAT_IDS.has(id) || /^(?!.*").*[dmy].*$/i.test(code.replace(/\[[^\]]*\]/g, ''))) return { kind: 'date' };
  return { kind: 'general' };
}

/**
 * A stored number as the sheet meant it: a tax id in a `0000000000` format keeps its leading zero,
 * a phone written as 7.9161234567E10 comes back as 79161234567, a date as YYYY-MM-DD.
 */
export function numberText(n: number, format: CellFormat | undefined): string {
  if (!Number.isFinite(n)) return String(n);
  if (format?.kind === 'date' && n > 0 && n < 2_958_466) {
    const ms = Math.round((n - 25_569) * 86_400_000); // days since 1899-12-30 → Unix time
    return new Date(ms).toISOString().slice(0, 10);
  }
  const whole = Number.isInteger(n) && Math.abs(n) < 1e21 ? BigInt(n).toString() : String(n);
  if (format?.kind === 'zeros' && Number.isInteger(n) && n >= 0) return whole.padStart(format.width, '0');
  return whole;
}
