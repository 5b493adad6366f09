import type { CollectionName, Prospect } from '../../core/types.ts';
import { nameKey } from '../../calling/search.ts';
import { phoneKey } from '../../calling/phone.ts';
import {
  type Doc,
  type FieldStrategy,
  mergeById,
  mergeCounter,
  mergeMax,
  mergeText,
  threeWayMerge,
} from './three-way.ts';

const STRATEGIES: Partial<Record<CollectionName, Record<string, FieldStrategy>>> = {
  prospects: { notes: mergeText, attempts: mergeCounter, contacts: mergeById, lastCallAt: mergeMax },
  callbacks: { note: mergeText },
  callLists: {},
  scripts: {},
  requests: { need: mergeText },
  settings: {},
};

/** Merges a prospect and re-derives its search keys from the merged name and phone. */
export function mergeProspect<T extends Doc>(base: T | undefined, local: T, remote: T): T {
  const merged = threeWayMerge(base, local, remote, STRATEGIES.prospects) as T & Partial<Prospect>;
  if (typeof merged.name === 'string') merged.nameKey = nameKey(merged.name);
  if (typeof merged.phone === 'string') merged.phoneKey = phoneKey(merged.phone);
  return merged;
}

/** The merge for any collection; append-only collections never conflict except on replays. */
export function mergeDocument<T extends Doc>(collection: CollectionName, base: T | undefined, local: T, remote: T): T {
  if (collection === 'prospects') return mergeProspect(base, local, remote);
  return threeWayMerge(base, local, remote, STRATEGIES[collection] ?? {});
}
