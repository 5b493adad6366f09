import { type CellFormat, formatOf, numberText } from './number-format.ts';
import type { Sheet } from './xlsx-read.ts';

/**
 * Reads an Excel 97–2003 workbook (.xls, what 1C and older Excel still save): the compound file's
 * `Workbook` stream ([MS-CFB]) and, in it, the BIFF8 records ([MS-XLS]) an import needs: the sheets in
 * order, shared strings (split over CONTINUE records), text, numbers (RK, MULRK, NUMBER), formulas'
 * cached values and number formats (a tax id in a `0000000000` format keeps its zero). Excel 5/95
 * files (BIFF5) and password-protected workbooks are refused by name: `XlsUnsupported`.
 */

export class XlsUnsupported extends Error {
  readonly reason: 'encrypted' | 'old';
  constructor(reason: 'encrypted' | 'old') {
    super(reason === 'encrypted' ? 'the workbook is password-protected' : 'an Excel 5.0/95 workbook');
    this.reason = reason;
  }
}

const END_OF_CHAIN = 0xfffffffa;
const UTF16 = new TextDecoder('utf-16le');

/** The named stream of a compound file, or null when it has none. */
export function compoundStream(bytes: Uint8Array, wanted: string): Uint8Array | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sectorSize = 2 ** view.getUint16(0x1e, true);
  const miniSize = 2 ** view.getUint16(0x20, true);
  if (sectorSize < 128 || sectorSize > 65_536 || miniSize > sectorSize) throw new Error('damaged compound file');
  const u32 = (at: number) => {
    if (at + 4 > bytes.length) throw new Error('damaged compound file');
    return view.getUint32(at, true);
  };
  const sectorAt = (n: number) => (n + 1) * sectorSize;

  // The FAT's sectors: 109 in the header, the rest in a chain of DIFAT sectors.
  const fatCount = u32(0x2c);
  const fatSectors: number[] = [];
  for (let i = 0; i < 109 && fatSectors.length < fatCount; i++) fatSectors.push(u32(0x4c + 4 * i));
  const perDifat = sectorSize / 4 - 1;
  for (let s = u32(0x44), hops = 0; fatSectors.length < fatCount && s < END_OF_CHAIN; hops++) {
    if (hops > fatCount) throw new Error('damaged compound file');
    for (let i = 0; i < perDifat && fatSectors.length < fatCount; i++) fatSectors.push(u32(sectorAt(s) + 4 * i));
    s = u32(sectorAt(s) + perDifat * 4);
  }
  const fat: number[] = [];
  for (const s of fatSectors) for (let i = 0; i < sectorSize / 4; i++) fat.push(u32(sectorAt(s) + 4 * i));

  const chain = (start: number, table: readonly number[]) => {
    const sectors: number[] = [];
    for (let s = start; s < END_OF_CHAIN; s = table[s] ?? END_OF_CHAIN) {
      if (sectors.length > table.length) throw new Error('damaged compound file: a sector chain loops');
      sectors.push(s);
    }
    return sectors;
  };
  const readChain = (start: number) => {
    const sectors = chain(start, fat);
    const out = new Uint8Array(sectors.length * sectorSize);
    sectors.forEach((s, i) => {
      if (sectorAt(s) + sectorSize > bytes.length) throw new Error('damaged compound file');
      out.set(bytes.subarray(sectorAt(s), sectorAt(s) + sectorSize), i * sectorSize);
    });
    return out;
  };

  const directory = readChain(u32(0x30));
  const dirView = new DataView(directory.buffer);
  let miniStream: Uint8Array | null = null;
  let found: { start: number; size: number } | null = null;
  for (let at = 0; at + 128 <= directory.length; at += 128) {
    const nameLength = Math.min(dirView.getUint16(at + 0x40, true), 64);
    const type = directory[at + 0x42];
    const start = dirView.getUint32(at + 0x74, true);
    const size = dirView.getUint32(at + 0x78, true);
    if (type === 5) miniStream = readChain(start).subarray(0, size);
    const name = UTF16.decode(directory.subarray(at, at + Math.max(0, nameLength - 2)));
    if (type === 2 && name.toLowerCase() === wanted.toLowerCase()) found = { start, size };
  }
  if (!found) return null;
  if (found.size >= u32(0x38)) return readChain(found.start).subarray(0, found.size);
  // Small streams live in the mini stream, in 64-byte sectors chained by the mini FAT.
  const miniFatBytes = readChain(u32(0x3c));
  const miniFat = Array.from({ length: miniFatBytes.length / 4 }, (_, i) =>
    new DataView(miniFatBytes.buffer).getUint32(i * 4, true),
  );
  const out = new Uint8Array(found.size);
  chain(found.start, miniFat).forEach((s, i) => {
    const piece = miniStream?.subarray(s * miniSize, s * miniSize + miniSize);
    if (!piece) throw new Error('damaged compound file');
    out.set(piece.subarray(0, Math.min(miniSize, found.size - i * miniSize)), i * miniSize);
  });
  return out;
}

