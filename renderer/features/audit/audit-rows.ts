import type { User } from '../../../shared/core/types.ts';
import type { AuditEntry } from '../../../shared/sync/wire.ts';
import { isMessageKey, type MessageKey, type Translate } from '../../i18n/index.ts';

/** One audit entry as the screen and its exports show it. */
export interface AuditRow {
  seq: number;
  at: string;
  who: string;
  role: string;
  action: string;
  subject: string;
  detail: string;
}

const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** What an entry is about: a user by name, or a collection (named in the user's language) and document id. */
function subjectOf(e: AuditEntry, person: (id: string) => string, t: Translate): string {
  if (e.action === 'key_rotated' || e.action === 'erase') return e.docId;
  if (e.collection === 'auth') return person(e.docId);
  const key = `collection.${e.collection}`;
  const collection = isMessageKey(key) ? t(key) : e.collection;
  return `${collection} · ${e.collection === 'users' ? person(e.docId) : e.docId}`;
}

export function auditRows(
  entries: readonly AuditEntry[],
  users: Map<string, User>,
  t: Translate,
  locale: string,
): AuditRow[] {
  const person = (id: string) => {
    if (id === '') return t('audit.unknown');
    if (id === 'system') return t('audit.system');
    const u = users.get(id);
    return u ? `${u.name} (${u.username})` : id;
  };
  return entries.map((e) => {
    const key = `audit.action.${e.action}`;
    const isEvent = e.collection === 'auth' || e.collection === 'admin';
    const d = e.data;
    const named = text(d.name) || text(d.title) || text(d.username) || text(d.need);
    const detail = isEvent
      ? [text(d.username), text(d.address), text(d.reason)].filter(Boolean).join(' · ') ||
        (e.action === 'erase' ? `${text(d.documents)} / ${text(d.auditEntries)}` : '')
      : [named, d.erased ? t('audit.erased', { at: new Date(text(d.erased)).toLocaleString(locale) }) : '']
          .filter(Boolean)
          .join(' · ');
    return {
      seq: e.seq,
      at: new Date(e.at).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'medium' }),
      who: person(e.userId),
      role: e.role,
      action: isMessageKey(key) ? t(key as MessageKey) : e.action,
      subject: subjectOf(e, person, t),
      detail: detail.slice(0, 200),
    };
  });
}
