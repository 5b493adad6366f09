import type { CollectionName } from '../core/types.ts';
import { schemas } from './index.ts';

/**
 * How every collection's schema grew, version by version. A new version only ever adds fields, each
 * with how to fill it in a document written before it existed. The same table drives:
 * - the workstation's RxDB migration (`migrationStrategies`), run once when a newer app opens an older
 *   local database (RxDB migrates the replication's own records through it too);
 * - the server, which keeps documents as they were written and fills the missing fields when it reads
 *   them, so a store never needs rewriting;
 * - workstations not yet updated: they name the versions they know in the `x-leadline-schema` header
 *   (none named: version 0 of everything); the server takes the fields they do not know from the
 *   stored document when they push, and leaves those fields out of what they pull.
 */

type Doc = Record<string, unknown>;

interface Version {
  version: number;
  /** The fields this version added, and their value in a document from before it. */
  added: Record<string, (doc: Doc) => unknown>;
}

export const HISTORY: Partial<Record<CollectionName, readonly Version[]>> = {
  callbacks: [
    {
      version: 1,
      added: {
        // The time the prospect asked for (a callback outside the calling hours is moved into them).
        askedFor: (doc) => doc.dueAt ?? 0,
        // A supervisor let this callback come at exactly this time though it lies outside the hours.
        outsideHoursAllowedAt: () => 0,
      },
    },
  ],
};

const versionsOf = (collection: CollectionName) => HISTORY[collection] ?? [];

export function currentVersion(collection: CollectionName): number {
  return schemas[collection].version;
}

/** Versions a workstation knows, by collection (absent: 0). */
export type SchemaVersions = Partial<Record<CollectionName, number>>;

/** What this build knows: every collection at its current version. */
export function ownVersions(): SchemaVersions {
  const out: SchemaVersions = {};
  for (const [name, schema] of Object.entries(schemas) as [CollectionName, { version: number }][]) {
    if (schema.version > 0) out[name] = schema.version;
  }
  return out;
}

export const SCHEMA_HEADER = 'x-leadline-schema';

/** `callbacks=1,prospects=2`: the versions other than 0. */
export function formatVersions(versions: SchemaVersions): string {
  return Object.entries(versions)
    .filter(([, v]) => (v ?? 0) > 0)
    .map(([name, v]) => `${name}=${v}`)
    .join(',');
}

/** Reads the header; anything unreadable counts as version 0 (the oldest client). */
export function parseVersions(
  raw: string | undefined,
  known: (name: string) => name is CollectionName,
): SchemaVersions {
  const out: SchemaVersions = {};
  for (const part of (raw ?? '').split(',')) {
    const [name, value] = part.split('=');
    const v = Number(value);
    if (name && known(name) && Number.isInteger(v) && v > 0) out[name] = Math.min(v, currentVersion(name));
  }
  return out;
}

/**
 * The document at the current version: every field a later version added and `doc` lacks is taken
 * from `base` (the stored document, when an older client pushes it; read only when something is
 * missing) or else filled as the history says. A document that lacks nothing comes back as it is.
 */
export function upgrade<T extends Doc>(collection: CollectionName, doc: T, base?: () => Doc | null): T {
  let out: Doc | null = null;
  let from: Doc | null | undefined;
  for (const step of versionsOf(collection)) {
    for (const [field, fill] of Object.entries(step.added)) {
      if (field in doc) continue;
      out ??= { ...doc };
      from = from === undefined ? (base?.() ?? null) : from;
      out[field] = from && field in from ? from[field] : fill(out);
    }
  }
  return (out ?? doc) as T;
}

/** The document as a client at `version` knows it: fields added after that version left out. */
export function downgrade<T extends Doc>(collection: CollectionName, doc: T, version: number): T {
  const later = versionsOf(collection).filter((s) => s.version > version);
  if (later.length === 0) return doc;
  const out: Doc = { ...doc };
  for (const step of later) for (const field of Object.keys(step.added)) delete out[field];
  return out as T;
}

/** RxDB's migration strategies for a collection: version n fills what version n added. */
export function migrationStrategies(collection: CollectionName): Record<number, (doc: Doc) => Doc> {
  const strategies: Record<number, (doc: Doc) => Doc> = {};
  for (const step of versionsOf(collection)) {
    strategies[step.version] = (doc) => {
      const out = { ...doc };
      for (const [field, fill] of Object.entries(step.added)) if (!(field in out)) out[field] = fill(out);
      return out;
    };
  }
  return strategies;
}
