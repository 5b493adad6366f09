import type { FunnelRow } from '../figures/funnel.ts';
import type { SalesFigures } from '../requests/sla-report.ts';
import type { EdgeStats, NodeStats } from '../call-scripts/script-stats.ts';
import type { CollectionName, Replicated, Role } from '../core/types.ts';

/** Wire types of the replication endpoint (docs/sync.md). */

/** Opaque to clients: they send back, JSON-encoded, what the server last returned. */
export interface Checkpoint {
  seq: number;
  /**
   * The workstation's own mark (never sent): the schema version its collection was at when it stored
   * this checkpoint. One from before a migration starts the pull over, so fields the older app could
   * not hold arrive.
   */
  v?: number;
}

export interface PullResponse<T = Record<string, unknown>> {
  documents: Replicated<T>[];
  checkpoint: Checkpoint | null;
}

export interface PushRow<T = Record<string, unknown>> {
  assumedMasterState?: Replicated<T>;
  newDocumentState: Replicated<T>;
}

/** The conflicting master states; empty when every row was accepted. */
export type PushResponse<T = Record<string, unknown>> = Replicated<T>[];

/** A row the server will never take (the role may not write it, it breaks a rule), and why. */
export interface RefusedRow {
  id: string;
  /** The server's error code: `forbidden` (role may not write `field`), `script_locked`, `transition`, `invalid_document`. */
  code: string;
  message: string;
  field?: string;
}

/** What a workstation's push came to: conflicts to merge, and rows refused for good. */
export interface PushResult {
  conflicts: PushResponse;
  refused: RefusedRow[];
}

export interface StreamBatch<T = Record<string, unknown>> {
  documents: Replicated<T>[];
  checkpoint: Checkpoint;
}

/** One event on the multiplexed stream: a batch for one collection, or a RESYNC for all. */
export type StreamEvent = { collection: CollectionName; batch: StreamBatch } | 'RESYNC';

export interface SessionUser {
  id: string;
  username: string;
  name: string;
  role: Role;
}

export interface LoginRequest {
  username: string;
  password: string;
}

export interface LoginResponse {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: SessionUser;
}

export interface HealthResponse {
  /** 'unavailable' (with HTTP 503): the instance cannot serve now, `problem` says why. */
  status: 'ok' | 'unavailable';
  problem?: string;
  /** Always 'leadline': a workstation testing an address knows it reached our server, not any site. */
  product: 'leadline';
  /** The server's name as its admin set it (LEADLINE_SERVER_NAME), else its host name. */
  name: string;
  version: string;
  /** For a page served elsewhere: whether its origin may use this server (LEADLINE_WEB_ORIGINS). */
  webOrigin: 'same' | 'allowed' | 'refused';
}

/** Every 4xx/5xx body. `code` is stable for programs, `message` is for people. */
export interface ApiError {
  code: string;
  message: string;
  field?: string;
}

export const MAX_PULL_BATCH = 1000;
export const MAX_PUSH_ROWS = 500;

/** The answer to "give me this prospect to call". */
export type ClaimResult =
  { ok: true; claimedUntil: number } | { ok: false; reason: 'claimed' | 'not_callable'; holder: string };

/** An admin creating a user. */
export interface NewUser {
  username: string;
  name: string;
  role: Role;
  password: string;
  team?: string;
}

/** What a workstation is doing, as its user's desk reports it to the floor view. */
/** `ringing` and `talking` come from the softphone's call events; a call dialled by hand is `on_call`. */
export const WORK_STATES = ['idle', 'ringing', 'talking', 'on_call', 'wrap_up', 'paused'] as const;
export type WorkState = (typeof WORK_STATES)[number];

export interface PresenceReport {
  state: WorkState;
  /** UTC ms the state began. */
  since: number;
  /** Local writes not yet accepted by the server. */
  pending: number;
  /** UTC ms of the workstation's last successful exchange with the server. */
  lastSyncAt: number;
  /** Why the operator paused (break, lunch…); '' unless paused. */
  pause?: string;
}

/** One user on the floor view. `offline`: no stream open and no report for a while. */
export interface FloorEntry {
  userId: string;
  state: WorkState | 'offline';
  since: number;
  pending: number;
  lastSyncAt: number;
  /** UTC ms the server last heard from the workstation, 0 when never since it started. */
  lastSeenAt: number;
  pause: string;
}

/** The funnel as the server's stored figures give it, and when the server read them. */
export interface ServerFunnel {
  rows: FunnelRow[];
  asOf: number;
}

/**
 * The dashboard's SLA and pipeline as the server computes them from its database (at `asOf`, with
 * the stored settings): a row per sales manager, the mean time to accept, the future needs by month.
 */
export interface ServerSales extends SalesFigures {
  asOf: number;
}

/**
 * The script editor's figures of one version as the server keeps them (steps as `[id, stats]`,
 * moves as `[from, to, stats]`), and when it read them.
 */
export interface ServerScriptStats {
  calls: number;
  requests: number;
  nodes: [string, NodeStats][];
  edges: [string, string, EdgeStats][];
  asOf: number;
}

/** An admin changing a user: any of name, role, team. */
export interface UserChange {
  name?: string;
  role?: Role;
  team?: string;
}

/** What the audit screen asks for: every filter optional; pages go back in time by `before`. */
export interface AuditQuery {
  /** A user: what they did, and what was done to their account. */
  user?: string;
  /** A document id. */
  doc?: string;
  /** UTC ms, inclusive / exclusive. */
  from?: number;
  to?: number;
  /** Only entries older than this sequence number (the next page). */
  before?: number;
  limit?: number;
}

/** One entry of the audit log: a document written, or a sign-in, sign-out, reset, rotation, erasure. */
export interface AuditEntry {
  seq: number;
  at: string;
  /** Who acted ('' for a failed sign-in by someone unknown; 'system' for the server itself). */
  userId: string;
  role: string;
  /** The collection written, or `auth` / `admin` for the events that are not documents. */
  collection: string;
  docId: string;
  action: string;
  data: Record<string, unknown>;
}

/** What an erasure changed: the documents rewritten without the person's data, and audit copies cleared. */
export interface ErasureReport {
  documents: number;
  auditEntries: number;
}
