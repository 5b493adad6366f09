import { shouldEscalate } from '../../shared/calling/callbacks.ts';
import type { Callback, Settings } from '../../shared/core/types.ts';
import type { DocStore, WrittenDoc } from '../storage/doc-store.ts';

/**
 * A personal callback still open long after it fell due becomes a team callback, so another
 * operator picks it up and no promise to a prospect is forgotten. Runs on the server, which is the
 * only place that sees every operator's callbacks.
 */
export function escalateOverdueCallbacks(docs: DocStore, now: number): Promise<WrittenDoc[]> {
  return docs.transact(async (tx) => {
    const settings = (await tx.get('settings', 'global')) as unknown as Settings | null;
    const after = settings?.callbackEscalationMinutes ?? 60;
    // Through an index: only open personal callbacks already past the escalation time are read.
    const overdue = (
      (await tx.openPersonalCallbacksDueBy(now - after * 60_000)) as unknown as (Callback & { _deleted: boolean })[]
    ).filter((cb) => shouldEscalate(cb, now, after));
    if (overdue.length === 0) return [];
    const written: WrittenDoc[] = [];
    for (const cb of overdue) {
      // Read again under a lock: the operator may have just done it, on this instance or another.
      const locked = (await tx.get('callbacks', cb.id, true)) as unknown as (Callback & { _deleted: boolean }) | null;
      if (!locked || locked._deleted || !shouldEscalate(locked, now, after)) continue;
      written.push(
        ...(await tx.writeSystem('callbacks', [{ ...locked, scope: 'team', updatedAt: now }], new Date(now))),
      );
    }
    return written;
  });
}
