import { type Actor, canRead } from '../shared/security/policy.ts';
import type { CollectionName } from '../shared/core/types.ts';
import type { StreamEvent } from '../shared/sync/wire.ts';
import type { WrittenDoc } from './storage/doc-store.ts';

export interface StreamSubscriber {
  actor: Actor;
  sessionId: string;
  collections: ReadonlySet<CollectionName>;
  send(event: StreamEvent): void;
  close(): void;
}

/** Fans accepted writes out to open event streams, each seeing only what its role may read. */
export class StreamHub {
  readonly #subscribers = new Set<StreamSubscriber>();

  add(subscriber: StreamSubscriber): () => void {
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  }

  /** Users with a change stream open right now. */
  streamingUsers(): Set<string> {
    return new Set([...this.#subscribers].map((s) => s.actor.id));
  }

  get size(): number {
    return this.#subscribers.size;
  }

  publish(collection: CollectionName, written: WrittenDoc[]): void {
    if (written.length === 0) return;
    const seq = Math.max(...written.map((w) => w.seq));
    for (const sub of this.#subscribers) {
      if (!sub.collections.has(collection)) continue;
      const documents = written.map((w) => w.doc).filter((doc) => canRead(collection, sub.actor, doc));
      if (documents.length > 0) sub.send({ collection, batch: { documents, checkpoint: { seq } } });
    }
  }

  /** Ends the streams of revoked sessions. */
  closeSessions(sessionIds: readonly string[]): void {
    const ids = new Set(sessionIds);
    for (const sub of this.#subscribers) {
      if (ids.has(sub.sessionId)) {
        this.#subscribers.delete(sub);
        sub.close();
      }
    }
  }

  closeAll(): void {
    for (const sub of this.#subscribers) sub.close();
    this.#subscribers.clear();
  }
}
