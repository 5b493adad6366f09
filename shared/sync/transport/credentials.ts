import type { LoginResult } from '../ipc.ts';
import type { LoginRequest, SessionUser } from '../wire.ts';

/**
 * What a workstation keeps between runs: the signed-in session (so a restart during an outage does
 * not lock the operator out) and, per user who signed in here before, a verifier that lets them
 * sign in again while the server is unreachable. Never the password itself.
 */
export interface StoredSession {
  user: SessionUser;
  /** null after an offline sign-in, until the server is reached again. */
  refreshToken: string | null;
}

export interface OfflineVerifier {
  user: SessionUser;
  salt: string;
  hash: string;
  iterations: number;
}

export interface CredentialState {
  session: StoredSession | null;
  verifiers: Record<string, OfflineVerifier>;
}

/** Electron main keeps this encrypted with safeStorage; the web target in localStorage. */
export interface CredentialStore {
  load(): Promise<CredentialState>;
  save(state: CredentialState): Promise<void>;
}

export function emptyCredentialState(): CredentialState {
  return { session: null, verifiers: {} };
}

/** OWASP's current advice for PBKDF2-HMAC-SHA256. A verifier made with fewer is remade at its next use. */
export const VERIFIER_ITERATIONS = 600_000;

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text);
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}

async function pbkdf2(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
  return toBase64(new Uint8Array(bits));
}

export async function makeVerifier(user: SessionUser, password: string): Promise<OfflineVerifier> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return {
    user,
    salt: toBase64(salt),
    hash: await pbkdf2(password, salt, VERIFIER_ITERATIONS),
    iterations: VERIFIER_ITERATIONS,
  };
}

export async function checkVerifier(verifier: OfflineVerifier, password: string): Promise<boolean> {
  const hash = await pbkdf2(password, fromBase64(verifier.salt), verifier.iterations);
  if (hash.length !== verifier.hash.length) return false;
  let diff = 0;
  for (let i = 0; i < hash.length; i++) diff |= hash.charCodeAt(i) ^ verifier.hash.charCodeAt(i);
  return diff === 0;
}

/** Parses stored state defensively: a damaged store means "nobody signed in", never a crash. */
export function parseCredentialState(text: string | null): CredentialState {
  if (!text) return emptyCredentialState();
  try {
    const value = JSON.parse(text) as Partial<CredentialState>;
    return {
      session: value.session && typeof value.session === 'object' ? value.session : null,
      verifiers: value.verifiers && typeof value.verifiers === 'object' ? value.verifiers : {},
    };
  } catch {
    return emptyCredentialState();
  }
}

/** The state without the offline verifier of `username`: the server ended their session, or their password changed. */
export function withoutVerifier(state: CredentialState, username: string): CredentialState {
  const verifiers = { ...state.verifiers };
  delete verifiers[username.toLowerCase()];
  return { ...state, verifiers };
}

/**
 * Signing in while the server is unreachable: only someone who signed in here before, with the same
 * password. A verifier made with fewer iterations than today's is remade (`upgraded`) while the
 * password is at hand.
 */
export async function offlineSignIn(
  state: CredentialState,
  request: LoginRequest,
): Promise<LoginResult & { upgraded?: OfflineVerifier }> {
  const verifier = state.verifiers[request.username.toLowerCase()];
  if (!verifier) {
    return {
      ok: false,
      code: 'unreachable',
      message: 'The server is unreachable and this user has not signed in on this workstation before.',
    };
  }
  if (!(await checkVerifier(verifier, request.password))) {
    return { ok: false, code: 'invalid_credentials', message: 'Wrong username or password' };
  }
  if (verifier.iterations < VERIFIER_ITERATIONS) {
    return {
      ok: true,
      user: verifier.user,
      offline: true,
      upgraded: await makeVerifier(verifier.user, request.password),
    };
  }
  return { ok: true, user: verifier.user, offline: true };
}
