import { create } from 'zustand';
import type { Role } from '../../shared/core/types.ts';

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

/** Which screen is shown; the URL hash keeps it across reloads. */
interface NavState {
  /** null until the user picks one: each role then starts on its first view. */
  view: View | null;
  /** A prospect to open in the prospects view (from the palette, duplicates, the future-need list). */
  prospectId: string | null;
  go(view: View, prospectId?: string | null): void;
}

function fromHash(): View | null {
  const name = globalThis.location?.hash.replace(/^#/, '') ?? '';
  return (VIEWS as readonly string[]).includes(name) ? (name as View) : null;
}

export const useNavStore = create<NavState>((set) => ({
  view: fromHash(),
  prospectId: null,
  go(view, prospectId = null) {
    if (globalThis.location) globalThis.location.hash = view;
    set({ view, prospectId });
  },
}));

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
