import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { uuidv7 } from '../../shared/core/ids.ts';
import type { Actor } from '../../shared/security/policy.ts';
import type { Role, User } from '../../shared/core/types.ts';
import type { LoginResponse, SessionUser, UserChange } from '../../shared/sync/wire.ts';
import type { ServerConfig } from '../config.ts';
import { HttpError } from '../errors.ts';
import { type DocStore, SYSTEM_ACTOR, type WrittenDoc } from '../storage/doc-store.ts';
import type { Backend } from '../storage/backend.ts';
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

/** How long the refresh token just replaced still answers, with the same new pair. */
export const REFRESH_GRACE_MS = 60_000;

/** A password hash for timing parity when the username does not exist. */
const DUMMY_HASH_PASSWORD = 'not-a-real-password';

export class AuthService {
  readonly #db: Backend;
  readonly #docs: DocStore;
  readonly #config: ServerConfig;
  readonly #keys: KeyRing;
  readonly #limiter: FailureLimiter;
  /** Failures per username from every address: slows guessing down, never locks the user out. */
  readonly #userFailures: FailureLimiter;
  readonly #onRevoke: (sessionIds: string[]) => void;
  readonly #onUsersWritten: (written: WrittenDoc[]) => void;
  #dummyHash: Promise<string> | null = null;

  private constructor(
    db: Backend,
    docs: DocStore,
    config: ServerConfig,
    keys: KeyRing,
    onRevoke: (sessionIds: string[]) => void,
    onUsersWritten: (written: WrittenDoc[]) => void,
  ) {
    this.#db = db;
    this.#docs = docs;
    this.#config = config;
    this.#keys = keys;
    this.#onRevoke = onRevoke;
    this.#onUsersWritten = onUsersWritten;
    this.#limiter = new FailureLimiter(config.loginFailuresAllowed, config.loginWindowMs);
    this.#userFailures = new FailureLimiter(64, 15 * 60_000);
  }

  /** `onRevoke` ends the streams of revoked sessions; `onUsersWritten` sends user changes to the streams. */
  static async create(
    db: Backend,
    docs: DocStore,
    config: ServerConfig,
    onRevoke: (sessionIds: string[]) => void,
    onUsersWritten: (written: WrittenDoc[]) => void = () => undefined,
  ): Promise<AuthService> {
    if (config.databaseUrl && !config.tokenKey && !config.keyFile) {
      // Each instance would sign with a key of its own, and refuse every token another one signed.
      throw new Error(
        'With LEADLINE_DATABASE_URL, every instance signs tokens with the same key: set LEADLINE_TOKEN_KEY, or LEADLINE_KEY_FILE on storage they all reach',
      );
    }
    const keys = await KeyRing.open({
      file: config.keyFile ?? path.join(config.dataDir, 'token-keys.json'),
      envKey: config.tokenKey,
      db,
      now: Date.now(),
    });
    const service = new AuthService(db, docs, config, keys, onRevoke, onUsersWritten);
    await service.rotateKeyIfDue();
    return service;
  }

  /**
   * A new signing key; tokens signed with the one before stay valid for one access-token lifetime,
   * so nobody is signed out by it.
   */
  async rotateKey(by: Actor = SYSTEM_ACTOR): Promise<void> {
    this.#keys.rotate(Date.now(), this.#config.accessTokenTtlSeconds * 1000);
    await this.#docs.record(by, 'key_rotated', this.#keys.current.id);
  }

  /** Rotates when the current key is older than the configured age (checked at start and hourly). */
  async rotateKeyIfDue(): Promise<boolean> {
    if (!this.#keys.due(Date.now(), this.#config.keyRotationDays * 86_400_000)) return false;
    await this.rotateKey();
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
    const exists = await this.#db.credentialByUsername(input.username);
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
    if (!(await this.#db.insertCredential(user.id, user.username, hash))) {
      throw new HttpError(409, 'username_taken', `Username ${input.username} is taken`, 'username');
    }
    this.#onUsersWritten(await this.#docs.writeAs('users', by, [{ ...user, _deleted: false }]));
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
    const cred = await this.#db.credentialByUsername(username);
    this.#dummyHash ??= hashPassword(DUMMY_HASH_PASSWORD);
    const ok = await verifyPassword(password, cred?.passwordHash ?? (await this.#dummyHash));
    const user = cred ? await this.#user(cred.userId) : null;
    // A deactivated user is answered like a wrong password: the answer must not confirm one.
    if (!ok || !user || !user.active) {
      this.#limiter.fail(key, now);
      this.#userFailures.fail(name, now);
      const reason = !user ? 'unknown_user' : !ok ? 'wrong_password' : 'inactive';
      await this.#docs.record(null, 'sign_in_failed', user?.id ?? name, { username: name, address, reason });
      throw new HttpError(401, 'invalid_credentials', 'Wrong username or password');
    }
    this.#limiter.reset(key);
    this.#userFailures.reset(name);
    const sessionId = randomUUID();
    await this.#docs.record({ id: user.id, role: user.role }, 'sign_in', user.id, { address, session: sessionId });
    const secret = newRefreshSecret();
    await this.#db.insertSession({
      id: sessionId,
      userId: user.id,
      refreshHash: hashSecret(secret),
      createdAt: now,
      expiresAt: now + this.#config.refreshTokenTtlSeconds * 1000,
      revokedAt: null,
      prevHash: null,
      rotatedAt: 0,
      chainKey: newRefreshSecret(),
    });
    return this.#tokens(user, sessionId, secret, now);
  }

  /**
   * Rotates the refresh token. The token just replaced still works for a short grace window and
   * returns the same new pair (two tabs, a retried request); after that, its use means it was copied
   * and the session ends. A secret that was never this session's changes nothing: knowing a session
   * id (it is in every access token) must not let anyone end the session.
   */
  async refresh(refreshToken: string): Promise<LoginResponse> {
    const [sessionId, secret] = refreshToken.split('.');
    const invalid = new HttpError(401, 'invalid_refresh_token', 'Session expired: sign in again');
    if (!sessionId || !secret) throw invalid;
    const now = Date.now();
    const outcome = await this.#db.transaction(async (q): Promise<LoginResponse | 'copied' | 'invalid'> => {
      const session = await q.getSession(sessionId, true);
      if (!session || session.revokedAt !== null || session.expiresAt <= now) return 'invalid';
      const user = await this.#user(session.userId);
      if (!user?.active) return 'invalid';
      const given = hashSecret(secret);
      const chainKey = session.chainKey || session.id;
      if (sameHash(session.refreshHash, given)) {
        const next = nextRefreshSecret(chainKey, secret);
        await q.rotateSession(session.id, hashSecret(next), given, now);
        return this.#tokens(user, session.id, next, now);
      }
      if (session.prevHash && sameHash(session.prevHash, given)) {
        if (now - session.rotatedAt > REFRESH_GRACE_MS) return 'copied';
        const next = nextRefreshSecret(chainKey, secret);
        if (sameHash(session.refreshHash, hashSecret(next)))
          return this.#tokens(user, session.id, next, session.rotatedAt);
      }
      return 'invalid';
    });
    if (outcome === 'copied') await this.revokeSessions([sessionId]);
    if (typeof outcome === 'string') throw invalid;
    return outcome;
  }

