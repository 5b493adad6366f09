import { useMemo, useState } from 'react';
import { map } from 'rxjs';
import {
  callbackLoad,
  funnel,
  FUNNEL_GROUPS,
  type FunnelGroup,
  type FunnelRow,
  futurePipeline,
} from '../../../shared/funnel.ts';
import { OPEN_STATUSES } from '../../../shared/request-flow.ts';
import { slaOf } from '../../../shared/sla.ts';
import { xlsx } from '../../../shared/xlsx.ts';
import type { Call, Callback, CallList, Prospect, SalesRequest } from '../../../shared/types.ts';
import type { Workspace } from '../../app/session-store.ts';
import { useLive } from '../../db/use-query.ts';
import { download } from '../../ui/download.ts';
import { useLanguageStore, useT } from '../../i18n/index.ts';
import { useSettings, useUsers } from '../requests/use-requests.ts';

type Period = 'today' | 'month' | 'days30' | 'all';

function periodRange(period: Period, now: number): { from: number; to: number } {
  const d = new Date(now);
  if (period === 'today') return { from: new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime(), to: now + 1 };
  if (period === 'month') return { from: new Date(d.getFullYear(), d.getMonth(), 1).getTime(), to: now + 1 };
  if (period === 'days30') return { from: now - 30 * 86_400_000, to: now + 1 };
  return { from: 0, to: Number.MAX_SAFE_INTEGER };
}

