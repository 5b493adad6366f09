import { useEffect, useState } from 'react';
import { PRESENCE_HEARTBEAT_MS } from '../../../shared/figures/floor.ts';
import type { Workspace } from '../../app/session-store.ts';
import { getBridge } from '../../bridge/index.ts';
import { useDeskStore } from '../desk/active-call-store.ts';
import { workState } from './work-state.ts';
import { usePhoneStore } from '../phone/softphone.ts';
import { usePauseStore } from '../desk/pause-store.ts';

/**
 * Tells the floor view what this workstation is doing: idle, on a call (since it began), or in
 * wrap-up (filling in the outcome). Sent on every change and every 30 s; offline, reports fail
 * quietly and the floor shows the workstation offline with the time it was last seen.
 */
export function usePresenceReporter(workspace: Workspace): void {
  const userId = workspace.user.id;
  useEffect(() => {
    if (useDeskStore.getState().userId !== userId) useDeskStore.getState().load(userId);
  }, [userId]);
  useEffect(() => {
    if (usePauseStore.getState().userId !== userId) usePauseStore.getState().load(userId);
  }, [userId]);
  const call = useDeskStore((s) => s.call);
  const pause = usePauseStore((s) => s.pause);
  const phone = usePhoneStore((s) => s.call?.status);
  const state = workState(call, phone, pause !== null);
  const [tracked, setTracked] = useState(() => ({ state, since: call?.startedAt ?? Date.now() }));
  // The state changed: it began now, or when the call's own events say (even after a restart).
  if (tracked.state !== state) {
    const dial = call?.dial;
    const began =
      state === 'ringing' && dial?.dialledAt
        ? dial.dialledAt
        : state === 'talking' && dial?.answeredAt
          ? dial.answeredAt
          : state === 'wrap_up' && dial?.endedAt
            ? dial.endedAt
            : state === 'on_call' && call
              ? call.startedAt
              : state === 'paused' && pause
                ? pause.since
                : Date.now();
    setTracked({ state, since: began });
  }
  const since = tracked.since;
  const reason = pause?.reason;

  useEffect(() => {
    const bridge = getBridge();
    const send = () => {
      void bridge.presence
        .report({
          state,
          since,
          pending: workspace.repo.pending.count,
          lastSyncAt: bridge.sync.status().lastSyncAt,
          pause: state === 'paused' ? (reason ?? '') : '',
        })
        .catch(() => undefined);
    };
    send();
    const timer = setInterval(send, PRESENCE_HEARTBEAT_MS);
    return () => clearInterval(timer);
  }, [state, since, reason, workspace]);
}
