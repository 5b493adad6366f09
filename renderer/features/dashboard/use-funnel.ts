import { useMemo } from 'react';
import { of } from 'rxjs';
import { funnel, type FunnelGroup, type FunnelRow } from '../../../shared/figures/funnel.ts';
import type { Call, CallList, SalesRequest } from '../../../shared/core/types.ts';
import { getBridge } from '../../bridge/index.ts';
import type { Workspace } from '../../app/session-store.ts';
import { useLive } from '../../db/use-query.ts';
import { plainAll } from '../../db/plain.ts';
import { type FiguresSource, serverOrReplica, useServerAnswer } from '../../db/use-server-answer.ts';

/**
 * The funnel from the server's stored figures when it answers (a supervisor's workstation need
 * not hold every call), else from this workstation's replica, which answers offline. Says which.
 */
export function useFunnel(
  workspace: Workspace,
  group: FunnelGroup | 'all',
  range: { from: number; to: number },
  replica: { lists: readonly CallList[] | null; teams: Map<string, string> },
): { rows: FunnelRow[]; source: FiguresSource } {
  const { db } = workspace;
  const key = `${group} ${range.from} ${range.to}`;
  const { answer, failure } = useServerAnswer(
    key,
    () => getBridge().figures.funnel(group, range.from, range.to),
    () => [db.calls.$, db.requests.$],
    [db],
  );
  // The replica's calls and requests are read only when the server cannot answer.
  const fallback = failure !== null;
  const calls = useLive(() => (fallback ? db.calls.find().$.pipe(plainAll<Call>()) : of(null)), [db, fallback]);
  const requests = useLive(
    () => (fallback ? db.requests.find().$.pipe(plainAll<SalesRequest>()) : of(null)),
    [db, fallback],
  );
  const local = useMemo(
    () =>
      calls && requests
        ? funnel(
            { calls, requests, lists: replica.lists ?? [], prospects: new Map(), teams: replica.teams },
            group,
            range,
          )
        : null,
    // The key stands for group and range.
    // oxlint-disable-next-line react-hooks/exhaustive-deps
    [calls, requests, replica.lists, replica.teams, key],
  );
  const { value, source } = serverOrReplica(answer, answer?.rows ?? null, failure, local);
  return { rows: value ?? [], source };
}