const pct = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 100)}%` : '—');

/** The whole system's figures for the heads of department: the funnel, the pipeline, the load, the SLA. */
export function DashboardScreen({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const language = useLanguageStore((s) => s.language);
  const locale = language === 'ru' ? 'ru-RU' : 'en-GB';
  const { db } = workspace;
  const [group, setGroup] = useState<FunnelGroup | 'all'>('operator');
  const [period, setPeriod] = useState<Period>('month');
  const calls = useLive(() => db.calls.find().$.pipe(map((d) => d.map((x) => x.toJSON() as Call))), [db]);
  const requests = useLive(() => db.requests.find().$.pipe(map((d) => d.map((x) => x.toJSON() as SalesRequest))), [db]);
  const lists = useLive(() => db.callLists.find().$.pipe(map((d) => d.map((x) => x.toJSON() as CallList))), [db]);
  const callbacks = useLive(
    () => db.callbacks.find({ selector: { done: false } }).$.pipe(map((d) => d.map((x) => x.toJSON() as Callback))),
    [db],
  );
  const future = useLive(
    () =>
      db.prospects
        .find({ selector: { status: 'future_need' } })
        .$.pipe(map((d) => d.map((x) => x.toJSON() as Prospect))),
    [db],
  );
  const users = useUsers(db);
  const settings = useSettings(db);
  const now = Date.now();
  const range = periodRange(period, now);
  const rows = useMemo(
    () =>
      funnel({ calls: calls ?? [], requests: requests ?? [], lists: lists ?? [], prospects: new Map() }, group, range),
    // The range only changes with the period.
    // oxlint-disable-next-line react-hooks/exhaustive-deps
    [calls, requests, lists, group, period],
  );
  const label = (key: string) => {
    if (group === 'operator') return users.get(key)?.name ?? key;
    if (group === 'list') return (lists ?? []).find((l) => l.id === key)?.name ?? key;
    if (group === 'source' && ['market_research', 'earlier_results', 'sales_head_request', 'manual'].includes(key))
      return t(`source.${key}` as never);
    if (group === 'all') return t('dash.total');
    if (key === '(none)' || key === '(unknown)') return t('dash.noList');
    if (key === '(no script)') return t('dash.noScript');
    return key;
  };
  const pipeline = futurePipeline(future ?? []);
  const load = callbackLoad(callbacks ?? [], now, 30);
  const maxLoad = Math.max(1, ...load.map((l) => l.count));
  const maxPipe = Math.max(1, ...pipeline.map((p) => p.count));
  const open = (requests ?? []).filter((r) => OPEN_STATUSES.has(r.status));
  const stalled = open.filter((r) => slaOf(r, settings, now).stalled);
  const accepted = (requests ?? []).filter((r) => r.acceptedAt > 0);
  const avgAcceptHours = accepted.length
    ? Math.round(accepted.reduce((s, r) => s + (r.acceptedAt - r.createdAt), 0) / accepted.length / 360_000) / 10
    : 0;

  const headers = [
    'group',
    'calls',
    'contacts',
    'needs_now',
    'future_needs',
    'requests',
    'accepted',
    'won',
    'order_value',
  ];
  const table = (r: FunnelRow) => [
    label(r.key),
    r.calls,
    r.contacts,
    r.needsNow,
    r.futureNeeds,
    r.requests,
    r.accepted,
    r.won,
    r.orderValue,
  ];

  return (
    <main className="page">
      <header className="page__head">
        <h1>{t('dash.title')}</h1>
        <select aria-label={t('dash.period')} value={period} onChange={(e) => setPeriod(e.target.value as Period)}>
          {(['today', 'month', 'days30', 'all'] as const).map((p) => (
            <option key={p} value={p}>
              {t(`dash.period.${p}`)}
            </option>
          ))}
        </select>
        <select
          aria-label={t('dash.groupBy')}
          value={group}
          onChange={(e) => setGroup(e.target.value as FunnelGroup | 'all')}
        >
          {(['all', ...FUNNEL_GROUPS] as const).map((g) => (
            <option key={g} value={g}>
              {t(`dash.by.${g}`)}
            </option>
          ))}
        </select>
      </header>
      <section aria-label={t('dash.funnel')}>
        <h2>{t('dash.funnel')}</h2>
        <table className="table funnel">
          <thead>
            <tr>
              <th>{t(`dash.by.${group}`)}</th>
              <th className="num">{t('dash.calls')}</th>
              <th className="num">{t('dash.contacts')}</th>
              <th className="num">{t('dash.needsNow')}</th>
              <th className="num">{t('dash.futureNeeds')}</th>
              <th className="num">{t('dash.requests')}</th>
              <th className="num">{t('dash.accepted')}</th>
              <th className="num">{t('dash.won')}</th>
              <th className="num">{t('dash.orderValue')}</th>
              <th className="num">{t('dash.conversion')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{label(r.key)}</th>
                <td className="num">{r.calls}</td>
                <td className="num">
                  {r.contacts} <span className="muted">{pct(r.contacts, r.calls)}</span>
                </td>
                <td className="num">{r.needsNow}</td>
                <td className="num">{r.futureNeeds}</td>
                <td className="num">{r.requests}</td>
                <td className="num">{r.accepted}</td>
                <td className="num">{r.won}</td>
                <td className="num">{r.orderValue.toLocaleString(locale)}</td>
                <td className="num">
                  <span className="bar" aria-hidden="true">
                    <span
                      className="bar__fill"
                      style={{ width: pct(r.needsNow + r.futureNeeds, r.calls).replace('—', '0%') }}
                    />
                  </span>{' '}
                  {pct(r.needsNow + r.futureNeeds, r.calls)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="inline-form">
          <button
            type="button"
            className="button"
            onClick={() =>
              download(
                `funnel-${group}.csv`,
                'text/csv;charset=utf-8',
                `\ufeff${[headers, ...rows.map(table)].map((r) => r.map((c) => `"${String(c).replace(/"/g, '""')}"`).join(',')).join('\r\n')}\r\n`,
              )
            }
          >
            CSV
          </button>
          <button
            type="button"
            className="button"
            onClick={() =>
              download(
                `funnel-${group}.xlsx`,
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                xlsx('Funnel', [headers, ...rows.map(table)]) as Uint8Array<ArrayBuffer>,
              )
            }
          >
            XLSX
          </button>
        </div>
      </section>
      <div className="dash__grid">
        <section aria-label={t('dash.sla')} className="dash__card">
          <h2>{t('dash.sla')}</h2>
          <dl className="myday__grid">
            <div>
              <dt>{t('dash.open')}</dt>
              <dd>{open.length}</dd>
            </div>
            <div>
              <dt>{t('dash.stalled')}</dt>
              <dd className={stalled.length > 0 ? 'bad' : ''}>{stalled.length}</dd>
            </div>
            <div>
              <dt>{t('dash.avgAccept')}</dt>
              <dd>{accepted.length ? `${avgAcceptHours} h` : '—'}</dd>
            </div>
          </dl>
        </section>
        <section aria-label={t('dash.pipeline')} className="dash__card">
          <h2>{t('dash.pipeline')}</h2>
          {pipeline.map((p) => (
            <div key={p.month} className="hbar">
              <span className="hbar__label">{p.month}</span>
              <span className="hbar__track">
                <span className="hbar__fill" style={{ width: `${(p.count / maxPipe) * 100}%` }} />
              </span>
              <span className="hbar__value">
                {p.count} · {p.confidence}%
              </span>
            </div>
          ))}
        </section>
        <section aria-label={t('dash.load')} className="dash__card">
          <h2>{t('dash.load')}</h2>
          <div
            className="columns"
            role="img"
            aria-label={t('dash.loadSummary', { count: load.reduce((s, l) => s + l.count, 0) })}
          >
            {load.map((l) => (
              <span key={l.day} className="columns__col" title={`${l.day}: ${l.count}`}>
                <span className="columns__fill" style={{ height: `${(l.count / maxLoad) * 100}%` }} />
              </span>
            ))}
          </div>
        </section>
      </div>
    </main>
  );
}
