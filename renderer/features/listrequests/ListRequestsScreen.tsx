import { type FormEvent, useState } from 'react';
import { uuidv7 } from '../../../shared/core/ids.ts';
import type { CallList, ListRequest, User } from '../../../shared/core/types.ts';
import type { Workspace } from '../../app/session-store.ts';
import { useLive } from '../../db/use-query.ts';
import { useT } from '../../i18n/index.ts';
import { QueryListForm } from '../lists/QueryListForm.tsx';
import { plainAll } from '../../db/plain.ts';

/**
 * The head of sales asks for call lists; the head of the information department makes them.
 * The requester sees each request's progress and the list it became.
 */
export function ListRequestsScreen({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const { db, user } = workspace;
  const requests = useLive(
    () => db.listRequests.find({ sort: [{ createdAt: 'desc' }] }).$.pipe(plainAll<ListRequest>()),
    [db],
  );
  const lists = useLive(() => db.callLists.find().$.pipe(plainAll<CallList>()), [db]);
  const users = useLive(() => db.users.find().$.pipe(plainAll<User>()), [db]);
  const [draft, setDraft] = useState({ title: '', criteria: '', priority: 70, dueDate: '', comment: '' });
  const [making, setMaking] = useState<ListRequest | null>(null);
  const isSupervisor = user.role === 'supervisor';
  const nameOf = (id: string) => (users ?? []).find((u) => u.id === id)?.name ?? '';

  async function file(event: FormEvent) {
    event.preventDefault();
    if (!draft.title.trim()) return;
    const now = Date.now();
    await workspace.repo.save('listRequests', {
      id: uuidv7(now),
      createdAt: now,
      updatedAt: now,
      requestedBy: user.id,
      title: draft.title.trim(),
      criteria: draft.criteria.trim(),
      priority: draft.priority,
      comment: draft.comment.trim(),
      dueDate: draft.dueDate,
      status: 'new',
      listId: '',
      response: '',
    });
    setDraft({ title: '', criteria: '', priority: 70, dueDate: '', comment: '' });
  }

  const update = (r: ListRequest, patch: Partial<ListRequest>) =>
    workspace.repo.save('listRequests', { ...r, ...patch, updatedAt: Date.now() });

  return (
    <main className="page">
      <header className="page__head">
        <h1>{t('lr.title')}</h1>
      </header>
      <div className="lists">
        {requests && requests.length === 0 ? (
          <p className="muted">{t('lr.none')}</p>
        ) : (
          <table className="table" aria-label={t('lr.title')}>
            <thead>
              <tr>
                <th>{t('lr.what')}</th>
                <th>{t('lr.who')}</th>
                <th>{t('lr.due')}</th>
                <th>{t('lr.status')}</th>
                <th>{t('lr.list')}</th>
                {isSupervisor && <th />}
              </tr>
            </thead>
            <tbody>
              {(requests ?? []).map((r) => (
                <tr key={r.id}>
                  <td>
                    <strong>{r.title}</strong>
                    {r.criteria && <div className="muted">{r.criteria}</div>}
                    {r.response && <div>{r.response}</div>}
                  </td>
                  <td>{nameOf(r.requestedBy)}</td>
                  <td>{r.dueDate || '—'}</td>
                  <td>
                    <span className="badge">{t(`lr.status.${r.status}`)}</span>
                  </td>
                  <td>{(lists ?? []).find((l) => l.id === r.listId)?.name ?? '—'}</td>
                  {isSupervisor && (
                    <td className="nowrap">
                      {r.status === 'new' && (
                        <button
                          type="button"
                          className="button"
                          onClick={() => void update(r, { status: 'in_progress' })}
                        >
                          {t('lr.take')}
                        </button>
                      )}{' '}
                      {(r.status === 'new' || r.status === 'in_progress') && (
                        <button type="button" className="button button--primary" onClick={() => setMaking(r)}>
                          {t('lr.make')}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {isSupervisor && making && (
          <QueryListForm
            key={making.id}
            workspace={workspace}
            operators={(users ?? []).filter((u) => u.role === 'operator' && u.active)}
            preset={{ name: making.title, priority: making.priority, source: 'sales_head_request' }}
            onDone={(listId) => {
              void update(making, { status: 'done', listId, response: t('lr.doneResponse') });
              setMaking(null);
            }}
          />
        )}
        {user.role === 'sales' && (
          <form className="wizard" aria-label={t('lr.new')} onSubmit={(e) => void file(e)}>
            <h2>{t('lr.new')}</h2>
            <label className="field">
              <span>{t('lr.what')}</span>
              <input value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} required />
            </label>
            <label className="field">
              <span>{t('lr.criteria')}</span>
              <textarea
                rows={3}
                value={draft.criteria}
                onChange={(e) => setDraft({ ...draft, criteria: e.target.value })}
              />
            </label>
            <label className="field">
              <span>{t('lists.priority')}</span>
              <input
                type="number"
                min={0}
                max={100}
                value={draft.priority}
                onChange={(e) => setDraft({ ...draft, priority: Number(e.target.value) })}
              />
            </label>
            <label className="field">
              <span>{t('lr.due')}</span>
              <input
                type="date"
                value={draft.dueDate}
                onChange={(e) => setDraft({ ...draft, dueDate: e.target.value })}
              />
            </label>
            <label className="field">
              <span>{t('request.comment')}</span>
              <input value={draft.comment} onChange={(e) => setDraft({ ...draft, comment: e.target.value })} />
            </label>
            <button type="submit" className="button button--primary">
              {t('lr.file')}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
