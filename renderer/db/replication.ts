import type { RxReplicationPullStreamItem } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { Subject } from 'rxjs';
import type { LeadlineBridge } from '../../shared/sync/ipc.ts';
import { canReadCollection, canWriteCollection } from '../../shared/security/policy.ts';
import { COLLECTIONS, type CollectionName, type Role } from '../../shared/core/types.ts';
import type { Checkpoint, PushRow } from '../../shared/sync/wire.ts';
import type { LeadlineDatabase } from './collections.ts';
import type { PendingWrites } from './pending-writes.ts';
import { refusals } from './refusals.ts';

export interface ReplicationOptions {
  db: LeadlineDatabase;
  sync: LeadlineBridge['sync'];
  role: Role;
  pending: PendingWrites;
  /** Distinguishes checkpoints of different servers sharing one local database. */
  serverId: string;
  pullBatchSize?: number;
  retryTimeMs?: number;
}

export interface LeadlineReplication {
  states: Map<CollectionName, RxReplicationState<unknown, Checkpoint>>;
  /** Pulls and pushes everything now (network back, window focused). */
  reSync(): void;
  /** Resolves when every collection has pushed and pulled what it had. */
  awaitInSync(): Promise<void>;
  cancel(): Promise<void>;
}

/** A checkpoint marked with the schema version it was stored under (version 0 stays unmarked). */
function marked(checkpoint: Checkpoint, version: number): Checkpoint {
  return version > 0 ? { seq: checkpoint.seq, v: version } : { seq: checkpoint.seq };
}

/** Replicates every collection the role may read through the bridge, with the stream driving pulls. */
export function startReplication(options: ReplicationOptions): LeadlineReplication {
  const { db, sync, role, pending } = options;
  const streams = new Map<CollectionName, Subject<RxReplicationPullStreamItem<unknown, Checkpoint>>>();
  const states = new Map<CollectionName, RxReplicationState<unknown, Checkpoint>>();
  const versions = new Map<CollectionName, number>();

  for (const name of COLLECTIONS) {
    if (!canReadCollection(name, role) || !db.collections[name]) continue;
    const stream$ = new Subject<RxReplicationPullStreamItem<unknown, Checkpoint>>();
    streams.set(name, stream$);
    const version = db[name].schema.version;
    versions.set(name, version);
    const state = replicateRxCollection<unknown, Checkpoint>({
      collection: db[name] as never,
      replicationIdentifier: `leadline-${options.serverId}-${name}`,
      live: true,
      retryTime: options.retryTimeMs ?? 2000,
      waitForLeadership: false,
      autoStart: true,
      pull: {
        batchSize: options.pullBatchSize ?? 500,
        handler: async (checkpoint, batchSize) => {
          // A checkpoint stored before this collection's migration: pull it all again (RxDB keeps the
          // documents nobody changed here in step with the server, and merges the ones changed here).
          const from = checkpoint && (checkpoint.v ?? 0) === version ? { seq: checkpoint.seq } : null;
          const result = await sync.pull(name, from, batchSize);
          return {
            documents: result.documents as never[],
            checkpoint: result.checkpoint ? marked(result.checkpoint, version) : checkpoint,
          };
        },
        stream$: stream$.asObservable(),
      },
      push: canWriteCollection(name, role)
        ? {
            batchSize: 500,
            handler: async (rows) => {
              const result = await sync.push(name, rows as unknown as PushRow[]);
              // Refused rows are answered with the server's version (or, for a new document, its
              // tombstone): the conflict handler then undoes them instead of pushing them forever.
              refusals.record(name, result.refused);
              const refused = new Set(result.refused.map((r) => r.id));
              const undone = rows
                .filter((r) => refused.has(String((r.newDocumentState as { id?: unknown }).id)))
                .map((r) => r.assumedMasterState ?? { ...r.newDocumentState, _deleted: true });
              const conflicted = new Set(result.conflicts.map((c) => String(c.id)));
              pending.acknowledge(
                name,
                rows
                  .map((r) => r.newDocumentState as unknown as { id: string; updatedAt?: number })
                  .filter((d) => !conflicted.has(d.id)),
              );
              return [...result.conflicts, ...undone] as never[];
            },
          }
        : undefined,
    });
    states.set(name, state as RxReplicationState<unknown, Checkpoint>);
  }

  const stopStream = sync.onStream((event) => {
    if (event === 'RESYNC') {
      for (const s of streams.values()) s.next('RESYNC');
      return;
    }
    streams.get(event.collection)?.next({
      documents: event.batch.documents as never[],
      checkpoint: marked(event.batch.checkpoint, versions.get(event.collection) ?? 0),
    });
  });

  return {
    states,
    reSync() {
      for (const s of states.values()) s.reSync();
    },
    async awaitInSync() {
      await Promise.all([...states.values()].map((s) => s.awaitInSync()));
    },
    async cancel() {
      stopStream();
      await Promise.all([...states.values()].map((s) => s.cancel()));
      for (const s of streams.values()) s.complete();
    },
  };
}
