import { useEffect, useState } from 'react';
import { uuidv7 } from '../../../shared/core/ids.ts';
import {
  addNode,
  draftFrom,
  exportScript,
  importScript,
  isScheduled,
  publishPlan,
  removeNode,
  replaceNode,
} from '../../../shared/call-scripts/script-edit.ts';
import { scriptProblems } from '../../../shared/call-scripts/script-runner.ts';
import { SCRIPT_NODE_KINDS, type Script } from '../../../shared/core/types.ts';
import type { Workspace } from '../../app/session-store.ts';
import { useLanguageStore, useT } from '../../i18n/index.ts';
import { download } from '../../ui/download.ts';
import { FileButton } from '../../ui/FileButton.tsx';
import { NodeEditor } from './NodeEditor.tsx';
import { ScriptCanvas } from './ScriptCanvas.tsx';
import { TestRun } from './TestRun.tsx';
import { useScriptStats } from './use-script-stats.ts';

const SAVE_DELAY_MS = 700;

interface Props {
  workspace: Workspace;
  doc: Script;
  /** Every version of this script, newest first. */
  versions: Script[];
  all: Script[];
  onOpen(docId: string): void;
}

/**
 * One version of a script. A draft is edited in place and saved as you type; a published or
 * archived version is read-only (calls used it) and "Edit" starts a new draft from it.
 */
