import { fieldLabel } from '../../../shared/call-scripts/script-fields.ts';
import type { Call, Callback, Prospect, SalesRequest } from '../../../shared/core/types.ts';
import type { LeadlineDatabase } from '../../db/collections.ts';
import { useLive } from '../../db/use-query.ts';
import { useLanguageStore, useT } from '../../i18n/index.ts';
import { plainAll } from '../../db/plain.ts';
import { getBridge } from '../../bridge/index.ts';
import { useSettings } from '../requests/use-requests.ts';
import type { CallDial } from '../../../shared/telephony/call-events.ts';
import { recordingLink } from '../../../shared/telephony/softphone-settings.ts';
import { causeText } from '../phone/cause-text.ts';

interface Props {
  db: LeadlineDatabase;
  prospect: Prospect;
  /** Who made each call (a supervisor's view names the operators). */
  userNames?: Map<string, string>;
  /** An operator's workstation holds only their own calls: the list says so. */
  ownCallsOnly?: boolean;
  /** The heading level of "History" where it sits. */
  level?: 2 | 3;
  /** Links each answered call to its recording at the PBX (supervisors listen to calls). */
  recordings?: boolean;
}

const duration = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** What the network said of a call the softphone placed: talk time, who hung up, the code; its recording. */
function CallEvents({ dial, recording }: { dial: CallDial; recording: string }) {
  const t = useT();
  const link = dial.answeredAt ? recordingLink(recording, dial) : '';
  return (
    <div className="muted">
      {dial.answeredAt
        ? t('phone.talk', { time: duration(dial.talkSeconds * 1000) })
        : `${dial.sipCode || ''} ${causeText(t, dial.cause)}`.trim()}
      {dial.hangupBy && ` · ${t(`phone.hangupBy.${dial.hangupBy}`)}`}
      {link && (
        <>
          {' · '}
          <a
            href={link}
            onClick={(e) => {
              e.preventDefault();
              void getBridge().shell.openExternal(link);
            }}
          >
            {t('phone.recording')}
          </a>
        </>
      )}
    </div>
  );
}

/**
 * Everything that happened with a prospect, newest first: what is still open (callbacks, requests),
 * then every call with who made it, how long it took, what the script learned and the notes.
 */
export function ProspectHistory({
  db,
  prospect,
  userNames,
  ownCallsOnly = false,
  level = 3,
  recordings = false,
}: Props) {
  const t = useT();
  const language = useLanguageStore((s) => s.language);
  const locale = language === 'ru' ? 'ru-RU' : 'en-GB';
  const calls = useLive(
    () =>
      db.calls.find({ selector: { prospectId: prospect.id }, sort: [{ startedAt: 'desc' }] }).$.pipe(plainAll<Call>()),
    [db, prospect.id],
  );
  const callbacks = useLive(
    () =>
      db.callbacks
        .find({ selector: { prospectId: prospect.id, done: false }, sort: [{ dueAt: 'asc' }] })
        .$.pipe(plainAll<Callback>()),
    [db, prospect.id],
  );
  const requests = useLive(
    () => db.requests.find({ selector: { prospectId: prospect.id } }).$.pipe(plainAll<SalesRequest>()),
    [db, prospect.id],
  );
  const template = useSettings(db).telephony?.recordingTemplate ?? '';
  const when = (at: number) => new Date(at).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
  const Heading = level === 2 ? 'h2' : 'h3';
  const empty = calls?.length === 0 && callbacks?.length === 0 && requests?.length === 0;
  return (
    <section className="history" aria-label={t('history.title')}>
      <Heading>{t('history.title')}</Heading>
      {ownCallsOnly && prospect.attempts > (calls?.length ?? 0) && (
        <p className="muted" role="note">
          {t('history.ownOnly', { shown: calls?.length ?? 0, total: prospect.attempts })}
        </p>
      )}
      {empty && <p className="muted">{t('call.noHistory')}</p>}
      <ul className="card__list">
        {(callbacks ?? []).map((cb) => (
          <li key={cb.id}>
            {t('callbacks.open')}: {when(cb.dueAt)} · {t(`reason.${cb.reason}`)}
            {cb.note && <span className="muted"> · {cb.note}</span>}
          </li>
        ))}
        {(requests ?? []).map((r) => (
          <li key={r.id}>
            {t('call.request')}: {r.need} · {t(`request.${r.status}`)}
          </li>
        ))}
        {(calls ?? []).map((c) => (
          <li key={c.id} data-testid="history-call">
            <strong>{when(c.startedAt)}</strong> · {t(`outcome.${c.outcome}`)}
            <span className="muted">
              {' · '}
              {duration(c.endedAt - c.startedAt)}
              {userNames?.get(c.operatorId) && ` · ${userNames.get(c.operatorId)}`}
            </span>
            {c.dial?.dialledAt ? <CallEvents dial={c.dial} recording={recordings ? template : ''} /> : null}
            {c.answers.some((a) => fieldLabel(a.key, language)) && (
              <div className="muted">
                {c.answers
                  .filter((a) => fieldLabel(a.key, language))
                  .map((a) => `${fieldLabel(a.key, language)}: ${a.value}`)
                  .join('; ')}
              </div>
            )}
            {c.notes && <div className="history__notes">{c.notes}</div>}
          </li>
        ))}
      </ul>
    </section>
  );
}
