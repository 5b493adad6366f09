import { useCallback, useState } from 'react';
import { canCreate, readRule } from '../../../shared/security/policy.ts';
import { useNavStore, useRouteId } from '../../app/nav-store.ts';
import type { Workspace } from '../../app/session-store.ts';
import { useT } from '../../i18n/index.ts';
import { ProspectForm } from './ProspectForm.tsx';
import { ProspectHistory } from './ProspectHistory.tsx';
import { ProspectList } from './ProspectList.tsx';
import { useDebounced, useProspect, useProspectCount, useProspectSearch, useUserNames } from './use-prospects.ts';

const PAGE = 200;

type Editing = { mode: 'none' } | { mode: 'new' } | { mode: 'edit'; id: string };

export function ProspectsScreen({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [limit, setLimit] = useState(PAGE);
  // The open prospect is in the address (#/prospects/<id>): the list, the palette, a link or Back
  // put it there. A new one being written is this screen's own state.
  const routeId = useRouteId('prospects');
  const go = useNavStore((s) => s.go);
  const [creating, setCreating] = useState(false);
  const editing: Editing = creating ? { mode: 'new' } : routeId ? { mode: 'edit', id: routeId } : { mode: 'none' };
  const setEditing = (next: Editing) => {
    setCreating(next.mode === 'new');
    if (next.mode !== 'new') go('prospects', next.mode === 'edit' ? next.id : null);
  };
  const [saved, setSaved] = useState(false);
  const debounced = useDebounced(query, 120);
  const items = useProspectSearch(workspace.db, debounced, limit);
  const total = useProspectCount(workspace.db);
  const userNames = useUserNames(workspace.db);
  const selectedId = editing.mode === 'edit' ? editing.id : null;
  const selected = useProspect(workspace.db, selectedId);

  const onEndReached = useCallback(() => {
    if (items && items.length >= limit) setLimit((l) => l + PAGE);
  }, [items, limit]);
  const open = (id: string) => {
    setSaved(false);
    setEditing({ mode: 'edit', id });
  };

  return (
    <main className="prospects">
      <section className="prospects__left" aria-label={t('prospects.list')}>
        <div className="prospects__toolbar">
          <input
            type="search"
            className="search"
            aria-label={t('prospects.search')}
            placeholder={t('prospects.searchHint')}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setLimit(PAGE);
            }}
          />
          {canCreate('prospects', workspace.user.role) && (
            <button
              className="button button--primary"
              type="button"
              onClick={() => {
                setSaved(false);
                setEditing({ mode: 'new' });
              }}
            >
              {t('prospects.new')}
            </button>
          )}
        </div>
        <p className="muted prospects__count" aria-live="polite">
          {debounced.trim()
            ? t('prospects.found', { shown: items?.length ?? 0, total })
            : (items?.length ?? 0) < total
              ? t('prospects.count', { shown: items?.length ?? 0, total })
              : t('prospects.countAll', { total })}
        </p>
        {items && items.length === 0 ? (
          <p className="muted">{t('prospects.empty')}</p>
        ) : (
          <ProspectList items={items ?? []} selectedId={selectedId} onSelect={open} onEndReached={onEndReached} />
        )}
      </section>
      <section className="prospects__right">
        {saved && (
          <p className="banner banner--ok" role="status">
            {t('prospects.saved')}
          </p>
        )}
        {editing.mode === 'none' && <p className="muted">{t('prospects.select')}</p>}
        {editing.mode === 'new' && (
          <ProspectForm
            key="new"
            workspace={workspace}
            prospect={null}
            userNames={userNames}
            onSaved={(id) => {
              open(id);
              setSaved(true);
            }}
            onCancel={() => setEditing({ mode: 'none' })}
            onOpen={open}
          />
        )}
        {editing.mode === 'edit' && selected && (
          <>
            <ProspectForm
              key={`${selected.id}`}
              workspace={workspace}
              prospect={selected}
              userNames={userNames}
              onSaved={() => setSaved(true)}
              onCancel={() => setEditing({ mode: 'none' })}
              onOpen={open}
            />
            <ProspectHistory
              db={workspace.db}
              prospect={selected}
              userNames={userNames}
              ownCallsOnly={readRule('calls', workspace.user.role) === 'own'}
              recordings={workspace.user.role === 'supervisor' || workspace.user.role === 'admin'}
              level={2}
            />
          </>
        )}
      </section>
    </main>
  );
}
