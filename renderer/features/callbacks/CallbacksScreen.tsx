import { useState } from 'react';
import { map } from 'rxjs';
import { DEFAULT_ZONE, isValidZone, safeZone } from '../../../shared/calling/zones.ts';
import { nextInHours } from '../../../shared/calling/calling-hours.ts';
import type { Callback, Prospect, User } from '../../../shared/core/types.ts';
import { useNavStore, useRouteId } from '../../app/nav-store.ts';
import type { Workspace } from '../../app/session-store.ts';
import { useLive } from '../../db/use-query.ts';
import { isMessageKey, useLanguageStore, useNumber, useT } from '../../i18n/index.ts';
import { VirtualTbody } from '../../ui/VirtualRows.tsx';
import { useCallNow } from '../desk/use-call-now.ts';
import { useSettings } from '../requests/use-requests.ts';
import { plainAll } from '../../db/plain.ts';

type Group = 'overdue' | 'today' | 'upcoming';

function groupOf(cb: Callback, now: number, endOfDay: number): Group {
  if (cb.dueAt <= now) return 'overdue';
  return cb.dueAt <= endOfDay ? 'today' : 'upcoming';
}

/** Every open callback this operator can see: theirs and the team's, overdue first. */
export function CallbacksScreen({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const num = useNumber();
  const language = useLanguageStore((s) => s.language);
  const locale = language === 'ru' ? 'ru-RU' : 'en-GB';
  const callNow = useCallNow(workspace);
  const hours = useSettings(workspace.db).callingHours;
  const supervisor = workspace.user.role === 'supervisor';
  const [error, setError] = useState('');
  const [permission, setPermission] = useState(() =>
    'Notification' in globalThis ? Notification.permission : 'denied',
  );
  // A callback named by the address (a reminder clicked, a leadline://callback/<id> link) is shown first.
  const focusId = useRouteId('callbacks');
  const go = useNavStore((st) => st.go);
  const data = useLive(
    () =>
      workspace.db.callbacks.find({ selector: { done: false }, sort: [{ dueAt: 'asc' }] }).$.pipe(plainAll<Callback>()),
    [workspace.db],
  );
  const ids = (data ?? []).map((c) => c.prospectId).join(',');
  const prospects = useLive(
    () =>
      workspace.db.prospects
        .findByIds(ids ? ids.split(',') : [])
        .$.pipe(map((m) => new Map([...m].map(([id, d]) => [id, d.toJSON() as Prospect])))),
    [workspace.db, ids],
  );
  const users = useLive(
    () => workspace.db.users.find().$.pipe(map((docs) => new Map(docs.map((d) => [d.id, (d.toJSON() as User).name])))),
    [workspace.db],
  );
  const focused = focusId ? data?.find((cb) => cb.id === focusId) : undefined;
  const now = Date.now();
  const theirTime = (ms: number, zone: string) =>
    new Date(ms).toLocaleString(locale, { timeZone: safeZone(zone), dateStyle: 'short', timeStyle: 'short' });
  // A supervisor lets a callback come at the time the prospect asked for, or moves it back into the hours.
  const allow = (cb: Callback, allowed: boolean) =>
    workspace.repo
      .save('callbacks', {
        ...cb,
        dueAt: allowed ? cb.askedFor : nextInHours(cb.askedFor, safeZone(cb.timeZone), hours),
        outsideHoursAllowedAt: allowed ? cb.askedFor : 0,
        updatedAt: Date.now(),
      })
      .then(
        () => setError(''),
        (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
      );
  const end = new Date();
  end.setHours(23, 59, 59, 999);
  const groups: Record<Group, Callback[]> = { overdue: [], today: [], upcoming: [] };
  for (const cb of data ?? []) groups[groupOf(cb, now, end.getTime())].push(cb);

  return (
    <main className="page">
      <header className="page__head">
        <h1>{t('callbacks.title')}</h1>
        {permission === 'default' && (
          <button
            type="button"
            className="button"
            onClick={() => void Notification.requestPermission().then(setPermission)}
          >
            {t('callbacks.enableReminders')}
          </button>
        )}
      </header>
      {error && (
        <p className="banner banner--error" role="alert">
          {error}
        </p>
      )}
      {focusId && (
        <section className="pform cb-focus" aria-label={t('callbacks.linked')}>
          <header className="page__head">
            <h2>{t('callbacks.linked')}</h2>
            <button type="button" className="button button--ghost" onClick={() => go('callbacks', null)}>
              {t('form.close')}
            </button>
          </header>
          {!focused ? (
            <p className="muted">{data ? t('callbacks.linkedGone') : '…'}</p>
          ) : (
            <p>
              <strong>{prospects?.get(focused.prospectId)?.name ?? '…'}</strong> ·{' '}
              {new Date(focused.dueAt).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' })} ·{' '}
              {t(`reason.${focused.reason}`)}
              {focused.note && <span className="muted"> · {focused.note}</span>}{' '}
              {prospects?.get(focused.prospectId) && (
                <button
                  type="button"
                  className="button button--primary"
                  onClick={() =>
                    void callNow(prospects.get(focused.prospectId)!, focused).then((e) =>
                      setError(e && isMessageKey(e) ? t(e) : ''),
                    )
                  }
                >
                  {t('future.callNow')}
                </button>
              )}
            </p>
          )}
        </section>
      )}
      {(['overdue', 'today', 'upcoming'] as const).map((g) => (
        <section key={g} aria-label={t(`callbacks.${g}`)} className={`cbgroup cbgroup--${g}`}>
          <h2>
            {t(`callbacks.${g}`)} <span className="muted">({num(groups[g].length)})</span>
          </h2>
          {groups[g].length === 0 ? (
            <p className="muted">{t('callbacks.none')}</p>
          ) : (
            <table className="table" aria-rowcount={groups[g].length + 1}>
              <thead>
                <tr>
                  <th>{t('callbacks.prospect')}</th>
                  <th>{t('callbacks.due')}</th>
                  <th>{t('callbacks.theirTime')}</th>
                  <th>{t('callbacks.reason')}</th>
                  <th>{t('callbacks.who')}</th>
                  <th />
                </tr>
              </thead>
              <VirtualTbody items={groups[g]} columns={6} estimate={56} rowKey={(cb) => cb.id}>
                {(cb) => {
                  const p = prospects?.get(cb.prospectId);
                  return (
                    <>
                      <td>{p?.name ?? '…'}</td>
                      <td>{new Date(cb.dueAt).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' })}</td>
                      <td>
                        {theirTime(cb.dueAt, cb.timeZone)}{' '}
                        {isValidZone(cb.timeZone) ? (
                          <span className="muted">{cb.timeZone}</span>
                        ) : (
                          <span className="badge badge--stalled" role="note">
                            {t('zone.unknown', { zone: cb.timeZone.slice(0, 64), fallback: DEFAULT_ZONE })}
                          </span>
                        )}
                      </td>
                      <td>
                        {t(`reason.${cb.reason}`)}
                        {cb.note && <span className="muted"> · {cb.note}</span>}
                        <OutsideHours
                          cb={cb}
                          name={p?.name ?? ''}
                          supervisor={supervisor}
                          now={now}
                          when={theirTime(cb.askedFor, cb.timeZone)}
                          onAllow={(allowed) => void allow(cb, allowed)}
                        />
                      </td>
                      <td>{cb.scope === 'team' ? t('callbacks.team') : (users?.get(cb.assigneeId) ?? '')}</td>
                      <td className="nowrap">
                        {p && (
                          <button
                            type="button"
                            className="button"
                            aria-label={t('callbacks.callNow', { name: p.name })}
                            onClick={() => void callNow(p, cb).then((e) => setError(e && isMessageKey(e) ? t(e) : ''))}
                          >
                            {t('future.callNow')}
                          </button>
                        )}
                      </td>
                    </>
                  );
                }}
              </VirtualTbody>
            </table>
          )}
        </section>
      ))}
    </main>
  );
}

/**
 * A callback the prospect asked for outside the calling hours: moved into them (a supervisor may allow
 * the asked time), or allowed (a supervisor may move it back).
 */
function OutsideHours(props: {
  cb: Callback;
  name: string;
  supervisor: boolean;
  now: number;
  when: string;
  onAllow(allowed: boolean): void;
}) {
  const t = useT();
  const { cb, name, supervisor, when } = props;
  if (cb.outsideHoursAllowedAt > 0 && cb.outsideHoursAllowedAt === cb.dueAt) {
    return (
      <div className="cb-hours">
        <span className="badge badge--accepted">{t('callbacks.allowed')}</span>
        {supervisor && (
          <button
            type="button"
            className="button"
            aria-label={t('callbacks.withdrawLabel', { name })}
            onClick={() => props.onAllow(false)}
          >
            {t('callbacks.withdraw')}
          </button>
        )}
      </div>
    );
  }
  if (cb.askedFor === cb.dueAt || cb.askedFor === 0) return null;
  return (
    <div className="cb-hours">
      <span className="muted">{t('callbacks.asked', { when })}</span>
      {supervisor && cb.askedFor > props.now && (
        <button
          type="button"
          className="button"
          aria-label={t('callbacks.allowLabel', { name, when })}
          onClick={() => props.onAllow(true)}
        >
          {t('callbacks.allow')}
        </button>
      )}
    </div>
  );
}
