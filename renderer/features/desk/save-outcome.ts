import type { OutcomeWrites } from '../../../shared/calling/outcomes.ts';
import type { Repository } from '../../db/repository.ts';

/**
 * Writes a finished call locally: the call, the request, the callbacks and the prospect, each
 * collection in one storage write and all of them at once. Sync pushes them when it can.
 */
export async function saveOutcome(repo: Repository, writes: OutcomeWrites): Promise<void> {
  await Promise.all([
    repo.save('calls', writes.call),
    writes.request ? repo.save('requests', writes.request) : Promise.resolve(),
    repo.saveMany('callbacks', writes.callbacks),
    repo.save('prospects', writes.prospect),
  ]);
}
