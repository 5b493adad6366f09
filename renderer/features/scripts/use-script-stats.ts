import { useMemo } from 'react';
import { of } from 'rxjs';
import { edgeKey, type ScriptStats, scriptStats } from '../../../shared/call-scripts/script-stats.ts';
import type { Call, Script } from '../../../shared/core/types.ts';
import { getBridge } from '../../bridge/index.ts';
import type { Workspace } from '../../app/session-store.ts';
import { plainAll } from '../../db/plain.ts';
import { useLive } from '../../db/use-query.ts';
import { type FiguresSource, serverOrReplica, useServerAnswer } from '../../db/use-server-answer.ts';

/**
 * One script version's figures from the server's kept tables (the editor reads none of the
 * version's calls for them), else from the calls this workstation holds, which answers offline.
 */
export function useScriptStats(
  workspace: Workspace,
  doc: Pick<Script, 'scriptId' | 'version'>,
): { stats: ScriptStats | null; source: FiguresSource } {
  const { db } = workspace;
  const { answer, failure } = useServerAnswer(
    `${doc.scriptId} v${doc.version}`,
    () => getBridge().figures.script(doc.scriptId, doc.version),
    () => [db.calls.$],
    [db],
  );
  const fallback = failure !== null;
  const calls = useLive(
    () =>
      fallback
        ? db.calls.find({ selector: { scriptId: doc.scriptId, scriptVersion: doc.version } }).$.pipe(plainAll<Call>())
        : of(null),
    [db, fallback, doc.scriptId, doc.version],
  );
  const local = useMemo(() => (calls ? scriptStats(doc, calls) : null), [calls, doc]);
  const server = useMemo(
    () =>
      answer
        ? {
            calls: answer.calls,
            requests: answer.requests,
            nodes: new Map(answer.nodes),
            edges: new Map(answer.edges.map(([from, to, stats]) => [edgeKey(from, to), stats])),
          }
        : null,
    [answer],
  );
  const { value, source } = serverOrReplica(answer, server, failure, local);
  return { stats: value, source };
}
