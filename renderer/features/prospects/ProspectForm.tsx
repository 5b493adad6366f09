import { type FormEvent, useEffect, useState } from 'react';
import { jsonEqual } from '../../../shared/core/equal.ts';
import { canWriteField } from '../../../shared/security/policy.ts';
import { EraseButton } from './EraseButton.tsx';
import { uuidv7 } from '../../../shared/core/ids.ts';
import { mergeProspect } from '../../../shared/sync/merge/collections.ts';
import { normalizePhone, phoneKey, zoneFromPhone } from '../../../shared/calling/phone.ts';
import {
  buildProspect,
  emptyProspectInput,
  type FieldErrors,
  inputFromProspect,
  type ProspectInput,
  rebaseInput,
} from '../../../shared/calling/prospect.ts';
import { localTime, RUSSIAN_TIME_ZONES } from '../../../shared/calling/regions.ts';
import { PROSPECT_STATUSES, type Prospect } from '../../../shared/core/types.ts';
import type { Workspace } from '../../app/session-store.ts';
import { isMessageKey, useLanguageStore, useT } from '../../i18n/index.ts';
import { Field } from '../../ui/Field.tsx';
import { type Duplicate, findDuplicates } from './search.ts';
import { useDebounced } from './use-prospects.ts';

interface Props {
  workspace: Workspace;
  prospect: Prospect | null;
  userNames: Map<string, string>;
  onSaved(id: string): void;
  onCancel(): void;
  onOpen(id: string): void;
}

