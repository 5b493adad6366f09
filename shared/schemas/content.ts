import { isValidZone } from '../calling/zones.ts';
import type { CollectionName } from '../core/types.ts';
import { type CallDial, callDialProblem } from '../telephony/call-events.ts';
import { type TelephonySettings, telephonyProblem } from '../telephony/softphone-settings.ts';
import type { ValidationIssue } from './validate.ts';

/**
 * What a schema cannot say about a document but every reader relies on: ids that are plain tokens
 * (never empty, never a path), time zones that are real IANA zones, telephony settings the softphone
 * (and the content security policy built from them) can use, and call events that hold together
 * (answered after dialled, talk time the answered span). The server refuses a push
 * that breaks these; the forms check them before saving.
 */

/** Document ids: uuidv7 in practice; letters, digits, `-` and `_`, starting with a letter or digit. */
export const DOC_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

type Doc = Record<string, unknown>;

/** Where each collection keeps a time zone, and whether it may be empty. */
const ZONES: Partial<Record<CollectionName, (doc: Doc) => unknown[]>> = {
  prospects: (d) => (d.timeZone === '' ? [] : [d.timeZone]),
  callbacks: (d) => [d.timeZone],
  settings: (d) => [(d.workingHours as Doc | undefined)?.timeZone],
};

const ZONE_PATH: Partial<Record<CollectionName, string>> = {
  prospects: 'timeZone',
  callbacks: 'timeZone',
  settings: 'workingHours.timeZone',
};

export function contentIssues(collection: CollectionName, value: object): ValidationIssue[] {
  const doc = value as Doc;
  const issues: ValidationIssue[] = [];
  if (typeof doc.id !== 'string' || !DOC_ID.test(doc.id)) {
    issues.push({ path: 'id', message: 'must be letters, digits, - or _ (at most 64)' });
  }
  for (const zone of ZONES[collection]?.(doc) ?? []) {
    if (!isValidZone(zone)) {
      issues.push({
        path: ZONE_PATH[collection] ?? 'timeZone',
        message: `is not a known time zone (${String(zone).slice(0, 64)})`,
      });
    }
  }
  const extra = EXTRA[collection]?.(doc);
  if (extra) issues.push(extra);
  return issues;
}

/** Checks of one field against the others, by collection. */
const EXTRA: Partial<Record<CollectionName, (doc: Doc) => ValidationIssue | null>> = {
  settings: (d) => {
    const problem = d.telephony ? telephonyProblem(d.telephony as TelephonySettings) : null;
    return problem ? { path: 'telephony', message: problem } : null;
  },
  calls: (d) => {
    const problem = d.dial ? callDialProblem(d.dial as CallDial) : null;
    return problem ? { path: 'dial', message: problem } : null;
  },
};
