import { useCallback, useEffect, useState } from 'react';
import type { CallOutcome, Prospect } from '../../../shared/core/types.ts';
import type { Workspace } from '../../app/session-store.ts';
import { getBridge } from '../../bridge/index.ts';
import { useLanguageStore, useT } from '../../i18n/index.ts';
import { useDeskStore } from './active-call-store.ts';
import { CallScreen } from './CallScreen.tsx';
import { MyDay } from './MyDay.tsx';
import { type NextCall, takeNextCall } from './next-call.ts';
import { ariaKeys, hint, matches, SHORTCUTS } from '../../ui/shortcuts.ts';
import { beginCall } from './start-call.ts';
import { PAUSE_REASONS, type PauseReason, usePauseStore } from './pause-store.ts';

/** The operator's desk: the call in progress, or "Next call" and the day so far. */
export function DeskScreen({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const language = useLanguageStore((s) => s.language);
  const { call, userId, load } = useDeskStore();
  const [busy, setBusy] = useState(false);
  const [message, setMessageState] = useState<{ tone: 'ok' | 'info' | 'error'; text: string } | null>(null);
  const setMessage = useCallback(
    (text: string, tone: 'ok' | 'info' | 'error' = 'ok') => setMessageState(text ? { tone, text } : null),
    [],
  );
  const { pause, start: startPause, end: endPause } = usePauseStore();
  const [reason, setReason] = useState<PauseReason>('break');

  useEffect(() => {
    if (userId !== workspace.user.id) load(workspace.user.id);
  }, [userId, workspace.user.id, load]);

  // The idle desk has the queue read ahead (unless the call just ended did it), so "Next call" reads
  // a few prospects by id; a failed reading costs nothing: "Next call" then reads the queue itself.
  useEffect(() => {
    if (!call && !pause) void workspace.queue.prepareUnlessReady(workspace.user.id).catch(() => undefined);
  }, [call, pause, workspace]);

  const begin = useCallback(
    async ({ item }: NonNullable<NextCall>, autoDial: 'now' | 'list') => {
      await beginCall(
        workspace,
        language,
        item.prospect,
        { listId: item.list?.id ?? '', callback: item.callback ?? null },
        autoDial,
      );
    },
    [workspace, language],
  );

  const next = useCallback(async () => {
    setBusy(true);
    setMessage('');
    try {
      const take = () =>
        takeNextCall({
          source: workspace.queue,
          repo: workspace.repo,
          queue: getBridge().queue,
          operatorId: workspace.user.id,
        });
      let found = await take();
      if (!found && !workspace.synced()) {
        // The base is still arriving: say so, and take the call as soon as it is here.
        setMessage(t('queue.loading'), 'info');
        await workspace.replication.awaitInSync();
        setMessage('');
        found = await take();
      }
      if (!found) {
        setMessage(t('queue.empty'), 'info');
        return;
      }
      await begin(found, 'now');
    } catch (error) {
      setMessage(t('queue.error', { message: error instanceof Error ? error.message : String(error) }), 'error');
    } finally {
      setBusy(false);
    }
  }, [workspace, t, setMessage, begin]);

  // Progressive dialing's "skip": this prospect's claim is released and the next one is taken.
  const skip = useCallback(
    async (prospect: Prospect) => {
      const now = Date.now();
      const stored = await workspace.db.prospects.findOne(prospect.id).exec();
      const current = (stored?.toJSON() as Prospect | undefined) ?? prospect;
      if (current.claimedBy === workspace.user.id)
        await workspace.repo.save('prospects', { ...current, claimedBy: '', claimedUntil: 0, updatedAt: now });
      useDeskStore.getState().finish();
      try {
        const taken = await takeNextCall({
          source: workspace.queue,
          repo: workspace.repo,
          queue: getBridge().queue,
          operatorId: workspace.user.id,
          skip: new Set([prospect.id]),
        });
        if (taken) await begin(taken, 'list');
        else setMessage(t('queue.empty'), 'info');
      } catch (error) {
        setMessage(t('queue.error', { message: error instanceof Error ? error.message : String(error) }), 'error');
      }
    },
    [workspace, begin, setMessage, t],
  );

  useEffect(() => {
    if (call || pause) return;
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName);
      if (!typing && matches(e, SHORTCUTS.nextCall)) {
        e.preventDefault();
        void next();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [call, pause, next]);

  if (userId !== workspace.user.id) return null;
  if (call) {
    return (
      <main className="desk">
        <CallScreen
          workspace={workspace}
          call={call}
          onFinished={(outcome: CallOutcome, prospect: Prospect, taken?: NextCall | Error) => {
            setMessage(t('call.saved', { outcome: t(`outcome.${outcome}`), name: prospect.name }));
            if (taken instanceof Error) setMessage(t('queue.error', { message: taken.message }), 'error');
            else if (taken) void begin(taken, 'list');
            // None to be had at once: the usual "Next call" says why (the base arriving, or an empty queue).
            else if (taken === null) void next();
          }}
          onSkip={(prospect: Prospect) => void skip(prospect)}
        />
      </main>
    );
  }
  return (
    <main className="desk desk--idle">
      <section className="desk__next">
        {message && (
          <p className={`banner banner--${message.tone}`} role={message.tone === 'error' ? 'alert' : 'status'}>
            {message.text}
          </p>
        )}
        {pause ? (
          <div className="banner banner--info" role="status">
            <p>
              {t('pause.active', {
                reason: t(`pause.${pause.reason}`),
                time: new Date(pause.since).toLocaleTimeString(language === 'ru' ? 'ru-RU' : 'en-GB', {
                  hour: '2-digit',
                  minute: '2-digit',
                }),
              })}
            </p>
            <button type="button" className="button button--primary" onClick={endPause} autoFocus>
              {t('pause.resume')}
            </button>
          </div>
        ) : (
          <>
            <button
              type="button"
              className="button button--primary button--big"
              onClick={() => void next()}
              disabled={busy}
              aria-keyshortcuts={ariaKeys(SHORTCUTS.nextCall)}
              autoFocus
            >
              {t('queue.next')} <kbd>{hint(SHORTCUTS.nextCall)}</kbd>
            </button>
            <p className="muted">{t('queue.hint')}</p>
            <div className="pause" role="group" aria-label={t('pause.title')}>
              <label className="pause__reason">
                <span>{t('pause.reason')}</span>
                <select value={reason} onChange={(e) => setReason(e.target.value as PauseReason)}>
                  {PAUSE_REASONS.map((r) => (
                    <option key={r} value={r}>
                      {t(`pause.${r}`)}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" className="button" onClick={() => startPause(reason)}>
                {t('pause.start')}
              </button>
            </div>
          </>
        )}
      </section>
      <MyDay workspace={workspace} />
    </main>
  );
}
