import { useState } from 'react';
import { map } from 'rxjs';
import type { CallList, User } from '../../../shared/types.ts';
import type { Workspace } from '../../app/session-store.ts';
import { useLive } from '../../db/use-query.ts';
import { useT } from '../../i18n/index.ts';
import { ImportWizard } from './ImportWizard.tsx';
import { QueryListForm } from './QueryListForm.tsx';

type Panel = { kind: 'none' } | { kind: 'import' } | { kind: 'query' };

/** Manager mode: the call lists, where each came from, who works them; import and query new ones. */
export function ListsScreen({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  const lists = useLive(
    () =>
      workspace.db.callLists
        .find({ sort: [{ createdAt: 'desc' }] })
        .$.pipe(map((docs) => docs.map((d) => d.toJSON() as CallList))),
    [workspace.db],
  );
  const users = useLive(
    () => workspace.db.users.find().$.pipe(map((docs) => docs.map((d) => d.toJSON() as User))),
    [workspace.db],
  );
  const operators = (users ?? []).filter((u) => u.role === 'operator' && u.active);
  const nameOf = (id: string) => (users ?? []).find((u) => u.id === id)?.name ?? id;

  return (
    <main className="page">
      <header className="page__head">
        <h1>{t('lists.title')}</h1>
        <button type="button" className="button button--primary" onClick={() => setPanel({ kind: 'import' })}>
          {t('lists.import')}
        </button>
        <button type="button" className="button" onClick={() => setPanel({ kind: 'query' })}>
          {t('lists.newQuery')}
        </button>
      </header>
      <div className="lists">
        <table className="table" aria-label={t('lists.title')}>
          <thead>
            <tr>
              <th>{t('lists.name')}</th>
              <th>{t('lists.source')}</th>
              <th>{t('lists.assignees')}</th>
              <th>{t('lists.priority')}</th>
              <th>{t('lists.window')}</th>
              <th>{t('lists.active')}</th>
            </tr>
          </thead>
          <tbody>
            {(lists ?? []).map((l) => (
              <tr key={l.id}>
                <td>{l.name}</td>
                <td>
                  <span className="badge">{t(`source.${l.source}`)}</span>
                </td>
                <td>{l.assigneeIds.map(nameOf).join(', ') || '—'}</td>
                <td>{l.priority}</td>
                <td>
                  {l.callWindow.from}–{l.callWindow.to}
                </td>
                <td>{l.active ? '✓' : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {panel.kind === 'import' && (
          <ImportWizard workspace={workspace} operators={operators} onDone={() => setPanel({ kind: 'none' })} />
        )}
        {panel.kind === 'query' && (
          <QueryListForm workspace={workspace} operators={operators} onDone={() => setPanel({ kind: 'none' })} />
        )}
      </div>
    </main>
  );
}
