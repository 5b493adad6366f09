/**
 * Every screen and record has an address, kept in the location's hash (`#/prospects/<id>`): it works
 * under the desktop app's `app://` origin and the web target alike, survives a reload, and each move
 * is a history entry, so Back and Forward walk through what the user opened. Deep links
 * (`leadline://prospect/<id>`) and notifications land on the same addresses.
 */
import { RECORD_ID } from '../../shared/core/ids.ts';

export const VIEWS = [
  'desk',
  'requests',
  'callbacks',
  'future',
  'prospects',
  'lists',
  'dashboard',
  'users',
  'settings',
  'listRequests',
  'scripts',
  'floor',
  'audit',
] as const;
export type View = (typeof VIEWS)[number];

export interface Route {
  view: View;
  /** The record open on the screen: a prospect, request, callback, script or list. */
  id: string | null;
}

/** The path of each view; views with records take `/<path>/<id>`. */
const PATHS: Record<View, string> = {
  desk: 'desk',
  requests: 'requests',
  callbacks: 'callbacks',
  future: 'future-needs',
  prospects: 'prospects',
  lists: 'lists',
  dashboard: 'dashboard',
  users: 'users',
  settings: 'settings',
  listRequests: 'list-requests',
  scripts: 'scripts',
  floor: 'floor',
  audit: 'audit',
};
const WITH_RECORDS = new Set<View>(['prospects', 'requests', 'callbacks', 'scripts', 'lists']);
const VIEW_BY_PATH = new Map(Object.entries(PATHS).map(([view, p]) => [p, view as View]));

/** The route a hash names, or null for an empty or unknown one (the role's first screen then). */
export function parseRoute(hash: string): Route | null {
  const raw = hash.replace(/^#/, '');
  // Addresses from before records had them: `#prospects`.
  if (!raw.startsWith('/')) {
    const view = (VIEWS as readonly string[]).includes(raw) ? (raw as View) : null;
    return view ? { view, id: null } : null;
  }
  const parts = raw.slice(1).split('/');
  if (parts.length > 2) return null;
  const view = VIEW_BY_PATH.get(parts[0] ?? '');
  if (!view) return null;
  // Record ids need no escapes: whatever is escaped (or escaped badly, "%E0%A4") is no record's address.
  const id = parts[1] === undefined || parts[1] === '' ? null : parts[1];
  if (id !== null && (!WITH_RECORDS.has(view) || !RECORD_ID.test(id))) return null;
  return { view, id };
}

/** The hash of a route: `#/prospects/<id>`, `#/callbacks`. */
export function formatRoute(route: Route): string {
  const id = route.id !== null && WITH_RECORDS.has(route.view) && RECORD_ID.test(route.id) ? `/${route.id}` : '';
  return `#/${PATHS[route.view]}${id}`;
}
