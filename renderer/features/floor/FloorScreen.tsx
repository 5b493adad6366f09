import { useEffect, useState } from 'react';
import type { Call, Callback, SalesRequest, User } from '../../../shared/core/types.ts';
import type { FloorEntry } from '../../../shared/sync/wire.ts';
import { floorRows, type FloorRow } from '../../../shared/figures/floor-rows.ts';
import type { Workspace } from '../../app/session-store.ts';
import { getBridge } from '../../bridge/index.ts';
import { useLive } from '../../db/use-query.ts';
import { isMessageKey, type MessageKey, type Translate, useT } from '../../i18n/index.ts';
import { ExportButtons } from '../../ui/ExportButtons.tsx';
import { plainAll } from '../../db/plain.ts';

const POLL_MS = 5000;

function startOfToday(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function ago(t: Translate, at: number, now: number): string {
  if (!at) return t('floor.never');
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return t('floor.secondsAgo', { n: s });
  if (s < 3600) return t('floor.minutesAgo', { n: Math.round(s / 60) });
  if (s < 86400) return t('floor.hoursAgo', { n: Math.round(s / 3600) });
  return new Date(at).toLocaleString();
}

/**
 * The floor, live while online: each operator's state and how long they have been in it, the day's
 * calls and requests, overdue callbacks, and how fresh each workstation's figures are.
 */
export function FloorScreen({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const { db } = workspace;
  const [now, setNow] = useState(() => Date.now());
  const [entries, setEntries] = useState<FloorEntry[] | null>(null);
  const [checkedAt, setCheckedAt] = useState(0);
  const [unreachable, setUnreachable] = useState(false);
  const dayStart = startOfToday(now);

  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, []);
  useEffect(() => {
    let stopped = false;
    const poll = () =>
      getBridge()
        .presence.floor()
        .then((list) => {
          if (stopped) return;
          setEntries(list);
          setCheckedAt(Date.now());
          setUnreachable(false);
        })
        .catch(() => !stopped && setUnreachable(true));
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);

  const users = useLive(() => db.users.find().$.pipe(plainAll<User>()), [db]);
  const calls = useLive(
    () => db.calls.find({ selector: { startedAt: { $gte: dayStart } } }).$.pipe(plainAll<Call>()),
    [db, dayStart],
  );
  const requests = useLive(
    () => db.requests.find({ selector: { createdAt: { $gte: dayStart } } }).$.pipe(plainAll<SalesRequest>()),
    [db, dayStart],
  );
  const callbacks = useLive(() => db.callbacks.find({ selector: { done: false } }).$.pipe(plainAll<Callback>()), [db]);
  const rows = floorRows({
    users: users ?? [],
    entries: entries ?? [],
    calls: calls ?? [],
    requests: requests ?? [],
    callbacks: callbacks ?? [],
    now,
  });
  const state = (row: FloorRow) => {
    if (!entries) return <span className="badge">…</span>;
    const label = t(`floor.state.${row.state}`);
    return (
      <span className={`badge badge--floor-${row.state}`}>
        {label}
        {row.state === 'paused' &&
          row.pause &&
          isMessageKey(`pause.${row.pause}`) &&
          ` · ${t(`pause.${row.pause}` as MessageKey)}`}
        {row.state !== 'offline' && row.since > 0 && ` · ${duration(now - row.since)}`}
      </span>
    );
  };

  return (
    <main className="page">
      <header className="page__head">
        <h1>{t('floor.title')}</h1>
        <span className="muted" role="status">
          {unreachable
            ? t('floor.unreachable', { when: ago(t, checkedAt, now) })
            : t('floor.live', { when: ago(t, checkedAt, now) })}
        </span>
      </header>
      <div className="floor__summary">
        {(['ringing', 'talking', 'on_call', 'wrap_up', 'idle', 'paused', 'offline'] as const).map((s) => (
          <div key={s} className={`floor__tile floor__tile--${s}`}>
            <strong>{entries ? rows.filter((r) => r.state === s).length : '…'}</strong>
            <span>{t(`floor.state.${s}`)}</span>
          </div>
        ))}
        <div className="floor__tile">
          <strong>{rows.reduce((n, r) => n + r.callsToday, 0)}</strong>
          <span>{t('floor.callsToday')}</span>
        </div>
        <div className="floor__tile">
          <strong>{rows.reduce((n, r) => n + r.requestsToday, 0)}</strong>
          <span>{t('floor.requestsToday')}</span>
        </div>
      </div>
      <table className="table" aria-label={t('floor.title')}>
        <thead>
          <tr>
            <th>{t('floor.operator')}</th>
            <th>{t('floor.state')}</th>
            <th className="num">{t('floor.callsToday')}</th>
            <th className="num">{t('floor.contactsToday')}</th>
            <th className="num">{t('floor.requestsToday')}</th>
            <th className="num">{t('floor.overdue')}</th>
            <th>{t('floor.lastSync')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.user.id} className={r.behind ? 'floor__row--behind' : undefined} data-user={r.user.username}>
              <td>
                <strong>{r.user.name}</strong>
                {r.user.team && <div className="muted">{r.user.team}</div>}
                {r.behind && <span className="badge badge--stalled">{t('floor.behind')}</span>}
              </td>
              <td>{state(r)}</td>
              <td className="num">{r.callsToday}</td>
              <td className="num">{r.contactsToday}</td>
              <td className="num">{r.requestsToday}</td>
              <td className="num">{r.overdueCallbacks > 0 ? <strong>{r.overdueCallbacks}</strong> : 0}</td>
              <td>
                {ago(t, r.lastSyncAt, now)}
                {r.pending > 0 && <div className="muted">{t('floor.waiting', { count: r.pending })}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ExportButtons
        name="floor"
        table={() => [
          ['operator', 'team', 'state', 'calls_today', 'reached', 'requests_today', 'overdue_callbacks', 'last_sync'],
          ...rows.map((r) => [
            r.user.name,
            r.user.team,
            r.state,
            r.callsToday,
            r.contactsToday,
            r.requestsToday,
            r.overdueCallbacks,
            r.lastSyncAt ? new Date(r.lastSyncAt).toISOString() : '',
          ]),
        ]}
      />
      <p className="muted">{t('floor.note')}</p>
    </main>
  );
}
