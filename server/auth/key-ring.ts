import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Queries } from '../storage/backend.ts';

/**
 * The keys that sign access tokens, kept outside the database (a backup of the store carries no
 * key): a file readable by the server's user only, or `LEADLINE_TOKEN_KEY` for deployments that
 * keep secrets in the environment. Rotation makes a new current key and keeps the one before valid
 * for one access-token lifetime, so no signed-in user notices. Several server instances share one
 * key: the same `LEADLINE_TOKEN_KEY`, or one key file they all reach; a token naming a key this
 * instance has not seen makes it read the file again (another instance rotated).
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
const decodeFile = (data: KeyFile): [SigningKey, (SigningKey & { validUntil: number }) | null] => [
  decode(data.current),
  data.previous ? { ...decode(data.previous), validUntil: data.previous.validUntil } : null,
];
const newKey = (now: number): SigningKey => ({
  id: randomBytes(6).toString('base64url'),
  key: randomBytes(32),
  createdAt: now,
});

export class KeyRing {
  readonly #file: string | null;
  #current: SigningKey;
  #previous: (SigningKey & { validUntil: number }) | null;

  #reloadedAt = 0;

  private constructor(file: string | null, data: KeyFile) {
    this.#file = file;
    [this.#current, this.#previous] = decodeFile(data);
  }

  #load(data: KeyFile): void {
    [this.#current, this.#previous] = decodeFile(data);
  }

  /**
   * From the environment's key when given; otherwise from `file`, made on first start. A store from
   * an earlier version kept its key in the database: it moves to the file (tokens stay valid) and
   * leaves the database.
   */
  static async open(options: { file: string; envKey: string | undefined; db: Queries; now: number }): Promise<KeyRing> {
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
    const legacy = await db.getMeta('token_secret');
    const current = legacy ? { id: 'legacy', key: Buffer.from(legacy, 'base64'), createdAt: now } : newKey(now);
    const ring = new KeyRing(file, { current: encode(current), previous: null });
    ring.#save();
    if (legacy) await db.deleteMeta('token_secret');
    return ring;
  }

  get current(): SigningKey {
    return this.#current;
  }

  /**
   * The key a token names, if it may still be used at `now`. A name this instance does not know
   * makes it read the key file again, at most once a second (another instance may have rotated).
   */
  find(id: string | undefined, now: number): SigningKey | null {
    const known = this.#known(id, now);
    if (known || !this.#file || now - this.#reloadedAt < 1000) return known;
    this.#reloadedAt = now;
    try {
      this.#load(JSON.parse(readFileSync(this.#file, 'utf8')) as KeyFile);
    } catch {
      return null;
    }
    return this.#known(id, now);
  }

  #known(id: string | undefined, now: number): SigningKey | null {
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
