import { parsePhone, phoneKey, zoneFromPhone } from '../calling/phone.ts';
import { isValidTaxId, newProspect } from '../calling/prospect.ts';
import type { CallList, ListSource, Prospect } from '../core/types.ts';
import { DEFAULT_ZONE } from '../calling/zones.ts';

/**
 * Importing a market-research file: map its columns onto prospect fields, normalise phones and tax
 * ids, check every row against the base for duplicates, and report every row that cannot be used
 * with its reason. Nothing is dropped silently.
 */

export const IMPORT_FIELDS = [
  'name',
  'phone',
  'taxId',
  'region',
  'industry',
  'email',
  'contactName',
  'contactPhone',
  'notes',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export type ColumnMapping = Partial<Record<ImportField, number>>;

const HINTS: Record<ImportField, RegExp> = {
  name: /^(name|company|название|компания|организация|наименование)/i,
  phone: /^(phone|tel|work\s*phone|телефон|тел|рабочий\s+тел)/i,
  taxId: /^(inn|tax|инн)/i,
  region: /^(region|регион|область|город|city)/i,
  industry: /^(industry|отрасль|сфера)/i,
  email: /^(e-?mail|почта|эл)/i,
  contactName: /^(contact(?!\s*phone)|контакт(?!н\S*\s+тел)|фио|лпр(?!.*тел))/i,
  contactPhone: /^(mobile|моб|сотовый|contact\s*phone|телефон (контакта|лпр)|контактн\S*\s+тел|лпр.*тел)/i,
  notes: /^(notes?|comment|примечание|комментарий)/i,
};

/** A first guess at the mapping from the header row; the user confirms or changes it. */
export function guessMapping(header: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  // More specific fields first, so "Телефон контакта" is not taken as the main phone.
  for (const field of ['contactPhone', 'contactName', ...IMPORT_FIELDS] as ImportField[]) {
    if (mapping[field] !== undefined) continue;
    const index = header.findIndex((h, i) => HINTS[field].test(h.trim()) && !Object.values(mapping).includes(i));
    if (index >= 0) mapping[field] = index;
  }
  return mapping;
}

/**
 * The row that holds the column names: title lines ("Отчёт агентства, ноябрь") often come first. The
 * first of the first ten rows in which a name or phone column and one more field are recognised; null
 * when none is.
 */
export function recognisedHeaderRow(rows: readonly (readonly string[])[]): number | null {
  for (let i = 0; i < Math.min(10, rows.length); i++) {
    const mapping = guessMapping(rows[i] ?? []);
    if ((mapping.name !== undefined || mapping.phone !== undefined) && Object.keys(mapping).length >= 2) return i;
  }
  return null;
}

/** The header row to start from: the recognised one, else the first. */
export function findHeaderRow(rows: readonly (readonly string[])[]): number {
  return recognisedHeaderRow(rows) ?? 0;
}

/**
 * The sheet an import starts on: the first with recognised column names and rows under them (a cover
 * page with a few lines of text does not hide the table), else the first with two rows or more.
 */
export function tableSheet(sheets: readonly { rows: readonly (readonly string[])[] }[]): number {
  const recognised = sheets.findIndex((sheet) => {
    const header = recognisedHeaderRow(sheet.rows);
    return header !== null && sheet.rows.length > header + 1;
  });
  if (recognised >= 0) return recognised;
  return Math.max(
    0,
    sheets.findIndex((sheet) => sheet.rows.length >= 2),
  );
}

/**
 * The rows an import refused, as a table to fix and import again: the file's own columns, then the
 * line each row came from and what is wrong with it.
 */
export function rejectedTable(
  header: readonly string[],
  rejected: readonly { line: number; problems: readonly string[] }[],
  cellsOfLine: (line: number) => readonly string[],
  labels: { line: string; problem: string; describe: (problem: string) => string },
): string[][] {
  return [
    [...header, labels.line, labels.problem],
    ...rejected.map((r) => {
      const cells = [...cellsOfLine(r.line)];
      while (cells.length < header.length) cells.push('');
      return [...cells.slice(0, header.length), String(r.line), r.problems.map(labels.describe).join('; ')];
    }),
  ];
}

export type Resolution = 'skip' | 'merge' | 'import';

export interface ImportRow {
  /** 1-based line in the file, header included, as a person counts it. */
  line: number;
  prospect: Prospect | null;
  problems: string[];
  duplicateOf: { id: string; name: string; by: 'phone' | 'taxId' } | null;
}

export interface BaseIndex {
  byPhone: Map<string, { id: string; name: string }>;
  byTaxId: Map<string, { id: string; name: string }>;
}

export function indexBase(
  prospects: Iterable<Pick<Prospect, 'id' | 'name' | 'phoneKey' | 'taxId' | 'contacts'>>,
): BaseIndex {
  const byPhone = new Map<string, { id: string; name: string }>();
  const byTaxId = new Map<string, { id: string; name: string }>();
  for (const p of prospects) {
    if (p.phoneKey) byPhone.set(p.phoneKey, { id: p.id, name: p.name });
    for (const c of p.contacts) if (c.phone) byPhone.set(phoneKey(c.phone), { id: p.id, name: p.name });
    if (p.taxId) byTaxId.set(p.taxId, { id: p.id, name: p.name });
  }
  return { byPhone, byTaxId };
}

export interface ImportContext {
  /** The file line of data row `index` (0-based); without it, the header is line 1 and rows follow. */
  lineOf?: (index: number) => number;
  listId: string;
  source: ListSource;
  actorId: string;
  now: number;
  newId: () => string;
}

/** Checks and builds each data row. Rows that repeat an earlier row of the same file are duplicates too. */
export function prepareImport(
  rows: readonly (readonly string[])[],
  mapping: ColumnMapping,
  base: BaseIndex,
  ctx: ImportContext,
): ImportRow[] {
  return rows.map(importChecker(mapping, base, ctx));
}

/**
 * The row check as a function of (row, index), remembering the rows it has seen: a caller can feed
 * a large file in chunks and let the window paint in between.
 */
export function importChecker(
  mapping: ColumnMapping,
  base: BaseIndex,
  ctx: ImportContext,
): (row: readonly string[], i: number) => ImportRow {
  const seenPhones = new Map<string, { id: string; name: string }>();
  const seenTaxIds = new Map<string, { id: string; name: string }>();
  const cell = (row: readonly string[], field: ImportField) => {
    const index = mapping[field];
    return index === undefined ? '' : (row[index] ?? '').trim();
  };
  const lineOf = ctx.lineOf ?? ((i: number) => i + 2);
  return (row, i) => {
    const problems: string[] = [];
    const name = cell(row, 'name');
    if (!name) problems.push('import.noName');
    const main = parsePhone(cell(row, 'phone'));
    if (main && !main.ok) problems.push(main.problem === 'impossible' ? 'import.impossiblePhone' : 'import.badPhone');
    const phone = main?.ok ? main.phone.e164 : null;
    const second = parsePhone(cell(row, 'contactPhone'));
    if (second && !second.ok) problems.push('import.badContactPhone');
    const contactPhone = second?.ok ? second.phone.e164 : null;
    if (!phone && !contactPhone) problems.push('import.noPhone');
    // "ИНН/КПП" columns carry both: the INN is what comes before the slash.
    const taxId = (cell(row, 'taxId').split(/[/\\|]/)[0] ?? '').replace(/\s/g, '');
    if (taxId && !isValidTaxId(taxId)) problems.push('import.badTaxId');
    if (problems.length > 0) return { line: lineOf(i), prospect: null, problems, duplicateOf: null };

    const id = ctx.newId();
    const key = phone ? phoneKey(phone) : '';
    const contactKey = contactPhone ? phoneKey(contactPhone) : '';
    const duplicateOf =
      (key &&
        (base.byPhone.get(key) ?? seenPhones.get(key)) && {
          ...(base.byPhone.get(key) ?? seenPhones.get(key))!,
          by: 'phone' as const,
        }) ||
      (contactKey &&
        (base.byPhone.get(contactKey) ?? seenPhones.get(contactKey)) && {
          ...(base.byPhone.get(contactKey) ?? seenPhones.get(contactKey))!,
          by: 'phone' as const,
        }) ||
      (taxId &&
        (base.byTaxId.get(taxId) ?? seenTaxIds.get(taxId)) && {
          ...(base.byTaxId.get(taxId) ?? seenTaxIds.get(taxId))!,
          by: 'taxId' as const,
        }) ||
      null;
    if (key) seenPhones.set(key, { id, name });
    if (contactKey) seenPhones.set(contactKey, { id, name });
    if (taxId) seenTaxIds.set(taxId, { id, name });
    const zone = (phone && zoneFromPhone(phone)) || (contactPhone && zoneFromPhone(contactPhone)) || DEFAULT_ZONE;
    const contactName = cell(row, 'contactName');
    const prospect = newProspect({
      id,
      createdAt: ctx.now,
      name,
      phone: phone ?? '',
      phoneExt: main?.ok ? main.phone.ext : '',
      taxId,
      email: cell(row, 'email'),
      contacts:
        contactName || contactPhone
          ? [
              {
                id: `${id}-c1`,
                name: contactName,
                position: '',
                phone: contactPhone ?? '',
                phoneExt: second?.ok ? second.phone.ext : '',
                email: '',
              },
            ]
          : [],
      region: cell(row, 'region'),
      timeZone: zone,
      industry: cell(row, 'industry'),
      source: ctx.source,
      sourceListId: ctx.listId,
      createdBy: ctx.actorId,
      notes: cell(row, 'notes'),
    });
    return { line: lineOf(i), prospect, problems: [], duplicateOf };
  };
}

export interface ImportPlan {
  create: Prospect[];
  /** Existing prospects moved into the list (merge): id and the fields the file adds. */
  merge: { id: string; listId: string; fill: Partial<Prospect> }[];
  skipped: number;
  invalid: ImportRow[];
}

/** What to write, given a resolution per duplicate row (or one for all). */
export function planImport(rows: readonly ImportRow[], resolve: (row: ImportRow) => Resolution): ImportPlan {
  const plan: ImportPlan = { create: [], merge: [], skipped: 0, invalid: [] };
  for (const row of rows) {
    if (!row.prospect) {
      plan.invalid.push(row);
      continue;
    }
    if (!row.duplicateOf) {
      plan.create.push(row.prospect);
      continue;
    }
    const choice = resolve(row);
    if (choice === 'skip') plan.skipped += 1;
    else if (choice === 'import') plan.create.push(row.prospect);
    else {
      const p = row.prospect;
      plan.merge.push({
        id: row.duplicateOf.id,
        listId: p.sourceListId,
        fill: { taxId: p.taxId, email: p.email, region: p.region, industry: p.industry, contacts: p.contacts },
      });
    }
  }
  return plan;
}

/**
 * Undoing an import: the prospects it created (on the list, created with it) that nobody has worked
 * yet are removed; those already called stay, and so do prospects the import merged into, which
 * existed before it.
 */
export function importUndo(
  list: Pick<CallList, 'id' | 'createdAt' | 'source'>,
  prospects: Iterable<Pick<Prospect, 'id' | 'sourceListId' | 'createdAt' | 'attempts' | 'status'>>,
): { remove: string[]; worked: number } {
  const remove: string[] = [];
  let worked = 0;
  if (list.source !== 'market_research') return { remove, worked };
  for (const p of prospects) {
    if (p.sourceListId !== list.id || p.createdAt !== list.createdAt) continue;
    if (p.attempts === 0 && p.status === 'new') remove.push(p.id);
    else worked += 1;
  }
  return { remove, worked };
}
