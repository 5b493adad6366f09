import { listWindow, narrows } from '../../../shared/calling/calling-hours.ts';
import { useSettings } from '../requests/use-requests.ts';
import { type FormEvent, useEffect, useState } from 'react';
import { importUndo } from '../../../shared/formats/import.ts';
import { listSettingsErrors } from '../../../shared/calling/list-query.ts';
import type { CallList, Prospect, Script, User } from '../../../shared/core/types.ts';
import type { Workspace } from '../../app/session-store.ts';
import { isMessageKey, useT } from '../../i18n/index.ts';
import { Field } from '../../ui/Field.tsx';
import { OperatorPicker } from '../../ui/OperatorPicker.tsx';
import { memberCount } from './members.ts';

/**
 * How a list is worked: who calls it (operators or whole teams), its priority against other lists,
 * the hours it is called in the prospect's zone, how often and how many times a prospect is tried,
 * and the dates it runs. Saved locally and synced; every operator's queue follows at once.
 */
export function ListEditor(props: {
  workspace: Workspace;
  list: CallList;
  operators: User[];
  teams: string[];
  /** Published scripts, one per script. */
  scripts: Script[];
  onDone(): void;
}) {
  const t = useT();
  const [list, setList] = useState(props.list);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [members, setMembers] = useState<number | null>(null);
  const hours = useSettings(props.workspace.db).callingHours;
  const count = () => void memberCount(props.workspace.db, list, Date.now()).then(setMembers);
  // Counted once on opening; "Re-run" counts again (the query follows the base as it changes).
  // oxlint-disable-next-line react-hooks/exhaustive-deps
  useEffect(count, []);
  const set = (patch: Partial<CallList>) => setList({ ...list, ...patch });
  const error = (field: string) => {
    const key = errors[field];
    return key && isMessageKey(key) ? t(key) : undefined;
  };
  const num = (value: string) => (value.trim() === '' ? Number.NaN : Number(value));

  /** Takes back what the import created and nobody has worked yet; the list stops being called. */
  async function undoImport() {
    const { db, repo } = props.workspace;
    const docs = await db.prospects.find({ selector: { sourceListId: list.id } }).exec();
    const plan = importUndo(
      props.list,
      docs.map((d) => d.toJSON() as Prospect),
    );
    if (!globalThis.confirm(t('lists.undoConfirm', { count: plan.remove.length, worked: plan.worked }))) return;
    for (let i = 0; i < plan.remove.length; i += 500) await repo.removeMany('prospects', plan.remove.slice(i, i + 500));
    await repo.save('callLists', { ...props.list, active: false, updatedAt: Date.now() });
    props.onDone();
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const found = listSettingsErrors(list);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    await props.workspace.repo.save('callLists', { ...list, name: list.name.trim(), updatedAt: Date.now() });
    props.onDone();
  }

  return (
    <form className="wizard" aria-label={t('lists.edit')} onSubmit={(e) => void save(e)} noValidate>
      <h2>
        {t('lists.edit')}: {props.list.name}
      </h2>
      <p className="muted" role="status">
        {t(`source.${list.source}`)} · {members === null ? '…' : t('lists.membersNow', { count: members })}{' '}
        <button type="button" className="link" onClick={count}>
          {t('lists.rerun')}
        </button>
      </p>
      <div className="pform__grid">
        <Field label={t('lists.name')} error={error('name')} wide>
          {(c) => <input {...c} value={list.name} onChange={(e) => set({ name: e.target.value })} />}
        </Field>
        <Field label={t('lists.priority')} error={error('priority')}>
          {(c) => (
            <input
              {...c}
              type="number"
              min={0}
              max={100}
              value={Number.isNaN(list.priority) ? '' : list.priority}
              onChange={(e) => set({ priority: num(e.target.value) })}
            />
          )}
        </Field>
        <label className="field field--check">
          <input type="checkbox" checked={list.active} onChange={(e) => set({ active: e.target.checked })} />
          <span>{t('lists.activeLabel')}</span>
        </label>
        <p className="muted field--wide" role="note">
          {narrows(hours, list)
            ? t('lists.hoursNarrowed', {
                company: `${hours.from}–${hours.to}`,
                list: `${listWindow(hours, list).from}–${listWindow(hours, list).to}`,
              })
            : t('lists.hoursCompany', { company: `${hours.from}–${hours.to}` })}
        </p>
        <Field label={t('lists.windowFrom')} error={error('windowFrom')}>
          {(c) => (
            <input
              {...c}
              type="time"
              value={list.callWindow.from}
              onChange={(e) => set({ callWindow: { ...list.callWindow, from: e.target.value } })}
            />
          )}
        </Field>
        <Field label={t('lists.windowTo')} error={error('windowTo')}>
          {(c) => (
            <input
              {...c}
              type="time"
              value={list.callWindow.to}
              onChange={(e) => set({ callWindow: { ...list.callWindow, to: e.target.value } })}
            />
          )}
        </Field>
        <Field label={t('lists.maxAttempts')} error={error('maxAttempts')}>
          {(c) => (
            <input
              {...c}
              type="number"
              min={1}
              max={50}
              value={Number.isNaN(list.retry.maxAttempts) ? '' : list.retry.maxAttempts}
              onChange={(e) => set({ retry: { ...list.retry, maxAttempts: num(e.target.value) } })}
            />
          )}
        </Field>
        <Field label={t('lists.delayMinutes')} error={error('delayMinutes')}>
          {(c) => (
            <input
              {...c}
              type="number"
              min={1}
              value={Number.isNaN(list.retry.delayMinutes) ? '' : list.retry.delayMinutes}
              onChange={(e) => set({ retry: { ...list.retry, delayMinutes: num(e.target.value) } })}
            />
          )}
        </Field>
        <Field label={t('list.autoDial')} error={error('autoDialSeconds')}>
          {(c) => (
            <input
              {...c}
              type="number"
              min={0}
              max={600}
              value={Number.isNaN(list.autoDialSeconds) ? '' : list.autoDialSeconds}
              onChange={(e) => set({ autoDialSeconds: num(e.target.value) })}
            />
          )}
        </Field>
        <Field label={t('lists.script')} wide>
          {(c) => (
            <select {...c} value={list.scriptId} onChange={(e) => set({ scriptId: e.target.value })}>
              <option value="">{t('lists.scriptDefault')}</option>
              {props.scripts.map((s) => (
                <option key={s.scriptId} value={s.scriptId}>
                  {s.name} ({s.language.toUpperCase()}, v{s.version})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('lists.activeFrom')} error={error('activeFrom')}>
          {(c) => (
            <input {...c} type="date" value={list.activeFrom} onChange={(e) => set({ activeFrom: e.target.value })} />
          )}
        </Field>
        <Field label={t('lists.activeTo')} error={error('activeTo')}>
          {(c) => (
            <input {...c} type="date" value={list.activeTo} onChange={(e) => set({ activeTo: e.target.value })} />
          )}
        </Field>
      </div>
      <OperatorPicker
        legend={t('lists.assignees')}
        operators={props.operators}
        selected={list.assigneeIds}
        onChange={(assigneeIds) => set({ assigneeIds })}
      />
      {props.teams.length > 0 && (
        <fieldset className="assignees">
          <legend>{t('lists.teams')}</legend>
          {props.teams.map((team) => (
            <label key={team}>
              <input
                type="checkbox"
                checked={list.assigneeTeams.includes(team)}
                onChange={(e) =>
                  set({
                    assigneeTeams: e.target.checked
                      ? [...list.assigneeTeams, team]
                      : list.assigneeTeams.filter((x) => x !== team),
                  })
                }
              />{' '}
              {team}
            </label>
          ))}
        </fieldset>
      )}
      <div className="wizard__actions">
        <button type="submit" className="button button--primary">
          {t('form.save')}
        </button>
        {list.source === 'market_research' && (
          <button type="button" className="button button--danger" onClick={() => void undoImport()}>
            {t('lists.undoImport')}
          </button>
        )}
        <button type="button" className="button" onClick={props.onDone}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  );
}
