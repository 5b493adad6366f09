import type { Sheet } from './xlsx-read.ts';
import { unescapeXml, unzip } from './xlsx-read.ts';

/**
 * Reads an OpenDocument spreadsheet (.ods, what LibreOffice saves by default): the ZIP's
 * `content.xml`, each table a sheet, rows and cells with their repeat counts, a cell's text from its
 * paragraphs. Numbers: the text shown when it is plain digits (a code such as 0276000030 keeps its
 * zero), else the stored value written whole (a phone shown as 7,92E+10 reads 79161234567); dates as
 * YYYY-MM-DD.
 */

const decoder = new TextDecoder();
/** Repeats beyond this are the empty remainder of a sheet (LibreOffice writes 1,048,000 empty rows). */
const MAX_REPEAT = 1000;

function attr(attrs: string, name: string): string | undefined {
  return new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs)?.[1];
}

/** The text of a cell: its paragraphs joined by line breaks, `<text:s c="3"/>` as spaces. */
function cellText(body: string): string {
  const paragraphs = [...body.matchAll(/<text:p(?:\s[^>]*)?>([\s\S]*?)<\/text:p>|<text:p(?:\s[^>]*)?\/>/g)];
  return paragraphs
    .map((p) =>
      unescapeXml(
        (p[1] ?? '')
          .replace(/<text:s(?:\s+text:c="(\d+)")?\s*\/>/g, (_, c: string | undefined) => ' '.repeat(Number(c ?? 1)))
          .replace(/<text:tab\s*\/>/g, '\t')
          .replace(/<text:line-break\s*\/>/g, '\n')
          .replace(/<[^>]+>/g, ''),
      ),
    )
    .join('\n');
}

function cellValue(attrs: string, body: string): string {
  const type = attr(attrs, 'office:value-type');
  const text = cellText(body);
  if (type === 'float' || type === 'percentage' || type === 'currency') {
    if (/^\d+$/.test(text.trim())) return text.trim();
    const n = Number(attr(attrs, 'office:value'));
    if (!Number.isFinite(n)) return text;
    return Number.isInteger(n) && Math.abs(n) < 1e21 ? BigInt(n).toString() : String(n);
  }
  if (type === 'date') return (attr(attrs, 'office:date-value') ?? text).slice(0, 10);
  if (type === 'boolean') return attr(attrs, 'office:boolean-value') ?? text;
  return text;
}

export async function readOds(bytes: Uint8Array<ArrayBuffer>): Promise<Sheet[]> {
  const files = await unzip(bytes);
  const content = files.get('content.xml');
  if (!content) throw new Error('no content.xml: not an OpenDocument spreadsheet');
  const xml = decoder.decode(content);
  const sheets: Sheet[] = [];
  for (const table of xml.matchAll(/<table:table\s([^>]*)>([\s\S]*?)<\/table:table>/g)) {
    const rows: string[][] = [];
    const lines: number[] = [];
    let line = 0;
    const rowPattern = /<table:table-row(\s[^>]*)?(?:\/>|>([\s\S]*?)<\/table:table-row>)/g;
    for (const rowMatch of (table[2] ?? '').matchAll(rowPattern)) {
      const repeat = Number(attr(rowMatch[1] ?? '', 'table:number-rows-repeated') ?? 1);
      const row: string[] = [];
      const cellPattern =
        /<table:(?:covered-)?table-cell(\s[^>]*?)?(?:\/>|>([\s\S]*?)<\/table:(?:covered-)?table-cell>)/g;
      for (const cell of (rowMatch[2] ?? '').matchAll(cellPattern)) {
        const attrs = cell[1] ?? '';
        const value = cellValue(attrs, cell[2] ?? '');
        const times = Math.min(Number(attr(attrs, 'table:number-columns-repeated') ?? 1), MAX_REPEAT);
        for (let i = 0; i < times; i++) row.push(value);
      }
      while (row.length > 0 && row.at(-1) === '') row.pop();
      const filled = row.some((c) => c.trim() !== '');
      for (let i = 0; i < (filled ? Math.min(repeat, MAX_REPEAT) : 1); i++) {
        line += 1;
        if (filled) {
          rows.push([...row]);
          lines.push(line);
        }
      }
      if (!filled) line += repeat - 1;
    }
    sheets.push({ name: unescapeXml(attr(table[1] ?? '', 'table:name') ?? `Sheet${sheets.length + 1}`), rows, lines });
  }
  if (sheets.length === 0) throw new Error('no table in the file');
  return sheets;
}
