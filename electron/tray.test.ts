import { describe, expect, it } from 'vitest';
import { overlayBitmap, trayBitmap, trayMenu } from './tray.ts';

/** The BGRA pixel at (x, y). */
const pixel = (bitmap: Buffer, size: number, x: number, y: number) => [
  ...bitmap.subarray((y * size + x) * 4, (y * size + x) * 4 + 4),
];

describe('tray and taskbar pictures', () => {
  it('draws the tray icon, with a red dot only when something waits', () => {
    const calm = trayBitmap(32, false);
    const waiting = trayBitmap(32, true);
    expect(calm).toHaveLength(32 * 32 * 4);
    expect(pixel(calm, 32, 0, 0)).toEqual([0, 0, 0, 0]); // transparent corner
    expect(pixel(calm, 32, 16, 4)).toEqual([0xd0, 0x66, 0x1e, 0xff]); // the blue disc
    expect(pixel(waiting, 32, 26, 6)).toEqual([0x2b, 0x2b, 0xe0, 0xff]); // the red dot
    expect(pixel(calm, 32, 26, 6)).not.toEqual([0x2b, 0x2b, 0xe0, 0xff]);
  });

  it('draws Windows’ overlay as a red disc on a transparent square', () => {
    const overlay = overlayBitmap(16);
    expect(pixel(overlay, 16, 8, 8)).toEqual([0x2b, 0x2b, 0xe0, 0xff]);
    expect(pixel(overlay, 16, 0, 0)).toEqual([0, 0, 0, 0]);
  });

  it('lists the tray menu in the user’s words', () => {
    const labels = { open: 'Открыть', nextCall: 'Следующий звонок', pause: 'Пауза', quit: 'Выйти' };
    expect(trayMenu({ count: 2, tooltip: '', labels: labels as never }).map((i) => `${i.action}:${i.label}`)).toEqual([
      'open:Открыть',
      'next-call:Следующий звонок',
      'pause:Пауза',
      'quit:Выйти',
    ]);
  });
});
