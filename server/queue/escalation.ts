import { shouldEscalate } from '../../shared/calling/callbacks.ts';
import type { Callback, Settings } from '../../shared/core/types.ts';
import type { DocStore, WrittenDoc } from '../storage/doc-store.ts';

/**
 * A personal callback still open long after it fell due becomes a team callback, so another
 * operator picks it up and no promise to a prospect is forgotten. Runs on the server, which is the
 * only place that sees every operator's callbacks.
 */
export function escalateOverdueCallbacks(docs: DocStore, now: number): WrittenDoc[] {
  const settings = docs.get('settings', 'global') as unknown as Settings | null;
  const after = settings?.callbackEscalationMinutes ?? 60;
  // Through an index: only open personal callbacks already past the escalation time are read.
  const overdue = (
    docs.openPersonalCallbacksDueBy(now - after * 60_000) as unknown as (Callback & { _deleted: boolean })[]
  ).filter((cb) => shouldEscalate(cb, now, after));
  if (overdue.length === 0) return [];
  return docs.writeSystem(
    'callbacks',
    overdue.map((cb) => ({ ...cb, scope: 'team' as const, updatedAt: now })),
    new Date(now),
  );
}
