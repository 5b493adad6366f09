/**
 * Reads the sheets of an XLSX file into rows of text: the ZIP container (stored or deflated entries,
 * inflated with the platform's DecompressionStream), the sheets in the workbook's order, shared and
 * inline strings, numbers as their format means them (leading zeros, whole numbers written in
 * scientific notation, dates). Any namespace prefix is accepted (`x:row`). Formulas give their cached
 * values; styling is ignored: an import needs the values.
 */

import { type CellFormat, formatOf, numberText } from './number-format.ts';

const decoder = new TextDecoder();

async function inflate(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function unzip(bytes: Uint8Array<ArrayBuffer>): Promise<Map<string, Uint8Array>> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('not a ZIP file');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const files = new Map<string, Uint8Array>();
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error('damaged ZIP directory');
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const raw = bytes.slice(dataStart, dataStart + size);
    if (method === 0) files.set(name, raw);
    else if (method === 8) files.set(name, await inflate(raw));
    else throw new Error(`unsupported ZIP method ${method}`);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

export function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-f]+|#\d+);/gi, (_, e: string) => {
    switch (e.toLowerCase()) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      case 'amp':
        return '&';
      default:
        return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    }
  });
}

/** An element name with any namespace prefix (`x:row`, `row`). */
const tag = (name: string) => `(?:[A-Za-z_][\\w.-]*:)?${name}`;

/** The concatenated text runs (<t>) of an XML fragment, phonetic runs (<rPh>) left out. */
function textOf(xml: string): string {
  const withoutPhonetic = xml.replace(new RegExp(`<${tag('rPh')}[\\s\\S]*?</${tag('rPh')}>`, 'g'), '');
  const runs = new RegExp(`<${tag('t')}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag('t')}>`, 'g');
  return [...withoutPhonetic.matchAll(runs)].map((m) => unescapeXml(m[1] ?? '')).join('');
}

function columnIndex(ref: string): number {
  const letters = /^[A-Z]+/.exec(ref)?.[0] ?? 'A';
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** An attribute of an element's attribute text, whatever its prefix (`r:id`, `id`). */
function attr(attrs: string, name: string): string | undefined {
  return new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${name}="([^"]*)"`).exec(attrs)?.[1];
}

/** What each cell style says about how its number is meant: a date, a code padded with zeros, or a number. */
function cellFormats(stylesXml: string | null): CellFormat[] {
  if (!stylesXml) return [];
  const codes = new Map<number, string>();
  for (const m of stylesXml.matchAll(new RegExp(`<${tag('numFmt')}\\s([^>]*?)/?>`, 'g'))) {
    const id = Number(attr(m[1] ?? '', 'numFmtId'));
    codes.set(id, unescapeXml(attr(m[1] ?? '', 'formatCode') ?? ''));
  }
  const xfs = new RegExp(`<${tag('cellXfs')}[^>]*>([\\s\\S]*?)</${tag('cellXfs')}>`).exec(stylesXml)?.[1] ?? '';
  return [...xfs.matchAll(new RegExp(`<${tag('xf')}\\s([^>]*?)/?>`, 'g'))].map((m) => {
    const id = Number(attr(m[1] ?? '', 'numFmtId') ?? 0);
    return formatOf(id, codes.get(id) ?? '');
  });
}

export interface Sheet {
  name: string;
  rows: string[][];
  /** The sheet row number of each row (title and blank rows counted). */
  lines: number[];
}

/** A number cell's value as the sheet meant it; a value that is not a number as it is written. */
const numberOrText = (v: string, format: CellFormat | undefined) =>
  v.trim() !== '' && Number.isFinite(Number(v)) ? numberText(Number(v), format) : unescapeXml(v);

