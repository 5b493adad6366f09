import type { ServerAddressState } from '../../../shared/sync/ipc.ts';
import { getBridge } from '../../bridge/index.ts';
import { ServerSetup } from '../server/ServerSetup.tsx';
import { type FormEvent, useEffect, useState } from 'react';
import { RUSSIAN_HOLIDAYS, RUSSIAN_WORKDAYS } from '../../../shared/calling/defaults.ts';
import { contentIssues } from '../../../shared/schemas/content.ts';
import { isValidZone } from '../../../shared/calling/zones.ts';
import { schemas } from '../../../shared/schemas/index.ts';
import type { Settings } from '../../../shared/core/types.ts';
import { describeIssues, validate } from '../../../shared/schemas/validate.ts';
import { RUSSIAN_TIME_ZONES } from '../../../shared/calling/regions.ts';
import type { Workspace } from '../../app/session-store.ts';
import { type MessageKey, useT } from '../../i18n/index.ts';
import { useSettings } from '../requests/use-requests.ts';
import { TelephonyFields } from './TelephonyFields.tsx';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

const FIELD_LABELS: Record<string, MessageKey> = {
  'callingHours.from': 'settings.from',
  'callingHours.to': 'settings.to',
  futureNeedLeadDays: 'settings.leadDays',
  'retry.maxAttempts': 'settings.retryAttempts',
  'retry.delayMinutes': 'settings.retryDelay',
  callbackEscalationMinutes: 'settings.escalation',
  claimMinutes: 'settings.claim',
  'sla.acceptHours': 'settings.acceptHours',
  'sla.progressDays': 'settings.progressDays',
  'sla.staleDays': 'settings.staleDays',
  'workingHours.from': 'settings.workFrom',
  'workingHours.to': 'settings.workTo',
  'workingHours.holidays': 'settings.holidays',
  'workingHours.workdays': 'settings.workdays',
  'workingHours.timeZone': 'field.timeZone',
  'bonus.perRequest': 'settings.perRequest',
  'bonus.percentOfOrder': 'settings.percent',
  telephony: 'settings.telephony',
};

/** The company's rules, edited by supervisors and synced to every workstation. */
/** The desktop app's server, which an admin may change here (unless IT locked it). */
function WorkstationServer() {
  const t = useT();
  const desktop = getBridge().desktop;
  const [state, setState] = useState<ServerAddressState | null>(null);
  useEffect(() => {
    if (desktop) void desktop.serverAddress().then(setState);
  }, [desktop]);
  if (!desktop || !state) return null;
  return (
    <section className="page pform" aria-label={t('server.settings')}>
      <h2>{t('server.settings')}</h2>
      <ServerSetup state={state} firstRun={false} />
    </section>
  );
}

export function SettingsScreen({ workspace }: { workspace: Workspace }) {
  const current = useSettings(workspace.db);
  const [message, setMessage] = useState<Message>(null);
  // Re-mount the form when a change arrives (this supervisor's save, or another's).
  return (
    <>
      <SettingsForm
        key={current.updatedAt}
        workspace={workspace}
        current={current}
        message={message}
        onMessage={setMessage}
      />
      {workspace.user.role === 'admin' && <WorkstationServer />}
    </>
  );
}

type Message = { ok: boolean; text: string } | null;

