import { useMemo, useState } from 'react';
import { futureNeedCallbackAt } from '../../../shared/calling/callbacks.ts';
import { nameKey } from '../../../shared/calling/search.ts';
import { prospectZone } from '../../../shared/calling/queue.ts';
import type { Callback, Prospect, Settings, User } from '../../../shared/core/types.ts';
import { useNavStore } from '../../app/nav-store.ts';
import type { Workspace } from '../../app/session-store.ts';
import { useLive } from '../../db/use-query.ts';
import { isMessageKey, useLanguageStore, useNumber, useT } from '../../i18n/index.ts';
import { loadSettings } from '../desk/next-call.ts';
import { VirtualTbody } from '../../ui/VirtualRows.tsx';
import { useCallNow } from '../desk/use-call-now.ts';
import { plainAll } from '../../db/plain.ts';

interface Filters {
  text: string;
  region: string;
  industry: string;
  from: string;
  to: string;
  minConfidence: number;
  owner: string;
}

const EMPTY: Filters = { text: '', region: '', industry: '', from: '', to: '', minConfidence: 0, owner: '' };

export function matches(p: Prospect, f: Filters): boolean {
  const month = p.expectedNeed.date.slice(0, 7);
  return (
    (!f.text || nameKey(p.name).includes(nameKey(f.text))) &&
    (!f.region || p.region === f.region) &&
    (!f.industry || p.industry === f.industry) &&
    (!f.from || month >= f.from) &&
    (!f.to || month <= f.to) &&
    p.expectedNeed.confidence >= f.minConfidence &&
    (!f.owner || p.ownerId === f.owner)
  );
}

/** A calendar month shows this many names; the rest are a click away in the table, filtered to it. */
const CALENDAR_NAMES = 30;

/** The twelve months from this one, `YYYY-MM`. */
function months(now = new Date()): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const d = new Date(now.getFullYear(), now.getMonth() + i, 1);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  });
}

