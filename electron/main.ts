import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  net,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
} from 'electron';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { IPC_EVENTS, isAllowedExternalUrl, type LinkedRoute, type TrayView } from '../shared/sync/ipc.ts';
import { autoUpdater } from 'electron-updater';
import { appMenu } from './app-menu.ts';
import { diagnosticsBundle, RotatingLog } from './diagnostics.ts';
import { ReminderScheduler } from './reminders.ts';
import { restoreWindowState, saveWindowState } from './window-state.ts';
import { updateFeed } from './updates.ts';
import { overlayBitmap, trayBitmap, trayMenu } from './tray.ts';
import { SyncTransport } from '../shared/sync/transport/sync-transport.ts';
import { resolveAppRequest } from './app-protocol.ts';
import { SafeStorageCredentialStore } from './credentials.ts';
import { PhoneCredentialStore } from './phone-credentials.ts';
import { PbxAddress } from './pbx-address.ts';
import { registerIpcHandlers } from './ipc-handlers.ts';
import { watchConnectivity } from './connectivity.ts';
import { APP_ORIGIN, APP_SCHEME, isAllowedNavigation, isAllowedPermission } from './security.ts';
import { DEEP_LINK_SCHEME, deepLinkFromArgv, routeOfDeepLink } from './deep-links.ts';
import { createDesktopServices } from './desktop-services.ts';
import { secureWindowOptions } from './window-options.ts';

// Wiring only: each piece lives in its own module with its own tests.

const devServerUrl = process.env.VITE_DEV_SERVER_URL ?? null;
const rendererRoot = path.join(__dirname, '..', 'dist');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

// One app per user: a second launch (a leadline:// link clicked, the shortcut again) hands its
// arguments to this one and quits.
if (!app.requestSingleInstanceLock()) app.quit();
// In development the OS must be told who opens leadline:// links; installers register it themselves.
if (!app.isPackaged)
  app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [path.resolve(process.argv[1] ?? '.')]);

const services = createDesktopServices({
  userData: app.getPath('userData'),
  presetFiles: [
    path.join(path.dirname(app.getPath('exe')), 'leadline.json'),
    path.join(process.resourcesPath ?? rendererRoot, 'leadline.json'),
  ],
  env: process.env.LEADLINE_SERVER_URL,
  fetch: (url, init) => net.fetch(url, init),
  restart: () => {
    app.relaunch();
    app.exit(0);
  },
  now: () => Date.now(),
  showTray: (view) => showTray(view),
  version: app.getVersion(),
  keepsSignIn: () => credentials?.persists ?? false,
  installUpdate: () => autoUpdater.quitAndInstall(false, true),
  saveDiagnostics: async (sync) => {
    const { canceled, filePath } = await dialog.showSaveDialog({
      defaultPath: `leadline-diagnostics-${new Date().toISOString().slice(0, 10)}.json`,
      filters: [{ name: 'JSON', extensions: ['json'] }],
    });
    if (canceled || !filePath) return null;
    await writeFile(
      filePath,
      diagnosticsBundle({
        versions: { app: app.getVersion(), ...pickVersions(process.versions) },
        platform: `${process.platform} ${process.getSystemVersion()} ${process.arch}`,
        server: { url: services.address().url, source: services.address().source },
        sync,
        logs: [mainLog, rendererLog],
        now: new Date(),
      }),
    );
    mainLog.write('info', 'diagnostics exported');
    return filePath;
  },
  reminders: new ReminderScheduler(
    {
      now: () => Date.now(),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    },
    (reminder) => {
      const note = new Notification({ title: reminder.title, body: reminder.body });
      note.on('click', () => navigateTo(reminder.route));
      note.show();
    },
  ),
});
let mainWindow: BrowserWindow | null = null;
let tray: Tray | null = null;
const logDir = path.join(app.getPath('userData'), 'logs');
const mainLog = new RotatingLog(logDir, 'main');
const rendererLog = new RotatingLog(logDir, 'renderer');
mainLog.write('info', `Leadline ${app.getVersion()} starting; server ${services.address().source}`);
const pickVersions = (v: NodeJS.ProcessVersions) => ({
  electron: v.electron ?? '',
  chrome: v.chrome ?? '',
  node: v.node,
});
const windowStateFile = path.join(app.getPath('userData'), 'window.json');
let credentials: SafeStorageCredentialStore | null = null;
/** Closing the window hides it, so reminders keep coming; quitting is from the tray or the menu. */
let quitting = false;
app.on('before-quit', () => {
  quitting = true;
});

/**
 * Updates from the company server's feed, on the deployment's channel: downloaded in the background,
 * installed when the app quits, or at once when the operator asks and no call or unsent work is there.
 */