/** The sheets of a workbook in the order Excel shows them, by `workbook.xml` and its relationships. */
function sheetPaths(files: Map<string, Uint8Array>): { name: string; path: string }[] {
  const workbook = files.get('xl/workbook.xml');
  const rels = files.get('xl/_rels/workbook.xml.rels');
  if (workbook && rels) {
    const targets = new Map<string, string>();
    for (const m of decoder.decode(rels).matchAll(new RegExp(`<${tag('Relationship')}\\s([^>]*?)/?>`, 'g'))) {
      const id = attr(m[1] ?? '', 'Id');
      const target = attr(m[1] ?? '', 'Target');
      if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
    }
    const sheets = [...decoder.decode(workbook).matchAll(new RegExp(`<${tag('sheet')}\\s([^>]*?)/?>`, 'g'))]
      .map((m) => ({
        name: unescapeXml(attr(m[1] ?? '', 'name') ?? ''),
        path: targets.get(attr(m[1] ?? '', 'id') ?? '') ?? '',
      }))
      .filter((sheet) => files.has(sheet.path));
    if (sheets.length > 0) return sheets;
  }
  return [...files.keys()]
    .filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))
    .toSorted((a, b) => Number(/(\d+)\.xml$/.exec(a)?.[1]) - Number(/(\d+)\.xml$/.exec(b)?.[1]))
    .map((path, i) => ({ name: `Sheet${i + 1}`, path }));
}

/** Every sheet of an XLSX file as rows of text, in the workbook's order. */
export async function readWorkbook(bytes: Uint8Array<ArrayBuffer>): Promise<Sheet[]> {
  const files = await unzip(bytes);
  const paths = sheetPaths(files);
  if (paths.length === 0) throw new Error('no worksheet in the file');
  const sharedXml = files.get('xl/sharedStrings.xml');
  const shared = sharedXml
    ? [...decoder.decode(sharedXml).matchAll(new RegExp(`<${tag('si')}>([\\s\\S]*?)</${tag('si')}>`, 'g'))].map((m) =>
        textOf(m[1] ?? ''),
      )
    : [];
  const stylesXml = files.get('xl/styles.xml');
  const formats = cellFormats(stylesXml ? decoder.decode(stylesXml) : null);
  return paths.map(({ name, path }) => {
    const rows: string[][] = [];
    const lines: number[] = [];
    const rowPattern = new RegExp(`<${tag('row')}(\\s[^>]*)?>([\\s\\S]*?)</${tag('row')}>`, 'g');
    const cellPattern = new RegExp(`<${tag('c')}\\s([^>]*?)(?:/>|>([\\s\\S]*?)</${tag('c')}>)`, 'g');
    const valuePattern = new RegExp(`<${tag('v')}>([\\s\\S]*?)</${tag('v')}>`);
    let previous = 0;
    for (const rowMatch of decoder.decode(files.get(path)!).matchAll(rowPattern)) {
      const number = Number(attr(rowMatch[1] ?? '', 'r')) || previous + 1;
      previous = number;
      const row: string[] = [];
      for (const cell of (rowMatch[2] ?? '').matchAll(cellPattern)) {
        const attrs = cell[1] ?? '';
        const body = cell[2] ?? '';
        const ref = attr(attrs, 'r');
        const type = attr(attrs, 't') ?? 'n';
        const v = valuePattern.exec(body)?.[1];
        const value =
          type === 's'
            ? (shared[Number(v)] ?? '')
            : type === 'inlineStr'
              ? textOf(body)
              : v === undefined
                ? ''
                : type === 'n'
                  ? numberOrText(v, formats[Number(attr(attrs, 's') ?? 0)])
                  : unescapeXml(v);
        const index = ref ? columnIndex(ref) : row.length;
        while (row.length < index) row.push('');
        row[index] = value;
      }
      if (row.some((c) => c.trim() !== '')) {
        rows.push(row);
        lines.push(number);
      }
    }
    return { name, rows, lines };
  });
}

/** The rows of the first sheet that has any (a workbook whose first sheet is a cover page still reads). */
export async function readXlsx(bytes: Uint8Array<ArrayBuffer>): Promise<string[][]> {
  const sheets = await readWorkbook(bytes);
  return (sheets.find((s) => s.rows.length > 0) ?? sheets[0]!).rows;
}
