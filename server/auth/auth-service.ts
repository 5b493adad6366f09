import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { uuidv7 } from '../../shared/core/ids.ts';
import type { Actor } from '../../shared/security/policy.ts';
import type { Role, User } from '../../shared/core/types.ts';
import type { LoginResponse, SessionUser, UserChange } from '../../shared/sync/wire.ts';
import type { ServerConfig } from '../config.ts';
import { HttpError } from '../errors.ts';
import { type DocStore, SYSTEM_ACTOR, type WrittenDoc } from '../storage/doc-store.ts';
import { transaction } from '../storage/sqlite.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { FailureLimiter, slowdownMs } from './rate-limit.ts';
import { KeyRing } from './key-ring.ts';
import {
  hashSecret,
  newRefreshSecret,
  nextRefreshSecret,
  sameHash,
  signAccessToken,
  verifyAccessToken,
} from './tokens.ts';

export interface Authenticated {
  actor: Actor;
  sessionId: string;
  /** UTC ms when the token used runs out: a stream opened with it closes then. */
  expiresAt: number;
}

interface SessionRow {
  id: string;
  user_id: string;
  refresh_hash: string;
  expires_at: number;
  revoked_at: number | null;
  prev_hash: string | null;
  rotated_at: number;
  chain_key: string;
}

/** How long the refresh token just replaced still answers, with the same new pair. */
export const REFRESH_GRACE_MS = 60_000;

/** A password hash for timing parity when the username does not exist. */
const DUMMY_HASH_PASSWORD = 'not-a-real-password';

export class AuthService {
  readonly #db: DatabaseSync;
  readonly #docs: DocStore;
  readonly #config: ServerConfig;
  readonly #keys: KeyRing;
  readonly #limiter: FailureLimiter;
  /** Failures per username from every address: slows guessing down, never locks the user out. */
  readonly #userFailures: FailureLimiter;
  readonly #onRevoke: (sessionIds: string[]) => void;
  readonly #onUsersWritten: (written: WrittenDoc[]) => void;
  #dummyHash: Promise<string> | null = null;

