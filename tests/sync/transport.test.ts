import { afterEach, describe, expect, it } from 'vitest';
import { emptyCredentialState, type CredentialState } from '../../shared/sync/transport/credentials.ts';
import { SyncTransport } from '../../shared/sync/transport/sync-transport.ts';
import type { StreamEvent } from '../../shared/sync/wire.ts';
import { eventually, Network, PASSWORD, startTestServer, type TestServer } from './harness.ts';

let server: TestServer | null = null;
const transports: SyncTransport[] = [];

afterEach(async () => {
  transports.splice(0).forEach((t) => t.dispose());
  await server?.stop();
  server = null;
});

function memoryStore() {
  let state: CredentialState = emptyCredentialState();
  return {
    get state() {
      return state;
    },
    load: () => Promise.resolve(structuredClone(state)),
    save: (s: CredentialState) => Promise.resolve(void (state = structuredClone(s))),
  };
}

function transport(url: string, store = memoryStore(), network = new Network()): SyncTransport {
  const t = new SyncTransport({ baseUrl: url, store, fetch: network.fetch });
  transports.push(t);
  return t;
}

describe('SyncTransport against the real server', () => {
  it('refreshes an expired access token without bothering the user', async () => {
    server = await startTestServer({ accessTokenTtlSeconds: 31 });
    const t = transport(server.url);
    expect((await t.login({ username: 'operator1', password: PASSWORD })).ok).toBe(true);
    // The transport refreshes 30 s early, so a 31 s token is renewed after one second.
    await new Promise((r) => setTimeout(r, 1100));
    const page = await t.pull('prospects', null, 2);
    expect(page.documents).toHaveLength(2);
  });

  it('signs in offline with a password checked before, and signs in for real once the server is back', async () => {
    server = await startTestServer();
    const store = memoryStore();
    const network = new Network();
    const first = transport(server.url, store, network);
    expect((await first.login({ username: 'operator1', password: PASSWORD })).ok).toBe(true);
    expect(JSON.stringify(store.state)).not.toContain(PASSWORD);
    first.dispose();

    network.offline = true;
    const second = transport(server.url, store, network);
    expect(await second.login({ username: 'operator1', password: 'wrong' })).toMatchObject({
      ok: false,
      code: 'invalid_credentials',
    });
    expect(await second.login({ username: 'operator2', password: PASSWORD })).toMatchObject({
      ok: false,
      code: 'unreachable',
    });
    expect(await second.login({ username: 'operator1', password: PASSWORD })).toMatchObject({
      ok: true,
      offline: true,
    });
    expect(second.status().state).toBe('offline');
    await expect(second.pull('prospects', null, 1)).rejects.toThrow(/unreachable/);

    network.offline = false;
    expect((await second.pull('prospects', null, 1)).documents).toHaveLength(1);
    expect(second.status().state).toBe('online');
    expect(store.state.session?.refreshToken).toBeTruthy();
  });

  it('restores the session after a restart without a password', async () => {
    server = await startTestServer();
    const store = memoryStore();
    const first = transport(server.url, store);
    await first.login({ username: 'operator2', password: PASSWORD });
    first.dispose();
    const restarted = transport(server.url, store);
    expect((await restarted.session())?.username).toBe('operator2');
    expect((await restarted.pull('prospects', null, 1)).documents).toHaveLength(1);
  });

  it('closes the stream and signs the user out when an admin deactivates them', async () => {
    server = await startTestServer();
    const t = transport(server.url);
    const login = await t.login({ username: 'operator1', password: PASSWORD });
    if (!login.ok) throw new Error(login.message);
    const events: StreamEvent[] = [];
    const reasons: string[] = [];
    t.onSignedOut((r) => reasons.push(r));
    t.onStream((e) => events.push(e));
    await eventually(() => expect(events).toContain('RESYNC'));
    expect(server.server.hub.size).toBe(1);

    await server.server.auth.setActive(login.user.id, false);
    expect(server.server.hub.size).toBe(0);
    await eventually(() => expect(reasons).toHaveLength(1));
    expect(await t.session()).toBeNull();
  });

  it('a user deactivated or given a new password can no longer sign in offline on a workstation used before', async () => {
    server = await startTestServer();
    const store = memoryStore();
    const network = new Network();
    const t = transport(server.url, store, network);
    const login = await t.login({ username: 'operator1', password: PASSWORD });
    if (!login.ok) throw new Error(login.message);
    expect(store.state.verifiers.operator1).toBeDefined();
    await server.server.auth.resetPassword(login.user.id, 'a-brand-new-password');
    // At the next contact the server says the session is over: the verifier goes with it.
    await expect(t.pull('prospects', null, 1)).rejects.toThrow();
    expect(store.state.verifiers.operator1).toBeUndefined();
    network.offline = true;
    const offline = await t.login({ username: 'operator1', password: PASSWORD });
    expect(offline).toMatchObject({ ok: false, code: 'unreachable' });
  });

  it('a server that answers with an error does not open the offline sign-in', async () => {
    server = await startTestServer();
    const store = memoryStore();
    const t = transport(server.url, store);
    expect((await t.login({ username: 'operator1', password: PASSWORD })).ok).toBe(true);
    await t.logout();
    const failing = new SyncTransport({
      baseUrl: server.url,
      store,
      fetch: (input, init) =>
        String(input).endsWith('/api/auth/login')
          ? Promise.resolve(new Response(JSON.stringify({ code: 'internal', message: 'boom' }), { status: 500 }))
          : globalThis.fetch(input, init),
    });
    transports.push(failing);
    expect(await failing.login({ username: 'operator1', password: PASSWORD })).toMatchObject({
      ok: false,
      code: 'server_error',
    });
    // A real network failure still does, for someone who signed in here before.
    const unplugged = new Network();
    unplugged.offline = true;
    expect(
      await transport(server.url, store, unplugged).login({ username: 'operator1', password: PASSWORD }),
    ).toMatchObject({
      ok: true,
      offline: true,
    });
  });
});