export function ScriptEditor({ workspace, doc, versions, all, onOpen }: Props) {
  const t = useT();
  const language = useLanguageStore((s) => s.language);
  const [script, setScript] = useState<Script>(doc);
  // Edits made here, and the last of them saved: a newer edit made while a save runs is saved next.
  const [revision, setRevision] = useState(0);
  const [savedRevision, setSavedRevision] = useState(0);
  const dirty = revision !== savedRevision;
  // The stored version changed (saved here, synced from elsewhere, or undone after the server
  // refused it): with nothing unsaved here, show what is stored.
  const [seen, setSeen] = useState(doc);
  if (doc !== seen) {
    setSeen(doc);
    if (!dirty) setScript(doc);
  }
  const [selectedId, setSelectedId] = useState(doc.startNodeId);
  const [testing, setTesting] = useState(false);
  const [walk, setWalk] = useState<{ current: string; path: string[] } | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  const readOnly = doc.status !== 'draft' || script.status !== 'draft';
  const [publishAt, setPublishAt] = useState('');
  const scheduled = isScheduled(doc, Date.now());
  const when = (at: number) =>
    new Date(at).toLocaleString(language === 'ru' ? 'ru-RU' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });
  const statusOf = (v: Script) =>
    isScheduled(v, Date.now())
      ? t('scripts.scheduledFrom', { when: when(v.publishAt) })
      : t(`scripts.status.${v.status}`);
  const draft = versions.find((v) => v.status === 'draft');

  const { stats, source } = useScriptStats(workspace, doc);

  // Saved as you type, a moment after the last change; the draft is a local write like any other.
  useEffect(() => {
    if (!dirty) return;
    const saving = revision;
    const timer = setTimeout(() => {
      void (async () => {
        // Published meanwhile (here or on another workstation): a version that calls use never changes.
        const stored = await workspace.db.scripts.findOne(script.id).exec();
        if (script.status === 'draft' && (!stored || stored.status === 'draft')) {
          await workspace.repo.save('scripts', { ...script, updatedAt: Date.now() });
        }
        setSavedRevision(saving);
      })();
    }, SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [dirty, revision, script, workspace]);

  const change = (next: Script) => {
    setScript(next);
    setRevision((r) => r + 1);
    setMessage(null);
  };
  const node = script.nodes.find((n) => n.id === selectedId) ?? script.nodes[0];
  const problems = scriptProblems(script);
  const sample = {
    contact: t('scripts.sampleContact'),
    company: t('scripts.sampleCompany'),
    operator: workspace.user.name,
  };

  async function startDraft() {
    if (draft) return onOpen(draft.id);
    const now = Date.now();
    const next = draftFrom(doc, all, now, uuidv7(now));
    await workspace.repo.save('scripts', next);
    onOpen(next.id);
  }

  async function publish(at?: number) {
    const now = Date.now();
    if (at !== undefined && !(at > now)) return setMessage({ kind: 'error', text: t('scripts.scheduleInPast') });
    const plan = publishPlan(script, all, now, at ?? now);
    if (!plan.ok)
      return setMessage({ kind: 'error', text: `${t('scripts.cannotPublish')}: ${plan.problems.join('; ')}` });
    // The pending autosave is dropped: the published version carries every change made so far.
    setSavedRevision(revision);
    setScript(plan.docs[0] as Script);
    await workspace.repo.saveMany('scripts', plan.docs);
    setMessage({
      kind: 'info',
      text:
        at === undefined
          ? t('scripts.published', { version: script.version })
          : t('scripts.scheduled', { version: script.version, when: when(at) }),
    });
  }

  /** A scheduled version goes back to being a draft (no call has used it yet). */
  async function unschedule() {
    const back = { ...doc, status: 'draft' as const, publishAt: 0, updatedAt: Date.now() };
    setScript(back);
    await workspace.repo.save('scripts', back);
  }

  async function discard() {
    if (!globalThis.confirm(t('scripts.discardConfirm'))) return;
    await workspace.repo.remove('scripts', doc.id);
    const published = versions.find((v) => v.status === 'published') ?? versions.find((v) => v.id !== doc.id);
    if (published) onOpen(published.id);
  }

  async function importFile(file: File) {
    const now = Date.now();
    const into = draft ?? { ...doc, id: uuidv7(now), version: Math.max(...versions.map((v) => v.version)) + 1 };
    const result = importScript(await file.text(), { ...into, createdAt: into.createdAt ?? now, updatedAt: now });
    if (!result.ok) return setMessage({ kind: 'error', text: `${t('scripts.importFailed')}: ${result.error}` });
    await workspace.repo.save('scripts', result.script);
    if (result.script.id === doc.id) {
      setScript(result.script);
      setSelectedId(result.script.startNodeId);
    }
    onOpen(result.script.id);
    setMessage({ kind: 'info', text: t('scripts.imported', { version: result.script.version }) });
  }

  return (
    <div className="script-editor">
      <div className="script-editor__bar">
        <label className="field field--inline">
          <span>{t('scripts.version')}</span>
          <select value={doc.id} onChange={(e) => onOpen(e.target.value)}>
            {versions.map((v) => (
              <option key={v.id} value={v.id}>
                v{v.version} · {statusOf(v)}
              </option>
            ))}
          </select>
        </label>
        <span className={`badge badge--script-${doc.status}`}>{statusOf(doc)}</span>
        {scheduled ? (
          <button type="button" className="button" onClick={() => void unschedule()}>
            {t('scripts.unschedule')}
          </button>
        ) : readOnly ? (
          <button type="button" className="button button--primary" onClick={() => void startDraft()}>
            {draft ? t('scripts.openDraft', { version: draft.version }) : t('scripts.edit')}
          </button>
        ) : (
          <>
            <span className="muted" role="status">
              {dirty ? t('scripts.saving') : t('scripts.saved')}
            </span>
            <button
              type="button"
              className="button button--primary"
              onClick={() => void publish()}
              disabled={problems.length > 0}
            >
              {t('scripts.publish', { version: script.version })}
            </button>
            <label className="field field--inline">
              <span>{t('scripts.orFrom')}</span>
              <input
                type="datetime-local"
                aria-label={t('scripts.publishAt')}
                value={publishAt}
                onChange={(e) => setPublishAt(e.target.value)}
              />
            </label>
            <button
              type="button"
              className="button"
              disabled={problems.length > 0 || !publishAt}
              onClick={() => void publish(new Date(publishAt).getTime())}
            >
              {t('scripts.schedule')}
            </button>
            <button type="button" className="button button--danger" onClick={() => void discard()}>
              {t('scripts.discard')}
            </button>
          </>
        )}
        <button
          type="button"
          className="button"
          onClick={() => {
            setTesting(true);
            setWalk({ current: script.startNodeId, path: [script.startNodeId] });
          }}
        >
          {t('scripts.testRun')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => download(`${script.name}-v${script.version}.json`, 'application/json', exportScript(script))}
        >
          {t('scripts.export')}
        </button>
        <FileButton
          label={t('scripts.import')}
          accept="application/json,.json"
          testId="script-import"
          onFile={(file) => void importFile(file)}
        />
      </div>
      {message && (
        <p className={`banner banner--${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {!readOnly && (
        <div className="script-editor__meta">
          <label className="field field--inline">
            <span>{t('scripts.name')}</span>
            <input value={script.name} onChange={(e) => change({ ...script, name: e.target.value })} />
          </label>
          <span className="muted">{t('scripts.addStep')}:</span>
          {SCRIPT_NODE_KINDS.map((k) => (
            <button
              key={k}
              type="button"
              className="button"
              onClick={() => {
                const added = addNode(script, k);
                change(added.script);
                setSelectedId(added.id);
              }}
            >
              + {t(`node.${k}`)}
            </button>
          ))}
        </div>
      )}
      {problems.length > 0 && (
        <ul className="banner banner--warn script-editor__problems" aria-label={t('scripts.problems')}>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <p className="muted" data-testid="script-totals">
        {stats && stats.calls > 0
          ? t('scripts.totals', {
              version: doc.version,
              calls: stats.calls,
              requests: stats.requests,
              rate: Math.round((100 * stats.requests) / stats.calls),
            })
          : t('scripts.noCalls', { version: doc.version })}{' '}
        {source.kind === 'replica' && <span title={source.reason}>{t('scripts.statsFromReplica')} </span>}
        <span className="muted">{t('scripts.legend')}</span>
      </p>
      <div className="script-editor__body">
        <ScriptCanvas
          script={script}
          stats={stats}
          selectedId={node?.id ?? ''}
          walk={testing ? walk : null}
          onSelect={setSelectedId}
        />
        {/* Scrolls on a laptop screen: focusable, so the keyboard can scroll it too. */}
        <aside className="script-editor__side" tabIndex={0} aria-label={t('scripts.step')}>
          {testing ? (
            <TestRun script={script} sample={sample} onWalk={setWalk} onClose={() => setTesting(false)} />
          ) : (
            node && (
              <NodeEditor
                script={script}
                node={node}
                readOnly={readOnly}
                sample={sample}
                onChange={(n) => change(replaceNode(script, n))}
                onRemove={() => {
                  change(removeNode(script, node.id));
                  setSelectedId(script.startNodeId);
                }}
                onMakeStart={() => change({ ...script, startNodeId: node.id })}
              />
            )
          )}
        </aside>
      </div>
    </div>
  );
}
