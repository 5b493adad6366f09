import { useEffect, useState } from 'react';
import type { ConnectionStatus } from '../../../shared/sync/ipc.ts';
import { getBridge } from '../../bridge/index.ts';
import type { Workspace } from '../../app/session-store.ts';

export interface SyncView {
  connection: ConnectionStatus;
  pending: number;
  active: boolean;
  /** Why the server refused writes that are still waiting, e.g. a permission; '' when none. */
  problem: string;
}

/** RxDB wraps the handler's error; the server's own message is the one a person can act on. */
function describe(error: unknown): { message: string; offline: boolean } {
  const inner = (error as { parameters?: { errors?: unknown[] } }).parameters?.errors?.[0] ?? error;
  const name = (inner as { name?: string }).name ?? '';
  const raw = (inner as { message?: unknown }).message;
  const message = typeof raw === 'string' ? raw : inner instanceof Error ? inner.message : JSON.stringify(inner);
  return { message, offline: name === 'OfflineError' || name === 'TypeError' };
}

/** Connection state from the bridge, writes waiting from the pending set, activity from RxDB. */
export function useSyncStatus(workspace: Workspace): SyncView {
  const bridge = getBridge();
  const [connection, setConnection] = useState(() => bridge.sync.status());
  const [pending, setPending] = useState(() => workspace.repo.pending.count);
  const [active, setActive] = useState(false);
  const [problem, setProblem] = useState('');
  // "Synced" must not show before the first full pull has landed in the local database.
  const [initialDone, setInitialDone] = useState(false);

  useEffect(() => bridge.sync.onStatus(setConnection), [bridge]);
  useEffect(() => workspace.repo.pending.subscribe(setPending), [workspace]);
  useEffect(() => {
    const running = new Map<string, boolean>();
    const subs = [...workspace.replication.states.entries()].map(([name, state]) =>
      state.active$.subscribe((isActive) => {
        running.set(name, isActive);
        setActive([...running.values()].some(Boolean));
      }),
    );
    const errors = [...workspace.replication.states.values()].map((state) =>
      state.error$.subscribe((error) => {
        const { message, offline } = describe(error);
        if (!offline) setProblem(message);
      }),
    );
    return () => [...subs, ...errors].forEach((s) => s.unsubscribe());
  }, [workspace]);

  useEffect(() => {
    let current = true;
    void Promise.all([...workspace.replication.states.values()].map((s) => s.awaitInitialReplication())).then(() => {
      if (current) setInitialDone(true);
    });
    return () => {
      current = false;
    };
  }, [workspace]);

  return { connection, pending, active: active || !initialDone, problem: pending > 0 ? problem : '' };
}
