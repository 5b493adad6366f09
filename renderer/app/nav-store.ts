import { create } from 'zustand';
import type { Role } from '../../shared/core/types.ts';
import { formatRoute, parseRoute, type Route, type View } from './routes.ts';

export { VIEWS, type View } from './routes.ts';

/** Which screen and record are shown: the location's hash holds them (see routes.ts). */
interface NavState {
  /** null until the user picks one: each role then starts on its first view. */
  view: View | null;
  /** The record open on the screen (a prospect, request, callback, script or list). */
  id: string | null;
  /** Opens a screen, or a record on it; a new history entry, so Back returns. */
  go(view: View, id?: string | null): void;
}

function current(): Route | null {
  return parseRoute(globalThis.location?.hash ?? '');
}

// A link written as a path (https://leadline.example/prospects/<id>, served the app by the server)
// becomes the same address in the hash, so both forms open the record.
if (globalThis.location && globalThis.location.pathname !== '/' && !globalThis.location.hash) {
  const route = parseRoute(`#${globalThis.location.pathname}`);
  if (route) globalThis.history.replaceState(null, '', `/${formatRoute(route)}`);
}

export const useNavStore = create<NavState>((set) => ({
  view: current()?.view ?? null,
  id: current()?.id ?? null,
  go(view, id = null) {
    const hash = formatRoute({ view, id });
    if (globalThis.location && globalThis.location.hash !== hash) globalThis.location.hash = hash;
    set({ view, id });
  },
}));

// Back, Forward, a typed address or a link: the hash changes, the screen follows.
globalThis.addEventListener?.('hashchange', () => {
  const route = current();
  useNavStore.setState({ view: route?.view ?? null, id: route?.id ?? null });
});

/** The views a role works in, first one the default. */
export function viewsFor(role: Role): View[] {
  switch (role) {
    case 'operator':
      return ['desk', 'requests', 'callbacks', 'future', 'prospects'];
    case 'supervisor':
      return [
        'dashboard',
        'floor',
        'lists',
        'scripts',
        'listRequests',
        'requests',
        'desk',
        'callbacks',
        'future',
        'prospects',
        'settings',
      ];
    case 'sales':
      return ['requests', 'listRequests', 'prospects'];
    default:
      return ['users', 'audit', 'settings', 'prospects'];
  }
}

/** The view to show: the one asked for, if the role has it, else the role's first. */
export function useCurrentView(role: Role): View {
  const requested = useNavStore((s) => s.view);
  const views = viewsFor(role);
  return requested && views.includes(requested) ? requested : (views[0] ?? 'prospects');
}

/** The record the address names on `view`, or null. */
export function useRouteId(view: View): string | null {
  return useNavStore((s) => (s.view === view ? s.id : null));
}