/** A record's data followed by its CONTINUE records, read as one, as [MS-XLS] 2.1.4 splits strings. */
class Continued {
  private readonly segments: Uint8Array[];
  private index = 0;
  private at = 0;
  constructor(segments: Uint8Array[]) {
    this.segments = segments;
  }
  private current(): Uint8Array {
    while (this.at >= (this.segments[this.index]?.length ?? 0)) {
      if (this.index >= this.segments.length - 1) throw new Error('damaged workbook: a record ends early');
      this.index += 1;
      this.at = 0;
    }
    return this.segments[this.index]!;
  }
  byte(): number {
    const segment = this.current();
    return segment[this.at++]!;
  }
  u16(): number {
    return this.byte() | (this.byte() << 8);
  }
  u32(): number {
    return (this.u16() | (this.u16() << 16)) >>> 0;
  }
  skip(count: number): void {
    for (let i = 0; i < count; i++) this.byte();
  }
  /** `count` characters; a CONTINUE inside them starts with a new flags byte (8- or 16-bit). */
  chars(count: number, wide: boolean): string {
    let text = '';
    let left = count;
    while (left > 0) {
      if (this.at >= (this.segments[this.index]?.length ?? 0)) {
        this.current();
        wide = (this.byte() & 1) === 1;
      }
      const segment = this.segments[this.index]!;
      const fits = wide ? Math.floor((segment.length - this.at) / 2) : segment.length - this.at;
      const take = Math.min(fits, left);
      if (take <= 0) throw new Error('damaged workbook: a string is cut');
      const piece = segment.subarray(this.at, this.at + take * (wide ? 2 : 1));
      text += wide ? UTF16.decode(piece) : String.fromCharCode(...piece);
      this.at += piece.length;
      left -= take;
    }
    return text;
  }
  /** An XLUnicodeRichExtendedString (SST), or an XLUnicodeString (cch of 16 bits, flags, characters). */
  string(lengthBytes: 1 | 2 = 2): string {
    const count = lengthBytes === 1 ? this.byte() : this.u16();
    const flags = this.byte();
    const runs = flags & 0x08 ? this.u16() : 0;
    const extension = flags & 0x04 ? this.u32() : 0;
    const text = this.chars(count, (flags & 1) === 1);
    this.skip(runs * 4 + extension);
    return text;
  }
}

interface BiffRecord {
  type: number;
  data: Uint8Array;
  /** Offset of the record in the stream. */
  at: number;
}

function* records(stream: Uint8Array, from: number): Generator<BiffRecord> {
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  for (let at = from; at + 4 <= stream.length;) {
    const type = view.getUint16(at, true);
    const length = view.getUint16(at + 2, true);
    yield { type, data: stream.subarray(at + 4, at + 4 + length), at };
    at += 4 + length;
  }
}

const RECORD = {
  EOF: 0x000a,
  CONTINUE: 0x003c,
  FILEPASS: 0x002f,
  DATEMODE: 0x0022,
  BOUNDSHEET: 0x0085,
  SST: 0x00fc,
  FORMAT: 0x041e,
  XF: 0x00e0,
  LABELSST: 0x00fd,
  LABEL: 0x0204,
  RSTRING: 0x00d6,
  NUMBER: 0x0203,
  RK: 0x027e,
  MULRK: 0x00bd,
  FORMULA: 0x0006,
  STRING: 0x0207,
  BOOLERR: 0x0205,
} as const;

/** An RK number: 30 bits of a float's top or of an integer, maybe divided by 100. */
function rkNumber(rk: number): number {
  let n: number;
  if (rk & 0x02) n = rk >> 2;
  else {
    const view = new DataView(new ArrayBuffer(8));
    view.setUint32(4, rk & 0xfffffffc, true);
    n = view.getFloat64(0, true);
  }
  return rk & 0x01 ? n / 100 : n;
}

/** The records that follow `index` while they are CONTINUE records. */
function withContinues(all: BiffRecord[], index: number, skip = 0): Continued {
  const segments = [all[index]!.data.subarray(skip)];
  for (let i = index + 1; all[i]?.type === RECORD.CONTINUE; i++) segments.push(all[i]!.data);
  return new Continued(segments);
}

