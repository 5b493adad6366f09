import { fieldLabel } from '../../../shared/call-scripts/script-fields.ts';
import type { LeadlineDatabase } from '../../db/collections.ts';
import { useLive } from '../../db/use-query.ts';
import { formatPhone } from '../../../shared/calling/phone.ts';
import { prospectZone } from '../../../shared/calling/queue.ts';
import { localTime } from '../../../shared/calling/regions.ts';
import type { Call, Callback, Prospect, SalesRequest } from '../../../shared/core/types.ts';
import { useLanguageStore, useT } from '../../i18n/index.ts';
import { map } from 'rxjs';

interface Props {
  db: LeadlineDatabase;
  prospect: Prospect;
  onDial(phone: string): void;
}

/** Who is on the line: the company, its people, and everything earlier calls learned. */
export function ProspectCard({ db, prospect, onDial }: Props) {
  const t = useT();
  const language = useLanguageStore((s) => s.language);
  const locale = language === 'ru' ? 'ru-RU' : 'en-GB';
  const calls = useLive(
    () =>
      db.calls
        .find({ selector: { prospectId: prospect.id }, sort: [{ startedAt: 'desc' }] })
        .$.pipe(map((docs) => docs.map((d) => d.toJSON() as Call))),
    [db, prospect.id],
  );
  const callbacks = useLive(
    () =>
      db.callbacks
        .find({ selector: { prospectId: prospect.id, done: false } })
        .$.pipe(map((docs) => docs.map((d) => d.toJSON() as Callback))),
    [db, prospect.id],
  );
  const requests = useLive(
    () =>
      db.requests
        .find({ selector: { prospectId: prospect.id } })
        .$.pipe(map((docs) => docs.map((d) => d.toJSON() as SalesRequest))),
    [db, prospect.id],
  );
  const zone = prospectZone(prospect);
  const when = (at: number) => new Date(at).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
  return (
    <section className="card" aria-label={t('call.prospect')}>
      <h2>{prospect.name}</h2>
      <p className="muted">
        {[prospect.region, prospect.industry, t(`status.${prospect.status}`)].filter(Boolean).join(' · ')}
      </p>
      <p>
        {t('local.time', { time: localTime(zone, new Date(), locale) })} <span className="muted">({zone})</span>
      </p>
      {prospect.phone && (
        <button type="button" className="button button--call" onClick={() => onDial(prospect.phone)}>
          {t('call.dial', { phone: formatPhone(prospect.phone) })}
        </button>
      )}
      {prospect.contacts.length > 0 && (
        <ul className="card__list" aria-label={t('field.contacts')}>
          {prospect.contacts.map((c) => (
            <li key={c.id}>
              <strong>{c.name}</strong> {c.position && <span className="muted">{c.position}</span>}{' '}
              {c.phone && (
                <button type="button" className="link" onClick={() => onDial(c.phone)}>
                  {formatPhone(c.phone)}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {prospect.expectedNeed.date && (
        <p className="card__need">
          {t('future.expected')}: {prospect.expectedNeed.date} · {prospect.expectedNeed.confidence}%
          {prospect.expectedNeed.trigger && ` · ${prospect.expectedNeed.trigger}`}
        </p>
      )}
      {prospect.notes && <p className="card__notes">{prospect.notes}</p>}
      <h3>{t('call.history')}</h3>
      {calls && calls.length === 0 && <p className="muted">{t('call.noHistory')}</p>}
      <ul className="card__list" aria-label={t('call.history')}>
        {(callbacks ?? []).map((cb) => (
          <li key={cb.id}>
            {t('callbacks.open')}: {when(cb.dueAt)} · {t(`reason.${cb.reason}`)}
          </li>
        ))}
        {(requests ?? []).map((r) => (
          <li key={r.id}>
            {t('call.request')}: {r.need} · {t(`request.${r.status}`)}
          </li>
        ))}
        {(calls ?? []).map((c) => (
          <li key={c.id}>
            {when(c.startedAt)} · {t(`outcome.${c.outcome}`)}
            {c.answers.some((a) => fieldLabel(a.key, language)) && (
              <span className="muted">
                {' · '}
                {c.answers
                  .filter((a) => fieldLabel(a.key, language))
                  .map((a) => `${fieldLabel(a.key, language)}: ${a.value}`)
                  .join('; ')}
              </span>
            )}
            {c.notes && <span className="muted"> · {c.notes}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
