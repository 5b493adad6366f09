/**
 * The window where the operator left it: size, position and maximised state are kept in
 * `window.json` and restored on the next start — unless the screen they were on is gone (a laptop
 * undocked, a projector unplugged), then the window opens centred on the main screen.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect | null;
  maximized: boolean;
}

const MIN = { width: 1024, height: 640 };

/** The saved state, if it still fits one of `screens` (their work areas) well enough to be reached. */
export function restoreWindowState(text: string | null, screens: readonly Rect[]): WindowState {
  let raw: unknown;
  try {
    raw = text ? JSON.parse(text) : null;
  } catch {
    raw = null;
  }
  const saved = raw as { bounds?: Partial<Rect>; maximized?: unknown } | null;
  const maximized = saved?.maximized === true;
  const b = saved?.bounds;
  if (!b || ![b.x, b.y, b.width, b.height].every((n) => Number.isFinite(n))) return { bounds: null, maximized };
  const bounds = {
    x: Math.round(b.x!),
    y: Math.round(b.y!),
    width: Math.max(MIN.width, Math.round(b.width!)),
    height: Math.max(MIN.height, Math.round(b.height!)),
  };
  // Its title bar must be on a screen: at least 100 × 40 px of its top strip inside a work area.
  const reachable = screens.some((s) => {
    const left = Math.max(bounds.x, s.x);
    const right = Math.min(bounds.x + bounds.width, s.x + s.width);
    const top = Math.max(bounds.y, s.y);
    const bottom = Math.min(bounds.y + 40, s.y + s.height);
    return right - left >= 100 && bottom - top >= 40;
  });
  return { bounds: reachable ? bounds : null, maximized };
}

export function saveWindowState(state: WindowState): string {
  return JSON.stringify(state);
}
