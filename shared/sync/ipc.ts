import type { JsonSchema } from '../schemas/json-schema.ts';
import { COLLECTIONS, type CollectionName, type User } from '../core/types.ts';
import type { SipCredentials } from '../telephony/softphone-settings.ts';
import type {
  AuditEntry,
  AuditQuery,
  ErasureReport,
  Checkpoint,
  ClaimResult,
  FloorEntry,
  LoginRequest,
  NewUser,
  PullResponse,
  PresenceReport,
  PushResult,
  PushRow,
  ServerFunnel,
  ServerSales,
  ServerScriptStats,
  SessionUser,
  StreamEvent,
  UserChange,
} from './wire.ts';
import { FUNNEL_GROUPS, type FunnelGroup } from '../figures/funnel.ts';
import { MAX_PULL_BATCH, MAX_PUSH_ROWS, WORK_STATES } from './wire.ts';
import { describeIssues, validate } from '../schemas/validate.ts';
import {
  DIAGNOSTICS_SCHEMA,
  type DesktopBridge,
  REMINDERS_SCHEMA,
  SERVER_ADDRESS_SCHEMA,
  TRAY_SCHEMA,
  WORK_STATE_SCHEMA,
} from './desktop-contract.ts';

export * from './desktop-contract.ts';

/**
 * The one contract between the renderer and whatever carries its traffic: Electron main over IPC,
 * or the browser bridge over fetch. The preload object and the browser bridge both `satisfies` it.
 */

export type ConnectionState = 'online' | 'offline' | 'connecting';

export interface ConnectionStatus {
  state: ConnectionState;
  /** UTC ms of the last successful exchange with the server, 0 when none. */
  lastSyncAt: number;
  /** Why the last exchange failed, for the indicator's tooltip. */
  lastError: string;
}

export type LoginResult =
  | { ok: true; user: SessionUser; offline: boolean }
  | {
      ok: false;
      code: 'invalid_credentials' | 'unreachable' | 'rate_limited' | 'inactive' | 'invalid' | 'server_error';
      message: string;
    };

export interface LeadlineBridge {
  readonly kind: 'electron' | 'web';
  auth: {
    login(request: LoginRequest): Promise<LoginResult>;
    logout(): Promise<void>;
    /** The user signed in on this workstation, restored after a restart even when offline. */
    session(): Promise<SessionUser | null>;
    /** Called when the server ends the session (logout elsewhere, deactivation). */
    onSignedOut(listener: (reason: string) => void): () => void;
  };
  sync: {
    pull(collection: CollectionName, checkpoint: Checkpoint | null, batchSize: number): Promise<PullResponse>;
    /** Conflicts to merge, and rows the server refused for good (the others still land). */
    push(collection: CollectionName, rows: PushRow[]): Promise<PushResult>;
    /** Opens (or keeps) the change stream; RESYNC arrives on every (re)connect. */
    onStream(listener: (event: StreamEvent) => void): () => void;
    status(): ConnectionStatus;
    onStatus(listener: (status: ConnectionStatus) => void): () => void;
  };
  admin: {
    createUser(input: NewUser): Promise<User>;
    setUserActive(userId: string, active: boolean): Promise<User>;
    updateUser(userId: string, change: UserChange): Promise<User>;
    resetPassword(userId: string, password: string): Promise<void>;
    /** The audit log, newest first (admins). */
    audit(query: AuditQuery): Promise<AuditEntry[]>;
    /** Erases a prospect's personal data everywhere, tombstones and audit copies included (admins). */
    eraseProspect(prospectId: string): Promise<ErasureReport>;
  };
  presence: {
    /** Tells the floor view what this workstation is doing; rejects when the server is unreachable. */
    report(report: PresenceReport): Promise<void>;
    /** Every active user's state (supervisors and admins). */
    floor(): Promise<FloorEntry[]>;
  };
  figures: {
    /** The funnel of a period from the server's stored figures; rejects when the server is unreachable. */
    funnel(by: FunnelGroup | 'all', from: number, to: number): Promise<ServerFunnel>;
    /** The SLA and pipeline inputs from the server's database; rejects when the server is unreachable. */
    sales(): Promise<ServerSales>;
    /** One script version's figures from the server's database; rejects when the server is unreachable. */
    script(scriptId: string, version: number): Promise<ServerScriptStats>;
  };
  queue: {
    /** Reserves a prospect for this operator on the server; rejects when the server is unreachable. */
    claim(prospectId: string): Promise<ClaimResult>;
  };
  shell: {
    openExternal(url: string): Promise<void>;
  };
  /** The signed-in user's SIP login for the desk's softphone, kept on this workstation only. */
  phone: {
    credentials(): Promise<SipCredentials | null>;
    /** Keeps it (null: forgets it); `persists` false: for this session only (a browser, no OS keychain). */
    saveCredentials(credentials: SipCredentials | null): Promise<{ persists: boolean }>;
  };
  /** The desktop app's own parts (absent in the web target, whose server is the page's origin). */
  desktop?: DesktopBridge;
}