function startUpdates(onReady: (version: string) => void): void {
  const feed = updateFeed(services.address().url, services.preset.channel ?? 'stable');
  if (!feed || !app.isPackaged) return;
  autoUpdater.setFeedURL({ provider: 'generic', url: feed });
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.on('update-downloaded', (info) => {
    services.updateDownloaded(info.version);
    onReady(info.version);
  });
  autoUpdater.on('error', (error) => mainLog.write('warn', `update check failed: ${error.message}`));
  const check = () => void autoUpdater.checkForUpdates().catch(() => undefined);
  check();
  setInterval(check, 4 * 60 * 60_000);
}

function showWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function navigateTo(route: LinkedRoute): void {
  showWindow();
  mainWindow?.webContents.send(IPC_EVENTS.navigate, route);
}

/** What the tray shows now: the page re-sends it on every change, and only differences are redrawn. */
let shownTray: TrayView | null = null;

function showTray(view: TrayView): void {
  if (!app.isReady()) return;
  const before = shownTray;
  shownTray = view;
  const attention = view.count > 0;
  if (!tray || before === null || attention !== before.count > 0) {
    const icon = nativeImage.createFromBitmap(trayBitmap(32, attention), { width: 32, height: 32 });
    if (!tray) {
      tray = new Tray(icon);
      tray.on('click', showWindow);
    } else tray.setImage(icon);
  }
  if (before?.tooltip !== view.tooltip) tray.setToolTip(view.tooltip);
  if (before?.count !== view.count) {
    // The dock (macOS) and launcher (Linux) badge; on Windows an overlay on the taskbar button, whose
    // description (read by screen readers) carries the count.
    app.setBadgeCount(view.count);
    if (process.platform === 'win32' && mainWindow && !mainWindow.isDestroyed()) {
      mainWindow.setOverlayIcon(
        attention ? nativeImage.createFromBitmap(overlayBitmap(16), { width: 16, height: 16 }) : null,
        attention ? view.tooltip : '',
      );
    }
  }
  if (JSON.stringify(before?.labels) === JSON.stringify(view.labels)) return;
  // The menus change only with the language (or the pause label): built again then, not per count.
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenu(process.platform, !app.isPackaged, view.labels, {
        exportDiagnostics: () => mainWindow?.webContents.send(IPC_EVENTS.command, 'diagnostics'),
        command: (name) => {
          showWindow();
          mainWindow?.webContents.send(IPC_EVENTS.command, name);
        },
      }),
    ),
  );
  tray.setContextMenu(
    Menu.buildFromTemplate(
      trayMenu(view).map((item) => ({
        label: item.label,
        click: () => {
          if (item.action === 'quit') app.quit();
          else if (item.action === 'open') showWindow();
          else {
            showWindow();
            mainWindow?.webContents.send(IPC_EVENTS.command, item.action);
          }
        },
      })),
    ),
  );
}

/** A link from outside: to the window if it is up, else kept for the renderer to take. */
function openLink(argvOrUrl: readonly string[]): void {
  const link = deepLinkFromArgv(argvOrUrl);
  if (!link) return;
  const route = routeOfDeepLink(link);
  if (mainWindow && !mainWindow.isDestroyed() && !mainWindow.webContents.isLoading()) navigateTo(route);
  else services.holdLink(route);
}
app.on('second-instance', (_event, argv) => {
  openLink(argv);
  showWindow();
});
// macOS hands links over as an event, before or after the app is ready.
app.on('open-url', (event, url) => {
  event.preventDefault();
  openLink([url]);
});
openLink(process.argv);

