import { useMemo, useState } from 'react';
import { callbackLoad, FUNNEL_GROUPS, type FunnelGroup, type FunnelRow } from '../../../shared/figures/funnel.ts';
import type { Callback, CallList, Script } from '../../../shared/core/types.ts';
import type { Workspace } from '../../app/session-store.ts';
import { useLive } from '../../db/use-query.ts';
import { ExportButtons } from '../../ui/ExportButtons.tsx';
import { VirtualTbody } from '../../ui/VirtualRows.tsx';
import { useLanguageStore, useNumber, useT } from '../../i18n/index.ts';
import { useSettings, useUsers } from '../requests/use-requests.ts';
import { plainAll } from '../../db/plain.ts';
import { useFunnel } from './use-funnel.ts';
import { useSales } from './use-sales.ts';
import type { FiguresSource } from '../../db/use-server-answer.ts';

type Period = 'today' | 'month' | 'days30' | 'all';

function periodRange(period: Period, now: number): { from: number; to: number } {
  const d = new Date(now);
  // Periods run to their end, not to this workstation's "now": another workstation's clock may run
  // a little ahead, and its calls belong to the period all the same.
  const day = (offset: number) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + offset).getTime();
  if (period === 'today') return { from: day(0), to: day(1) };
  if (period === 'month')
    return {
      from: new Date(d.getFullYear(), d.getMonth(), 1).getTime(),
      to: new Date(d.getFullYear(), d.getMonth() + 1, 1).getTime(),
    };
  if (period === 'days30') return { from: day(-29), to: day(1) };
  return { from: 0, to: Number.MAX_SAFE_INTEGER };
}

