import { listWindow, narrows } from '../../../shared/calling/calling-hours.ts';
import { useSettings } from '../requests/use-requests.ts';
import { useState } from 'react';
import type { CallList, Script, User } from '../../../shared/core/types.ts';
import { useNavStore, useRouteId } from '../../app/nav-store.ts';
import type { Workspace } from '../../app/session-store.ts';
import { useLive } from '../../db/use-query.ts';
import { useT } from '../../i18n/index.ts';
import { ImportWizard } from './ImportWizard.tsx';
import { ListEditor } from './ListEditor.tsx';
import { QueryListForm } from './QueryListForm.tsx';
import { plainAll } from '../../db/plain.ts';

type Panel =
  { kind: 'none' } | { kind: 'import'; opened: number } | { kind: 'query' } | { kind: 'edit'; list: CallList };

/** Manager mode: the call lists, where each came from, who works them; import and query new ones. */
export function ListsScreen({ workspace }: { workspace: Workspace }) {
  const hours = useSettings(workspace.db).callingHours;
  const t = useT();
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  // A list being edited is in the address (#/lists/<id>).
  const editingId = useRouteId('lists');
  const go = useNavStore((s) => s.go);
  const [importBusy, setImportBusy] = useState(false);
  const lists = useLive(
    () => workspace.db.callLists.find({ sort: [{ createdAt: 'desc' }] }).$.pipe(plainAll<CallList>()),
    [workspace.db],
  );
  const users = useLive(() => workspace.db.users.find().$.pipe(plainAll<User>()), [workspace.db]);
  const scripts = useLive(
    () => workspace.db.scripts.find({ selector: { status: 'published' } }).$.pipe(plainAll<Script>()),
    [workspace.db],
  );
  const operators = (users ?? []).filter((u) => u.role === 'operator' && u.active);
  const scriptName = (id: string) => (scripts ?? []).find((s) => s.scriptId === id)?.name ?? t('lists.scriptDefault');
  const nameOf = (id: string) => (users ?? []).find((u) => u.id === id)?.name ?? id;
  const editing = editingId ? (lists ?? []).find((l) => l.id === editingId) : undefined;
  const teams = [...new Set(operators.map((u) => u.team).filter(Boolean))].toSorted();

  return (
    <main className="page">
      <header className="page__head">
        <h1>{t('lists.title')}</h1>
        {/* Pressed again, it starts a fresh import, but never while one is reading or writing. */}
        <button
          type="button"
          className="button button--primary"
          disabled={importBusy}
          onClick={() => {
            go('lists', null);
            setPanel({ kind: 'import', opened: Date.now() });
          }}
        >
          {t('lists.import')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            go('lists', null);
            setPanel({ kind: 'query' });
          }}
        >
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
              <th>{t('lists.script')}</th>
              <th>{t('lists.retry')}</th>
              <th>{t('lists.dates')}</th>
              <th>{t('lists.active')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(lists ?? []).map((l) => (
              <tr key={l.id}>
                <td>{l.name}</td>
                <td>
                  <span className="badge">{t(`source.${l.source}`)}</span>
                </td>
                <td>
                  {[
                    ...l.assigneeTeams.map((team) => `${t('lists.teams')}: ${team}`),
                    ...l.assigneeIds.map(nameOf),
                  ].join(', ') || '—'}
                </td>
                <td>{l.priority}</td>
                <td>
                  {listWindow(hours, l).from}–{listWindow(hours, l).to}
                  {narrows(hours, l) && <span className="muted"> · {t('lists.narrowed')}</span>}
                </td>
                <td>{scriptName(l.scriptId)}</td>
                <td>{t('lists.retryShort', { attempts: l.retry.maxAttempts, minutes: l.retry.delayMinutes })}</td>
                <td>
                  {l.activeFrom || l.activeTo ? `${l.activeFrom || '…'} – ${l.activeTo || '…'}` : t('lists.openEnded')}
                </td>
                <td>{l.active ? '✓' : '—'}</td>
                <td>
                  <button
                    type="button"
                    className="button"
                    aria-label={t('lists.editList', { name: l.name })}
                    onClick={() => {
                      setPanel({ kind: 'none' });
                      go('lists', l.id);
                    }}
                  >
                    {t('lists.edit')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {panel.kind === 'import' && (
          <ImportWizard
            key={panel.opened}
            workspace={workspace}
            operators={operators}
            onDone={() => setPanel({ kind: 'none' })}
            onBusy={setImportBusy}
          />
        )}
        {panel.kind === 'none' && editing && (
          <ListEditor
            key={editing.id}
            workspace={workspace}
            list={editing}
            operators={operators}
            teams={teams}
            scripts={scripts ?? []}
            onDone={() => go('lists', null)}
          />
        )}
        {panel.kind === 'query' && (
          <QueryListForm workspace={workspace} operators={operators} onDone={() => setPanel({ kind: 'none' })} />
        )}
      </div>
    </main>
  );
}
