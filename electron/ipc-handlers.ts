import {
  type DesktopAbout,
  IPC,
  type IpcChannel,
  isAllowedExternalUrl,
  type LinkedRoute,
  type ReminderView,
  type ServerAddressState,
  type TrayView,
  type ServerTest,
  validateIpcPayload,
} from '../shared/sync/ipc.ts';
import type { CollectionName } from '../shared/core/types.ts';
import type { FunnelGroup } from '../shared/figures/funnel.ts';
import type {
  AuditQuery,
  Checkpoint,
  LoginRequest,
  NewUser,
  PresenceReport,
  PushRow,
  UserChange,
} from '../shared/sync/wire.ts';
import type { SipCredentials } from '../shared/telephony/softphone-settings.ts';
import type { SyncTransport } from '../shared/sync/transport/sync-transport.ts';
import type { InstallGate, WorkState } from './updates.ts';

/** The parts of Electron's IpcMainInvokeEvent the handlers look at. */
export interface InvokeEvent {
  senderFrame: { url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, handler: (event: InvokeEvent, payload: unknown) => unknown): void;
}

export interface HandlerDeps {
  transport: Pick<SyncTransport, 'login' | 'logout' | 'session' | 'pull' | 'pushOrRefuse' | 'status' | 'api'>;
  openExternal(url: string): Promise<void>;
  /** The signed-in user's SIP login, kept encrypted by main (keyed by the session, not the caller's word). */
  phone: {
    get(userId: string): Promise<SipCredentials | null>;
    set(userId: string, credentials: SipCredentials): Promise<{ persists: boolean }>;
  };
  /** Sees every page main pulled for the renderer (the settings name the PBX the CSP allows). */
  onPulled?(collection: CollectionName, documents: readonly unknown[]): void;
  /** Whether a frame URL is our renderer (app:// or, in development, the dev server). */
  isTrustedSender(url: string): boolean;
  desktop: {
    serverAddress(): ServerAddressState;
    testServer(address: string): Promise<ServerTest>;
    setServer(address: string): Promise<ServerTest>;
    takeLink(): LinkedRoute | null;
    setTray(tray: TrayView): void;
    setReminders(reminders: ReminderView[]): void;
    about(): DesktopAbout;
    setWorkState(state: WorkState): void;
    installUpdate(): InstallGate;
    exportDiagnostics(sync: Record<string, unknown>): Promise<{ saved: string | null }>;
  };
}

type Handler = (payload: unknown) => unknown;

/** The single map from channel to implementation: every channel in the contract has exactly one. */
export function ipcHandlers(deps: HandlerDeps): Record<IpcChannel, Handler> {
  const { transport } = deps;
  return {
    [IPC.login]: (p) => transport.login(p as LoginRequest),
    [IPC.logout]: () => transport.logout(),
    [IPC.session]: () => transport.session(),
    [IPC.status]: () => transport.status(),
    [IPC.pull]: async (p) => {
      const { collection, checkpoint, batchSize } = p as {
        collection: CollectionName;
        checkpoint?: Checkpoint;
        batchSize: number;
      };
      const page = await transport.pull(collection, checkpoint ?? null, batchSize);
      deps.onPulled?.(collection, page.documents);
      return page;
    },
    [IPC.push]: (p) => {
      const { collection, rows } = p as { collection: CollectionName; rows: PushRow[] };
      return transport.pushOrRefuse(collection, rows);
    },
    [IPC.claim]: (p) => transport.api.claim((p as { prospectId: string }).prospectId),
    [IPC.createUser]: (p) => transport.api.createUser(p as NewUser),
    [IPC.setUserActive]: (p) => {
      const { userId, active } = p as { userId: string; active: boolean };
      return transport.api.setUserActive(userId, active);
    },
    [IPC.updateUser]: (p) => {
      const { userId, change } = p as { userId: string; change: UserChange };
      return transport.api.updateUser(userId, change);
    },
    [IPC.resetPassword]: (p) => {
      const { userId, password } = p as { userId: string; password: string };
      return transport.api.resetPassword(userId, password);
    },
    [IPC.audit]: (p) => transport.api.audit(p as AuditQuery),
    [IPC.eraseProspect]: (p) => transport.api.eraseProspect((p as { prospectId: string }).prospectId),
    [IPC.reportPresence]: (p) => transport.api.reportPresence(p as PresenceReport),
    [IPC.floor]: () => transport.api.floor(),
    [IPC.funnel]: (p) => {
      const { by, from, to } = p as { by: FunnelGroup | 'all'; from: number; to: number };
      return transport.api.funnel(by, from, to);
    },
    [IPC.sales]: () => transport.api.sales(),
    [IPC.scriptStats]: (p) => {
      const { scriptId, version } = p as { scriptId: string; version: number };
      return transport.api.scriptStats(scriptId, version);
    },
    [IPC.openExternal]: (p) => {
      const { url } = p as { url: string };
      if (!isAllowedExternalUrl(url)) throw new Error(`Refusing to open ${url}: only https, tel and sip links`);
      return deps.openExternal(url);
    },
    [IPC.phoneCredentials]: async () => {
      const user = await transport.session();
      return user ? deps.phone.get(user.id) : null;
    },
    [IPC.savePhoneCredentials]: async (p) => {
      const user = await transport.session();
      if (!user) throw new Error('Sign in first: a SIP login belongs to the signed-in user');
      return deps.phone.set(user.id, p as SipCredentials);
    },
    [IPC.serverAddress]: () => deps.desktop.serverAddress(),
    [IPC.testServer]: (p) => deps.desktop.testServer((p as { address: string }).address),
    [IPC.setServer]: (p) => deps.desktop.setServer((p as { address: string }).address),
    [IPC.takeLink]: () => deps.desktop.takeLink(),
    [IPC.setTray]: (p) => deps.desktop.setTray(p as TrayView),
    [IPC.about]: () => deps.desktop.about(),
    [IPC.setWorkState]: (p) => deps.desktop.setWorkState(p as WorkState),
    [IPC.installUpdate]: () => deps.desktop.installUpdate(),
    [IPC.exportDiagnostics]: (p) => deps.desktop.exportDiagnostics((p as { sync: Record<string, unknown> }).sync),
    [IPC.setReminders]: (p) => deps.desktop.setReminders((p as { reminders: ReminderView[] }).reminders),
  };
}

/** Registers the handlers; each call checks its sender frame and validates its payload first. */
export function registerIpcHandlers(ipcMain: IpcMainLike, deps: HandlerDeps): void {
  const handlers = ipcHandlers(deps);
  for (const [channel, handler] of Object.entries(handlers) as [IpcChannel, Handler][]) {
    ipcMain.handle(channel, (event, payload) => {
      const url = event.senderFrame?.url ?? '';
      if (!deps.isTrustedSender(url)) throw new Error(`IPC ${channel} refused: untrusted sender ${url || '(none)'}`);
      validateIpcPayload(channel, payload);
      return handler(payload);
    });
  }
}
