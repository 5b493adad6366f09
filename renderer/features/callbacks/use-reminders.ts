import { useEffect } from 'react';
import { isForUser } from '../../../shared/calling/callbacks.ts';
import type { Callback } from '../../../shared/core/types.ts';
import { useNavStore } from '../../app/nav-store.ts';
import { getBridge } from '../../bridge/index.ts';
import type { Workspace } from '../../app/session-store.ts';
import { translate, useLanguageStore } from '../../i18n/index.ts';

const CHECK_MS = 15_000;

/**
 * Desktop reminders: when a callback of this operator (or of the team) falls due, the OS shows a
 * notification, online or not. Electron turns the Notification API into native notifications.
 */
export function useCallbackReminders(workspace: Workspace): void {
  const language = useLanguageStore((s) => s.language);
  useEffect(() => {
    // The desktop app's main process fires them (features/desktop/use-desktop.ts), window hidden or not.
    if (!('Notification' in globalThis) || getBridge().desktop) return;
    let last = Date.now();
    const check = async () => {
      const now = Date.now();
      const due = await workspace.db.callbacks
        .find({ selector: { done: false, dueAt: { $gt: last, $lte: now } } })
        .exec();
      last = now;
      const mine = due.map((d) => d.toJSON() as Callback).filter((cb) => isForUser(cb, workspace.user.id));
      if (mine.length === 0 || Notification.permission !== 'granted') return;
      const prospects = await workspace.db.prospects.findByIds(mine.map((cb) => cb.prospectId)).exec();
      for (const cb of mine) {
        const name = prospects.get(cb.prospectId)?.name ?? '';
        new Notification(translate(language, 'reminder.title'), {
          body: translate(language, 'reminder.body', { name, reason: translate(language, `reason.${cb.reason}`) }),
          tag: cb.id,
        }).addEventListener('click', () => {
          globalThis.focus();
          useNavStore.getState().go('callbacks', cb.id);
        });
      }
    };
    const timer = setInterval(() => void check(), CHECK_MS);
    return () => clearInterval(timer);
  }, [workspace, language]);
}