/** The future-need database: prospects whose need is expected later, as a table and as a calendar. */
export function FutureNeedsScreen({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const num = useNumber();
  const language = useLanguageStore((s) => s.language);
  const locale = language === 'ru' ? 'ru-RU' : 'en-GB';
  const callNow = useCallNow(workspace);
  const go = useNavStore((s) => s.go);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [mode, setMode] = useState<'table' | 'calendar'>('table');
  const [error, setError] = useState('');
  const [rescheduling, setRescheduling] = useState<{ id: string; month: string } | null>(null);
  const all = useLive(
    () =>
      workspace.db.prospects
        .find({ selector: { status: 'future_need' }, sort: [{ status: 'asc' }, { nextCallAt: 'asc' }] })
        .$.pipe(plainAll<Prospect>()),
    [workspace.db],
  );
  const users = useLive(() => workspace.db.users.find().$.pipe(plainAll<User>()), [workspace.db]);
  const rows = useMemo(() => (all ?? []).filter((p) => matches(p, filters)), [all, filters]);
  const regions = [...new Set((all ?? []).map((p) => p.region).filter(Boolean))].toSorted();
  const industries = [...new Set((all ?? []).map((p) => p.industry).filter(Boolean))].toSorted();
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const ownerName = (id: string) => users?.find((u) => u.id === id)?.name ?? '—';
  const fmtDate = (p: Prospect) =>
    p.expectedNeed.precision === 'quarter'
      ? `${p.expectedNeed.date.slice(0, 4)}-Q${Math.floor((Number(p.expectedNeed.date.slice(5, 7)) - 1) / 3) + 1}`
      : p.expectedNeed.precision === 'month'
        ? p.expectedNeed.date.slice(0, 7)
        : p.expectedNeed.date;

  async function reschedule(p: Prospect, month: string) {
    const settings: Settings = await loadSettings(workspace.db);
    const now = Date.now();
    const date = `${month}-01`;
    const dueAt = futureNeedCallbackAt({ date }, prospectZone(p), settings.futureNeedLeadDays, now);
    const open = await workspace.db.callbacks
      .find({ selector: { prospectId: p.id, done: false, reason: 'future_need' } })
      .exec();
    for (const doc of open)
      await workspace.repo.save('callbacks', { ...(doc.toJSON() as Callback), dueAt, updatedAt: now });
    await workspace.repo.save('prospects', {
      ...p,
      expectedNeed: { ...p.expectedNeed, date, precision: 'month' },
      nextCallAt: dueAt,
      updatedAt: now,
    });
    setRescheduling(null);
  }

  const actions = (p: Prospect) => (
    <>
      <button type="button" className="button button--ghost" onClick={() => go('prospects', p.id)}>
        {t('future.open')}
      </button>{' '}
      <button
        type="button"
        className="button"
        aria-label={t('callbacks.callNow', { name: p.name })}
        onClick={() => void callNow(p).then((e) => setError(e && isMessageKey(e) ? t(e) : ''))}
      >
        {t('future.callNow')}
      </button>{' '}
      {rescheduling?.id === p.id ? (
        <span className="inline-form">
          <input
            type="month"
            aria-label={t('future.newPeriod', { name: p.name })}
            value={rescheduling.month}
            onChange={(e) => setRescheduling({ id: p.id, month: e.target.value })}
          />
          <button
            type="button"
            className="button button--primary"
            disabled={!rescheduling.month}
            onClick={() => void reschedule(p, rescheduling.month)}
          >
            {t('form.save')}
          </button>
        </span>
      ) : (
        <button
          type="button"
          className="button button--ghost"
          onClick={() => setRescheduling({ id: p.id, month: p.expectedNeed.date.slice(0, 7) })}
        >
          {t('future.reschedule')}
        </button>
      )}
    </>
  );

  return (
    <main className="page">
      <header className="page__head">
        <h1>{t('future.title')}</h1>
        <div role="group" aria-label={t('future.view')} className="segmented">
          <button type="button" className="button" aria-pressed={mode === 'table'} onClick={() => setMode('table')}>
            {t('future.table')}
          </button>
          <button
            type="button"
            className="button"
            aria-pressed={mode === 'calendar'}
            onClick={() => setMode('calendar')}
          >
            {t('future.calendar')}
          </button>
        </div>
      </header>
      {error && (
        <p className="banner banner--error" role="alert">
          {error}
        </p>
      )}
      <div className="filters" role="search" aria-label={t('future.filters')}>
        <label className="filter">
          <span>{t('future.search')}</span>
          <input
            type="search"
            placeholder={t('future.search')}
            value={filters.text}
            onChange={(e) => set({ text: e.target.value })}
          />
        </label>
        <label className="filter">
          <span>{t('field.region')}</span>
          <select value={filters.region} onChange={(e) => set({ region: e.target.value })}>
            <option value="">{t('future.allRegions')}</option>
            {regions.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{t('field.industry')}</span>
          <select value={filters.industry} onChange={(e) => set({ industry: e.target.value })}>
            <option value="">{t('future.allIndustries')}</option>
            {industries.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{t('future.from')}</span>
          <input type="month" value={filters.from} onChange={(e) => set({ from: e.target.value })} />
        </label>
        <label className="filter">
          <span>{t('future.to')}</span>
          <input type="month" value={filters.to} onChange={(e) => set({ to: e.target.value })} />
        </label>
        <label className="filter">
          <span>{t('future.minConfidence')}</span>
          <select value={filters.minConfidence} onChange={(e) => set({ minConfidence: Number(e.target.value) })}>
            {[0, 25, 50, 75].map((c) => (
              <option key={c} value={c}>
                ≥ {c}%
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{t('field.owner')}</span>
          <select value={filters.owner} onChange={(e) => set({ owner: e.target.value })}>
            <option value="">{t('future.allOwners')}</option>
            {(users ?? [])
              .filter((u) => u.role === 'operator')
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
          </select>
        </label>
        <span className="muted">{t('future.count', { count: rows.length })}</span>
      </div>
      {mode === 'table' ? (
        <table className="table" aria-label={t('future.title')} aria-rowcount={rows.length + 1}>
          <thead>
            <tr>
              <th>{t('callbacks.prospect')}</th>
              <th>{t('future.expected')}</th>
              <th>{t('future.confidence')}</th>
              <th>{t('future.trigger')}</th>
              <th>{t('future.nextCall')}</th>
              <th>{t('field.region')}</th>
              <th>{t('field.owner')}</th>
              <th />
            </tr>
          </thead>
          <VirtualTbody items={rows} columns={8} estimate={60} rowKey={(p) => p.id}>
            {(p) => (
              <>
                <td>
                  {p.name}
                  {p.expectedNeed.description && <div className="muted">{p.expectedNeed.description}</div>}
                </td>
                <td>{fmtDate(p)}</td>
                <td>{p.expectedNeed.confidence}%</td>
                <td>{p.expectedNeed.trigger}</td>
                <td>{p.nextCallAt ? new Date(p.nextCallAt).toLocaleDateString(locale) : '—'}</td>
                <td>{p.region}</td>
                <td>{ownerName(p.ownerId)}</td>
                <td className="nowrap">{actions(p)}</td>
              </>
            )}
          </VirtualTbody>
        </table>
      ) : (
        <div className="calendar" aria-label={t('future.calendar')}>
          {months().map((m) => {
            const inMonth = rows.filter((p) => p.expectedNeed.date.startsWith(m));
            return (
              <section key={m} className="calendar__month" aria-label={m}>
                <h3>
                  {new Date(`${m}-01T12:00:00`).toLocaleDateString(locale, { month: 'long', year: 'numeric' })}{' '}
                  <span className="muted">({num(inMonth.length)})</span>
                </h3>
                <ul>
                  {inMonth.slice(0, CALENDAR_NAMES).map((p) => (
                    <li key={p.id}>
                      {p.name} <span className="muted">{p.expectedNeed.confidence}%</span>
                    </li>
                  ))}
                </ul>
                {inMonth.length > CALENDAR_NAMES && (
                  <button
                    type="button"
                    className="button button--ghost"
                    onClick={() => {
                      set({ from: m, to: m });
                      setMode('table');
                    }}
                  >
                    {t('future.moreInMonth', { count: inMonth.length - CALENDAR_NAMES })}
                  </button>
                )}
              </section>
            );
          })}
        </div>
      )}
    </main>
  );
}
