import type { Actor } from '../../shared/security/policy.ts';
import type { ProspectStatus, Settings } from '../../shared/core/types.ts';
import type { ClaimResult } from '../../shared/sync/wire.ts';
import { HttpError } from '../errors.ts';
import type { DocStore, WrittenDoc } from '../storage/doc-store.ts';

const NOT_CALLABLE: ReadonlySet<string> = new Set<ProspectStatus>(['do_not_call', 'handed_off', 'customer']);

/**
 * Gives a prospect to one operator for a while; two operators asking at the same moment cannot both get it.
 */
export function claimProspect(
  docs: DocStore,
  actor: Actor,
  prospectId: string,
  now: number,
): { result: ClaimResult; written: WrittenDoc[] } {
  if (actor.role !== 'operator' && actor.role !== 'supervisor') {
    throw new HttpError(403, 'forbidden', `Role ${actor.role} does not make calls`);
  }
  // Read and write in one transaction: with several server processes on one store, two claims
  // of one prospect are serialised by the database, not by luck.
  return docs.transact(() => decide(docs, actor, prospectId, now));
}

function decide(
  docs: DocStore,
  actor: Actor,
  prospectId: string,
  now: number,
): { result: ClaimResult; written: WrittenDoc[] } {
  const prospect = docs.get('prospects', prospectId);
  if (!prospect || prospect._deleted) throw new HttpError(404, 'not_found', 'No such prospect');
  const holder = String(prospect.claimedBy ?? '');
  if (holder && holder !== actor.id && Number(prospect.claimedUntil) > now) {
    return { result: { ok: false, reason: 'claimed', holder }, written: [] };
  }
  if (NOT_CALLABLE.has(String(prospect.status)))
    return { result: { ok: false, reason: 'not_callable', holder: '' }, written: [] };
  const settings = docs.get('settings', 'global') as unknown as Settings | null;
  const minutes = settings?.claimMinutes ?? 20;
  const claimed = { ...prospect, claimedBy: actor.id, claimedUntil: now + minutes * 60_000 };
  const written = docs.writeAs('prospects', actor, [claimed], new Date(now));
  return { result: { ok: true, claimedUntil: claimed.claimedUntil }, written };
}