export function ProspectForm({ workspace, prospect, userNames, onSaved, onCancel, onOpen }: Props) {
  const t = useT();
  const language = useLanguageStore((s) => s.language);
  // The record as the form last saw it: the common ancestor when someone else saves meanwhile.
  const [base, setBase] = useState(prospect);
  const [input, setInput] = useState<ProspectInput>(() => (base ? inputFromProspect(base) : emptyProspectInput()));
  if (prospect && base && prospect.id === base.id && !jsonEqual(prospect, base)) {
    // A change arrived (another operator, or sync): show it in the fields this user has not touched.
    setInput(rebaseInput(input, inputFromProspect(base), inputFromProspect(prospect)));
    setBase(prospect);
  }
  const [errors, setErrors] = useState<FieldErrors>({});
  const [duplicates, setDuplicates] = useState<Duplicate[]>([]);
  const [confirmDuplicate, setConfirmDuplicate] = useState(false);
  const [saveError, setSaveError] = useState('');
  const [saving, setSaving] = useState(false);
  const [timeZoneTouched, setTimeZoneTouched] = useState(false);
  const phone = useDebounced(input.phone, 200);
  const taxId = useDebounced(input.taxId, 200);

  useEffect(() => {
    let stale = false;
    const normalized = phone.trim() ? normalizePhone(phone) : null;
    const tax = taxId.replace(/\s/g, '');
    void findDuplicates(
      workspace.db,
      { phoneKey: normalized ? phoneKey(normalized) : '', taxId: /^\d{10}(\d{2})?$/.test(tax) ? tax : '' },
      base?.id ?? null,
    ).then((found) => {
      if (!stale) setDuplicates(found);
    });
    return () => {
      stale = true;
    };
  }, [workspace.db, phone, taxId, base?.id]);

  const set = <K extends keyof ProspectInput>(key: K, value: ProspectInput[K]) => {
    setInput((prev) => {
      const next = { ...prev, [key]: value };
      // A landline's area code tells the prospect's time zone; the operator can still change it.
      if (key === 'phone' && !timeZoneTouched) {
        const normalized = normalizePhone(String(value));
        const zone = normalized ? zoneFromPhone(normalized) : null;
        if (zone) next.timeZone = zone;
      }
      return next;
    });
    if (key === 'timeZone') setTimeZoneTouched(true);
    setConfirmDuplicate(false);
    // An error is about the value that was checked; once the user changes it, it no longer applies.
    setErrors((prev) =>
      Object.fromEntries(Object.entries(prev).filter(([k]) => k !== key && !k.startsWith(`${key}.`))),
    );
  };
  const error = (key: string) => {
    const id = errors[key];
    return id && isMessageKey(id) ? t(id) : id;
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaveError('');
    const result = buildProspect(input, {
      id: base?.id ?? uuidv7(),
      actorId: workspace.user.id,
      now: Date.now(),
      ...(base ? { existing: base } : {}),
    });
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    if (duplicates.length > 0 && !confirmDuplicate) {
      setConfirmDuplicate(true);
      return;
    }
    setSaving(true);
    try {
      let doc = result.prospect;
      if (base) {
        // Another operator may have saved while this form was open: keep their changes to the
        // fields this user did not touch, by the same three-way merge sync uses.
        const latest = await workspace.db.prospects.findOne(base.id).exec();
        if (!latest) {
          setSaveError(t('error.deleted'));
          return;
        }
        const { _deleted, ...merged } = mergeProspect<Prospect & { _deleted?: boolean }>(
          base,
          doc,
          latest.toJSON() as Prospect,
        );
        doc = merged;
      }
      await workspace.repo.save('prospects', doc);
      onSaved(doc.id);
    } catch (e) {
      setSaveError(t('error.save', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setSaving(false);
    }
  }

  const locale = language === 'ru' ? 'ru-RU' : 'en-GB';
  // Fields this role may not write are shown but locked; the server would refuse them anyway.
  const locked = (field: string) => !canWriteField('prospects', workspace.user.role, field);

  return (
    <form className="pform" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="pform-title">
      <h2 id="pform-title">{prospect ? t('prospects.edit') : t('prospects.create')}</h2>
      {Object.keys(errors).length > 0 && (
        <p className="banner banner--error" role="alert">
          {t('form.errors')}
        </p>
      )}
      {saveError && (
        <p className="banner banner--error" role="alert">
          {saveError}
        </p>
      )}
      {duplicates.length > 0 && (
        <section className="dup" role="alert" aria-label={t('dup.title')}>
          <strong>{t('dup.title')}</strong>
          <ul>
            {duplicates.map((d) => {
              const owner = d.prospect.ownerId ? userNames.get(d.prospect.ownerId) : undefined;
              return (
                <li key={d.prospect.id}>
                  {t(d.by === 'phone' ? 'dup.phone' : 'dup.taxId', { name: d.prospect.name })} (
                  {owner ? t('dup.owner', { owner }) : t('dup.noOwner')}){' '}
                  <button type="button" className="link" onClick={() => onOpen(d.prospect.id)}>
                    {t('dup.open', { name: d.prospect.name })}
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <div className="pform__grid">
        <Field label={t('field.kind')}>
          {(control) => (
            <>
              <select
                {...control}
                disabled={locked('kind')}
                value={input.kind}
                onChange={(e) => set('kind', e.target.value as ProspectInput['kind'])}
              >
                <option value="company">{t('field.kind.company')}</option>
                <option value="person">{t('field.kind.person')}</option>
              </select>
            </>
          )}
        </Field>
        <Field label={t('field.status')}>
          {(control) => (
            <>
              <select
                {...control}
                disabled={locked('status')}
                value={input.status}
                onChange={(e) => set('status', e.target.value as ProspectInput['status'])}
              >
                {PROSPECT_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </select>
            </>
          )}
        </Field>
        <Field label={t('field.name')} error={error('name')} wide>
          {(control) => (
            <input
              value={input.name}
              onChange={(e) => set('name', e.target.value)}
              {...control}
              disabled={locked('name')}
            />
          )}
        </Field>
        <Field label={t('field.phone')} error={error('phone')}>
          {(control) => (
            <input
              value={input.phone}
              inputMode="tel"
              onChange={(e) => set('phone', e.target.value)}
              {...control}
              disabled={locked('phone')}
            />
          )}
        </Field>
        <Field label={t('field.taxId')} error={error('taxId')}>
          {(control) => (
            <input
              value={input.taxId}
              inputMode="numeric"
              onChange={(e) => set('taxId', e.target.value)}
              {...control}
              disabled={locked('taxId')}
            />
          )}
        </Field>
        <Field label={t('field.email')} error={error('email')}>
          {(control) => (
            <input
              value={input.email}
              onChange={(e) => set('email', e.target.value)}
              {...control}
              disabled={locked('email')}
            />
          )}
        </Field>
        <Field label={t('field.industry')}>
          {(control) => (
            <input
              value={input.industry}
              onChange={(e) => set('industry', e.target.value)}
              {...control}
              disabled={locked('email')}
            />
          )}
        </Field>
        <Field label={t('field.region')}>
          {(control) => (
            <input
              value={input.region}
              onChange={(e) => set('region', e.target.value)}
              {...control}
              disabled={locked('industry')}
            />
          )}
        </Field>
        <Field label={t('field.timeZone')}>
          {(control) => (
            <>
              <select
                {...control}
                disabled={locked('timeZone')}
                value={input.timeZone}
                onChange={(e) => set('timeZone', e.target.value)}
              >
                {RUSSIAN_TIME_ZONES.map((z) => (
                  <option key={z} value={z}>
                    {z} ({localTime(z, new Date(), locale)})
                  </option>
                ))}
              </select>
              <span className="muted">{t('local.time', { time: localTime(input.timeZone, new Date(), locale) })}</span>
            </>
          )}
        </Field>
        <Field label={t('field.notes')} wide>
          {(control) => (
            <textarea
              rows={4}
              value={input.notes}
              onChange={(e) => set('notes', e.target.value)}
              {...control}
              disabled={locked('notes')}
            />
          )}
        </Field>
      </div>
      <fieldset className="contacts" disabled={locked('contacts')}>
        <legend>{t('field.contacts')}</legend>
        {input.contacts.map((c, i) => (
          <div className="contacts__row" key={c.id}>
            <Field label={t('field.contactName')} error={error(`contacts.${i}.name`)}>
              {(control) => (
                <input
                  value={c.name}
                  onChange={(e) =>
                    set(
                      'contacts',
                      input.contacts.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)),
                    )
                  }
                  {...control}
                />
              )}
            </Field>
            <Field label={t('field.contactPosition')}>
              {(control) => (
                <input
                  value={c.position}
                  onChange={(e) =>
                    set(
                      'contacts',
                      input.contacts.map((x, j) => (j === i ? { ...x, position: e.target.value } : x)),
                    )
                  }
                  {...control}
                />
              )}
            </Field>
            <Field label={t('field.contactPhone')} error={error(`contacts.${i}.phone`)}>
              {(control) => (
                <input
                  value={c.phone}
                  inputMode="tel"
                  onChange={(e) =>
                    set(
                      'contacts',
                      input.contacts.map((x, j) => (j === i ? { ...x, phone: e.target.value } : x)),
                    )
                  }
                  {...control}
                />
              )}
            </Field>
            <button
              type="button"
              className="button button--ghost"
              aria-label={`${t('contacts.remove')} ${i + 1}`}
              onClick={() =>
                set(
                  'contacts',
                  input.contacts.filter((_, j) => j !== i),
                )
              }
            >
              ✕
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button"
          onClick={() =>
            set('contacts', [...input.contacts, { id: uuidv7(), name: '', position: '', phone: '', email: '' }])
          }
        >
          {t('contacts.add')}
        </button>
      </fieldset>
      {prospect && (
        <p className="muted">
          {t('field.owner')}: {userNames.get(prospect.ownerId) ?? '—'}
        </p>
      )}
      <div className="pform__actions">
        <button className="button button--primary" type="submit" disabled={saving}>
          {confirmDuplicate ? t('form.saveAnyway') : t('form.save')}
        </button>
        <button className="button" type="button" onClick={onCancel}>
          {t('form.cancel')}
        </button>
        {prospect && workspace.user.role === 'admin' && <EraseButton prospect={prospect} />}
      </div>
    </form>
  );
}
