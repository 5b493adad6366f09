import { useCallback } from 'react';
import type { Callback, Prospect } from '../../../shared/core/types.ts';
import { useNavStore } from '../../app/nav-store.ts';
import type { Workspace } from '../../app/session-store.ts';
import { getBridge } from '../../bridge/index.ts';
import { useLanguageStore } from '../../i18n/index.ts';
import { useDeskStore } from './active-call-store.ts';
import { loadSettings } from './next-call.ts';
import { beginCall } from './start-call.ts';

/**
 * "Call now" from a list (callbacks, future needs): claims the prospect like "next call" does and
 * opens the call screen. Resolves to an error message when someone else is on it.
 */
export function useCallNow(
  workspace: Workspace,
): (prospect: Prospect, callback?: Callback | null) => Promise<string | null> {
  const language = useLanguageStore((s) => s.language);
  const go = useNavStore((s) => s.go);
  return useCallback(
    async (prospect, callback = null) => {
      if (useDeskStore.getState().call) return 'call.inProgress';
      try {
        const claim = await getBridge().queue.claim(prospect.id);
        if (!claim.ok) return claim.reason === 'claimed' ? 'call.claimed' : 'call.notCallable';
      } catch (error) {
        if ((error as { name?: string }).name !== 'OfflineError') throw error;
        const settings = await loadSettings(workspace.db);
        const now = Date.now();
        await workspace.repo.save('prospects', {
          ...prospect,
          claimedBy: workspace.user.id,
          claimedUntil: now + settings.claimMinutes * 60_000,
          updatedAt: now,
        });
      }
      useDeskStore.getState().load(workspace.user.id);
      // Asked for by the operator: with the softphone it dials at once, as N does.
      await beginCall(workspace, language, prospect, { callback }, 'now');
      go('desk');
      return null;
    },
    [workspace, language, go],
  );
}
