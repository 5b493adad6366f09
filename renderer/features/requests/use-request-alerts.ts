import { useEffect } from 'react';
import type { SalesRequest } from '../../../shared/core/types.ts';
import { useNavStore } from '../../app/nav-store.ts';
import type { Workspace } from '../../app/session-store.ts';
import { translate, useLanguageStore } from '../../i18n/index.ts';

/** Tells an operator, through an OS notification, when one of their requests changes status. */
export function useRequestAlerts(workspace: Workspace): void {
  const language = useLanguageStore((s) => s.language);
  useEffect(() => {
    if (workspace.user.role !== 'operator' || !('Notification' in globalThis)) return;
    let known: Map<string, string> | null = null;
    const sub = workspace.db.requests.find().$.subscribe((docs) => {
      const now = new Map(docs.map((d) => [d.id, (d.toJSON() as SalesRequest).status]));
      if (known && Notification.permission === 'granted') {
        for (const [id, status] of now) {
          const before = known.get(id);
          if (before && before !== status) {
            const note = new Notification(translate(language, 'requests.alertTitle'), {
              body: translate(language, 'requests.alertBody', {
                status: translate(language, `request.${status}` as never),
              }),
              tag: `request-${id}`,
            });
            note.addEventListener('click', () => {
              globalThis.focus();
              useNavStore.getState().go('requests', id);
            });
          }
        }
      }
      known = now;
    });
    return () => sub.unsubscribe();
  }, [workspace, language]);
}
