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
  // Decided on a read and committed only if the prospect has not changed since: with several
  // server instances on one database, two claims of one prospect are serialised by the database.
  return docs.decide<ClaimResult>(actor, new Date(now), async (read) => {
    const prospect = await read('prospects', prospectId);
    if (!prospect || prospect._deleted) throw new HttpError(404, 'not_found', 'No such prospect');
    const holder = String(prospect.claimedBy ?? '');
    if (holder && holder !== actor.id && Number(prospect.claimedUntil) > now) {
      return { result: { ok: false, reason: 'claimed', holder }, writes: [] };
    }
    if (NOT_CALLABLE.has(String(prospect.status))) {
      return { result: { ok: false, reason: 'not_callable', holder: '' }, writes: [] };
    }
    const settings = (await docs.get('settings', 'global')) as unknown as Settings | null;
    const claimed = { ...prospect, claimedBy: actor.id, claimedUntil: now + (settings?.claimMinutes ?? 20) * 60_000 };
    return {
      result: { ok: true, claimedUntil: claimed.claimedUntil },
      writes: [{ collection: 'prospects' as const, doc: claimed }],
    };
  });
}