  /** `onRevoke` ends the streams of revoked sessions; `onUsersWritten` sends user changes to the streams. */
  constructor(
    db: DatabaseSync,
    docs: DocStore,
    config: ServerConfig,
    onRevoke: (sessionIds: string[]) => void,
    onUsersWritten: (written: WrittenDoc[]) => void = () => undefined,
  ) {
    this.#db = db;
    this.#docs = docs;
    this.#config = config;
    this.#onRevoke = onRevoke;
    this.#onUsersWritten = onUsersWritten;
    this.#limiter = new FailureLimiter(config.loginFailuresAllowed, config.loginWindowMs);
    this.#userFailures = new FailureLimiter(64, 15 * 60_000);
    this.#keys = KeyRing.open({
      file: config.keyFile ?? path.join(config.dataDir, 'token-keys.json'),
      envKey: config.tokenKey,
      db,
      now: Date.now(),
    });
    this.rotateKeyIfDue();
  }

  /**
   * A new signing key; tokens signed with the one before stay valid for one access-token lifetime,
   * so nobody is signed out by it.
   */
  rotateKey(by: Actor = SYSTEM_ACTOR): void {
    this.#keys.rotate(Date.now(), this.#config.accessTokenTtlSeconds * 1000);
    this.#docs.record(by, 'key_rotated', this.#keys.current.id);
  }

  /** Rotates when the current key is older than the configured age (checked at start and hourly). */
  rotateKeyIfDue(): boolean {
    if (!this.#keys.due(Date.now(), this.#config.keyRotationDays * 86_400_000)) return false;
    this.rotateKey();
    return true;
  }

  async createUser(
    input: {
      username: string;
      name: string;
      role: Role;
      password: string;
      team?: string | undefined;
    },
    by: Actor = SYSTEM_ACTOR,
  ): Promise<User> {
    if (input.password.length < 8)
      throw new HttpError(422, 'weak_password', 'Password must be at least 8 characters', 'password');
    const exists = this.#db.prepare('SELECT 1 FROM credentials WHERE username = ?').get(input.username);
    if (exists) throw new HttpError(409, 'username_taken', `Username ${input.username} is taken`, 'username');
    const hash = await hashPassword(input.password);
    const now = Date.now();
    const user: User = {
      id: uuidv7(now),
      createdAt: now,
      updatedAt: now,
      username: input.username,
      name: input.name,
      role: input.role,
      team: input.team?.trim() ?? '',
      active: true,
    };
    // Two admins creating one username at once both pass the check above while hashing: the unique
    // index decides, and the loser hears the same answer as if it had been taken before.
    try {
      this.#db
        .prepare('INSERT INTO credentials (user_id, username, password_hash) VALUES (?, ?, ?)')
        .run(user.id, user.username, hash);
    } catch (error) {
      if (/UNIQUE/.test(String((error as Error).message))) {
        throw new HttpError(409, 'username_taken', `Username ${input.username} is taken`, 'username');
      }
      throw error;
    }
    this.#onUsersWritten(this.#docs.writeAs('users', by, [{ ...user, _deleted: false }]));
    return user;
  }

  async login(username: string, password: string, address: string): Promise<LoginResponse> {
    const name = username.toLowerCase();
    const key = `${address}|${name}`;
    const now = Date.now();
    const wait = this.#limiter.retryAfter(key, now);
    if (wait > 0) {
      throw new HttpError(
        429,
        'rate_limited',
        `Too many failed sign-in attempts. Try again in ${Math.ceil(wait / 1000)} s.`,
      );
    }
    const hold = slowdownMs(this.#userFailures.count(name, now), this.#config.loginSlowdownAfter);
    if (hold > 0) await new Promise((resolve) => setTimeout(resolve, hold));
    const cred = this.#db.prepare('SELECT user_id, password_hash FROM credentials WHERE username = ?').get(username) as
      { user_id: string; password_hash: string } | undefined;
    this.#dummyHash ??= hashPassword(DUMMY_HASH_PASSWORD);
    const ok = await verifyPassword(password, cred?.password_hash ?? (await this.#dummyHash));
    const user = cred ? this.#user(cred.user_id) : null;
    // A deactivated user is answered like a wrong password: the answer must not confirm one.
    if (!ok || !user || !user.active) {
      this.#limiter.fail(key, now);
      this.#userFailures.fail(name, now);
      const reason = !user ? 'unknown_user' : !ok ? 'wrong_password' : 'inactive';
      this.#docs.record(null, 'sign_in_failed', user?.id ?? name, { username: name, address, reason });
      throw new HttpError(401, 'invalid_credentials', 'Wrong username or password');
    }
    this.#limiter.reset(key);
    this.#userFailures.reset(name);
    const sessionId = randomUUID();
    this.#docs.record({ id: user.id, role: user.role }, 'sign_in', user.id, { address, session: sessionId });
    const secret = newRefreshSecret();
    this.#db
      .prepare(
        'INSERT INTO sessions (id, user_id, refresh_hash, created_at, expires_at, chain_key) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        sessionId,
        user.id,
        hashSecret(secret),
        now,
        now + this.#config.refreshTokenTtlSeconds * 1000,
        newRefreshSecret(),
      );
    return this.#tokens(user, sessionId, secret, now);
  }

  /**
   * Rotates the refresh token. The token just replaced still works for a short grace window and
   * returns the same new pair (two tabs, a retried request); after that, its use means it was copied
   * and the session ends. A secret that was never this session's changes nothing: knowing a session
   * id (it is in every access token) must not let anyone end the session.
   */
  refresh(refreshToken: string): LoginResponse {
    const [sessionId, secret] = refreshToken.split('.');
    const invalid = new HttpError(401, 'invalid_refresh_token', 'Session expired: sign in again');
    if (!sessionId || !secret) throw invalid;
    const now = Date.now();
    const outcome = transaction(this.#db, (): LoginResponse | 'copied' | 'invalid' => {
      const session = this.#db.prepare('SELECT * FROM sessions WHERE id = ?').get(sessionId) as SessionRow | undefined;
      if (!session || session.revoked_at !== null || session.expires_at <= now) return 'invalid';
      const user = this.#user(session.user_id);
      if (!user?.active) return 'invalid';
      const given = hashSecret(secret);
      const chainKey = session.chain_key || session.id;
      if (sameHash(session.refresh_hash, given)) {
        const next = nextRefreshSecret(chainKey, secret);
        this.#db
          .prepare('UPDATE sessions SET refresh_hash = ?, prev_hash = ?, rotated_at = ? WHERE id = ?')
          .run(hashSecret(next), given, now, session.id);
        return this.#tokens(user, session.id, next, now);
      }
      if (session.prev_hash && sameHash(session.prev_hash, given)) {
        if (now - session.rotated_at > REFRESH_GRACE_MS) return 'copied';
        const next = nextRefreshSecret(chainKey, secret);
        if (sameHash(session.refresh_hash, hashSecret(next)))
          return this.#tokens(user, session.id, next, session.rotated_at);
      }
      return 'invalid';
    });
    if (outcome === 'copied') this.revokeSessions([sessionId]);
    if (typeof outcome === 'string') throw invalid;
    return outcome;
  }

  /** Checks a bearer token and that its session is still live and its user still active. */
  authenticate(header: string | undefined): Authenticated {
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (!token) throw new HttpError(401, 'missing_token', 'Sign in first: no access token');
    const now = Date.now();
    const check = verifyAccessToken(token, (kid) => this.#keys.find(kid, now)?.key ?? null, Math.floor(now / 1000));
    if (!check.ok) {
      throw new HttpError(
        401,
        check.reason === 'expired' ? 'token_expired' : 'invalid_token',
        check.reason === 'expired' ? 'Access token expired' : 'Access token is not valid',
      );
    }
    const session = this.#db.prepare('SELECT * FROM sessions WHERE id = ?').get(check.claims.sid) as
      SessionRow | undefined;
    if (!session || session.revoked_at !== null || session.user_id !== check.claims.sub) {
      throw new HttpError(401, 'session_revoked', 'Session ended: sign in again');
    }
    const user = this.#user(session.user_id);
    if (!user?.active) throw new HttpError(401, 'session_revoked', 'Session ended: sign in again');
    return {
      actor: { id: user.id, role: user.role },
      sessionId: session.id,
      expiresAt: Math.min(check.claims.exp * 1000, session.expires_at),
    };
  }

  logout(who: Authenticated): void {
    this.revokeSessions([who.sessionId]);
    this.#docs.record(who.actor, 'sign_out', who.actor.id, { session: who.sessionId });
  }

  revokeSessions(sessionIds: string[]): void {
    const stmt = this.#db.prepare('UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
    for (const id of sessionIds) stmt.run(Date.now(), id);
    this.#onRevoke(sessionIds);
  }

  /** Deactivation ends every session of the user at once, streams included. */
  setActive(userId: string, active: boolean, by: Actor = SYSTEM_ACTOR): User {
    const user = this.#user(userId);
    if (!user) throw new HttpError(404, 'not_found', 'No such user');
    if (!active) this.#keepAnAdmin(user);
    const updated: User = { ...user, active, updatedAt: Date.now() };
    this.#onUsersWritten(this.#docs.writeAs('users', by, [{ ...updated, _deleted: false }]));
    if (!active) this.#endSessionsOf(userId, by, 'deactivated');
    return updated;
  }

  /**
   * Changes a user's name, role or team. A new role changes what the user may read and write, so
   * their sessions end and they sign in again under it.
   */
  updateUser(userId: string, change: UserChange, by: Actor = SYSTEM_ACTOR): User {
    const user = this.#user(userId);
    if (!user) throw new HttpError(404, 'not_found', 'No such user');
    if (change.role && change.role !== 'admin') this.#keepAnAdmin(user);
    const updated: User = {
      ...user,
      name: change.name ?? user.name,
      role: change.role ?? user.role,
      team: change.team === undefined ? user.team : change.team.trim(),
      updatedAt: Date.now(),
    };
    this.#onUsersWritten(this.#docs.writeAs('users', by, [{ ...updated, _deleted: false }]));
    if (updated.role !== user.role) this.#endSessionsOf(userId, by, 'role_changed');
    return updated;
  }

  /** Sets a new password; every session of the user ends, so a leaked one stops working at once. */
  async resetPassword(userId: string, password: string, by: Actor = SYSTEM_ACTOR): Promise<void> {
    if (password.length < 8)
      throw new HttpError(422, 'weak_password', 'Password must be at least 8 characters', 'password');
    if (!this.#user(userId)) throw new HttpError(404, 'not_found', 'No such user');
    const hash = await hashPassword(password);
    this.#db.prepare('UPDATE credentials SET password_hash = ? WHERE user_id = ?').run(hash, userId);
    this.#docs.record(by, 'password_reset', userId);
    this.#endSessionsOf(userId, by, 'password_reset');
  }

  /** Nobody could manage users any more: the last active admin stays an active admin. */
  #keepAnAdmin(user: User): void {
    if (user.role !== 'admin' || !user.active) return;
    const others = this.#docs
      .all('users')
      .filter((u) => !u._deleted && u.role === 'admin' && u.active === true && u.id !== user.id);
    if (others.length === 0) {
      throw new HttpError(409, 'last_admin', 'This is the last active admin: make another admin first', 'role');
    }
  }

  #endSessionsOf(userId: string, by: Actor, reason: string): void {
    const rows = this.#db.prepare('SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL').all(userId) as {
      id: string;
    }[];
    this.revokeSessions(rows.map((r) => r.id));
    if (rows.length > 0) this.#docs.record(by, 'sessions_ended', userId, { reason, sessions: rows.length });
  }

  #user(id: string): User | null {
    const doc = this.#docs.get('users', id);
    if (!doc || doc._deleted) return null;
    const { _deleted, ...user } = doc;
    return user as unknown as User;
  }

  /** Tokens issued at `issuedAt`: the same moment gives the same pair (the grace window relies on it). */
  #tokens(user: User, sessionId: string, secret: string, issuedAt: number): LoginResponse {
    const expiresIn = this.#config.accessTokenTtlSeconds;
    const accessToken = signAccessToken(
      { sub: user.id, sid: sessionId, kid: this.#keys.current.id, exp: Math.floor(issuedAt / 1000) + expiresIn },
      this.#keys.current.key,
    );
    const sessionUser: SessionUser = { id: user.id, username: user.username, name: user.name, role: user.role };
    const left = Math.floor(issuedAt / 1000) + expiresIn - Math.floor(Date.now() / 1000);
    return { accessToken, refreshToken: `${sessionId}.${secret}`, expiresIn: Math.max(1, left), user: sessionUser };
  }
}