const pct = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 100)}%` : '—');

/** The whole system's figures for the heads of department: the funnel, the pipeline, the load, the SLA. */
export function DashboardScreen({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const num = useNumber();
  const language = useLanguageStore((s) => s.language);
  const locale = language === 'ru' ? 'ru-RU' : 'en-GB';
  const { db } = workspace;
  const [group, setGroup] = useState<FunnelGroup | 'all'>('operator');
  const [period, setPeriod] = useState<Period>('month');
  const lists = useLive(() => db.callLists.find().$.pipe(plainAll<CallList>()), [db]);
  const callbacks = useLive(() => db.callbacks.find({ selector: { done: false } }).$.pipe(plainAll<Callback>()), [db]);
  const scripts = useLive(() => db.scripts.find().$.pipe(plainAll<Script>()), [db]);
  const users = useUsers(db);
  const settings = useSettings(db);
  const now = Date.now();
  const teams = useMemo(() => new Map([...users.values()].map((u) => [u.id, u.team])), [users]);
  // oxlint-disable-next-line react-hooks/exhaustive-deps
  const range = useMemo(() => periodRange(period, now), [period]);
  const { rows, source } = useFunnel(workspace, group, range, { lists, teams });
  const sales = useSales(workspace, settings);
  const label = (key: string) => {
    if (group === 'operator') return users.get(key)?.name ?? key;
    if (group === 'list') return (lists ?? []).find((l) => l.id === key)?.name ?? key;
    if (group === 'source' && ['market_research', 'earlier_results', 'sales_head_request', 'manual'].includes(key))
      return t(`source.${key}` as never);
    if (group === 'all') return t('dash.total');
    if (key === '(no team)') return t('dash.noTeam');
    if (key === '(none)' || key === '(unknown)') return t('dash.noList');
    if (key === '(no script)') return t('dash.noScript');
    if (group === 'script') {
      const [scriptId, version] = key.split(' v');
      const script = (scripts ?? []).find((s) => s.scriptId === scriptId);
      return script ? `${script.name} · v${version}` : key;
    }
    return key;
  };
  const pipeline = sales.figures?.pipeline ?? [];
  // oxlint-disable-next-line react-hooks/exhaustive-deps
  const load = useMemo(() => callbackLoad(callbacks ?? [], now, 30), [callbacks]);
  const maxLoad = Math.max(1, ...load.map((l) => l.count));
  const maxPipe = Math.max(1, ...pipeline.map((p) => p.count));
  /** Minutes as people read them: "25 min", "3.5 h". */
  const duration = (minutes: number) =>
    minutes < 60
      ? t('dash.minutes', { n: Math.round(minutes) })
      : t('dash.hours', { n: (Math.round(minutes / 6) / 10).toLocaleString(locale) });
  const managers = sales.figures?.managers ?? [];
  const sum = (pick: (r: (typeof managers)[number]) => number) => managers.reduce((s, r) => s + pick(r), 0);
  const meanAccept = sales.figures?.meanAcceptMinutes ?? null;
  const avgAccept = meanAccept === null ? '—' : duration(meanAccept);
  /** Where a panel's figures come from: the server's time, or why they are this workstation's own. */
  const sourceText = (s: FiguresSource) =>
    s.kind === 'server'
      ? t('dash.source.server', {
          time: new Date(s.asOf).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }),
        })
      : t(`dash.source.${s.kind}`);
  const managerName = (id: string) => (id ? (users.get(id)?.name ?? id) : t('dash.notTaken'));
  const rate = (r: FunnelRow) => (r.calls > 0 ? (r.needsNow + r.futureNeeds) / r.calls : 0);
  // The group that finds needs best: what a head looks for first ("which list works best").
  const best = rows.length > 1 ? rows.reduce((a, b) => (rate(b) > rate(a) ? b : a)) : null;

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
        <label className="filter">
          <span>{t('dash.period')}</span>
          <select value={period} onChange={(e) => setPeriod(e.target.value as Period)}>
            {(['today', 'month', 'days30', 'all'] as const).map((p) => (
              <option key={p} value={p}>
                {t(`dash.period.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{t('dash.groupBy')}</span>
          <select value={group} onChange={(e) => setGroup(e.target.value as FunnelGroup | 'all')}>
            {(['all', ...FUNNEL_GROUPS] as const).map((g) => (
              <option key={g} value={g}>
                {t(`dash.by.${g}`)}
              </option>
            ))}
          </select>
        </label>
      </header>
      <section aria-label={t('dash.funnel')}>
        <h2>{t('dash.funnel')}</h2>
        <p
          className="muted"
          role="status"
          aria-label={t('dash.source')}
          title={source.kind === 'replica' ? source.reason : undefined}
        >
          {sourceText(source)}
        </p>
        <table className="table funnel" aria-rowcount={rows.length + 1}>
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
          <VirtualTbody items={rows} columns={10} estimate={40} rowKey={(r) => r.key}>
            {(r) => (
              <>
                <th scope="row">
                  {label(r.key)}{' '}
                  {best === r && rate(r) > 0 && <span className="badge badge--won">{t('dash.best')}</span>}
                </th>
                <td className="num">{num(r.calls)}</td>
                <td className="num">
                  {num(r.contacts)} <span className="muted">{pct(r.contacts, r.calls)}</span>
                </td>
                <td className="num">{num(r.needsNow)}</td>
                <td className="num">{num(r.futureNeeds)}</td>
                <td className="num">{num(r.requests)}</td>
                <td className="num">{num(r.accepted)}</td>
                <td className="num">{num(r.won)}</td>
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
              </>
            )}
          </VirtualTbody>
        </table>
        <ExportButtons name={`funnel-${group}`} table={() => [headers, ...rows.map(table)]} />
      </section>
      <div className="dash__grid">
        <section aria-label={t('dash.sla')} className="dash__card dash__card--wide">
          <h2>{t('dash.sla')}</h2>
          {sales.source.kind !== 'server' && (
            <p
              className="muted"
              role="status"
              aria-label={t('dash.slaSource')}
              title={sales.source.kind === 'replica' ? sales.source.reason : undefined}
            >
              {sourceText(sales.source)}
            </p>
          )}
          <dl className="myday__grid">
            <div>
              <dt>{t('dash.open')}</dt>
              <dd>{sum((r) => r.open)}</dd>
            </div>
            <div>
              <dt>{t('dash.stalled')}</dt>
              <dd className={sum((r) => r.stalled) > 0 ? 'bad' : ''}>{sum((r) => r.stalled)}</dd>
            </div>
            <div>
              <dt>{t('dash.escalations')}</dt>
              <dd>{sum((r) => r.escalations)}</dd>
            </div>
            <div>
              <dt>{t('dash.avgAccept')}</dt>
              <dd>{avgAccept}</dd>
            </div>
          </dl>
          <table className="table" aria-label={t('dash.byManager')}>
            <thead>
              <tr>
                <th>{t('dash.manager')}</th>
                <th className="num">{t('dash.open')}</th>
                <th className="num">{t('dash.stalled')}</th>
                <th className="num">{t('dash.escalations')}</th>
                <th className="num">{t('dash.avgAccept')}</th>
              </tr>
            </thead>
            <tbody>
              {managers.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">
                    {t('dash.noRequests')}
                  </td>
                </tr>
              )}
              {managers.map((m) => (
                <tr key={m.ownerId}>
                  <th scope="row">{managerName(m.ownerId)}</th>
                  <td className="num">{m.open}</td>
                  <td className={m.stalled > 0 ? 'num bad' : 'num'}>{m.stalled}</td>
                  <td className="num">{m.escalations}</td>
                  <td className="num">{m.avgAcceptMinutes === null ? '—' : duration(m.avgAcceptMinutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ExportButtons
            name="sla-by-manager"
            table={() => [
              ['sales_manager', 'open', 'stalled', 'escalations', 'avg_accept_minutes'],
              ...managers.map((m) => [
                managerName(m.ownerId),
                m.open,
                m.stalled,
                m.escalations,
                m.avgAcceptMinutes ?? '',
              ]),
            ]}
          />
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
          <ExportButtons
            name="future-pipeline"
            table={() => [
              ['month', 'future_needs', 'avg_confidence'],
              ...pipeline.map((p) => [p.month, p.count, p.confidence]),
            ]}
          />
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
          <div className="columns__axis" aria-hidden="true">
            {load
              .filter((_, i) => i % 7 === 0)
              .map((l) => (
                <span key={l.day}>{l.day.slice(5)}</span>
              ))}
          </div>
          <p className="muted">{t('dash.loadHint', { max: maxLoad, today: load[0]?.count ?? 0 })}</p>
          <ExportButtons
            name="callback-load"
            table={() => [['day', 'callbacks_due'], ...load.map((l) => [l.day, l.count])]}
          />
        </section>
      </div>
    </main>
  );
}