  /** Checks a bearer token and that its session is still live and its user still active. */
  async authenticate(header: string | undefined): Promise<Authenticated> {
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
    const session = await this.#db.getSession(check.claims.sid);
    if (!session || session.revokedAt !== null || session.userId !== check.claims.sub) {
      throw new HttpError(401, 'session_revoked', 'Session ended: sign in again');
    }
    const user = await this.#user(session.userId);
    if (!user?.active) throw new HttpError(401, 'session_revoked', 'Session ended: sign in again');
    return {
      actor: { id: user.id, role: user.role },
      sessionId: session.id,
      expiresAt: Math.min(check.claims.exp * 1000, session.expiresAt),
    };
  }

  async logout(who: Authenticated): Promise<void> {
    await this.revokeSessions([who.sessionId]);
    await this.#docs.record(who.actor, 'sign_out', who.actor.id, { session: who.sessionId });
  }

  async revokeSessions(sessionIds: string[]): Promise<void> {
    await this.#db.revokeSessions(sessionIds, Date.now());
    this.#onRevoke(sessionIds);
  }

  /** Deactivation ends every session of the user at once, streams included. */
  async setActive(userId: string, active: boolean, by: Actor = SYSTEM_ACTOR): Promise<User> {
    const user = await this.#user(userId);
    if (!user) throw new HttpError(404, 'not_found', 'No such user');
    if (!active) await this.#keepAnAdmin(user);
    const updated: User = { ...user, active, updatedAt: Date.now() };
    this.#onUsersWritten(await this.#docs.writeAs('users', by, [{ ...updated, _deleted: false }]));
    if (!active) await this.#endSessionsOf(userId, by, 'deactivated');
    return updated;
  }

  /**
   * Changes a user's name, role or team. A new role changes what the user may read and write, so
   * their sessions end and they sign in again under it.
   */
  async updateUser(userId: string, change: UserChange, by: Actor = SYSTEM_ACTOR): Promise<User> {
    const user = await this.#user(userId);
    if (!user) throw new HttpError(404, 'not_found', 'No such user');
    if (change.role && change.role !== 'admin') await this.#keepAnAdmin(user);
    const updated: User = {
      ...user,
      name: change.name ?? user.name,
      role: change.role ?? user.role,
      team: change.team === undefined ? user.team : change.team.trim(),
      updatedAt: Date.now(),
    };
    this.#onUsersWritten(await this.#docs.writeAs('users', by, [{ ...updated, _deleted: false }]));
    if (updated.role !== user.role) await this.#endSessionsOf(userId, by, 'role_changed');
    return updated;
  }

  /** Sets a new password; every session of the user ends, so a leaked one stops working at once. */
  async resetPassword(userId: string, password: string, by: Actor = SYSTEM_ACTOR): Promise<void> {
    if (password.length < 8)
      throw new HttpError(422, 'weak_password', 'Password must be at least 8 characters', 'password');
    if (!(await this.#user(userId))) throw new HttpError(404, 'not_found', 'No such user');
    const hash = await hashPassword(password);
    await this.#db.setPassword(userId, hash);
    await this.#docs.record(by, 'password_reset', userId);
    await this.#endSessionsOf(userId, by, 'password_reset');
  }

  /** Nobody could manage users any more: the last active admin stays an active admin. */
  async #keepAnAdmin(user: User): Promise<void> {
    if (user.role !== 'admin' || !user.active) return;
    const others = (await this.#docs.all('users')).filter(
      (u) => !u._deleted && u.role === 'admin' && u.active === true && u.id !== user.id,
    );
    if (others.length === 0) {
      throw new HttpError(409, 'last_admin', 'This is the last active admin: make another admin first', 'role');
    }
  }

  async #endSessionsOf(userId: string, by: Actor, reason: string): Promise<void> {
    const ids = await this.#db.liveSessionIds(userId);
    await this.revokeSessions(ids);
    if (ids.length > 0) await this.#docs.record(by, 'sessions_ended', userId, { reason, sessions: ids.length });
  }

  async #user(id: string): Promise<User | null> {
    const doc = await this.#docs.get('users', id);
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