/** Every worksheet of an .xls file as rows of text, in the workbook's order. */
export function readXls(bytes: Uint8Array): Sheet[] {
  const stream = compoundStream(bytes, 'Workbook');
  if (!stream) {
    if (compoundStream(bytes, 'Book')) throw new XlsUnsupported('old');
    throw new Error('no workbook in the file');
  }
  const globals: BiffRecord[] = [];
  for (const record of records(stream, 0)) {
    globals.push(record);
    if (record.type === RECORD.EOF) break;
  }
  const bof = globals[0];
  if (!bof || bof.type !== 0x0809 || new DataView(bof.data.buffer, bof.data.byteOffset).getUint16(0, true) !== 0x0600)
    throw new XlsUnsupported('old');

  let strings: string[] = [];
  const formatCodes = new Map<number, string>();
  const xfFormats: number[] = [];
  const sheets: { name: string; at: number }[] = [];
  let date1904 = false;
  globals.forEach((record, i) => {
    const view = new DataView(record.data.buffer, record.data.byteOffset, record.data.byteLength);
    switch (record.type) {
      case RECORD.FILEPASS:
        throw new XlsUnsupported('encrypted');
      case RECORD.DATEMODE:
        date1904 = view.getUint16(0, true) === 1;
        break;
      case RECORD.SST: {
        const reader = withContinues(globals, i, 4);
        const unique = reader.u32();
        strings = Array.from({ length: unique }, () => reader.string());
        break;
      }
      case RECORD.FORMAT:
        formatCodes.set(view.getUint16(0, true), new Continued([record.data.subarray(2)]).string());
        break;
      case RECORD.XF:
        xfFormats.push(view.getUint16(2, true));
        break;
      case RECORD.BOUNDSHEET:
        // Worksheets only: charts and macro sheets hold no table.
        if (record.data[5] === 0) {
          sheets.push({ at: view.getUint32(0, true), name: new Continued([record.data.subarray(6)]).string(1) });
        }
        break;
    }
  });
  const formats: CellFormat[] = xfFormats.map((id) => formatOf(id, formatCodes.get(id) ?? ''));
  const number = (n: number, xf: number) => {
    const format = formats[xf];
    return numberText(format?.kind === 'date' && date1904 ? n + 1462 : n, format);
  };

  return sheets.map(({ name, at }) => {
    const cells = new Map<number, string[]>();
    const put = (row: number, col: number, value: string) => {
      const cellsOfRow = cells.get(row) ?? [];
      while (cellsOfRow.length < col) cellsOfRow.push('');
      cellsOfRow[col] = value;
      cells.set(row, cellsOfRow);
    };
    // The sheet's own records: from its BOF to its EOF, not the rest of the stream.
    const sheetRecords: BiffRecord[] = [];
    for (const record of records(stream, at)) {
      if (sheetRecords.length > 0 && record.type === RECORD.EOF) break;
      sheetRecords.push(record);
    }
    let pendingFormula: { row: number; col: number } | null = null;
    for (const [i, record] of sheetRecords.entries()) {
      const data = record.data;
      if (data.length < 6 && record.type !== RECORD.STRING) continue;
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      const row = view.getUint16(0, true);
      const col = view.getUint16(2, true);
      const xf = view.getUint16(4, true);
      switch (record.type) {
        case RECORD.LABELSST:
          put(row, col, strings[view.getUint32(6, true)] ?? '');
          break;
        case RECORD.LABEL:
        case RECORD.RSTRING:
          put(row, col, withContinues(sheetRecords, i, 6).string());
          break;
        case RECORD.NUMBER:
          put(row, col, number(view.getFloat64(6, true), xf));
          break;
        case RECORD.RK:
          put(row, col, number(rkNumber(view.getUint32(6, true)), xf));
          break;
        case RECORD.MULRK:
          for (let c = col, p = 4; p + 6 <= data.length - 2; c++, p += 6) {
            put(row, c, number(rkNumber(view.getUint32(p + 2, true)), view.getUint16(p, true)));
          }
          break;
        case RECORD.BOOLERR:
          if (data[7] === 0) put(row, col, data[6] ? 'TRUE' : 'FALSE');
          break;
        case RECORD.FORMULA:
          // A cached number, or a marker: 0 = the text follows in a STRING record, 1 = a boolean.
          if (view.getUint16(12, true) !== 0xffff) put(row, col, number(view.getFloat64(6, true), xf));
          else if (data[6] === 0) pendingFormula = { row, col };
          else if (data[6] === 1) put(row, col, data[8] ? 'TRUE' : 'FALSE');
          break;
        case RECORD.STRING:
          if (pendingFormula) put(pendingFormula.row, pendingFormula.col, withContinues(sheetRecords, i).string());
          pendingFormula = null;
          break;
      }
    }
    const numbers = [...cells.keys()].toSorted((a, b) => a - b);
    const rows: string[][] = [];
    const lines: number[] = [];
    for (const r of numbers) {
      const row = cells.get(r)!;
      if (!row.some((c) => c.trim() !== '')) continue;
      rows.push(row);
      lines.push(r + 1);
    }
    return { name, rows, lines };
  });
}
