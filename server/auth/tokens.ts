import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Access tokens: `payload.signature`, HMAC-SHA256 over a small JSON payload. Short-lived. */
export interface AccessClaims {
  sub: string;
  sid: string;
  /** The signing key's id (tokens from before key rotation have none: the current key). */
  kid?: string;
  /** Expiry, UTC seconds. */
  exp: number;
}

export function signAccessToken(claims: AccessClaims, secret: Buffer): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = createHmac('sha256', secret).update(payload).digest('base64url');
  return `${payload}.${signature}`;
}

export type TokenCheck =
  { ok: true; claims: AccessClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

/** Checks a token's signature with the key it names (`keyFor` answers null for an unknown or retired key). */
export function verifyAccessToken(
  token: string,
  keyFor: (kid: string | undefined) => Buffer | null,
  nowSeconds: number,
): TokenCheck {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'malformed' };
  let claims: AccessClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AccessClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims !== 'object' || claims === null) return { ok: false, reason: 'malformed' };
  const key = keyFor(typeof claims.kid === 'string' ? claims.kid : undefined);
  if (!key) return { ok: false, reason: 'signature' };
  const expected = createHmac('sha256', key).update(payload).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

/** Refresh tokens are `sessionId.secret`; only a hash of the secret is stored. */
export function newRefreshSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The secret that follows `secret` in a session's rotation. Derived, not random, so a refresh retried
 * within the grace window (two tabs, a lost answer) gets the very same new token back.
 */
export function nextRefreshSecret(chainKey: string, secret: string): string {
  return createHmac('sha256', Buffer.from(chainKey, 'base64url')).update(secret).digest('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export function sameHash(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}
