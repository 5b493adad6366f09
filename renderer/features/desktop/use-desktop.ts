import { useEffect } from 'react';
import { combineLatest } from 'rxjs';
import { isForUser } from '../../../shared/calling/callbacks.ts';
import type { Callback, Prospect, SalesRequest } from '../../../shared/core/types.ts';
import type { ReminderView } from '../../../shared/sync/ipc.ts';
import { useNavStore } from '../../app/nav-store.ts';
import type { Workspace } from '../../app/session-store.ts';
import { getBridge } from '../../bridge/index.ts';
import { translate, useLanguageStore } from '../../i18n/index.ts';
import { useDeskStore } from '../desk/active-call-store.ts';
import { usePauseStore } from '../desk/pause-store.ts';
import { usePhoneStore } from '../phone/softphone.ts';
import { useSettings } from '../requests/use-requests.ts';
import { OPEN_PALETTE_EVENT } from '../../ui/CommandPalette.tsx';
import { useShortcutHelpStore } from '../../ui/ShortcutHelp.tsx';
import { trayCounts, trayRequests } from './tray.ts';
import { plainAll } from '../../db/plain.ts';

/** How far ahead main is handed reminders; they are handed again as the data changes. */
const AHEAD_MS = 24 * 60 * 60_000;

/** Reloads the window (a new PBX address needs the new CSP) once no call is up: never mid-call. */
function reloadWhenNoCall(): void {
  const idle = () => useDeskStore.getState().call === null && usePhoneStore.getState().call === null;
  if (idle()) {
    globalThis.location.reload();
    return;
  }
  const timer = setInterval(() => {
    if (!idle()) return;
    clearInterval(timer);
    globalThis.location.reload();
  }, 2_000);
}
const RECOUNT_MS = 60_000;

/**
 * The desktop app's tray and reminders: the counts of what waits for this user (tray, badge) and the
 * coming callbacks, handed to main so reminders fire with the window hidden; the tray's "Next call"
 * and "Pause" act here. Nothing in the web target, which has no tray.
 */
export function useDesktopTray(workspace: Workspace): void {
  const language = useLanguageStore((s) => s.language);
  const settings = useSettings(workspace.db);
  useEffect(() => {
    const desktop = getBridge().desktop;
    if (!desktop) return;
    const { db, user } = workspace;
    const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
      translate(language, key, params);
    let latest: { callbacks: Callback[]; requests: SalesRequest[] } = { callbacks: [], requests: [] };
    /** The tray and badge: again on every change, and every minute as callbacks fall due. */
    const showTray = async () => {
      const now = Date.now();
      const counts = trayCounts({ role: user.role, userId: user.id, ...latest, settings, now });
      await desktop.setTray({
        count: counts.total,
        tooltip: t('tray.tooltip', { callbacks: counts.dueCallbacks, requests: counts.awaitingRequests }),
        labels: {
          open: t('tray.open'),
          nextCall: t('tray.nextCall'),
          pause: usePauseStore.getState().pause ? t('tray.resume') : t('tray.pause'),
          quit: t('tray.quit'),
          file: t('menu.file'),
          go: t('menu.go'),
          help: t('menu.help'),
          palette: t('menu.palette'),
          shortcuts: t('shortcut.title'),
          diagnostics: t('menu.diagnostics'),
        },
      });
    };
    /** The coming reminders, handed to main when the callbacks change (main keeps its own timer). */
    const handReminders = async () => {
      const now = Date.now();
      const coming = latest.callbacks
        .filter((cb) => !cb.done && cb.dueAt > now - 60_000 && cb.dueAt <= now + AHEAD_MS && isForUser(cb, user.id))
        .slice(0, 500);
      const names = await db.prospects.findByIds(coming.map((cb) => cb.prospectId)).exec();
      const reminders: ReminderView[] = coming.map((cb) => ({
        id: cb.id,
        dueAt: cb.dueAt,
        title: t('reminder.title'),
        body: t('reminder.body', {
          name: (names.get(cb.prospectId)?.toJSON() as Prospect | undefined)?.name ?? '',
          reason: t(`reason.${cb.reason}`),
        }).slice(0, 300),
        route: { view: 'callbacks', id: cb.id },
      }));
      await desktop.setReminders(reminders);
    };
    const sub = combineLatest([
      db.callbacks.find({ selector: { done: false } }).$.pipe(plainAll<Callback>()),
      trayRequests(db).$.pipe(plainAll<SalesRequest>()),
    ]).subscribe(([callbacks, requests]) => {
      latest = { callbacks, requests };
      void showTray();
      void handReminders();
    });
    // Callbacks fall due with no data changing: count again every minute.
    const timer = setInterval(() => void showTray(), RECOUNT_MS);
    const unpause = usePauseStore.subscribe(() => void showTray());
    const offCommand = desktop.onCommand((command) => {
      if (command === 'next-call') useNavStore.getState().go('desk');
      else if (command === 'palette') globalThis.dispatchEvent(new Event(OPEN_PALETTE_EVENT));
      else if (command === 'shortcuts') useShortcutHelpStore.getState().setOpen(true);
      else if (command === 'reload') reloadWhenNoCall();
      else if (command === 'diagnostics') {
        // What only the page knows: the connection, the last sync, the writes waiting.
        const status = getBridge().sync.status();
        void desktop
          .exportDiagnostics({
            role: user.role,
            connection: status.state,
            lastSyncAt: status.lastSyncAt ? new Date(status.lastSyncAt).toISOString() : '',
            lastError: status.lastError,
            pendingWrites: workspace.repo.pending.count,
            language,
            screen: `${globalThis.innerWidth}×${globalThis.innerHeight}`,
          })
          .then(({ saved }) => {
            if (!saved) return;
            const note = new Notification(t('diagnostics.saved'), { body: saved });
            note.addEventListener('click', () => globalThis.focus());
          });
      } else {
        const pause = usePauseStore.getState();
        if (pause.pause) pause.end();
        else pause.start('break');
      }
    });
    return () => {
      sub.unsubscribe();
      clearInterval(timer);
      unpause();
      offCommand();
    };
  }, [workspace, language, settings]);

  // Main never restarts for an update while a call is up or work is unsent: it is told both.
  useEffect(() => {
    const desktop = getBridge().desktop;
    if (!desktop) return;
    const tell = () =>
      void desktop.setWorkState({
        inCall: useDeskStore.getState().call !== null,
        unsent: workspace.repo.pending.count,
      });
    tell();
    const offDesk = useDeskStore.subscribe(tell);
    const offPending = workspace.repo.pending.subscribe(tell);
    return () => {
      offDesk();
      offPending();
    };
  }, [workspace]);
}
