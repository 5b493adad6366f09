import { map, type OperatorFunction } from 'rxjs';

const converted = new WeakMap<object, unknown>();

/**
 * A document's plain data, converted once per revision. RxDB hands out the same document object for
 * a revision it already holds, so a live query's next result converts only the documents that
 * changed, not all of them (the dashboard over every call, the queue over every open callback).
 * Treat the result as read-only: it is shared by every reader of that revision.
 */
export function plain<T>(doc: { toJSON(): unknown }): T {
  let value = converted.get(doc);
  if (value === undefined) {
    value = doc.toJSON();
    converted.set(doc, value);
  }
  return value as T;
}

/** A live query's documents as plain data, each converted once per revision. */
export function plainAll<T>(): OperatorFunction<readonly { toJSON(): unknown }[], T[]> {
  return map((docs) => docs.map((d) => plain<T>(d)));
}
