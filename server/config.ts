import os from 'node:os';
import path from 'node:path';

export interface ServerConfig {
  /** What workstations show when they test the address ("Leadline · Казань, 2-й этаж"). */
  serverName: string;
  port: number;
  /** Release files for the desktop app's updates, served at /updates/<channel>/ (null: none). */
  updatesDir: string | null;
  /** Origins of the web target hosted apart from this server, allowed to call the API (CORS). */
  webOrigins: string[];
  host: string;
  /**
   * PostgreSQL shared by every instance of this server (`postgres://user:pass@host/db`); null for
   * the embedded SQLite file in `dataDir`, one process per directory.
   */
  databaseUrl: string | null;
  /** Connections this instance keeps to PostgreSQL. */
  databasePoolSize: number;
  dataDir: string;
  demo: boolean;
  /** The bearer token a metrics scraper presents at /api/metrics; null: no metrics route. */
  metricsToken: string | null;
  /** Folder with the built web target, served at `/` when it exists. */
  webRoot: string | null;
  /** Where the token signing keys live (default: `token-keys.json` in the data directory, mode 0600). */
  keyFile: string | null;
  /** A fixed signing key from the environment (base64, 32+ bytes) instead of the key file. */
  tokenKey: string | undefined;
  /** The signing key is replaced when it is this old. */
  keyRotationDays: number;
  /** Also serve the benchmark page (`npm run bench` only; never in production). */
  serveBench: boolean;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Failed logins allowed per username and address within `loginWindowMs`; then that address waits. */
  loginFailuresAllowed: number;
  loginWindowMs: number;
  /** Failed logins of one username, from anywhere, before each further try is slowed down (never locked). */
  loginSlowdownAfter: number;
  /**
   * Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges), so limits apply to the
   * real client address; empty when clients connect directly.
   */
  trustedProxies: string[];
  /** Requests per minute from one address, on every route (a flood guard well above a resync's burst). */
  requestsPerMinute: number;
  /** Sign-in attempts per minute from one address, and from all addresses together. */
  loginsPerMinute: number;
  loginsPerMinuteTotal: number;
  bodyLimitBytes: number;
  /** Interval of keep-alive comments on event streams. */
  streamHeartbeatMs: number;
  /**
   * The business clock (stamps, claims, callback escalation) starts at this UTC ms and runs at real
   * speed; null for the real time. For training floors and end-to-end tests whose browsers live on
   * another date. Tokens and sessions always use the real time.
   */
  clockStart: number | null;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function clockFromEnv(raw: string | undefined): number | null {
  if (!raw) return null;
  const at = Date.parse(raw);
  if (!Number.isFinite(at)) throw new Error(`LEADLINE_CLOCK_START must be an ISO date and time, got "${raw}"`);
  return at;
}

/** The business clock of `config`: real time, or time running from `clockStart` since boot. */
export function businessClock(config: Pick<ServerConfig, 'clockStart'>): () => number {
  if (config.clockStart === null) return () => Date.now();
  const offset = config.clockStart - Date.now();
  return () => Date.now() + offset;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = intFromEnv(env, 'LEADLINE_PORT', 4000);
  if (port > 65535) throw new Error(`LEADLINE_PORT must be at most 65535, got ${port}`);
  return {
    port,
    host: env.LEADLINE_HOST ?? '127.0.0.1',
    serverName: (env.LEADLINE_SERVER_NAME ?? os.hostname()).slice(0, 80),
    updatesDir: env.LEADLINE_UPDATES_DIR ? path.resolve(env.LEADLINE_UPDATES_DIR) : null,
    webOrigins: (env.LEADLINE_WEB_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim().replace(/\/+$/, ''))
      .filter(Boolean),
    databaseUrl: env.LEADLINE_DATABASE_URL || null,
    databasePoolSize: intFromEnv(env, 'LEADLINE_DATABASE_POOL', 10),
    dataDir: path.resolve(env.LEADLINE_DATA_DIR ?? '.data'),
    demo: env.LEADLINE_DEMO === '1',
    metricsToken: env.LEADLINE_METRICS_TOKEN || null,
    webRoot: env.LEADLINE_WEB_ROOT === undefined ? path.resolve('dist') : env.LEADLINE_WEB_ROOT || null,
    serveBench: false,
    keyFile: env.LEADLINE_KEY_FILE ? path.resolve(env.LEADLINE_KEY_FILE) : null,
    tokenKey: env.LEADLINE_TOKEN_KEY || undefined,
    keyRotationDays: intFromEnv(env, 'LEADLINE_KEY_ROTATION_DAYS', 30),
    accessTokenTtlSeconds: intFromEnv(env, 'LEADLINE_ACCESS_TTL', 15 * 60),
    refreshTokenTtlSeconds: intFromEnv(env, 'LEADLINE_REFRESH_TTL', 30 * 24 * 3600),
    loginFailuresAllowed: 10,
    loginWindowMs: 60_000,
    loginSlowdownAfter: 5,
    trustedProxies: (env.LEADLINE_TRUSTED_PROXIES ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    requestsPerMinute: intFromEnv(env, 'LEADLINE_RATE_PER_MINUTE', 20_000),
    loginsPerMinute: intFromEnv(env, 'LEADLINE_LOGINS_PER_MINUTE', 300),
    loginsPerMinuteTotal: intFromEnv(env, 'LEADLINE_LOGINS_PER_MINUTE_TOTAL', 3_000),
    bodyLimitBytes: 5 * 1024 * 1024,
    streamHeartbeatMs: 15_000,
    clockStart: clockFromEnv(env.LEADLINE_CLOCK_START),
  };
}
