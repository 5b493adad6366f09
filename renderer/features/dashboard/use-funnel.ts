import { useEffect, useMemo, useState } from 'react';
import { debounceTime, merge, of } from 'rxjs';
import { funnel, type FunnelGroup, type FunnelRow } from '../../../shared/figures/funnel.ts';
import type { Call, CallList, SalesRequest } from '../../../shared/core/types.ts';
import { getBridge } from '../../bridge/index.ts';
import type { Workspace } from '../../app/session-store.ts';
import { useLive } from '../../db/use-query.ts';
import { plainAll } from '../../db/plain.ts';

/** How often the server's figures are asked again while the dashboard is open. */
export const SERVER_FIGURES_EVERY_MS = 30_000;
const CHANGES_SETTLE_MS = 1000;

export type FunnelSource =
  | { kind: 'loading' }
  | { kind: 'server'; asOf: number }
  /** The server did not answer: the replica's own calls, as far as they have synced here. */
  | { kind: 'replica'; reason: string };

/**
 * The funnel from the server's stored figures when it answers (a supervisor's workstation need
 * not hold every call), else from this workstation's replica, which answers offline. Says which.
 */
export function useFunnel(
  workspace: Workspace,
  group: FunnelGroup | 'all',
  range: { from: number; to: number },
  replica: { requests: readonly SalesRequest[] | null; lists: readonly CallList[] | null; teams: Map<string, string> },
): { rows: FunnelRow[]; source: FunnelSource } {
  const [server, setServer] = useState<{ key: string; rows: FunnelRow[]; asOf: number } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const key = `${group} ${range.from} ${range.to}`;
  useEffect(() => {
    let live = true;
    const ask = () =>
      getBridge()
        .figures.funnel(group, range.from, range.to)
        .then(
          (answer) => {
            if (!live) return;
            setServer({ key, rows: answer.rows, asOf: answer.asOf });
            setFailure(null);
          },
          (error: unknown) => {
            if (live) setFailure(error instanceof Error ? error.message : String(error));
          },
        );
    void ask();
    const timer = setInterval(() => void ask(), SERVER_FIGURES_EVERY_MS);
    // A call or request reaching this workstation changed the figures: ask again, once a burst is over.
    const changes = merge(workspace.db.calls.$, workspace.db.requests.$)
      .pipe(debounceTime(CHANGES_SETTLE_MS))
      .subscribe(() => void ask());
    return () => {
      live = false;
      clearInterval(timer);
      changes.unsubscribe();
    };
    // The key stands for group and range.
    // oxlint-disable-next-line react-hooks/exhaustive-deps
  }, [key, workspace.db]);
  // The replica's calls are read only when the server cannot answer.
  const fallback = failure !== null;
  const calls = useLive(
    () => (fallback ? workspace.db.calls.find().$.pipe(plainAll<Call>()) : of(null)),
    [workspace.db, fallback],
  );
  const local = useMemo(
    () =>
      calls
        ? funnel(
            {
              calls,
              requests: replica.requests ?? [],
              lists: replica.lists ?? [],
              prospects: new Map(),
              teams: replica.teams,
            },
            group,
            range,
          )
        : null,
    // oxlint-disable-next-line react-hooks/exhaustive-deps
    [calls, replica.requests, replica.lists, replica.teams, key],
  );
  if (server && server.key === key && !fallback)
    return { rows: server.rows, source: { kind: 'server', asOf: server.asOf } };
  if (fallback && local) return { rows: local, source: { kind: 'replica', reason: failure } };
  return { rows: [], source: { kind: 'loading' } };
}
