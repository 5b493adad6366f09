import { localTime } from '../../../shared/calling/regions.ts';
import { callbackTime, type OutcomeForm } from '../../../shared/calling/outcomes.ts';
import type { Settings } from '../../../shared/core/types.ts';
import { isMessageKey, useLanguageStore, useT } from '../../i18n/index.ts';
import { Field } from '../../ui/Field.tsx';
import { ariaKeys, hint, matches, SHORTCUTS } from '../../ui/shortcuts.ts';

interface Props {
  form: OutcomeForm;
  zone: string;
  /** The company's calling hours: a callback asked for outside them is moved into them. */
  hours: Settings['callingHours'];
  /** A supervisor may keep a callback at the asked time though it lies outside the calling hours. */
  mayAllowOutsideHours?: boolean;
  errors: Record<string, string>;
  saving: boolean;
  onChange(form: OutcomeForm): void;
  onSave(): void;
  /** Saves and takes the next call at once (Ctrl/⌘+Shift+Enter). */
  onSaveNext(): void;
  onBack(): void;
}

/** Outcomes whose wrap-up has fields; the others are saved with one Enter. */
const HAS_FIELDS: ReadonlySet<OutcomeForm['kind']> = new Set(['request', 'future_need', 'callback', 'not_interested']);

/** Next four quarters from now, as `YYYY-Qn`. */
function quarters(now = new Date()): string[] {
  const result: string[] = [];
  let year = now.getFullYear();
  let q = Math.floor(now.getMonth() / 3) + 1;
  for (let i = 0; i < 6; i++) {
    result.push(`${year}-Q${q}`);
    q += 1;
    if (q > 4) {
      q = 1;
      year += 1;
    }
  }
  return result;
}

