import { jsonEqual } from '../core/equal.ts';
import { formatPhone, parsePhone, phoneKey } from './phone.ts';
import { schemas } from '../schemas/index.ts';
import { nameKey } from './search.ts';
import type { Contact, Prospect, ProspectStatus } from '../core/types.ts';
import { validate } from '../schemas/validate.ts';
import { contentIssues } from '../schemas/content.ts';
import { DEFAULT_ZONE } from './zones.ts';

/** What the prospect form edits; phones as typed. */
export interface ProspectInput {
  kind: 'company' | 'person';
  name: string;
  phone: string;
  taxId: string;
  email: string;
  region: string;
  timeZone: string;
  industry: string;
  status: ProspectStatus;
  notes: string;
  contacts: { id: string; name: string; position: string; phone: string; email: string }[];
}

/** Error keys are message ids the UI translates (renderer/i18n). */
export type FieldErrors = Partial<Record<string, string>>;

const TAX_ID = /^(\d{10}|\d{12})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** INN check digits (Russian tax id), so a typo is caught before it becomes a duplicate. */
export function isValidTaxId(taxId: string): boolean {
  if (!TAX_ID.test(taxId)) return false;
  const d = taxId.split('').map(Number);
  const check = (weights: number[]) => (weights.reduce((sum, w, i) => sum + w * (d[i] ?? 0), 0) % 11) % 10;
  if (d.length === 10) return check([2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[9];
  return check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[10] && check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[11];
}

export function emptyProspectInput(): ProspectInput {
  return {
    kind: 'company',
    name: '',
    phone: '',
    taxId: '',
    email: '',
    region: '',
    timeZone: 'Europe/Moscow',
    industry: '',
    status: 'new',
    notes: '',
    contacts: [],
  };
}

export function inputFromProspect(p: Prospect): ProspectInput {
  return {
    kind: p.kind,
    name: p.name,
    phone: p.phone ? formatPhone(p.phone, p.phoneExt) : '',
    taxId: p.taxId,
    email: p.email,
    region: p.region,
    timeZone: p.timeZone,
    industry: p.industry,
    status: p.status,
    notes: p.notes,
    contacts: p.contacts.map(({ phoneExt, ...c }) => ({ ...c, phone: c.phone ? formatPhone(c.phone, phoneExt) : '' })),
  };
}

/**
 * Brings an open form up to date with a record someone else changed: fields the user has not
 * touched take the new values, fields the user is editing keep what they typed.
 */
export function rebaseInput(current: ProspectInput, before: ProspectInput, after: ProspectInput): ProspectInput {
  const next: Record<string, unknown> = { ...current };
  for (const key of Object.keys(current) as (keyof ProspectInput)[]) {
    if (jsonEqual(current[key], before[key])) next[key] = after[key];
  }
  return next as unknown as ProspectInput;
}

/** A phone field as typed: its E.164 form and extension, or the message key of what is wrong. */
function readPhone(text: string): { e164: string; ext: string; error?: string } {
  const parsed = parsePhone(text);
  if (!parsed) return { e164: '', ext: '' };
  if (!parsed.ok)
    return { e164: '', ext: '', error: parsed.problem === 'impossible' ? 'error.phoneImpossible' : 'error.phone' };
  return { e164: parsed.phone.e164, ext: parsed.phone.ext };
}

export type BuildResult = { ok: true; prospect: Prospect } | { ok: false; errors: FieldErrors };

/**
 * Validates form input and builds the stored document, normalising phones and deriving search keys.
 * `existing` keeps the fields the form does not edit.
 */
export function buildProspect(
  input: ProspectInput,
  context: { id: string; actorId: string; now: number; existing?: Prospect },
): BuildResult {
  const errors: FieldErrors = {};
  const name = input.name.trim();
  if (!name) errors.name = 'error.required';
  const main = readPhone(input.phone);
  if (main.error) errors.phone = main.error;
  const taxId = input.taxId.replace(/\s/g, '');
  if (taxId && !isValidTaxId(taxId)) errors.taxId = 'error.taxId';
  if (input.email.trim() && !EMAIL.test(input.email.trim())) errors.email = 'error.email';
  const contacts: Contact[] = [];
  input.contacts.forEach((c, i) => {
    const contactPhone = readPhone(c.phone);
    if (contactPhone.error) errors[`contacts.${i}.phone`] = contactPhone.error;
    if (!c.name.trim() && !c.phone.trim()) errors[`contacts.${i}.name`] = 'error.required';
    contacts.push({
      id: c.id,
      name: c.name.trim(),
      position: c.position.trim(),
      phone: contactPhone.e164,
      phoneExt: contactPhone.ext,
      email: c.email.trim(),
    });
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const e = context.existing;
  const prospect: Prospect = {
    id: context.id,
    createdAt: e?.createdAt ?? context.now,
    updatedAt: context.now,
    kind: input.kind,
    name,
    nameKey: nameKey(name),
    phone: main.e164,
    phoneKey: main.e164 ? phoneKey(main.e164) : '',
    phoneExt: main.ext,
    taxId,
    email: input.email.trim(),
    website: e?.website ?? '',
    contacts,
    region: input.region.trim(),
    timeZone: input.timeZone,
    industry: input.industry.trim(),
    source: e?.source ?? 'manual',
    sourceListId: e?.sourceListId ?? '',
    status: input.status,
    expectedNeed: e?.expectedNeed ?? { description: '', date: '', precision: '', confidence: 0, trigger: '' },
    ownerId: e?.ownerId ?? context.actorId,
    createdBy: e?.createdBy ?? context.actorId,
    attempts: e?.attempts ?? 0,
    lastCallAt: e?.lastCallAt ?? 0,
    lastOutcome: e?.lastOutcome ?? '',
    nextCallAt: e?.nextCallAt ?? 0,
    claimedBy: e?.claimedBy ?? '',
    claimedUntil: e?.claimedUntil ?? 0,
    notes: input.notes,
  };
  const issues = [...validate(schemas.prospects, prospect), ...contentIssues('prospects', prospect)];
  if (issues.length > 0) {
    for (const issue of issues) errors[issue.path.split(/[.[]/)[0] ?? 'form'] = 'error.invalid';
    return { ok: false, errors };
  }
  return { ok: true, prospect };
}

/**
 * A prospect with the defaults of a fresh one (new, never called, nobody's); `nameKey` and
 * `phoneKey` are always derived from the name and phone given.
 */
export function newProspect(
  fields: Pick<Prospect, 'id' | 'createdAt' | 'name'> & Partial<Omit<Prospect, 'nameKey' | 'phoneKey'>>,
): Prospect {
  const phone = fields.phone ?? '';
  return {
    updatedAt: fields.createdAt,
    kind: 'company',
    phone,
    phoneExt: '',
    taxId: '',
    email: '',
    website: '',
    contacts: [],
    region: '',
    timeZone: DEFAULT_ZONE,
    industry: '',
    source: 'manual',
    sourceListId: '',
    status: 'new',
    expectedNeed: { description: '', date: '', precision: '', confidence: 0, trigger: '' },
    ownerId: '',
    createdBy: '',
    attempts: 0,
    lastCallAt: 0,
    lastOutcome: '',
    nextCallAt: 0,
    claimedBy: '',
    claimedUntil: 0,
    notes: '',
    ...fields,
    nameKey: nameKey(fields.name),
    phoneKey: phone ? phoneKey(phone) : '',
  };
}
