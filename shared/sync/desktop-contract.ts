import type { JsonSchema } from '../schemas/json-schema.ts';

/**
 * The desktop app's part of the bridge (electron/ main ⇄ the page): server address, deep links, tray
 * and reminders, updates, diagnostics; the web target has none of it. The channels are in ipc.ts with
 * the others; their payload schemas are here.
 */
export interface DesktopBridge {
  /** The server this workstation talks to, and whether an admin may change it here. */
  serverAddress(): Promise<ServerAddressState>;
  /** Asks an address whether a Leadline server answers there, and its name and version. */
  testServer(address: string): Promise<ServerTest>;
  /** Tests the address and, when it answers, keeps it and restarts the app on it. */
  setServer(address: string): Promise<ServerTest>;
  /** The record a `leadline://` link asked for before the app was ready, once. */
  takeLink(): Promise<LinkedRoute | null>;
  /** A link that arrives while the app runs (a second launch, macOS open-url). */
  onNavigate(listener: (route: LinkedRoute) => void): () => void;
  /** What the tray and the taskbar/dock badge show, in the user's language. */
  setTray(tray: TrayView): Promise<void>;
  /** The coming reminders, for main to fire with the window hidden. */
  setReminders(reminders: ReminderView[]): Promise<void>;
  /** A tray menu command: go to the desk for the next call, or pause / resume. */
  onCommand(listener: (command: DesktopCommand) => void): () => void;
  /** The app's version, update channel, and whether a sign-in outlives the app here. */
  about(): Promise<DesktopAbout>;
  /** Whether a call is up and how much is unsent: main never restarts for an update then. */
  setWorkState(state: { inCall: boolean; unsent: number }): Promise<void>;
  /** Restarts into a downloaded update, unless a call is up or work is unsent. */
  installUpdate(): Promise<{ ok: true } | { ok: false; reason: 'in_call' | 'unsent_work' | 'nothing_ready' }>;
  /** An update finished downloading (it installs on quit or restart anyway). */
  onUpdateReady(listener: (version: string) => void): () => void;
  /** Saves logs, versions and this sync state (no personal data) where the user chooses. */
  exportDiagnostics(sync: Record<string, unknown>): Promise<{ saved: string | null }>;
}

/** A deployment's update channel ('stable', 'beta'): also the folder the server serves it from. */
export const RELEASE_CHANNEL = /^[a-z][a-z0-9-]{0,20}$/;

export interface DesktopAbout {
  version: string;
  channel: string;
  /** false where the OS has no real encryption (Linux without a keyring): sign-ins last a session. */
  keepsSignIn: boolean;
}

export interface TrayView {
  count: number;
  tooltip: string;
  /** The tray's and the native menu's words, in the user's language. */
  labels: Record<(typeof TRAY_LABELS)[number], string>;
}

export const TRAY_LABELS = [
  'open',
  'nextCall',
  'pause',
  'quit',
  'file',
  'go',
  'help',
  'palette',
  'shortcuts',
  'diagnostics',
] as const;

export interface ReminderView {
  id: string;
  dueAt: number;
  title: string;
  body: string;
  route: LinkedRoute;
}

/** `reload`: the PBX address changed; the window reloads (to take the new CSP) once no call is up. */
export type DesktopCommand = 'next-call' | 'pause' | 'palette' | 'shortcuts' | 'diagnostics' | 'reload';

export type AddressProblem = 'empty' | 'invalid' | 'https_required' | 'credentials' | 'query';

export interface ServerAddressState {
  /** null: nothing set yet, the first-run screen asks. */
  url: string | null;
  source: 'environment' | 'deployment' | 'workstation' | 'none';
  /** The admin cannot change it here (the environment or a locked deployment set it). */
  locked: boolean;
}

export type ServerTest =
  | { ok: true; url: string; name: string; version: string }
  | { ok: false; problem: AddressProblem | 'unreachable' | 'not_leadline' | 'timeout' | 'locked' | 'origin_refused' }
  /** A Leadline server that cannot serve now; `detail` is what it said. */
  | { ok: false; problem: 'unavailable'; detail: string };

/** Where a deep link leads (renderer/app/routes.ts). */
export interface LinkedRoute {
  view: 'prospects' | 'requests' | 'callbacks';
  id: string;
}

export const SERVER_ADDRESS_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { address: { type: 'string', maxLength: 300 } },
  required: ['address'],
  additionalProperties: false,
};

export const DIAGNOSTICS_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { sync: { type: 'object' } },
  required: ['sync'],
  additionalProperties: false,
};

export const WORK_STATE_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { inCall: { type: 'boolean' }, unsent: { type: 'integer', minimum: 0, maximum: 10_000_000 } },
  required: ['inCall', 'unsent'],
  additionalProperties: false,
};

export const TRAY_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    count: { type: 'integer', minimum: 0, maximum: 1_000_000 },
    tooltip: { type: 'string', maxLength: 200 },
    labels: {
      type: 'object',
      properties: Object.fromEntries(TRAY_LABELS.map((k) => [k, { type: 'string', minLength: 1, maxLength: 40 }])),
      required: [...TRAY_LABELS],
      additionalProperties: false,
    },
  },
  required: ['count', 'tooltip', 'labels'],
  additionalProperties: false,
};

export const REMINDERS_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    reminders: {
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 64 },
          dueAt: { type: 'integer', minimum: 0 },
          title: { type: 'string', maxLength: 120 },
          body: { type: 'string', maxLength: 300 },
          route: {
            type: 'object',
            properties: {
              view: { type: 'string', enum: ['prospects', 'requests', 'callbacks'] },
              id: { type: 'string', minLength: 1, maxLength: 64 },
            },
            required: ['view', 'id'],
            additionalProperties: false,
          },
        },
        required: ['id', 'dueAt', 'title', 'body', 'route'],
        additionalProperties: false,
      },
    },
  },
  required: ['reminders'],
  additionalProperties: false,
};
