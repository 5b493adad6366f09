import type { TrayView } from '../shared/sync/ipc.ts';

type Bgra = readonly [number, number, number, number];
const BLUE: Bgra = [0xd0, 0x66, 0x1e, 0xff];
const RED: Bgra = [0x2b, 0x2b, 0xe0, 0xff];
const WHITE: Bgra = [0xff, 0xff, 0xff, 0xff];
const CLEAR: Bgra = [0, 0, 0, 0];

/** A square bitmap, BGRA rows as `nativeImage.createFromBitmap` takes them, each pixel from `colour`. */
function paint(size: number, colour: (x: number, y: number, fromCentre: number) => Bgra): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const centre = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) pixels.set(colour(x, y, Math.hypot(x - centre, y - centre)), (y * size + x) * 4);
  }
  return pixels;
}

/**
 * The tray icon, drawn here rather than shipped as a file: a blue disc (the app's colour) with a white
 * "L", and a red dot when something waits.
 */
export function trayBitmap(size: number, attention: boolean): Buffer {
  return paint(size, (x, y, d) => {
    if (attention && Math.hypot(x - size * 0.8, y - size * 0.2) <= size * 0.2) return RED;
    if (d > size / 2 - 0.5) return CLEAR;
    const bar = x >= size * 0.3 && x <= size * 0.42 && y >= size * 0.25 && y <= size * 0.75;
    const foot = x >= size * 0.3 && x <= size * 0.7 && y >= size * 0.63 && y <= size * 0.75;
    return bar || foot ? WHITE : BLUE;
  });
}

/** Windows' taskbar overlay when something waits: a red disc with a white rim. */
export function overlayBitmap(size: number): Buffer {
  return paint(size, (_x, _y, d) => (d <= size / 2 - 1.5 ? RED : d <= size / 2 - 0.5 ? WHITE : CLEAR));
}

/** The tray menu's items, in order, with what each does. */
export function trayMenu(view: TrayView): { label: string; action: 'open' | 'next-call' | 'pause' | 'quit' }[] {
  return [
    { label: view.labels.open, action: 'open' },
    { label: view.labels.nextCall, action: 'next-call' },
    { label: view.labels.pause, action: 'pause' },
    { label: view.labels.quit, action: 'quit' },
  ];
}