function SettingsForm(props: {
  workspace: Workspace;
  current: Settings;
  message: Message;
  onMessage(m: Message): void;
}) {
  const { workspace, current, message, onMessage: setMessage } = props;
  const t = useT();
  const [s, setS] = useState<Settings>(current);
  // Dates as the supervisor types them: one per line or separated by commas and spaces.
  const [holidays, setHolidays] = useState(current.workingHours.holidays.join(', '));
  const [workdays, setWorkdays] = useState(current.workingHours.workdays.join(', '));
  const dates = (text: string) => [...new Set(text.split(/[\s,;]+/).filter(Boolean))].toSorted();
  const num = (value: string) => Number(value);

  async function save(event: FormEvent) {
    event.preventDefault();
    const next = {
      ...s,
      workingHours: { ...s.workingHours, holidays: dates(holidays), workdays: dates(workdays) },
      updatedAt: Date.now(),
    };
    const issues = [...validate(schemas.settings, next), ...contentIssues('settings', next)];
    if (issues.length > 0) {
      // Name the field as the form labels it, not by its path in the document.
      const labelled = issues.map((i) => {
        const key = FIELD_LABELS[i.path.replace(/\[\d+\]$/, '')];
        return key ? { ...i, path: `«${t(key)}»` } : i;
      });
      setMessage({ ok: false, text: t('settings.invalid', { issues: describeIssues(labelled) }) });
      return;
    }
    await workspace.repo.save('settings', next);
    setMessage({ ok: true, text: t('settings.saved') });
  }

  const weekdays = (value: number[], onChange: (days: number[]) => void) => (
    <span className="weekdays">
      {WEEKDAYS.map((d) => (
        <label key={d}>
          <input
            type="checkbox"
            checked={value.includes(d)}
            onChange={(e) => onChange(e.target.checked ? [...value, d].toSorted() : value.filter((x) => x !== d))}
          />{' '}
          {t(`weekday.${d}` as never)}
        </label>
      ))}
    </span>
  );

  return (
    <main className="page">
      <form className="wizard settings" aria-label={t('settings.title')} onSubmit={(e) => void save(e)} noValidate>
        <h1>{t('settings.title')}</h1>
        {message && (
          <p
            className={message.ok ? 'banner banner--ok' : 'banner banner--error'}
            role={message.ok ? 'status' : 'alert'}
          >
            {message.text}
          </p>
        )}
        <fieldset>
          <legend>{t('settings.calling')}</legend>
          <label className="field">
            <span>{t('settings.from')}</span>
            <input
              type="time"
              value={s.callingHours.from}
              onChange={(e) => setS({ ...s, callingHours: { ...s.callingHours, from: e.target.value } })}
            />
          </label>
          <label className="field">
            <span>{t('settings.to')}</span>
            <input
              type="time"
              value={s.callingHours.to}
              onChange={(e) => setS({ ...s, callingHours: { ...s.callingHours, to: e.target.value } })}
            />
          </label>
          {weekdays(s.callingHours.weekdays, (days) =>
            setS({ ...s, callingHours: { ...s.callingHours, weekdays: days } }),
          )}
          <label className="field">
            <span>{t('settings.retryAttempts')}</span>
            <input
              type="number"
              min={1}
              max={50}
              value={s.retry.maxAttempts}
              onChange={(e) => setS({ ...s, retry: { ...s.retry, maxAttempts: num(e.target.value) } })}
            />
          </label>
          <label className="field">
            <span>{t('settings.retryDelay')}</span>
            <input
              type="number"
              min={1}
              value={s.retry.delayMinutes}
              onChange={(e) => setS({ ...s, retry: { ...s.retry, delayMinutes: num(e.target.value) } })}
            />
          </label>
          <label className="field">
            <span>{t('settings.dial')}</span>
            <select
              value={s.dialScheme}
              onChange={(e) => setS({ ...s, dialScheme: e.target.value as Settings['dialScheme'] })}
            >
              <option value="tel">tel:</option>
              <option value="sip">sip:</option>
            </select>
          </label>
        </fieldset>
        <fieldset>
          <legend>{t('settings.callbacks')}</legend>
          <label className="field">
            <span>{t('settings.leadDays')}</span>
            <input
              type="number"
              min={0}
              value={s.futureNeedLeadDays}
              onChange={(e) => setS({ ...s, futureNeedLeadDays: num(e.target.value) })}
            />
          </label>
          <label className="field">
            <span>{t('settings.escalation')}</span>
            <input
              type="number"
              min={1}
              value={s.callbackEscalationMinutes}
              onChange={(e) => setS({ ...s, callbackEscalationMinutes: num(e.target.value) })}
            />
          </label>
          <label className="field">
            <span>{t('settings.claim')}</span>
            <input
              type="number"
              min={1}
              value={s.claimMinutes}
              onChange={(e) => setS({ ...s, claimMinutes: num(e.target.value) })}
            />
          </label>
        </fieldset>
        <fieldset>
          <legend>{t('settings.sla')}</legend>
          <label className="field">
            <span>{t('settings.acceptHours')}</span>
            <input
              type="number"
              min={1}
              value={s.sla.acceptHours}
              onChange={(e) => setS({ ...s, sla: { ...s.sla, acceptHours: num(e.target.value) } })}
            />
          </label>
          <label className="field">
            <span>{t('settings.progressDays')}</span>
            <input
              type="number"
              min={1}
              value={s.sla.progressDays}
              onChange={(e) => setS({ ...s, sla: { ...s.sla, progressDays: num(e.target.value) } })}
            />
          </label>
          <label className="field">
            <span>{t('settings.staleDays')}</span>
            <input
              type="number"
              min={1}
              value={s.sla.staleDays}
              onChange={(e) => setS({ ...s, sla: { ...s.sla, staleDays: num(e.target.value) } })}
            />
          </label>
          <label className="field">
            <span>{t('settings.workFrom')}</span>
            <input
              type="time"
              value={s.workingHours.from}
              onChange={(e) => setS({ ...s, workingHours: { ...s.workingHours, from: e.target.value } })}
            />
          </label>
          <label className="field">
            <span>{t('settings.workTo')}</span>
            <input
              type="time"
              value={s.workingHours.to}
              onChange={(e) => setS({ ...s, workingHours: { ...s.workingHours, to: e.target.value } })}
            />
          </label>
          <label className="field">
            <span>{t('field.timeZone')}</span>
            <select
              value={s.workingHours.timeZone}
              onChange={(e) => setS({ ...s, workingHours: { ...s.workingHours, timeZone: e.target.value } })}
            >
              {(RUSSIAN_TIME_ZONES as readonly string[]).includes(s.workingHours.timeZone) ? null : (
                // A zone from elsewhere (or a broken one) is shown as it is stored, not silently replaced.
                <option value={s.workingHours.timeZone}>
                  {isValidZone(s.workingHours.timeZone)
                    ? s.workingHours.timeZone
                    : t('zone.unknownOption', { zone: s.workingHours.timeZone.slice(0, 64) })}
                </option>
              )}
              {RUSSIAN_TIME_ZONES.map((z) => (
                <option key={z}>{z}</option>
              ))}
            </select>
          </label>
          {weekdays(s.workingHours.weekdays, (days) =>
            setS({ ...s, workingHours: { ...s.workingHours, weekdays: days } }),
          )}
          <label className="field field--wide">
            <span>{t('settings.holidays')}</span>
            <textarea
              rows={3}
              value={holidays}
              onChange={(e) => setHolidays(e.target.value)}
              placeholder="2027-01-01, 2027-03-08"
            />
          </label>
          <label className="field field--wide">
            <span>{t('settings.workdays')}</span>
            <textarea
              rows={1}
              value={workdays}
              onChange={(e) => setWorkdays(e.target.value)}
              placeholder="2027-11-13"
            />
          </label>
          <p className="field--wide">
            <button
              type="button"
              className="button"
              onClick={() => {
                // Adds the official calendar to what is there; nothing the supervisor typed is lost.
                setHolidays(dates(`${holidays} ${RUSSIAN_HOLIDAYS.join(' ')}`).join(', '));
                setWorkdays(dates(`${workdays} ${RUSSIAN_WORKDAYS.join(' ')}`).join(', '));
              }}
            >
              {t('settings.russianCalendar')}
            </button>{' '}
            <span className="muted">{t('settings.russianCalendarHint')}</span>
          </p>
        </fieldset>
        <fieldset>
          <legend>{t('settings.bonus')}</legend>
          <label className="field">
            <span>{t('settings.perRequest')}</span>
            <input
              type="number"
              min={0}
              value={s.bonus.perRequest}
              onChange={(e) => setS({ ...s, bonus: { ...s.bonus, perRequest: num(e.target.value) } })}
            />
          </label>
          <label className="field">
            <span>{t('settings.percent')}</span>
            <input
              type="number"
              min={0}
              max={100}
              step={0.1}
              value={s.bonus.percentOfOrder}
              onChange={(e) => setS({ ...s, bonus: { ...s.bonus, percentOfOrder: num(e.target.value) } })}
            />
          </label>
        </fieldset>
        <TelephonyFields
          value={s.telephony}
          onChange={(telephony) => setS({ ...s, telephony })}
          readOnly={workspace.user.role !== 'admin'}
        />
        <button type="submit" className="button button--primary">
          {t('form.save')}
        </button>
      </form>
    </main>
  );
}
