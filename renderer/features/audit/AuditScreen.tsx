import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { AuditEntry, AuditQuery } from '../../../shared/sync/wire.ts';
import type { Workspace } from '../../app/session-store.ts';
import { getBridge } from '../../bridge/index.ts';
import { useLanguageStore, useT } from '../../i18n/index.ts';
import { ExportButtons } from '../../ui/ExportButtons.tsx';
import { useUsers } from '../requests/use-requests.ts';
import { auditRows } from './audit-rows.ts';

const PAGE = 200;
const DAY = 86_400_000;

/** Admins: who did what, when — document writes, sign-ins, resets, erasures — filtered and exported. */
export function AuditScreen({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const language = useLanguageStore((s) => s.language);
  const locale = language === 'ru' ? 'ru-RU' : 'en-GB';
  const users = useUsers(workspace.db);
  const [filters, setFilters] = useState({ user: '', doc: '', from: '', to: '' });
  const [query, setQuery] = useState<AuditQuery>({ limit: PAGE });
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState('');

  const show = useCallback((page: AuditEntry[], append: boolean) => {
    setEntries((old) => (append && old ? [...old, ...page] : page));
    setMore(page.length === PAGE);
    setError('');
  }, []);
  const fail = useCallback((e: unknown) => setError(e instanceof Error ? e.message : String(e)), []);

  useEffect(() => {
    let stopped = false;
    getBridge()
      .admin.audit(query)
      .then((page) => {
        if (!stopped) show(page, false);
      })
      .catch((e: unknown) => {
        if (!stopped) fail(e);
      });
    return () => {
      stopped = true;
    };
  }, [query, show, fail]);

  function older() {
    getBridge()
      .admin.audit({ ...query, before: entries?.at(-1)?.seq })
      .then((page) => show(page, true))
      .catch(fail);
  }

  function apply(event: FormEvent) {
    event.preventDefault();
    const q: AuditQuery = { limit: PAGE };
    if (filters.user) q.user = filters.user;
    if (filters.doc.trim()) q.doc = filters.doc.trim();
    // Dates are the admin's calendar days: from the first one's start to the end of the last.
    if (filters.from) q.from = new Date(`${filters.from}T00:00`).getTime();
    if (filters.to) q.to = new Date(`${filters.to}T00:00`).getTime() + DAY;
    setQuery(q);
  }

  const rows = auditRows(entries ?? [], users, t, locale);
  const people = [...users.values()].toSorted((a, b) => a.name.localeCompare(b.name));
  return (
    <main className="page">
      <header className="page__head">
        <h1>{t('audit.title')}</h1>
        <ExportButtons
          name="audit"
          table={() => [
            [t('audit.at'), t('audit.who'), t('audit.action'), t('audit.subject'), t('audit.detail')],
            ...rows.map((r) => [r.at, r.who, r.action, r.subject, r.detail]),
          ]}
        />
      </header>
      <form className="inline-form audit__filters" aria-label={t('audit.filters')} onSubmit={apply}>
        <label className="field">
          <span>{t('audit.user')}</span>
          <select value={filters.user} onChange={(e) => setFilters({ ...filters, user: e.target.value })}>
            <option value="">{t('audit.anyone')}</option>
            {people.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.username})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('audit.doc')}</span>
          <input value={filters.doc} maxLength={64} onChange={(e) => setFilters({ ...filters, doc: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('audit.from')}</span>
          <input type="date" value={filters.from} onChange={(e) => setFilters({ ...filters, from: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('audit.to')}</span>
          <input type="date" value={filters.to} onChange={(e) => setFilters({ ...filters, to: e.target.value })} />
        </label>
        <button className="button button--primary" type="submit">
          {t('audit.apply')}
        </button>
      </form>
      {error && (
        <p className="banner banner--error" role="alert">
          {t('audit.offline', { reason: error })}
        </p>
      )}
      {entries && rows.length === 0 && <p className="muted">{t('audit.none')}</p>}
      {rows.length > 0 && (
        <table className="table" aria-label={t('audit.title')}>
          <thead>
            <tr>
              <th>{t('audit.at')}</th>
              <th>{t('audit.who')}</th>
              <th>{t('audit.action')}</th>
              <th>{t('audit.subject')}</th>
              <th>{t('audit.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.seq}>
                <td>{r.at}</td>
                <td>{r.who}</td>
                <td>{r.action}</td>
                <td className="audit__subject">{r.subject}</td>
                <td className="muted">{r.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more && entries && (
        <button className="button" type="button" onClick={older}>
          {t('audit.more')}
        </button>
      )}
    </main>
  );
}
