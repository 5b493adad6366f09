import { describe, expect, it } from 'vitest';
import { restoreWindowState, saveWindowState } from './window-state.ts';

const laptop = { x: 0, y: 0, width: 1366, height: 728 };
const monitor = { x: 1366, y: 0, width: 1920, height: 1040 };

describe('window state', () => {
  it('comes back where it was, maximised or not', () => {
    const saved = saveWindowState({ bounds: { x: 1500, y: 80, width: 1400, height: 900 }, maximized: true });
    expect(restoreWindowState(saved, [laptop, monitor])).toEqual({
      bounds: { x: 1500, y: 80, width: 1400, height: 900 },
      maximized: true,
    });
  });

  it('opens centred when the screen it was on is gone, and never smaller than the app can show', () => {
    const saved = saveWindowState({ bounds: { x: 1500, y: 80, width: 1400, height: 900 }, maximized: false });
    expect(restoreWindowState(saved, [laptop])).toEqual({ bounds: null, maximized: false });
    expect(restoreWindowState('{"bounds":{"x":10,"y":10,"width":300,"height":200}}', [laptop]).bounds).toEqual({
      x: 10,
      y: 10,
      width: 1024,
      height: 640,
    });
    // Its title bar above the top of every screen cannot be grabbed.
    expect(restoreWindowState('{"bounds":{"x":10,"y":-500,"width":1200,"height":700}}', [laptop]).bounds).toBeNull();
  });

  it('ignores a damaged file', () => {
    for (const text of [null, '', 'not json', '{"bounds":{"x":"a"}}', '[]']) {
      expect(restoreWindowState(text, [laptop])).toEqual({ bounds: null, maximized: false });
    }
  });
});
