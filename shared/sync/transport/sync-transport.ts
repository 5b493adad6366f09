import type { ConnectionStatus, LoginResult } from '../ipc.ts';
import { formatVersions, ownVersions, SCHEMA_HEADER, type SchemaVersions } from '../../schemas/versions.ts';
import type { CollectionName } from '../../core/types.ts';
import type {
  Checkpoint,
  LoginRequest,
  LoginResponse,
  PullResponse,
  PushResponse,
  PushResult,
  PushRow,
  SessionUser,
  StreamEvent,
} from '../wire.ts';
import {
  type CredentialState,
  type CredentialStore,
  makeVerifier,
  offlineSignIn,
  withoutVerifier,
} from './credentials.ts';
import { OfflineError, readError, ServerError, SignedOutError } from './errors.ts';
import { ConnectionTracker } from './connection-status.ts';
import { ChangeStream } from './change-stream.ts';
import { pushOrRefuse, ServerApi } from './server-api.ts';

export { OfflineError, ServerError, SignedOutError } from './errors.ts';

/**
 * The sync transport: pull, push and the change stream over HTTP, with tokens, refresh, backoff and
 * online detection. Electron main runs it (the token never reaches the renderer); the web target
 * runs the same code in the page. Only web-standard APIs (fetch, streams, WebCrypto) are used.
 */

export interface TransportOptions {
  /** Server origin, e.g. http://127.0.0.1:4000; '' for the page's own origin. */
  baseUrl: string;
  store: CredentialStore;
  fetch?: typeof fetch;
  random?: () => number;
  /** Reconnects the stream when nothing (not even a keep-alive) arrived for this long. */
  streamIdleMs?: number;
  /**
   * Runs `fn` while no other transport on this workstation refreshes (the web target's tabs share
   * one refresh token: a cross-tab lock). Without it, one refresh at a time within this transport.
   */
  exclusive?: <T>(fn: () => Promise<T>) => Promise<T>;
  /** The schema versions this client holds its data in: this build's, unless it plays an older app. */
  schemaVersions?: SchemaVersions;
}

type Listener<T> = (value: T) => void;

export class SyncTransport {
  readonly #base: string;
  readonly #store: CredentialStore;
  readonly #fetch: typeof fetch;
  readonly #exclusive: <T>(fn: () => Promise<T>) => Promise<T>;
  readonly #schemaVersions: string;
  #state: CredentialState | null = null;
  #accessToken: string | null = null;
  #accessExpiresAt = 0;
  /** Kept in memory only, after an offline sign-in, to sign in for real once the server is back. */
  #pendingPassword: string | null = null;
  #refreshing: Promise<string> | null = null;
  readonly #connection = new ConnectionTracker();
  readonly #signedOutListeners = new Set<Listener<string>>();
  readonly #stream: ChangeStream;

  /** Claims, presence and administration, over this transport's authorised calls. */
  readonly api: ServerApi;

  constructor(options: TransportOptions) {
    this.api = new ServerApi((path, body, method) => this.#call(path, body, method));
    this.#base = options.baseUrl.replace(/\/$/, '');
    this.#store = options.store;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#exclusive = options.exclusive ?? ((fn) => fn());
    this.#schemaVersions = formatVersions(options.schemaVersions ?? ownVersions());
    this.#stream = new ChangeStream({
      open: (signal) => this.#request('/api/stream', { signal, headers: { accept: 'text/event-stream' } }),
      signedIn: async () => (await this.#credentials()).session !== null,
      connection: this.#connection,
      idleMs: options.streamIdleMs ?? 45_000,
      random: options.random ?? Math.random,
    });
  }

