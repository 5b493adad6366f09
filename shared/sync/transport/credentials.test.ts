import { describe, expect, it } from 'vitest';
import {
  emptyCredentialState,
  makeVerifier,
  offlineSignIn,
  VERIFIER_ITERATIONS,
  withoutVerifier,
} from './credentials.ts';

const user = { id: 'u1', username: 'operator1', name: 'Анна', role: 'operator' as const };

describe('offline verifiers', () => {
  it('are made at OWASP’s current PBKDF2-SHA256 iterations', async () => {
    expect(VERIFIER_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect((await makeVerifier(user, 'leadline-demo')).iterations).toBe(VERIFIER_ITERATIONS);
  });

  it('made with fewer iterations still sign in, and are remade at today’s count', async () => {
    const old = { ...(await makeVerifier(user, 'leadline-demo')) };
    // As an earlier version stored it: 210,000 iterations.
    const salt = Uint8Array.from(atob(old.salt), (c) => c.charCodeAt(0));
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('leadline-demo'), 'PBKDF2', false, [
      'deriveBits',
    ]);
    const bits = await crypto.subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 210_000 },
      key,
      256,
    );
    const legacy = { ...old, iterations: 210_000, hash: btoa(String.fromCharCode(...new Uint8Array(bits))) };
    const state = { ...emptyCredentialState(), verifiers: { operator1: legacy } };
    const result = await offlineSignIn(state, { username: 'operator1', password: 'leadline-demo' });
    expect(result).toMatchObject({ ok: true, offline: true });
    expect(result.upgraded?.iterations).toBe(VERIFIER_ITERATIONS);
    expect(await offlineSignIn(state, { username: 'operator1', password: 'wrong' })).toMatchObject({ ok: false });
  });

  it('are dropped for one user only', async () => {
    const state = {
      session: null,
      verifiers: { operator1: await makeVerifier(user, 'a'), operator2: await makeVerifier(user, 'b') },
    };
    expect(Object.keys(withoutVerifier(state, 'Operator1').verifiers)).toEqual(['operator2']);
  });
});
