import { jsonEqual } from '../../core/equal.ts';

/**
 * A three-way merge of one document. `base` is the common ancestor (the master state the client
 * last saw), `local` the client's edit, `remote` the master state that won the race to the server.
 *
 * Rules (docs/sync.md):
 * - a field changed on one side only keeps that change;
 * - a field changed on both sides takes the remote value (it reached the server first), unless the
 *   field has its own strategy (text that is appended to, counters, lists of items with ids);
 * - a deletion on either side wins;
 * - when there is no ancestor, the remote state is the ancestor (remote wins field conflicts).
 * The result depends only on the three inputs, so every client computes the same merge.
 */

/** Any document; the merge reads its fields by name. */
export type Doc = object & { _deleted?: boolean };
type Fields = Record<string, unknown>;
export type FieldStrategy = (base: unknown, local: unknown, remote: unknown) => unknown;

export function threeWayMerge<T extends Doc>(
  base: T | undefined,
  local: T,
  remote: T,
  strategies: Readonly<Record<string, FieldStrategy>> = {},
): T {
  if (remote._deleted) return remote;
  if (local._deleted) return { ...remote, _deleted: true };
  const ancestor = (base ?? remote) as Fields;
  const merged: Fields = {};
  for (const field of new Set([...Object.keys(remote), ...Object.keys(local)])) {
    const b = ancestor[field];
    const l = (local as Fields)[field];
    const r = (remote as Fields)[field];
    const localChanged = !jsonEqual(b, l);
    const remoteChanged = !jsonEqual(b, r);
    const strategy = strategies[field];
    if (localChanged && remoteChanged && strategy) merged[field] = strategy(b, l, r);
    else if (localChanged && !remoteChanged) merged[field] = l;
    else merged[field] = r;
  }
  const lu = (local as Fields).updatedAt;
  const ru = (remote as Fields).updatedAt;
  if (typeof lu === 'number' && typeof ru === 'number') merged.updatedAt = Math.max(lu, ru);
  merged._deleted = false;
  return merged as unknown as T;
}

export const NOTE_SEPARATOR = '\n— — —\n';

/** Free text: neither side's words are lost. Appends on both sides are stacked remote-first. */
export const mergeText: FieldStrategy = (base, local, remote) => {
  const b = typeof base === 'string' ? base : '';
  const l = typeof local === 'string' ? local : '';
  const r = typeof remote === 'string' ? remote : '';
  if (r.includes(l)) return r;
  if (l.includes(r)) return l;
  if (b && l.startsWith(b) && r.startsWith(b)) return `${r}${NOTE_SEPARATOR}${l.slice(b.length).trim()}`;
  return `${r}${NOTE_SEPARATOR}${l}`;
};

/** Counters (attempts): both sides' increments count. */
export const mergeCounter: FieldStrategy = (base, local, remote) => {
  const b = typeof base === 'number' ? base : 0;
  const l = typeof local === 'number' ? local : b;
  const r = typeof remote === 'number' ? remote : b;
  return Math.max(0, b + (l - b) + (r - b));
};

/** Timestamps of the latest event (last call): the later one. */
export const mergeMax: FieldStrategy = (_base, local, remote) =>
  Math.max(typeof local === 'number' ? local : 0, typeof remote === 'number' ? remote : 0);

/** Lists of items with an `id`: items merged one by one, additions from both sides kept. */
export const mergeById: FieldStrategy = (base, local, remote) => {
  type Item = Record<string, unknown> & { id: string };
  const asList = (v: unknown): Item[] => (Array.isArray(v) ? (v as Item[]) : []);
  const b = new Map(asList(base).map((i) => [i.id, i]));
  const l = new Map(asList(local).map((i) => [i.id, i]));
  const r = new Map(asList(remote).map((i) => [i.id, i]));
  const result: Item[] = [];
  const order = [...r.keys(), ...[...l.keys()].filter((k) => !r.has(k))];
  for (const key of order) {
    const bi = b.get(key);
    const li = l.get(key);
    const ri = r.get(key);
    if (ri && li) result.push(threeWayMerge<Item>(bi, li, ri));
    else if (ri && !li) {
      // Removed locally: honour the removal unless the remote side edited the item meanwhile.
      if (!bi || !jsonEqual(bi, ri)) result.push(ri);
    } else if (li && !ri) {
      if (!bi || !jsonEqual(bi, li)) result.push(li);
    }
  }
  return result.map(({ _deleted, ...rest }) => rest);
};
