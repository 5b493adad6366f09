import type { Actor } from '../../shared/security/policy.ts';
import type { ProspectStatus, Settings } from '../../shared/core/types.ts';
import type { ClaimResult } from '../../shared/sync/wire.ts';
import { HttpError } from '../errors.ts';
import type { DocStore, WrittenDoc } from '../storage/doc-store.ts';

const NOT_CALLABLE: ReadonlySet<string> = new Set<ProspectStatus>(['do_not_call', 'handed_off', 'customer']);

/**
 * Gives a prospect to one operator for a while; two operators asking at the same moment cannot both get it.
 */
export async function claimProspect(
  docs: DocStore,
  actor: Actor,
  prospectId: string,
  now: number,
): Promise<{ result: ClaimResult; written: WrittenDoc[] }> {
  if (actor.role !== 'operator' && actor.role !== 'supervisor') {
    throw new HttpError(403, 'forbidden', `Role ${actor.role} does not make calls`);
  }
  // Read (with a row lock) and write in one transaction: with several server instances on one
  // database, two claims of one prospect are serialised by the database, not by luck.
  return docs.transact((tx) => decide(tx, actor, prospectId, now));
}

async function decide(
  docs: DocStore,
  actor: Actor,
  prospectId: string,
  now: number,
): Promise<{ result: ClaimResult; written: WrittenDoc[] }> {
  const prospect = await docs.get('prospects', prospectId, true);
  if (!prospect || prospect._deleted) throw new HttpError(404, 'not_found', 'No such prospect');
  const holder = String(prospect.claimedBy ?? '');
  if (holder && holder !== actor.id && Number(prospect.claimedUntil) > now) {
    return { result: { ok: false, reason: 'claimed', holder }, written: [] };
  }
  if (NOT_CALLABLE.has(String(prospect.status)))
    return { result: { ok: false, reason: 'not_callable', holder: '' }, written: [] };
  const settings = (await docs.get('settings', 'global')) as unknown as Settings | null;
  const minutes = settings?.claimMinutes ?? 20;
  const claimed = { ...prospect, claimedBy: actor.id, claimedUntil: now + minutes * 60_000 };
  const written = await docs.writeAs('prospects', actor, [claimed], new Date(now));
  return { result: { ok: true, claimedUntil: claimed.claimedUntil }, written };
}
