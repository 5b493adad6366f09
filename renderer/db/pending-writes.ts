import type { CollectionName } from '../../shared/core/types.ts';

/** Where the pending set survives a restart: localStorage in the app, a Map in tests. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

type Listener = (count: number) => void;

const PERSIST_DELAY_MS = 250;

/**
 * Local writes not yet acknowledged by the server, for the sync indicator ("3 waiting"). A write is
 * marked with its `updatedAt`; a push clears it only when it carried that version or a later one.
 */
export class PendingWrites {
  readonly #store: KeyValueStore;
  readonly #key: string;
  readonly #entries: Map<string, number>;
  readonly #listeners = new Set<Listener>();
  #scheduled = false;

  constructor(store: KeyValueStore, key: string) {
    this.#store = store;
    this.#key = key;
    this.#entries = new Map(parse(store.getItem(key)));
  }

  get count(): number {
    return this.#entries.size;
  }

  mark(collection: CollectionName, id: string, updatedAt: number): void {
    this.markMany(collection, [{ id, updatedAt }]);
  }

  /** Marks a batch with one write to the store: an import of 50,000 rows must not write it 50,000 times. */
  markMany(collection: CollectionName, docs: readonly { id: string; updatedAt: number }[]): void {
    for (const { id, updatedAt } of docs) {
      const key = `${collection}/${id}`;
      this.#entries.set(key, Math.max(updatedAt, this.#entries.get(key) ?? 0));
    }
    this.#persist();
  }

  acknowledge(collection: CollectionName, docs: { id: string; updatedAt?: number }[]): void {
    let changed = false;
    for (const doc of docs) {
      const key = `${collection}/${doc.id}`;
      const marked = this.#entries.get(key);
      if (marked !== undefined && (doc.updatedAt ?? Infinity) >= marked) {
        this.#entries.delete(key);
        changed = true;
      }
    }
    if (changed) this.#persist();
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Listeners hear at once; the store is written once per burst of changes (a large import pushes
   * hundreds of batches a second). The set only feeds the indicator: what must be pushed is kept
   * by the database itself, so a crash within the burst loses nothing but a moment of the count.
   */
  #persist(): void {
    for (const l of this.#listeners) l(this.#entries.size);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setTimeout(() => this.flush(), PERSIST_DELAY_MS);
  }

  /** Writes the set now (the page is going away). */
  flush(): void {
    this.#scheduled = false;
    this.#store.setItem(this.#key, JSON.stringify([...this.#entries]));
  }
}

function parse(text: string | null): [string, number][] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value)
      ? (value.filter((e) => Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'number') as [
          string,
          number,
        ][])
      : [];
  } catch {
    return [];
  }
}
