import type { CollectionName } from '../../shared/types.ts';

/** Where the pending set survives a restart: localStorage in the app, a Map in tests. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

type Listener = (count: number) => void;

/**
 * Local writes not yet acknowledged by the server, for the sync indicator ("3 waiting"). A write is
 * marked with its `updatedAt`; a push clears it only when it carried that version or a later one.
 */
export class PendingWrites {
  readonly #store: KeyValueStore;
  readonly #key: string;
  readonly #entries: Map<string, number>;
  readonly #listeners = new Set<Listener>();

  constructor(store: KeyValueStore, key: string) {
    this.#store = store;
    this.#key = key;
    this.#entries = new Map(parse(store.getItem(key)));
  }

  get count(): number {
    return this.#entries.size;
  }

  mark(collection: CollectionName, id: string, updatedAt: number): void {
    const key = `${collection}/${id}`;
    this.#entries.set(key, Math.max(updatedAt, this.#entries.get(key) ?? 0));
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

  #persist(): void {
    this.#store.setItem(this.#key, JSON.stringify([...this.#entries]));
    for (const l of this.#listeners) l(this.#entries.size);
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
