import type { RxStorage } from 'rxdb';

/** Rows per IndexedDB transaction: about half a second of writing on a workstation's disk. */
export const MAX_ROWS_PER_WRITE = 1000;

/**
 * Splits large writes into transactions of at most `maxRows` rows. RxDB's replication merges every
 * page that arrived while the last one was being stored into one write: during a first sync that is
 * one readwrite transaction over tens of thousands of prospects, and every read of the collection
 * (the desk's "Next call", a search) waits behind it for minutes. Between bounded transactions the
 * reads get their turn. Rows are independent (each has its own revision check and its own error),
 * so a split write means what the whole one meant.
 */
export function withBoundedWrites<Internals, Options>(
  storage: RxStorage<Internals, Options>,
  maxRows = MAX_ROWS_PER_WRITE,
): RxStorage<Internals, Options> {
  return {
    name: storage.name,
    rxdbVersion: storage.rxdbVersion,
    async createStorageInstance(params) {
      const instance = await storage.createStorageInstance(params);
      const write = instance.bulkWrite.bind(instance);
      instance.bulkWrite = async (rows, context) => {
        if (rows.length <= maxRows) return write(rows, context);
        const result: Awaited<ReturnType<typeof write>> = { error: [] };
        for (let at = 0; at < rows.length; at += maxRows) {
          result.error.push(...(await write(rows.slice(at, at + maxRows), context)).error);
        }
        return result;
      };
      return instance;
    },
  };
}