async function start(): Promise<void> {
  await app.whenReady();

  const pbxFile = path.join(app.getPath('userData'), 'pbx-address.txt');
  const pbx = new PbxAddress(await readFile(pbxFile, 'utf8').catch(() => null), (text) => {
    void writeFile(pbxFile, text).catch(() => undefined);
  });
  protocol.handle(APP_SCHEME, async (request) => {
    const answer = resolveAppRequest(request.url, rendererRoot, existsSync, pbx.csp());
    if (answer.status !== 200) return new Response(null, { status: answer.status });
    return new Response(await readFile(answer.file), { headers: answer.headers });
  });

  // The renderer never talks to the network itself; main does, with the token. Of the web
  // permissions it gets notifications only (callback reminders, request updates).
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(
      isAllowedPermission(
        permission,
        details.requestingUrl,
        devServerUrl,
        'mediaTypes' in details ? (details.mediaTypes ?? []) : [],
      ),
    ),
  );
  session.defaultSession.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) =>
    isAllowedPermission(permission, requestingOrigin, devServerUrl, details.mediaType ? [details.mediaType] : []),
  );

  const credentialsFile = path.join(app.getPath('userData'), 'credentials.bin');
  const fileAccess = {
    read: (file: string) => readFile(file).catch(() => null),
    write: async (file: string, data: Buffer) => {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, data, { mode: 0o600 });
    },
  };
  // With no address yet the renderer shows the first-run screen, and nothing reaches this transport.
  const transport = new SyncTransport({
    baseUrl: services.address().url ?? 'http://127.0.0.1:9',
    store: (credentials = new SafeStorageCredentialStore(safeStorage, fileAccess, credentialsFile)),
    fetch: (input, init) => net.fetch(input as string, init),
  });

  const phoneLogins = new PhoneCredentialStore(
    safeStorage,
    fileAccess,
    path.join(app.getPath('userData'), 'phone.bin'),
  );
  registerIpcHandlers(ipcMain, {
    transport,
    openExternal: (url) => shell.openExternal(url),
    phone: { get: (userId) => phoneLogins.get(userId), set: (userId, c) => phoneLogins.set(userId, c) },
    onPulled: (collection, documents) => {
      if (collection === 'settings' && pbx.learn(documents)) mainWindow?.webContents.send(IPC_EVENTS.command, 'reload');
    },
    isTrustedSender: (url) => isAllowedNavigation(url, devServerUrl),
    desktop: services.desktop,
  });

  // Spell-check in notes, in both languages the floor writes in (macOS uses its own checker).
  if (process.platform !== 'darwin') session.defaultSession.setSpellCheckerLanguages(['ru', 'en-US']);

  const restored = restoreWindowState(
    await readFile(windowStateFile, 'utf8').catch(() => null),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const window = new BrowserWindow({
    ...secureWindowOptions(path.join(__dirname, 'preload.cjs'), !app.isPackaged),
    ...restored.bounds,
  });
  if (restored.maximized) window.maximize();
  const keepState = () => {
    if (window.isDestroyed()) return;
    void writeFile(
      windowStateFile,
      saveWindowState({ bounds: window.getNormalBounds(), maximized: window.isMaximized() }),
    ).catch(() => undefined);
  };
  window.on('resized', keepState);
  window.on('moved', keepState);
  window.on('maximize', keepState);
  window.on('unmaximize', keepState);
  window.webContents.on('console-message', (event) => {
    if (event.level === 'warning' || event.level === 'error')
      rendererLog.write(event.level === 'error' ? 'error' : 'warn', event.message);
  });
  // A renderer crash: say so and reload. The call in progress is kept by the page itself
  // (localStorage), the data in IndexedDB; nothing local is deleted to "fix" anything.
  window.webContents.on('render-process-gone', (_event, details) => {
    mainLog.write('error', `renderer gone: ${details.reason} (exit ${details.exitCode})`);
    if (details.reason === 'clean-exit') return;
    void dialog
      .showMessageBox(window, {
        type: 'warning',
        message: 'Leadline’s window stopped working. / Окно Leadline перестало работать.',
        detail:
          'Reload it: your data and the call in progress are kept. / Перезагрузите его: данные и текущий звонок сохранены.',
        buttons: ['Reload / Перезагрузить', 'Quit / Выйти'],
        defaultId: 0,
        cancelId: 1,
      })
      .then(({ response }) => (response === 0 ? window.reload() : app.quit()));
  });
  const send = (channel: string, value: unknown) => {
    if (!window.isDestroyed()) window.webContents.send(channel, value);
  };
  transport.onStatus((status) => send(IPC_EVENTS.status, status));
  transport.onSignedOut((reason) => send(IPC_EVENTS.signedOut, reason));
  transport.onStream((event) => send(IPC_EVENTS.stream, event));
  watchConnectivity({ isOnline: () => net.isOnline(), powerMonitor, transport });

  window.webContents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, devServerUrl)) event.preventDefault();
  });
  // No new windows; links the OS should handle (https, tel, sip) go to it, anything else nowhere.
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url).catch(() => undefined);
    return { action: 'deny' };
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  mainWindow = window;
  startUpdates((version) => send(IPC_EVENTS.updateReady, version));
  window.once('ready-to-show', () => window.show());
  window.on('close', (event) => {
    if (quitting) return;
    event.preventDefault();
    window.hide();
  });
  await window.loadURL(devServerUrl ?? `${APP_ORIGIN}/`);
}

// The window only hides; the app quits from the tray, the menu or the OS (logout, shutdown).
app.on('window-all-closed', () => undefined);
app.on('activate', () => showWindow());
start().catch((error: unknown) => {
  console.error('Leadline failed to start', error);
  app.exit(1);
});