/** The wrap-up of one outcome: the few fields it needs, then Save (Enter). */
export function OutcomePanel(props: Props) {
  const { form, zone, hours, errors, saving, onChange, onSave, onSaveNext, onBack } = props;
  const t = useT();
  const language = useLanguageStore((s) => s.language);
  const locale = language === 'ru' ? 'ru-RU' : 'en-GB';
  const err = (key: string) => {
    const id = errors[key];
    return id && isMessageKey(id) ? t(id) : id;
  };
  const set = (patch: Partial<OutcomeForm>) => onChange({ ...form, ...patch } as OutcomeForm);

  return (
    <form
      className="outcome"
      aria-label={t('outcome.title', { outcome: t(`outcome.${form.kind}`) })}
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
      onKeyDown={(e) => {
        if (matches(e.nativeEvent, SHORTCUTS.back)) onBack();
        else if (matches(e.nativeEvent, SHORTCUTS.saveNext)) {
          e.preventDefault();
          onSaveNext();
        } else if (matches(e.nativeEvent, SHORTCUTS.save)) {
          // Ctrl/⌘+Enter saves from anywhere, the multi-line need included.
          e.preventDefault();
          onSave();
        }
      }}
    >
      <h3>{t(`outcome.${form.kind}`)}</h3>
      {form.kind === 'request' && (
        <>
          <Field label={t('request.need')} error={err('need')}>
            {(c) => (
              <textarea rows={2} value={form.need} onChange={(e) => set({ need: e.target.value })} {...c} autoFocus />
            )}
          </Field>
          <Field label={t('request.volume')}>
            {(c) => <input value={form.volume} onChange={(e) => set({ volume: e.target.value })} {...c} />}
          </Field>
          <Field label={t('request.site')}>
            {(c) => <input value={form.site} onChange={(e) => set({ site: e.target.value })} {...c} />}
          </Field>
          <Field label={t('request.deadline')}>
            {(c) => <input value={form.deadline} onChange={(e) => set({ deadline: e.target.value })} {...c} />}
          </Field>
          <Field label={t('request.budget')} error={err('budget')}>
            {(c) => (
              <input
                inputMode="numeric"
                value={form.budget === 0 ? '' : String(form.budget)}
                onChange={(e) => set({ budget: Number(e.target.value.replace(/[^\d.]/g, '')) || 0 })}
                {...c}
              />
            )}
          </Field>
          <Field label={t('request.contact')}>
            {(c) => <input value={form.contact} onChange={(e) => set({ contact: e.target.value })} {...c} />}
          </Field>
        </>
      )}
      {form.kind === 'future_need' && (
        <>
          <Field label={t('future.precision')}>
            {(c) => (
              <select
                value={form.precision}
                onChange={(e) => set({ precision: e.target.value as typeof form.precision, period: '' })}
                {...c}
              >
                <option value="day">{t('future.precision.day')}</option>
                <option value="month">{t('future.precision.month')}</option>
                <option value="quarter">{t('future.precision.quarter')}</option>
              </select>
            )}
          </Field>
          <Field label={t('future.period')} error={err('period')}>
            {(c) =>
              form.precision === 'quarter' ? (
                <select value={form.period} onChange={(e) => set({ period: e.target.value })} {...c}>
                  <option value="">—</option>
                  {quarters().map((q) => (
                    <option key={q} value={q}>
                      {q}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  type={form.precision === 'day' ? 'date' : 'month'}
                  value={form.period}
                  onChange={(e) => set({ period: e.target.value })}
                  {...c}
                  autoFocus
                />
              )
            }
          </Field>
          <Field label={t('future.confidence')} error={err('confidence')}>
            {(c) => (
              <input
                type="number"
                min={0}
                max={100}
                step={10}
                value={form.confidence}
                onChange={(e) => set({ confidence: Number(e.target.value) })}
                {...c}
              />
            )}
          </Field>
          <Field label={t('future.trigger')}>
            {(c) => <input value={form.trigger} onChange={(e) => set({ trigger: e.target.value })} {...c} />}
          </Field>
          <Field label={t('future.description')}>
            {(c) => <input value={form.description} onChange={(e) => set({ description: e.target.value })} {...c} />}
          </Field>
        </>
      )}
      {form.kind === 'callback' && (
        <>
          <p className="muted">{t('callback.inZone', { zone, time: localTime(zone, new Date(), locale) })}</p>
          <Field label={t('callback.date')} error={err('date')}>
            {(c) => (
              <input type="date" value={form.date} onChange={(e) => set({ date: e.target.value })} {...c} autoFocus />
            )}
          </Field>
          <Field label={t('callback.time')} error={err('time')}>
            {(c) => <input type="time" value={form.time} onChange={(e) => set({ time: e.target.value })} {...c} />}
          </Field>
          {form.date && /^\d\d:\d\d$/.test(form.time) && (
            <CallbackWhen
              form={form}
              zone={zone}
              hours={hours}
              locale={locale}
              mayAllow={props.mayAllowOutsideHours === true}
              onKeep={(keepAskedTime) => set({ keepAskedTime })}
            />
          )}
        </>
      )}
      {form.kind === 'not_interested' && (
        <Field label={t('outcome.reason')}>
          {(c) => <input value={form.reason} onChange={(e) => set({ reason: e.target.value })} {...c} autoFocus />}
        </Field>
      )}
      <div className="outcome__actions">
        {/* An outcome with nothing to fill in starts on Save: Enter saves it at once. */}
        <button
          className="button button--primary"
          type="submit"
          disabled={saving}
          autoFocus={!HAS_FIELDS.has(form.kind)}
          aria-keyshortcuts={`Enter ${ariaKeys(SHORTCUTS.save)}`}
        >
          {t('outcome.save')} <kbd>{form.kind === 'request' ? hint(SHORTCUTS.save) : 'Enter'}</kbd>
        </button>
        <button
          className="button"
          type="button"
          disabled={saving}
          onClick={onSaveNext}
          aria-keyshortcuts={ariaKeys(SHORTCUTS.saveNext)}
        >
          {t('outcome.saveNext')} <kbd>{hint(SHORTCUTS.saveNext)}</kbd>
        </button>
        <button className="button" type="button" onClick={onBack} aria-keyshortcuts="Escape">
          {t('outcome.back')} <kbd>{hint(SHORTCUTS.back)}</kbd>
        </button>
      </div>
    </form>
  );
}

/**
 * When the callback will come, in the operator's time, and whether it was moved into the calling
 * hours; a supervisor may keep the asked time instead.
 */
function CallbackWhen(props: {
  form: Extract<OutcomeForm, { kind: 'callback' }>;
  zone: string;
  hours: Settings['callingHours'];
  locale: string;
  mayAllow: boolean;
  onKeep(keep: boolean): void;
}) {
  const t = useT();
  const { form, zone, hours, locale, mayAllow } = props;
  const { asked, dueAt } = callbackTime(form, zone, { callingHours: hours }, mayAllow);
  const moved = callbackTime({ ...form, keepAskedTime: false }, zone, { callingHours: hours }).dueAt;
  const format = (ms: number, timeZone?: string) =>
    new Date(ms).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) });
  return (
    <>
      {moved !== asked && dueAt !== asked && (
        <p className="banner banner--warn" role="status">
          {t('callback.moved', { from: hours.from, to: hours.to, when: format(moved, zone) })}
        </p>
      )}
      {moved !== asked && mayAllow && (
        <label className="field field--check">
          <input
            type="checkbox"
            checked={form.keepAskedTime === true}
            onChange={(e) => props.onKeep(e.target.checked)}
          />
          <span>{t('callback.keepAsked', { when: format(asked, zone) })}</span>
        </label>
      )}
      <p className="muted">{t('callback.yourTime', { time: format(dueAt) })}</p>
    </>
  );
}
