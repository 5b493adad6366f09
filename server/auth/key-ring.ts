import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';

/**
 * The keys that sign access tokens, kept outside the database (a backup of the store carries no
 * key): a file readable by the server's user only, or `LEADLINE_TOKEN_KEY` for deployments that
 * keep secrets in the environment. Rotation makes a new current key and keeps the one before valid
 * for one access-token lifetime, so no signed-in user notices.
 */

export interface SigningKey {
  id: string;
  key: Buffer;
  createdAt: number;
}

interface StoredKey {
  id: string;
  key: string;
  createdAt: number;
}

interface KeyFile {
  current: StoredKey;
  /** The key before, and until when tokens it signed are still accepted. */
  previous: (StoredKey & { validUntil: number }) | null;
}

const encode = (k: SigningKey): StoredKey => ({ id: k.id, key: k.key.toString('base64url'), createdAt: k.createdAt });
const decode = (k: StoredKey): SigningKey => ({
  id: k.id,
  key: Buffer.from(k.key, 'base64url'),
  createdAt: k.createdAt,
});
const newKey = (now: number): SigningKey => ({
  id: randomBytes(6).toString('base64url'),
  key: randomBytes(32),
  createdAt: now,
});

export class KeyRing {
  readonly #file: string | null;
  #current: SigningKey;
  #previous: (SigningKey & { validUntil: number }) | null;

  private constructor(file: string | null, data: KeyFile) {
    this.#file = file;
    this.#current = decode(data.current);
    this.#previous = data.previous ? { ...decode(data.previous), validUntil: data.previous.validUntil } : null;
  }

  /**
   * From the environment's key when given; otherwise from `file`, made on first start. A store from
   * an earlier version kept its key in the database: it moves to the file (tokens stay valid) and
   * leaves the database.
   */
  static open(options: { file: string; envKey: string | undefined; db: DatabaseSync; now: number }): KeyRing {
    const { file, envKey, db, now } = options;
    if (envKey) {
      const key = Buffer.from(envKey, 'base64');
      if (key.length < 32) throw new Error('LEADLINE_TOKEN_KEY must be at least 32 bytes, base64-encoded');
      return new KeyRing(null, { current: encode({ id: 'env', key, createdAt: 0 }), previous: null });
    }
    if (existsSync(file)) {
      chmodSync(file, 0o600);
      return new KeyRing(file, JSON.parse(readFileSync(file, 'utf8')) as KeyFile);
    }
    const legacy = db.prepare("SELECT value FROM meta WHERE key = 'token_secret'").get() as
      { value: string } | undefined;
    const current = legacy ? { id: 'legacy', key: Buffer.from(legacy.value, 'base64'), createdAt: now } : newKey(now);
    const ring = new KeyRing(file, { current: encode(current), previous: null });
    ring.#save();
    if (legacy) db.prepare("DELETE FROM meta WHERE key = 'token_secret'").run();
    return ring;
  }

  get current(): SigningKey {
    return this.#current;
  }

  /** The key a token names, if it may still be used at `now`. */
  find(id: string | undefined, now: number): SigningKey | null {
    if (id === undefined || id === this.#current.id) return this.#current;
    if (this.#previous && id === this.#previous.id && now <= this.#previous.validUntil) return this.#previous;
    return null;
  }

  /** A new current key; the one before keeps working for `graceMs` (one access-token lifetime). */
  rotate(now: number, graceMs: number): void {
    if (!this.#file) throw new Error('The signing key comes from LEADLINE_TOKEN_KEY: rotate it there');
    this.#previous = { ...this.#current, validUntil: now + graceMs };
    this.#current = newKey(now);
    this.#save();
  }

  /** Whether the current key is older than `maxAgeMs` (and can be rotated here). */
  due(now: number, maxAgeMs: number): boolean {
    return this.#file !== null && now - this.#current.createdAt >= maxAgeMs;
  }

  #save(): void {
    if (!this.#file) return;
    const data: KeyFile = {
      current: encode(this.#current),
      previous: this.#previous ? { ...encode(this.#previous), validUntil: this.#previous.validUntil } : null,
    };
    const tmp = `${this.#file}.tmp`;
    writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
    renameSync(tmp, this.#file);
  }
}
