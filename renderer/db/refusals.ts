import type { CollectionName } from '../../shared/core/types.ts';
import type { RefusedRow } from '../../shared/sync/wire.ts';

export interface Refusal extends RefusedRow {
  collection: CollectionName;
  at: number;
}

type Listener = (latest: Refusal | null) => void;

/**
 * Local changes the server refused for good. Each is undone on this workstation (the server's
 * version comes back, a refused new document goes away) so it cannot hold back the rest of the
 * sync; the user is told what was undone and why.
 *
 * `undo` holds the documents whose next conflict resolution must take the server's version: the
 * conflict handler asks `takeServerVersion` before merging.
 */
export class Refusals {
  readonly #undo = new Map<CollectionName, Set<string>>();
  readonly #listeners = new Set<Listener>();
  latest: Refusal | null = null;

  record(collection: CollectionName, rows: readonly RefusedRow[], now = Date.now()): void {
    if (rows.length === 0) return;
    const ids = this.#undo.get(collection) ?? new Set<string>();
    for (const row of rows) ids.add(row.id);
    this.#undo.set(collection, ids);
    const last = rows[rows.length - 1] as RefusedRow;
    this.latest = { ...last, collection, at: now };
    for (const l of this.#listeners) l(this.latest);
  }

  /** True once for a refused document: its conflict then resolves to the server's version. */
  takeServerVersion(collection: CollectionName, id: string): boolean {
    return this.#undo.get(collection)?.delete(id) ?? false;
  }

  dismiss(): void {
    this.latest = null;
    for (const l of this.#listeners) l(null);
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** One per page: the database's conflict handlers and the replication share it. */
export const refusals = new Refusals();
