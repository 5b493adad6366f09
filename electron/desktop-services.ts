import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type {
  DesktopAbout,
  LinkedRoute,
  ReminderView,
  ServerAddressState,
  ServerTest,
  TrayView,
} from '../shared/sync/ipc.ts';
import type { ReminderScheduler } from './reminders.ts';
import { type InstallGate, mayInstallNow, type WorkState } from './updates.ts';
import { testServerAddress } from '../shared/sync/server-address.ts';
import { type DeploymentPreset, readPreset, readSaved, resolveServerAddress } from './server-address.ts';

/**
 * What main keeps for the desktop parts of the bridge: the server address (deployment preset, the
 * workstation's choice, the environment) and a deep link waiting for the renderer. Files are small
 * and read once at start; the address is changed by restarting the app on it, so nothing signed in
 * to one server keeps talking to another.
 */

export interface DesktopServiceOptions {
  /** The user's data folder (`server.json` is kept there). */
  userData: string;
  /** Where IT may put `leadline.json`: beside the executable, then in the app's resources. */
  presetFiles: readonly string[];
  env: string | undefined;
  fetch: (url: string, init: { signal: AbortSignal }) => Promise<Response>;
  /** Starts the app again on the new address. */
  restart(): void;
  now(): number;
  /** Shows the counts in the tray and the taskbar or dock badge. */
  showTray(tray: TrayView): void;
  /** Fires reminders with the window hidden. */
  reminders: Pick<ReminderScheduler, 'replace'>;
  version: string;
  /** Whether sign-ins are kept encrypted on disk (see credentials.ts). */
  keepsSignIn(): boolean;
  /** Restarts into the downloaded update (electron-updater's quitAndInstall). */
  installUpdate(): void;
  /** Asks where to save the diagnostics and writes them; null when the user cancels. */
  saveDiagnostics(sync: Record<string, unknown>): Promise<string | null>;
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export function createDesktopServices(options: DesktopServiceOptions) {
  const savedFile = path.join(options.userData, 'server.json');
  const preset: DeploymentPreset = readPreset(options.presetFiles.map(readText).find((text) => text !== null) ?? null);
  let resolved: ServerAddressState = resolveServerAddress({
    env: options.env,
    preset,
    saved: readSaved(readText(savedFile)),
  });
  let pendingLink: LinkedRoute | null = null;
  let work: WorkState = { inCall: false, unsent: 0 };
  /** The version of an update downloaded and waiting, null when none. */
  let readyUpdate: string | null = null;

  return {
    preset,
    address: (): ServerAddressState => resolved,
    /** A link that came before the renderer could take it (cold start), kept until it asks. */
    holdLink(route: LinkedRoute): void {
      pendingLink = route;
    },
    updateDownloaded(version: string): void {
      readyUpdate = version;
    },
    desktop: {
      serverAddress: (): ServerAddressState => resolved,
      testServer: (address: string): Promise<ServerTest> => testServerAddress(address, options.fetch),
      async setServer(address: string): Promise<ServerTest> {
        if (resolved.locked) return { ok: false, problem: 'locked' };
        const test = await testServerAddress(address, options.fetch);
        if (!test.ok) return test;
        mkdirSync(options.userData, { recursive: true });
        writeFileSync(savedFile, JSON.stringify({ serverUrl: test.url, savedAt: options.now() }), { mode: 0o600 });
        resolved = { url: test.url, source: 'workstation', locked: false };
        // The answer reaches the renderer first; then the app starts again on the new server.
        setTimeout(() => options.restart(), 300);
        return test;
      },
      takeLink(): LinkedRoute | null {
        const link = pendingLink;
        pendingLink = null;
        return link;
      },
      setTray: (tray: TrayView): void => options.showTray(tray),
      setReminders: (reminders: ReminderView[]): void => options.reminders.replace(reminders),
      setWorkState(state: WorkState): void {
        work = state;
      },
      installUpdate(): InstallGate {
        const gate = mayInstallNow(work, readyUpdate);
        if (gate.ok) options.installUpdate();
        return gate;
      },
      exportDiagnostics: async (sync: Record<string, unknown>) => ({ saved: await options.saveDiagnostics(sync) }),
      about: (): DesktopAbout => ({
        version: options.version,
        channel: preset.channel ?? 'stable',
        keepsSignIn: options.keepsSignIn(),
      }),
    },
  };
}
