import { type FormEvent, useState } from 'react';
import { uuidv7 } from '../../../shared/core/ids.ts';
import { importScript, isScheduled, newScript, versionsOf } from '../../../shared/call-scripts/script-edit.ts';
import type { Script } from '../../../shared/core/types.ts';
import { useNavStore, useRouteId } from '../../app/nav-store.ts';
import type { Workspace } from '../../app/session-store.ts';
import { useLive } from '../../db/use-query.ts';
import { useLanguageStore, useT } from '../../i18n/index.ts';
import { FileButton } from '../../ui/FileButton.tsx';
import { ScriptEditor } from './ScriptEditor.tsx';
import { plainAll } from '../../db/plain.ts';

/** The version a script opens on: its draft if one is being written, else the one in use. */
function defaultVersion(versions: Script[]): Script | undefined {
  return versions.find((v) => v.status === 'draft') ?? versions.find((v) => v.status === 'published') ?? versions[0];
}

/** Manager mode: the call scripts, each with its versions, edited on a map of the call. */
export function ScriptsScreen({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const language = useLanguageStore((s) => s.language);
  const scripts = useLive(() => workspace.db.scripts.find().$.pipe(plainAll<Script>()), [workspace.db]);
  // The open script is in the address (#/scripts/<id>).
  const openId = useRouteId('scripts');
  const go = useNavStore((st) => st.go);
  const setOpenId = (id: string | null) => go('scripts', id);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState('');

  const all = scripts ?? [];
  const ids = [...new Set(all.map((s) => s.scriptId))];
  const groups = ids
    .map((id) => versionsOf(all, id))
    .toSorted((a, b) => Number(b[0]?.language === language) - Number(a[0]?.language === language));
  const open =
    all.find((s) => s.id === openId) ??
    defaultVersion(groups.find((g) => g.some((v) => v.language === language)) ?? groups[0] ?? []);

  async function create(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setError(t('error.required'));
    const now = Date.now();
    const script = newScript(name.trim(), language, now, uuidv7(now), uuidv7(now + 1));
    await workspace.repo.save('scripts', script);
    setOpenId(script.id);
    setCreating(false);
    setName('');
    setError('');
  }

  async function importNew(file: File) {
    const now = Date.now();
    const result = importScript(await file.text(), {
      id: uuidv7(now),
      scriptId: uuidv7(now + 1),
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    if (!result.ok) return setError(`${t('scripts.importFailed')}: ${result.error}`);
    await workspace.repo.save('scripts', result.script);
    setOpenId(result.script.id);
    setError('');
  }

  return (
    <main className="page page--wide">
      <header className="page__head">
        <h1>{t('scripts.title')}</h1>
        <button type="button" className="button" onClick={() => setCreating((c) => !c)}>
          {t('scripts.new')}
        </button>
        <FileButton
          label={t('scripts.importNew')}
          accept="application/json,.json"
          testId="script-import-new"
          onFile={(file) => void importNew(file)}
        />
      </header>
      {creating && (
        <form className="inline-form" onSubmit={(e) => void create(e)}>
          <label className="field field--inline">
            <span>{t('scripts.name')}</span>
            <input value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          </label>
          <button type="submit" className="button button--primary">
            {t('scripts.create')}
          </button>
        </form>
      )}
      {error && (
        <p className="banner banner--error" role="alert">
          {error}
        </p>
      )}
      <div className="scripts">
        <nav className="scripts__list" aria-label={t('scripts.title')}>
          {groups.map((versions) => {
            const head = defaultVersion(versions) as Script;
            const now = Date.now();
            const live = versions.find((v) => v.status === 'published' && !isScheduled(v, now));
            const next = versions.find((v) => isScheduled(v, now));
            const current = open?.scriptId === head.scriptId;
            return (
              <button
                key={head.scriptId}
                type="button"
                className={`reqlist__item${current ? ' reqlist__item--selected' : ''}`}
                aria-current={current ? 'true' : undefined}
                onClick={() => setOpenId(head.id)}
              >
                <strong>{head.name}</strong>
                <span className="muted">
                  {head.language.toUpperCase()} ·{' '}
                  {live ? t('scripts.liveVersion', { version: live.version }) : t('scripts.notLive')}
                  {next ? ` · ${t('scripts.nextVersion', { version: next.version })}` : ''}
                  {versions.some((v) => v.status === 'draft') ? ` · ${t('scripts.hasDraft')}` : ''}
                </span>
              </button>
            );
          })}
          {scripts && groups.length === 0 && <p className="muted">{t('scripts.none')}</p>}
        </nav>
        {open && (
          <ScriptEditor
            key={open.id}
            workspace={workspace}
            doc={open}
            versions={versionsOf(all, open.scriptId)}
            all={all}
            onOpen={setOpenId}
          />
        )}
      </div>
    </main>
  );
}
