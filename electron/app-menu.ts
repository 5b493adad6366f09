import type { MenuItemConstructorOptions } from 'electron';

/**
 * The native menu: what every desktop app has (copy and paste on macOS need it), the app's own
 * commands, and its keyboard shortcuts shown beside them. The app's shortcuts are handled in the page
 * by physical key (so they work in the Russian layout); the menu only shows them
 * (`registerAccelerator: false`), or typing "n" in a note would take the next call.
 */
export interface MenuActions {
  exportDiagnostics(): void;
  command(name: 'next-call' | 'pause' | 'palette' | 'shortcuts'): void;
}

export function appMenu(
  platform: NodeJS.Platform,
  isDev: boolean,
  labels: Record<'file' | 'go' | 'help' | 'nextCall' | 'pause' | 'palette' | 'shortcuts' | 'diagnostics', string>,
  actions: MenuActions,
): MenuItemConstructorOptions[] {
  const shown = (accelerator: string) => ({ accelerator, registerAccelerator: false });
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: labels.file,
      submenu: [
        { label: labels.diagnostics, click: () => actions.exportDiagnostics() },
        { type: 'separator' },
        platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: labels.go,
      submenu: [
        { label: labels.nextCall, ...shown('N'), click: () => actions.command('next-call') },
        { label: labels.pause, click: () => actions.command('pause') },
        { label: labels.palette, ...shown('CmdOrCtrl+K'), click: () => actions.command('palette') },
      ],
    },
    {
      role: 'viewMenu',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(isDev
          ? [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }]
          : []),
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      label: labels.help,
      submenu: [{ label: labels.shortcuts, ...shown('Shift+?'), click: () => actions.command('shortcuts') }],
    },
  ];
}
