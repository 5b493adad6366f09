import type { Call } from '../../../shared/core/types.ts';
import type { Workspace } from '../../app/session-store.ts';
import { useLive } from '../../db/use-query.ts';
import { useT } from '../../i18n/index.ts';
import { plainAll } from '../../db/plain.ts';

const CONTACT: ReadonlySet<string> = new Set(['request', 'future_need', 'callback', 'not_interested', 'do_not_call']);

export interface DayFigures {
  calls: number;
  contacts: number;
  needsNow: number;
  futureNeeds: number;
  talkSeconds: number;
}

export function dayFigures(calls: readonly Call[]): DayFigures {
  return {
    calls: calls.length,
    contacts: calls.filter((c) => CONTACT.has(c.outcome)).length,
    needsNow: calls.filter((c) => c.outcome === 'request').length,
    futureNeeds: calls.filter((c) => c.outcome === 'future_need').length,
    talkSeconds: Math.round(calls.reduce((sum, c) => sum + Math.max(0, c.endedAt - c.startedAt), 0) / 1000),
  };
}

/** The operator's day so far, from their own calls in the local database. */
export function MyDay({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const midnight = new Date();
  midnight.setHours(0, 0, 0, 0);
  const since = midnight.getTime();
  const calls = useLive(
    () =>
      workspace.db.calls
        .find({ selector: { operatorId: workspace.user.id, startedAt: { $gte: since } } })
        .$.pipe(plainAll<Call>()),
    [workspace.db, workspace.user.id, since],
  );
  const f = dayFigures(calls ?? []);
  const cells: [string, string | number][] = [
    [t('day.calls'), f.calls],
    [t('day.contacts'), f.contacts],
    [t('day.needsNow'), f.needsNow],
    [t('day.futureNeeds'), f.futureNeeds],
    [t('day.requests'), f.needsNow],
    [t('day.talk'), `${Math.floor(f.talkSeconds / 60)}:${String(f.talkSeconds % 60).padStart(2, '0')}`],
  ];
  return (
    <section className="myday" aria-label={t('day.title')}>
      <h2>{t('day.title')}</h2>
      <dl className="myday__grid">
        {cells.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
