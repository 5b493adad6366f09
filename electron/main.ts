import { app, BrowserWindow, ipcMain, net, powerMonitor, protocol, safeStorage, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { IPC_EVENTS, isAllowedExternalUrl } from '../shared/sync/ipc.ts';
import { SyncTransport } from '../shared/sync/transport/sync-transport.ts';
import { resolveAppRequest } from './app-protocol.ts';
import { SafeStorageCredentialStore } from './credentials.ts';
import { registerIpcHandlers } from './ipc-handlers.ts';
import { watchConnectivity } from './connectivity.ts';
import { APP_ORIGIN, APP_SCHEME, isAllowedNavigation, isAllowedPermission } from './security.ts';
import { secureWindowOptions } from './window-options.ts';

// Wiring only: each piece lives in its own module with its own tests.

const devServerUrl = process.env.VITE_DEV_SERVER_URL ?? null;
const serverUrl = process.env.LEADLINE_SERVER_URL ?? 'http://127.0.0.1:4000';
const rendererRoot = path.join(__dirname, '..', 'dist');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) app.quit();

async function start(): Promise<void> {
  await app.whenReady();

  protocol.handle(APP_SCHEME, async (request) => {
    const answer = resolveAppRequest(request.url, rendererRoot, existsSync);
    if (answer.status !== 200) return new Response(null, { status: answer.status });
    return new Response(await readFile(answer.file), { headers: answer.headers });
  });

  // The renderer never talks to the network itself; main does, with the token. Of the web
  // permissions it gets notifications only (callback reminders, request updates).
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(isAllowedPermission(permission, details.requestingUrl, devServerUrl)),
  );
  session.defaultSession.setPermissionCheckHandler((_wc, permission, requestingOrigin) =>
    isAllowedPermission(permission, requestingOrigin, devServerUrl),
  );

  const credentialsFile = path.join(app.getPath('userData'), 'credentials.bin');
  const transport = new SyncTransport({
    baseUrl: serverUrl,
    store: new SafeStorageCredentialStore(
      safeStorage,
      {
        read: (file) => readFile(file).catch(() => null),
        write: async (file, data) => {
          await mkdir(path.dirname(file), { recursive: true });
          await writeFile(file, data, { mode: 0o600 });
        },
      },
      credentialsFile,
    ),
    fetch: (input, init) => net.fetch(input as string, init),
  });

  registerIpcHandlers(ipcMain, {
    transport,
    openExternal: (url) => shell.openExternal(url),
    isTrustedSender: (url) => isAllowedNavigation(url, devServerUrl),
  });

  const window = new BrowserWindow(secureWindowOptions(path.join(__dirname, 'preload.cjs'), !app.isPackaged));
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
  window.once('ready-to-show', () => window.show());
  await window.loadURL(devServerUrl ?? `${APP_ORIGIN}/`);
}

app.on('window-all-closed', () => app.quit());
start().catch((error: unknown) => {
  console.error('Leadline failed to start', error);
  app.exit(1);
});
