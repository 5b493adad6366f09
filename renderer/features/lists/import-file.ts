import { parseCsv } from '../../../shared/csv.ts';
import { readXlsx } from '../../../shared/xlsx-read.ts';
import type { BaseIndex } from '../../../shared/import.ts';
import type { LeadlineDatabase } from '../../db/collections.ts';

/** The rows of an uploaded CSV or XLSX file, header first. */
export async function readRows(file: File): Promise<string[][]> {
  if (/\.xlsx$/i.test(file.name)) return readXlsx(new Uint8Array(await file.arrayBuffer()));
  return parseCsv(await file.text());
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