/** IPC channels (invoke/handle). Each request payload has a schema main validates before acting. */
export const IPC = {
  login: 'auth:login',
  logout: 'auth:logout',
  session: 'auth:session',
  pull: 'sync:pull',
  push: 'sync:push',
  status: 'sync:status',
  claim: 'queue:claim',
  createUser: 'admin:create-user',
  setUserActive: 'admin:set-user-active',
  updateUser: 'admin:update-user',
  resetPassword: 'admin:reset-password',
  audit: 'admin:audit',
  eraseProspect: 'admin:erase-prospect',
  reportPresence: 'presence:report',
  floor: 'presence:floor',
  funnel: 'figures:funnel',
  sales: 'figures:sales',
  scriptStats: 'figures:script',
  openExternal: 'shell:open-external',
  phoneCredentials: 'phone:credentials',
  savePhoneCredentials: 'phone:save-credentials',
  serverAddress: 'desktop:server-address',
  testServer: 'desktop:test-server',
  setServer: 'desktop:set-server',
  takeLink: 'desktop:take-link',
  setTray: 'desktop:set-tray',
  setReminders: 'desktop:set-reminders',
  about: 'desktop:about',
  setWorkState: 'desktop:set-work-state',
  installUpdate: 'desktop:install-update',
  exportDiagnostics: 'desktop:export-diagnostics',
} as const;
export type IpcChannel = (typeof IPC)[keyof typeof IPC];

/** Events main sends to the renderer. */
export const IPC_EVENTS = {
  stream: 'sync:stream-event',
  status: 'sync:status-event',
  signedOut: 'auth:signed-out',
  navigate: 'desktop:navigate',
  command: 'desktop:command',
  updateReady: 'desktop:update-ready',
} as const;

const collection: JsonSchema = { type: 'string', enum: COLLECTIONS, maxLength: 20 };
const docSchema: JsonSchema = { type: 'object' };

/** A sign-in request, as the server's login route and main's IPC handler both check it. */
export const LOGIN_REQUEST_SCHEMA = {
  type: 'object',
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 64 },
    password: { type: 'string', minLength: 1, maxLength: 256 },
  },
  required: ['username', 'password'],
  additionalProperties: false,
} satisfies JsonSchema;

const userFields = {
  name: { type: 'string', maxLength: 200 },
  role: { type: 'string', enum: ['operator', 'sales', 'supervisor', 'admin'], maxLength: 20 },
  team: { type: 'string', maxLength: 100 },
} satisfies Record<string, JsonSchema>;
const password = { type: 'string', minLength: 8, maxLength: 256 } satisfies JsonSchema;

/** The request bodies the server's routes and main's IPC handlers both check, written once. */
export const NEW_USER_SCHEMA = {
  type: 'object',
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' },
    ...userFields,
    password,
  },
  required: ['username', 'name', 'role', 'password'],
  additionalProperties: false,
} satisfies JsonSchema;

export const USER_CHANGE_SCHEMA = {
  type: 'object',
  properties: userFields,
  additionalProperties: false,
} satisfies JsonSchema;

export const NEW_PASSWORD_SCHEMA = {
  type: 'object',
  properties: { password },
  required: ['password'],
  additionalProperties: false,
} satisfies JsonSchema;

export const PRESENCE_REPORT_SCHEMA = {
  type: 'object',
  properties: {
    state: { type: 'string', enum: WORK_STATES, maxLength: 10 },
    since: { type: 'number', minimum: 0, maximum: 9e15 },
    pending: { type: 'integer', minimum: 0, maximum: 10_000_000 },
    lastSyncAt: { type: 'number', minimum: 0, maximum: 9e15 },
    pause: { type: 'string', maxLength: 40 },
  },
  required: ['state', 'since', 'pending', 'lastSyncAt'],
  additionalProperties: false,
} satisfies JsonSchema;

/** A question for the server's funnel: a grouping and a period in ms (`to` excluded). */
export const FUNNEL_QUERY_SCHEMA = {
  type: 'object',
  properties: {
    by: { type: 'string', enum: [...FUNNEL_GROUPS, 'all'] },
    from: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    to: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
  },
  required: ['by', 'from', 'to'],
  additionalProperties: false,
} satisfies JsonSchema;

/** A question for one script version's figures. */
export const SCRIPT_STATS_QUERY_SCHEMA = {
  type: 'object',
  properties: {
    scriptId: { type: 'string', minLength: 1, maxLength: 64 },
    version: { type: 'integer', minimum: 0, maximum: 1_000_000 },
  },
  required: ['scriptId', 'version'],
  additionalProperties: false,
} satisfies JsonSchema;

