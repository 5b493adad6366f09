import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  type ConnectionStatus,
  type DesktopCommand,
  IPC,
  IPC_EVENTS,
  type LeadlineBridge,
  type LinkedRoute,
} from '../shared/sync/ipc.ts';
import type { StreamEvent } from '../shared/sync/wire.ts';

/**
 * The one object the renderer gets: the bridge contract over IPC. No Node, no ipcRenderer, no
 * token: main holds the credentials and does the network work.
 */

function subscribe<T>(channel: string, listener: (value: T) => void): () => void {
  const wrapped = (_event: IpcRendererEvent, value: T) => listener(value);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

let status: ConnectionStatus = { state: 'connecting', lastSyncAt: 0, lastError: '' };
subscribe<ConnectionStatus>(IPC_EVENTS.status, (next) => {
  status = next;
});
void ipcRenderer.invoke(IPC.status).then((initial: ConnectionStatus) => {
  status = initial;
});

const bridge = {
  kind: 'electron',
  auth: {
    login: (request) => ipcRenderer.invoke(IPC.login, request),
    logout: () => ipcRenderer.invoke(IPC.logout),
    session: () => ipcRenderer.invoke(IPC.session),
    onSignedOut: (listener) => subscribe<string>(IPC_EVENTS.signedOut, listener),
  },
  sync: {
    pull: (collection, checkpoint, batchSize) =>
      ipcRenderer.invoke(IPC.pull, checkpoint ? { collection, checkpoint, batchSize } : { collection, batchSize }),
    push: (collection, rows) => ipcRenderer.invoke(IPC.push, { collection, rows }),
    onStream: (listener) => subscribe<StreamEvent>(IPC_EVENTS.stream, listener),
    status: () => status,
    onStatus: (listener) => subscribe<ConnectionStatus>(IPC_EVENTS.status, listener),
  },
  admin: {
    createUser: (input) => ipcRenderer.invoke(IPC.createUser, input),
    setUserActive: (userId, active) => ipcRenderer.invoke(IPC.setUserActive, { userId, active }),
    updateUser: (userId, change) => ipcRenderer.invoke(IPC.updateUser, { userId, change }),
    resetPassword: (userId, password) => ipcRenderer.invoke(IPC.resetPassword, { userId, password }),
    audit: (query) => ipcRenderer.invoke(IPC.audit, query),
    eraseProspect: (prospectId) => ipcRenderer.invoke(IPC.eraseProspect, { prospectId }),
  },
  presence: {
    report: (report) => ipcRenderer.invoke(IPC.reportPresence, report),
    floor: () => ipcRenderer.invoke(IPC.floor),
  },
  figures: {
    funnel: (by, from, to) => ipcRenderer.invoke(IPC.funnel, { by, from, to }),
    sales: () => ipcRenderer.invoke(IPC.sales),
    script: (scriptId, version) => ipcRenderer.invoke(IPC.scriptStats, { scriptId, version }),
  },
  queue: {
    claim: (prospectId) => ipcRenderer.invoke(IPC.claim, { prospectId }),
  },
  shell: {
    openExternal: (url) => ipcRenderer.invoke(IPC.openExternal, { url }),
  },
  phone: {
    credentials: () => ipcRenderer.invoke(IPC.phoneCredentials),
    saveCredentials: (credentials) =>
      ipcRenderer.invoke(IPC.savePhoneCredentials, credentials ?? { login: '', password: '' }),
  },
  desktop: {
    serverAddress: () => ipcRenderer.invoke(IPC.serverAddress),
    testServer: (address) => ipcRenderer.invoke(IPC.testServer, { address }),
    setServer: (address) => ipcRenderer.invoke(IPC.setServer, { address }),
    takeLink: () => ipcRenderer.invoke(IPC.takeLink),
    onNavigate: (listener) => subscribe<LinkedRoute>(IPC_EVENTS.navigate, listener),
    setTray: (tray) => ipcRenderer.invoke(IPC.setTray, tray),
    setReminders: (reminders) => ipcRenderer.invoke(IPC.setReminders, { reminders }),
    onCommand: (listener) => subscribe<DesktopCommand>(IPC_EVENTS.command, listener),
    about: () => ipcRenderer.invoke(IPC.about),
    setWorkState: (state) => ipcRenderer.invoke(IPC.setWorkState, state),
    installUpdate: () => ipcRenderer.invoke(IPC.installUpdate),
    onUpdateReady: (listener) => subscribe<string>(IPC_EVENTS.updateReady, listener),
    exportDiagnostics: (sync) => ipcRenderer.invoke(IPC.exportDiagnostics, { sync }),
  },
} satisfies LeadlineBridge;

contextBridge.exposeInMainWorld('leadline', bridge);
