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
    // The change events say what each write replaced: no request is read to find what changed.
    const sub = workspace.db.requests.$.subscribe((event) => {
      if (event.operation !== 'UPDATE' || Notification.permission !== 'granted') return;
      const before = (event.previousDocumentData as SalesRequest).status;
      const { id, status } = event.documentData as SalesRequest;
      if (before === status) return;
      const note = new Notification(translate(language, 'requests.alertTitle'), {
        body: translate(language, 'requests.alertBody', { status: translate(language, `request.${status}` as never) }),
        tag: `request-${id}`,
      });
      note.addEventListener('click', () => {
        globalThis.focus();
        useNavStore.getState().go('requests', id);
      });
    });
    return () => sub.unsubscribe();
  }, [workspace, language]);
}