export const IPC_REQUEST_SCHEMAS: Record<IpcChannel, JsonSchema | null> = {
  [IPC.login]: LOGIN_REQUEST_SCHEMA,
  [IPC.logout]: null,
  [IPC.session]: null,
  [IPC.status]: null,
  [IPC.pull]: {
    type: 'object',
    properties: {
      collection,
      checkpoint: { type: 'object', properties: { seq: { type: 'integer', minimum: 0 } }, additionalProperties: false },
      batchSize: { type: 'integer', minimum: 1, maximum: MAX_PULL_BATCH },
    },
    required: ['collection', 'batchSize'],
    additionalProperties: false,
  },
  [IPC.push]: {
    type: 'object',
    properties: {
      collection,
      rows: {
        type: 'array',
        maxItems: MAX_PUSH_ROWS,
        items: {
          type: 'object',
          properties: { assumedMasterState: docSchema, newDocumentState: docSchema },
          required: ['newDocumentState'],
          additionalProperties: false,
        },
      },
    },
    required: ['collection', 'rows'],
    additionalProperties: false,
  },
  [IPC.claim]: {
    type: 'object',
    properties: { prospectId: { type: 'string', minLength: 1, maxLength: 64 } },
    required: ['prospectId'],
    additionalProperties: false,
  },
  [IPC.createUser]: NEW_USER_SCHEMA,

  [IPC.setUserActive]: {
    type: 'object',
    properties: { userId: { type: 'string', minLength: 1, maxLength: 64 }, active: { type: 'boolean' } },
    required: ['userId', 'active'],
    additionalProperties: false,
  },
  [IPC.updateUser]: {
    type: 'object',
    properties: { userId: { type: 'string', minLength: 1, maxLength: 64 }, change: USER_CHANGE_SCHEMA },
    required: ['userId', 'change'],
    additionalProperties: false,
  },

  [IPC.resetPassword]: {
    type: 'object',
    properties: { userId: { type: 'string', minLength: 1, maxLength: 64 }, password },
    required: ['userId', 'password'],
    additionalProperties: false,
  },

  [IPC.audit]: {
    type: 'object',
    properties: {
      user: { type: 'string', maxLength: 64 },
      doc: { type: 'string', maxLength: 64 },
      from: { type: 'integer', minimum: 0, maximum: 9e15 },
      to: { type: 'integer', minimum: 0, maximum: 9e15 },
      before: { type: 'integer', minimum: 0, maximum: 9e15 },
      limit: { type: 'integer', minimum: 1, maximum: 1000 },
    },
    additionalProperties: false,
  },
  [IPC.eraseProspect]: {
    type: 'object',
    properties: { prospectId: { type: 'string', minLength: 1, maxLength: 64 } },
    required: ['prospectId'],
    additionalProperties: false,
  },
  [IPC.reportPresence]: PRESENCE_REPORT_SCHEMA,

  [IPC.floor]: null,
  [IPC.funnel]: FUNNEL_QUERY_SCHEMA,
  [IPC.sales]: null,
  [IPC.scriptStats]: SCRIPT_STATS_QUERY_SCHEMA,
  [IPC.openExternal]: {
    type: 'object',
    properties: { url: { type: 'string', minLength: 1, maxLength: 2048 } },
    required: ['url'],
    additionalProperties: false,
  },
  [IPC.phoneCredentials]: null,
  // An empty login forgets the kept one.
  [IPC.savePhoneCredentials]: {
    type: 'object',
    properties: {
      login: { type: 'string', maxLength: 64, pattern: '^([A-Za-z0-9._+-]{1,64})?$' },
      password: { type: 'string', maxLength: 200 },
    },
    required: ['login', 'password'],
    additionalProperties: false,
  },
  [IPC.serverAddress]: null,
  [IPC.testServer]: SERVER_ADDRESS_SCHEMA,
  [IPC.setServer]: SERVER_ADDRESS_SCHEMA,
  [IPC.takeLink]: null,
  [IPC.about]: null,
  [IPC.installUpdate]: null,
  [IPC.exportDiagnostics]: DIAGNOSTICS_SCHEMA,
  [IPC.setWorkState]: WORK_STATE_SCHEMA,
  [IPC.setTray]: TRAY_SCHEMA,
  [IPC.setReminders]: REMINDERS_SCHEMA,
};

export class IpcValidationError extends Error {
  override name = 'IpcValidationError';
}

/** Validates an IPC payload; throws with a clear message when it does not match the contract. */
export function validateIpcPayload(channel: IpcChannel, payload: unknown): void {
  const schema = IPC_REQUEST_SCHEMAS[channel];
  if (schema === null) {
    if (payload !== undefined && payload !== null) throw new IpcValidationError(`${channel} takes no payload`);
    return;
  }
  const issues = validate(schema, payload);
  if (issues.length > 0) throw new IpcValidationError(`${channel}: ${describeIssues(issues)}`);
}

/** URL schemes the app may hand to the OS. */
export const EXTERNAL_SCHEMES = ['https:', 'tel:', 'sip:'] as const;

export function isAllowedExternalUrl(url: string): boolean {
  try {
    return (EXTERNAL_SCHEMES as readonly string[]).includes(new URL(url).protocol);
  } catch {
    return false;
  }
}
