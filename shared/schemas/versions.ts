import type { CollectionName } from '../core/types.ts';
import { NO_DIAL } from '../telephony/call-events.ts';
import { NO_TELEPHONY } from '../telephony/softphone-settings.ts';
import { schemas } from './index.ts';

/**
 * How every collection's schema grew, version by version. A new version only ever adds fields, each
 * with how to fill it in a document written before it existed, or indexes (nothing to fill: the
 * workstation's database is rebuilt with them once). The same table drives:
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
  /**
   * The fields this version added, and their value in a document from before it. `list[].field` is
   * a field of every object in the array `list` (its objects carry an `id`), `object.field` a field of
   * the object `object`; their fill gets that object.
   */
  added: Record<string, (doc: Doc) => unknown>;
}

export const HISTORY: Partial<Record<CollectionName, readonly Version[]>> = {
  prospects: [
    {
      version: 1,
      // Extensions ("доб. 123") were refused with their row before; nothing to carry over.
      added: { phoneExt: () => '', 'contacts[].phoneExt': () => '' },
    },
  ],
  settings: [
    {
      version: 1,
      // Working days outside the weekdays (a Saturday the production calendar makes a working day).
      added: { 'workingHours.workdays': () => [] },
    },
    // The desk's softphone; none before (click-to-call handed a tel:/sip: link to the OS).
    { version: 2, added: { telephony: () => structuredClone(NO_TELEPHONY) } },
  ],
  // What the network said of a call the softphone placed: calls before were dialled by hand.
  calls: [{ version: 1, added: { dial: () => ({ ...NO_DIAL }) } }],
  // Progressive dialing, off for the lists made before it.
  callLists: [{ version: 1, added: { autoDialSeconds: () => 0 } }],
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
    // The index of open callbacks by due time.
    { version: 2, added: {} },
  ],
  // The index by creation time.
  requests: [{ version: 1, added: {} }],
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
 * `phoneExt` → a top-level field; `contacts[].phoneExt` → the field of each object in the array
 * `contacts`; `workingHours.workdays` → the field of the object `workingHours`.
 */
function splitPath(path: string): { list: string | null; inside: string | null; field: string } {
  const at = path.indexOf('[].');
  if (at >= 0) return { list: path.slice(0, at), inside: null, field: path.slice(at + 3) };
  const dot = path.indexOf('.');
  if (dot >= 0) return { list: null, inside: path.slice(0, dot), field: path.slice(dot + 1) };
  return { list: null, inside: null, field: path };
}

type Fill = (doc: Doc) => unknown;

/**
 * Fills what `doc` lacks of the fields `steps` added: from `from` (the same document as stored, or
 * the element with the same id there) when it has the field, else as the history says. Returns
 * `doc` itself when nothing is missing.
 */
function fillMissing(doc: Doc, steps: readonly Version[], from: () => Doc | null): Doc {
  let out: Doc | null = null;
  for (const step of steps) {
    for (const [path, fill] of Object.entries(step.added) as [string, Fill][]) {
      const { list, inside, field } = splitPath(path);
      if (inside !== null) {
        const object = (out ?? doc)[inside];
        if (!isObject(object) || field in object) continue;
        const base = from()?.[inside];
        out ??= { ...doc };
        out[inside] = { ...object, [field]: isObject(base) && field in base ? base[field] : fill(object) };
        continue;
      }
      if (list === null) {
        if (field in doc) continue;
        out ??= { ...doc };
        const base = from();
        out[field] = base && field in base ? base[field] : fill(out);
        continue;
      }
      const items = (out ?? doc)[list];
      if (!Array.isArray(items) || items.every((item) => !isObject(item) || field in item)) continue;
      const stored = from()?.[list];
      const storedById = new Map(
        (Array.isArray(stored) ? stored : []).filter(isObject).map((item) => [item.id, item] as const),
      );
      out ??= { ...doc };
      out[list] = items.map((item: unknown) => {
        if (!isObject(item) || field in item) return item;
        const base = storedById.get(item.id);
        return { ...item, [field]: base && field in base ? base[field] : fill(item) };
      });
    }
  }
  return out ?? doc;
}

const isObject = (value: unknown): value is Doc => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The document at the current version: every field a later version added and `doc` lacks is taken
 * from `base` (the stored document, when an older client pushes it; read only when something is
 * missing) or else filled as the history says. A document that lacks nothing comes back as it is.
 */
export function upgrade<T extends Doc>(collection: CollectionName, doc: T, base?: () => Doc | null): T {
  let read: Doc | null | undefined;
  const from = () => (read === undefined ? (read = base?.() ?? null) : read);
  return fillMissing(doc, versionsOf(collection), from) as T;
}

/** The document as a client at `version` knows it: fields added after that version left out. */
export function downgrade<T extends Doc>(collection: CollectionName, doc: T, version: number): T {
  // A version that only added an index changed nothing a client holds.
  const later = versionsOf(collection).filter((s) => s.version > version && Object.keys(s.added).length > 0);
  if (later.length === 0) return doc;
  const out: Doc = { ...doc };
  for (const step of later) {
    for (const path of Object.keys(step.added)) {
      const { list, inside, field } = splitPath(path);
      if (inside !== null) {
        if (isObject(out[inside])) {
          const { [field]: _dropped, ...rest } = out[inside];
          out[inside] = rest;
        }
      } else if (list === null) delete out[field];
      else if (Array.isArray(out[list])) {
        out[list] = (out[list] as unknown[]).map((item) => {
          if (!isObject(item)) return item;
          const { [field]: _dropped, ...rest } = item;
          return rest;
        });
      }
    }
  }
  return out as T;
}

/** RxDB's migration strategies for a collection: version n fills what version n added. */
export function migrationStrategies(collection: CollectionName): Record<number, (doc: Doc) => Doc> {
  const strategies: Record<number, (doc: Doc) => Doc> = {};
  for (const step of versionsOf(collection)) {
    strategies[step.version] = (doc) => ({ ...fillMissing(doc, [step], () => null) });
  }
  return strategies;
}