  async #credentials(): Promise<CredentialState> {
    this.#state ??= await this.#store.load();
    return this.#state;
  }

  async #saveCredentials(state: CredentialState): Promise<void> {
    this.#state = state;
    await this.#store.save(state);
  }

  // ---- auth ----

  async login(request: LoginRequest): Promise<LoginResult> {
    let response: Response;
    try {
      response = await this.#fetch(`${this.#base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
      });
    } catch (error) {
      this.#connection.offline(error);
      return this.#offlineLogin(request);
    }
    if (!response.ok) {
      const body = await readError(response);
      // Only a network failure opens the offline sign-in: a server that answers, even with an
      // error, has not said this password is still good.
      if (response.status >= 500) return { ok: false, code: 'server_error', message: body.message };
      const code =
        response.status === 429
          ? 'rate_limited'
          : response.status === 403
            ? 'inactive'
            : response.status === 401
              ? 'invalid_credentials'
              : 'invalid';
      return { ok: false, code, message: body.message };
    }
    const tokens = (await response.json()) as LoginResponse;
    this.#acceptTokens(tokens);
    this.#pendingPassword = null;
    const state = await this.#credentials();
    const verifier = await makeVerifier(tokens.user, request.password);
    await this.#saveCredentials({
      session: { user: tokens.user, refreshToken: tokens.refreshToken },
      verifiers: { ...state.verifiers, [request.username.toLowerCase()]: verifier },
    });
    this.#connection.online();
    this.#stream.resume();
    return { ok: true, user: tokens.user, offline: false };
  }

  async #offlineLogin(request: LoginRequest): Promise<LoginResult> {
    const state = await this.#credentials();
    const { upgraded, ...result } = await offlineSignIn(state, request);
    if (result.ok) {
      this.#pendingPassword = request.password;
      this.#accessToken = null;
      const verifiers = upgraded ? { ...state.verifiers, [request.username.toLowerCase()]: upgraded } : state.verifiers;
      await this.#saveCredentials({ ...state, verifiers, session: { user: result.user, refreshToken: null } });
    }
    return result;
  }

  async session(): Promise<SessionUser | null> {
    return (await this.#credentials()).session?.user ?? null;
  }

  async logout(): Promise<void> {
    const token = this.#accessToken;
    this.#stream.stop();
    this.#accessToken = null;
    this.#pendingPassword = null;
    const state = await this.#credentials();
    await this.#saveCredentials({ ...state, session: null });
    if (token) {
      // Best effort: offline, the session simply expires on the server.
      await this.#fetch(`${this.#base}/api/auth/logout`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      }).catch(() => undefined);
    }
  }

  onSignedOut(listener: Listener<string>): () => void {
    this.#signedOutListeners.add(listener);
    return () => this.#signedOutListeners.delete(listener);
  }

  #acceptTokens(tokens: LoginResponse): void {
    this.#accessToken = tokens.accessToken;
    // Refresh a little early so a request never leaves with a token about to expire.
    this.#accessExpiresAt = Date.now() + Math.max(1, tokens.expiresIn - 30) * 1000;
  }

  /**
   * The server ended the session (revoked, expired, user deactivated, password or role changed):
   * the offline verifier goes too, so this workstation no longer signs the user in without the server.
   */
  async #signedOut(reason: string): Promise<never> {
    this.#stream.stop();
    this.#accessToken = null;
    this.#pendingPassword = null;
    const state = await this.#credentials();
    const username = state.session?.user.username;
    await this.#saveCredentials({ ...(username ? withoutVerifier(state, username) : state), session: null });
    for (const l of this.#signedOutListeners) l(reason);
    throw new SignedOutError(reason);
  }

  /** A valid access token: the cached one, a refreshed one, or one from a deferred offline sign-in. */
  async #token(forceRefresh = false): Promise<string> {
    if (this.#accessToken && !forceRefresh && Date.now() < this.#accessExpiresAt) return this.#accessToken;
    this.#refreshing ??= this.#exclusive(() => this.#obtainToken()).finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async #obtainToken(): Promise<string> {
    // Another tab may have refreshed while this one waited for the lock: take the token it stored.
    this.#state = null;
    const state = await this.#credentials();
    const session = state.session;
    if (!session) throw new SignedOutError('Not signed in');
    if (!session.refreshToken) {
      if (!this.#pendingPassword) return this.#signedOut('Sign in again to sync');
      const result = await this.login({ username: session.user.username, password: this.#pendingPassword });
      if (result.ok && !result.offline && this.#accessToken) return this.#accessToken;
      if (!result.ok && result.code !== 'unreachable') return this.#signedOut(result.message);
      throw new OfflineError('Server unreachable');
    }
    let response: Response;
    try {
      response = await this.#fetch(`${this.#base}/api/auth/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      });
    } catch (error) {
      this.#connection.offline(error);
      throw new OfflineError('Server unreachable');
    }
    if (response.status === 401 || response.status === 403) return this.#signedOut((await readError(response)).message);
    if (!response.ok) throw new ServerError(response.status, await readError(response));
    const tokens = (await response.json()) as LoginResponse;
    this.#acceptTokens(tokens);
    await this.#saveCredentials({ ...state, session: { user: tokens.user, refreshToken: tokens.refreshToken } });
    return tokens.accessToken;
  }

  /** An authorised request; refreshes once on an expired token. Network failures become OfflineError. */
  async #request(path: string, init: RequestInit = {}): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.#token(attempt > 0);
      let response: Response;
      try {
        response = await this.#fetch(`${this.#base}${path}`, {
          ...init,
          headers: {
            ...(init.headers as Record<string, string>),
            authorization: `Bearer ${token}`,
            // The server leaves out of what it sends the fields of versions this client does not know.
            ...(this.#schemaVersions ? { [SCHEMA_HEADER]: this.#schemaVersions } : {}),
          },
        });
      } catch (error) {
        this.#connection.offline(error);
        throw new OfflineError('Server unreachable');
      }
      if (response.status === 401 && attempt === 0) continue;
      if (response.status === 401) return this.#signedOut((await readError(response)).message);
      if (!response.ok) {
        const error = new ServerError(response.status, await readError(response));
        if (response.status >= 500) this.#connection.offline(error);
        throw error;
      }
      this.#connection.online(true);
      return response;
    }
  }

  // ---- replication ----

  async pull(collection: CollectionName, checkpoint: Checkpoint | null, batchSize: number): Promise<PullResponse> {
    const query = new URLSearchParams({ batchSize: String(batchSize) });
    if (checkpoint) query.set('checkpoint', JSON.stringify(checkpoint));
    const response = await this.#request(`/api/replication/${collection}/pull?${query.toString()}`);
    return (await response.json()) as PullResponse;
  }

  async push(collection: CollectionName, rows: PushRow[]): Promise<PushResponse> {
    const response = await this.#request(`/api/replication/${collection}/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(rows),
    });
    return (await response.json()) as PushResponse;
  }

  /** A push where one row the server refuses for good cannot hold back the others (see server-api.ts). */
  pushOrRefuse(collection: CollectionName, rows: PushRow[]): Promise<PushResult> {
    return pushOrRefuse((batch) => this.push(collection, batch), rows);
  }

  /** An authorised JSON call; `body` makes it a POST (or the given method). */
  async #call<T>(path: string, body?: unknown, method = 'POST'): Promise<T> {
    const response = await this.#request(
      path,
      body === undefined ? {} : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    );
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  // ---- stream ----

  onStream(listener: Listener<StreamEvent>): () => void {
    return this.#stream.listen(listener);
  }

  /** The network came back (or the app was woken): reconnect now instead of after the backoff. */
  wake(): void {
    this.#stream.wake();
  }

  /** The OS says the network is gone: tell the user now rather than after the next failure. */
  markOffline(reason = 'No network'): void {
    this.#connection.offline(new Error(reason));
    this.#stream.interrupt();
  }

  // ---- status ----

  status(): ConnectionStatus {
    return this.#connection.current;
  }

  onStatus(listener: Listener<ConnectionStatus>): () => void {
    return this.#connection.subscribe(listener);
  }

  dispose(): void {
    this.#stream.dispose();
    this.#connection.clear();
    this.#signedOutListeners.clear();
  }
}
