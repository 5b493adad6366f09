import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { appMenu } from './app-menu.ts';

const labels = {
  file: 'Файл',
  go: 'Переход',
  help: 'Справка',
  nextCall: 'Следующий звонок',
  pause: 'Пауза',
  palette: 'Найти…',
  shortcuts: 'Горячие клавиши',
  diagnostics: 'Выгрузить диагностику…',
};

function items(menu: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return menu.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

describe('native menu', () => {
  it('shows the app’s shortcuts without taking the keys from the page', () => {
    const all = items(
      appMenu('win32', false, labels, { exportDiagnostics: () => undefined, command: () => undefined }),
    );
    const withKeys = all.filter((i) => i.accelerator);
    expect(withKeys.map((i) => i.accelerator)).toEqual(['N', 'CmdOrCtrl+K', 'Shift+?']);
    expect(withKeys.every((i) => i.registerAccelerator === false)).toBe(true);
  });

  it('has copy and paste, the app menu on macOS, and no developer tools when packaged', () => {
    const mac = items(
      appMenu('darwin', false, labels, { exportDiagnostics: () => undefined, command: () => undefined }),
    );
    expect(mac.map((i) => i.role)).toEqual(expect.arrayContaining(['appMenu', 'editMenu', 'close']));
    expect(mac.map((i) => i.role)).not.toContain('toggleDevTools');
    const dev = items(appMenu('linux', true, labels, { exportDiagnostics: () => undefined, command: () => undefined }));
    expect(dev.map((i) => i.role)).toEqual(expect.arrayContaining(['quit', 'toggleDevTools', 'reload']));
  });

  it('sends its commands to the page', () => {
    const sent: string[] = [];
    const menu = items(
      appMenu('linux', false, labels, {
        exportDiagnostics: () => sent.push('diagnostics'),
        command: (c) => sent.push(c),
      }),
    );
    for (const item of menu) (item.click as (() => void) | undefined)?.();
    expect(sent).toEqual(['diagnostics', 'next-call', 'pause', 'palette', 'shortcuts']);
  });
});
