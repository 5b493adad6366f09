import { useState } from 'react';
import { uuidv7 } from '../../../shared/core/ids.ts';
import { emptyCriteria, newCallList } from '../../../shared/calling/list-query.ts';
import { queryMembers } from './members.ts';
import {
  type ListCriteria,
  type ListSource,
  PROSPECT_STATUSES,
  type Prospect,
  type User,
} from '../../../shared/core/types.ts';
import type { Workspace } from '../../app/session-store.ts';
import { useT } from '../../i18n/index.ts';
import { useSettings } from '../requests/use-requests.ts';
import { OperatorPicker } from '../../ui/OperatorPicker.tsx';
import { OutcomeSelect } from '../../ui/OutcomeSelect.tsx';

/** An "earlier results" list: a saved query over the base and its call history, re-run by the queue. */
export function QueryListForm({
  workspace,
  operators,
  onDone,
  preset,
}: {
  workspace: Workspace;
  operators: User[];
  onDone(id: string): void;
  /** A list made for a request from the head of sales keeps that source, name and priority. */
  preset?: { name: string; priority: number; source: ListSource };
}) {
  const t = useT();
  const settings = useSettings(workspace.db);
  const [name, setName] = useState(preset?.name ?? '');
  const [criteria, setCriteria] = useState<ListCriteria>(emptyCriteria());
  const [assignees, setAssignees] = useState<string[]>([]);
  const [preview, setPreview] = useState<Prospect[] | null>(null);
  const set = (patch: Partial<ListCriteria>) => {
    setCriteria((c) => ({ ...c, ...patch }));
    setPreview(null);
  };
  const number = (value: string) => Math.max(0, Math.floor(Number(value) || 0));

  async function run() {
    setPreview(await queryMembers(workspace.db, criteria, Date.now()));
  }

  async function save() {
    const now = Date.now();
    const list = newCallList({
      id: uuidv7(now),
      createdAt: now,
      name: name.trim() || t('lists.untitled'),
      source: preset?.source ?? 'earlier_results',
      criteria,
      assigneeIds: assignees,
      priority: preset?.priority ?? 60,
      retry: settings.retry,
    });
    await workspace.repo.save('callLists', list);
    onDone(list.id);
  }

  return (
    <form
      className="wizard"
      aria-label={t('lists.newQuery')}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2>{t('lists.newQuery')}</h2>
      <label className="field">
        <span>{t('lists.name')}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <fieldset className="assignees">
        <legend>{t('field.status')}</legend>
        {PROSPECT_STATUSES.map((s) => (
          <label key={s}>
            <input
              type="checkbox"
              checked={criteria.statuses.includes(s)}
              onChange={(e) =>
                set({
                  statuses: e.target.checked ? [...criteria.statuses, s] : criteria.statuses.filter((x) => x !== s),
                })
              }
            />{' '}
            {t(`status.${s}`)}
          </label>
        ))}
      </fieldset>
      <div className="pform__grid">
        <label className="field">
          <span>{t('lists.q.futureWithin')}</span>
          <input
            type="number"
            min={0}
            value={criteria.futureNeedWithinDays || ''}
            onChange={(e) => set({ futureNeedWithinDays: number(e.target.value) })}
          />
        </label>
        <label className="field">
          <span>{t('lists.q.minAttempts')}</span>
          <input
            type="number"
            min={0}
            value={criteria.minAttempts || ''}
            onChange={(e) => set({ minAttempts: number(e.target.value) })}
          />
        </label>
        <label className="field">
          <span>{t('lists.q.lastOutcome')}</span>
          <OutcomeSelect value={criteria.lastOutcome} onChange={(lastOutcome) => set({ lastOutcome })} />
        </label>
        <label className="field">
          <span>{t('lists.q.notCalledFor')}</span>
          <input
            type="number"
            min={0}
            value={criteria.notCalledForDays || ''}
            onChange={(e) => set({ notCalledForDays: number(e.target.value) })}
          />
        </label>
        <label className="field">
          <span>{t('field.industry')}</span>
          <input
            value={criteria.industries.join(', ')}
            onChange={(e) =>
              set({
                industries: e.target.value
                  .split(',')
                  .map((s) => s.trim())
                  .filter(Boolean),
              })
            }
          />
        </label>
        <label className="field">
          <span>{t('field.region')}</span>
          <input
            value={criteria.regions.join(', ')}
            onChange={(e) =>
              set({
                regions: e.target.value
                  .split(',')
                  .map((s) => s.trim())
                  .filter(Boolean),
              })
            }
          />
        </label>
      </div>
      <OperatorPicker
        legend={t('lists.assignees')}
        operators={operators}
        selected={assignees}
        onChange={setAssignees}
      />
      <div className="inline-form">
        <button type="button" className="button" onClick={() => void run()}>
          {t('lists.preview')}
        </button>
        <button type="submit" className="button button--primary">
          {t('lists.save')}
        </button>
      </div>
      {preview && (
        <section aria-label={t('lists.members')}>
          <p>{t('lists.matches', { count: preview.length })}</p>
          <ul className="members">
            {preview.slice(0, 50).map((p) => (
              <li key={p.id}>{p.name}</li>
            ))}
          </ul>
        </section>
      )}
    </form>
  );
}
