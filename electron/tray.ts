import type { TrayView } from '../shared/sync/ipc.ts';

/**
 * The tray icon's pixels, drawn here rather than shipped as a file: a blue disc (the app's colour)
 * with a white bar, and a red dot when something waits. RGBA rows for `nativeImage.createFromBitmap`
 * (which wants BGRA on every platform).
 */
export function trayBitmap(size: number, attention: boolean): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const centre = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const at = (y * size + x) * 4;
      const inDisc = Math.hypot(x - centre, y - centre) <= size / 2 - 0.5;
      const inBar = x >= size * 0.3 && x <= size * 0.42 && y >= size * 0.25 && y <= size * 0.75;
      const inFoot = x >= size * 0.3 && x <= size * 0.7 && y >= size * 0.63 && y <= size * 0.75;
      const inDot = attention && Math.hypot(x - size * 0.8, y - size * 0.2) <= size * 0.2;
      // BGRA
      const [b, g, r, a] = inDot
        ? [0x2b, 0x2b, 0xe0, 0xff]
        : inDisc && (inBar || inFoot)
          ? [0xff, 0xff, 0xff, 0xff]
          : inDisc
            ? [0xd0, 0x66, 0x1e, 0xff]
            : [0, 0, 0, 0];
      pixels[at] = b;
      pixels[at + 1] = g;
      pixels[at + 2] = r;
      pixels[at + 3] = a;
    }
  }
  return pixels;
}

/** Windows' taskbar overlay when something waits: a red disc with a white rim (BGRA). */
export function overlayBitmap(size: number): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const centre = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const at = (y * size + x) * 4;
      const d = Math.hypot(x - centre, y - centre);
      const [b, g, r, a] =
        d <= size / 2 - 1.5 ? [0x2b, 0x2b, 0xe0, 0xff] : d <= size / 2 - 0.5 ? [0xff, 0xff, 0xff, 0xff] : [0, 0, 0, 0];
      pixels[at] = b;
      pixels[at + 1] = g;
      pixels[at + 2] = r;
      pixels[at + 3] = a;
    }
  }
  return pixels;
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
