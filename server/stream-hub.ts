import { type Actor, canRead, readKeys, readRule } from '../shared/security/policy.ts';
import type { CollectionName } from '../shared/core/types.ts';
import { currentVersion, downgrade, type SchemaVersions } from '../shared/schemas/versions.ts';
import type { StreamEvent } from '../shared/sync/wire.ts';
import type { StoredDoc, WrittenDoc } from './storage/doc-store.ts';

export interface StreamSubscriber {
  actor: Actor;
  sessionId: string;
  collections: ReadonlySet<CollectionName>;
  /** A one-collection stream sends bare batches; the all-collections stream sends `{collection, batch}`. */
  shape: 'batch' | 'event';
  /** The schema versions the client knows: it gets documents as that version has them. */
  versions: SchemaVersions;
  /** Writes ready server-sent events (how far behind the client is: `buffered`). */
  write(frame: string): void;
  /** Bytes written but not yet taken by the client. */
  buffered(): number;
  /** Ends the stream once what is written has gone. */
  close(): void;
  /** Cuts the connection at once (a client that stopped reading). */
  drop(): void;
}

/** A stream this far behind (a client that stopped reading) is closed: it resyncs when it comes back. */
export const STREAM_BUFFER_LIMIT = 8 * 1024 * 1024;
/**
 * Writes accepted within this window go out together: one write per stream per window, however
 * many documents arrived in it (a write to a socket costs more than the bytes it carries).
 */
export const FAN_OUT_WINDOW_MS = 20;

/** Documents as a client at its versions knows them: fields it has never heard of are left out. */
export function asKnown<T extends Record<string, unknown>>(
  collection: CollectionName,
  versions: SchemaVersions,
  documents: T[],
): T[] {
  const version = versions[collection] ?? 0;
  if (version >= currentVersion(collection)) return documents;
  return documents.map((d) => downgrade(collection, d, version));
}

export const frameOf = (data: unknown): string => `data: ${JSON.stringify(data)}\n\n`;

/**
 * Fans accepted writes out to open event streams, each seeing only what its role may read. The work
 * does not grow as streams × documents: a write is serialised once per audience (everyone who may
 * read all of the collection, at one schema version and one stream shape, gets the same bytes), a
 * reader of its own documents is passed over in O(1) unless the write names it, and the writes of
 * one short window reach each stream in one socket write. Fan-out runs after the push is answered,
 * in the order writes were published.
 */
export class StreamHub {
  readonly #subscribers = new Set<StreamSubscriber>();
  readonly #queue: [CollectionName, WrittenDoc[]][] = [];
  #scheduled = false;

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
    this.#queue.push([collection, written]);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setTimeout(() => this.#flush(), FAN_OUT_WINDOW_MS);
  }

  #flush(): void {
    this.#scheduled = false;
    const batches = this.#queue.splice(0).map(([collection, written]) => new Batch(collection, written));
    // Streams with the same frames (one audience) get one joined string.
    const joined = new Map<string, string>();
    for (const sub of this.#subscribers) {
      const keys: string[] = [];
      const frames: string[] = [];
      for (const batch of batches) {
        const framed = batch.frameFor(sub);
        if (!framed) continue;
        keys.push(framed.key);
        frames.push(framed.frame);
      }
      if (frames.length === 0) continue;
      const key = keys.join('\n');
      let text = joined.get(key);
      if (text === undefined) {
        text = frames.join('');
        joined.set(key, text);
      }
      sub.write(text);
      if (sub.buffered() > STREAM_BUFFER_LIMIT) {
        this.#subscribers.delete(sub);
        sub.drop();
      }
    }
  }

  #end(sub: StreamSubscriber): void {
    this.#subscribers.delete(sub);
    sub.close();
  }

  /** Ends the streams of revoked sessions. */
  closeSessions(sessionIds: readonly string[]): void {
    const ids = new Set(sessionIds);
    for (const sub of this.#subscribers) if (ids.has(sub.sessionId)) this.#end(sub);
  }

  closeAll(): void {
    for (const sub of this.#subscribers) sub.close();
    this.#subscribers.clear();
  }
}

/** One published write: its frames, made once per audience, schema version and stream shape. */
class Batch {
  readonly #collection: CollectionName;
  readonly #documents: StoredDoc[];
  readonly #seq: number;
  readonly #readers = new Set<string>();
  readonly #frames = new Map<string, string>();

  constructor(collection: CollectionName, written: WrittenDoc[]) {
    this.#collection = collection;
    this.#documents = written.map((w) => w.doc);
    this.#seq = written.reduce((max, w) => Math.max(max, w.seq), 0);
    for (const doc of this.#documents) for (const key of readKeys(collection, doc)) this.#readers.add(key);
  }

  /** What `sub` is sent of this write, if anything. */
  frameFor(sub: StreamSubscriber): { key: string; frame: string } | null {
    const collection = this.#collection;
    if (!sub.collections.has(collection)) return null;
    const rule = readRule(collection, sub.actor.role);
    if (rule === 'none') return null;
    let audience = 'all';
    let visible = this.#documents;
    if (rule === 'own') {
      const id = sub.actor.id;
      if (!this.#readers.has(id) && !this.#readers.has('*')) return null;
      visible = visible.filter((doc) => canRead(collection, sub.actor, doc));
      if (visible.length === 0) return null;
      audience = `own:${id}`;
    }
    const version = Math.min(sub.versions[collection] ?? 0, currentVersion(collection));
    const key = `${collection}|${this.#seq}|${audience}|${sub.shape}|${version}`;
    let frame = this.#frames.get(key);
    if (frame === undefined) {
      const batch = { documents: asKnown(collection, sub.versions, visible), checkpoint: { seq: this.#seq } };
      frame = frameOf(sub.shape === 'batch' ? batch : ({ collection, batch } satisfies StreamEvent));
      this.#frames.set(key, frame);
    }
    return { key, frame };
  }
}
