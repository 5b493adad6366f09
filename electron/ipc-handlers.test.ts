import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC } from '../shared/sync/ipc.ts';
import { emptyCredentialState } from '../shared/sync/transport/credentials.ts';
import { SyncTransport } from '../shared/sync/transport/sync-transport.ts';
import { startTestServer, type TestServer } from '../tests/sync/harness.ts';
import { type InvokeEvent, registerIpcHandlers } from './ipc-handlers.ts';
import { isAllowedNavigation } from './security.ts';
import { createDesktopServices } from './desktop-services.ts';
import { ReminderScheduler } from './reminders.ts';
import { PhoneCredentialStore } from './phone-credentials.ts';
import { disk, keychain } from './test-keychain.ts';
import { TRAY_LABELS, type TrayView } from '../shared/sync/ipc.ts';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

type Registered = (event: InvokeEvent, payload: unknown) => unknown;

let server: TestServer;
let transport: SyncTransport;
const handlers = new Map<string, Registered>();
const opened: string[] = [];
const phoneDisk = disk();
const phoneLogins = new PhoneCredentialStore(keychain(), phoneDisk, '/userData/phone.bin', 'linux');
const trusted: InvokeEvent = { senderFrame: { url: 'app://leadline/index.html' } };

const userData = mkdtempSync(path.join(tmpdir(), 'leadline-userdata-'));
const restarts: number[] = [];
const trays: TrayView[] = [];
const installs: number[] = [];
const notified: string[] = [];
const reminders = new ReminderScheduler(
  { now: Date.now, setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number) },
  (r) => notified.push(r.id),
);
const services = createDesktopServices({
  userData,
  presetFiles: [path.join(userData, 'no-preset.json')],
  env: undefined,
  fetch,
  restart: () => restarts.push(Date.now()),
  now: () => 1,
  showTray: (tray) => trays.push(tray),
  reminders,
  version: '9.9.9',
  keepsSignIn: () => false,
  installUpdate: () => installs.push(1),
  saveDiagnostics: (sync) => {
    const file = path.join(userData, 'diagnostics.json');
    writeFileSync(file, JSON.stringify(sync));
    return Promise.resolve(file);
  },
});

beforeAll(async () => {
  server = await startTestServer();
  let saved = emptyCredentialState();
  transport = new SyncTransport({
    baseUrl: server.url,
    store: { load: () => Promise.resolve(saved), save: (s) => Promise.resolve(void (saved = s)) },
  });
  // Electron's ipcMain is not available in Node; this records what main registers.
  registerIpcHandlers(
    { handle: (channel, handler) => handlers.set(channel, handler) },
    {
      transport,
      openExternal: (url) => Promise.resolve(void opened.push(url)),
      phone: { get: (userId) => phoneLogins.get(userId), set: (userId, c) => phoneLogins.set(userId, c) },
      isTrustedSender: (url) => isAllowedNavigation(url, null),
      desktop: services.desktop,
    },
  );
});
afterAll(async () => {
  transport.dispose();
  await server.stop();
});

function invoke(channel: string, payload?: unknown, event: InvokeEvent = trusted): Promise<unknown> {
  const handler = handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return Promise.resolve().then(() => handler(event, payload));
}

describe('IPC handlers', () => {
  it('registers one handler per contract channel', () => {
    expect([...handlers.keys()].toSorted()).toEqual(Object.values(IPC).toSorted());
  });

  it('refuses calls from frames that are not the app', async () => {
    await expect(invoke(IPC.session, undefined, { senderFrame: { url: 'https://evil.example/' } })).rejects.toThrow(
      /untrusted sender/,
    );
    await expect(invoke(IPC.session, undefined, { senderFrame: null })).rejects.toThrow(/untrusted sender/);
  });

  it('validates every payload before acting', async () => {
    await expect(invoke(IPC.login, { username: 'operator1' })).rejects.toThrow(/password is required/);
    await expect(invoke(IPC.login, { username: 'operator1', password: 'x', extra: 1 })).rejects.toThrow(
      /extra is not allowed/,
    );
    await expect(invoke(IPC.pull, { collection: 'secrets', batchSize: 10 })).rejects.toThrow(
      /collection must be one of/,
    );
    await expect(invoke(IPC.pull, { collection: 'prospects', batchSize: 0 })).rejects.toThrow(
      /batchSize must be at least 1/,
    );
    await expect(invoke(IPC.push, { collection: 'prospects', rows: [{}] })).rejects.toThrow(
      /newDocumentState is required/,
    );
    await expect(invoke(IPC.session, { sneaky: true })).rejects.toThrow(/takes no payload/);
  });

  it('sets the server address only once a Leadline server answers there, then restarts on it', async () => {
    expect(await invoke(IPC.serverAddress)).toEqual({ url: null, source: 'none', locked: false });
    await expect(invoke(IPC.setServer, { address: 42 })).rejects.toThrow(/address must be a string/);
    expect(await invoke(IPC.setServer, { address: 'http://leadline.example.ru' })).toEqual({
      ok: false,
      problem: 'https_required',
    });
    expect(await invoke(IPC.testServer, { address: server.url })).toMatchObject({ ok: true, url: server.url });
    expect(await invoke(IPC.setServer, { address: `${server.url}/` })).toMatchObject({ ok: true, url: server.url });
    expect(JSON.parse(readFileSync(path.join(userData, 'server.json'), 'utf8'))).toEqual({
      serverUrl: server.url,
      savedAt: 1,
    });
    expect(await invoke(IPC.serverAddress)).toEqual({ url: server.url, source: 'workstation', locked: false });
    await expect.poll(() => restarts.length).toBe(1);
  });

  it('shows the tray the renderer describes, and fires its reminders from main', async () => {
    const tray = {
      count: 3,
      tooltip: 'Leadline: 3',
      labels: Object.fromEntries(TRAY_LABELS.map((k) => [k, k])) as TrayView['labels'],
    };
    await invoke(IPC.setTray, tray);
    expect(trays).toEqual([tray]);
    await expect(invoke(IPC.setTray, { ...tray, count: -1 })).rejects.toThrow(/count must be at least 0/);
    await expect(
      invoke(IPC.setReminders, {
        reminders: [{ id: 'cb', dueAt: 1, title: 't', body: 'b', route: { view: 'settings', id: 'x' } }],
      }),
    ).rejects.toThrow(/view must be one of/);
    await invoke(IPC.setReminders, {
      reminders: [
        {
          id: 'cb-1',
          dueAt: Date.now() + 50,
          title: 'Перезвон',
          body: 'ООО «Альфа»',
          route: { view: 'callbacks', id: 'cb-1' },
        },
      ],
    });
    await expect.poll(() => notified).toEqual(['cb-1']);
  });

  it('tells the renderer its version, channel and whether sign-ins are kept', async () => {
    expect(await invoke(IPC.about)).toEqual({ version: '9.9.9', channel: 'stable', keepsSignIn: false });
  });

  it('restarts into an update only when one is ready, no call is up and nothing is unsent', async () => {
    expect(await invoke(IPC.installUpdate)).toEqual({ ok: false, reason: 'nothing_ready' });
    services.updateDownloaded('1.2.0');
    await invoke(IPC.setWorkState, { inCall: true, unsent: 0 });
    expect(await invoke(IPC.installUpdate)).toEqual({ ok: false, reason: 'in_call' });
    await invoke(IPC.setWorkState, { inCall: false, unsent: 2 });
    expect(await invoke(IPC.installUpdate)).toEqual({ ok: false, reason: 'unsent_work' });
    await expect(invoke(IPC.setWorkState, { inCall: 'no', unsent: 0 })).rejects.toThrow(/inCall must be true or false/);
    expect(installs).toEqual([]);
    await invoke(IPC.setWorkState, { inCall: false, unsent: 0 });
    expect(await invoke(IPC.installUpdate)).toEqual({ ok: true });
    expect(installs).toEqual([1]);
  });

  it('saves diagnostics with the renderer’s sync state', async () => {
    const answer = (await invoke(IPC.exportDiagnostics, { sync: { state: 'online', pending: 0 } })) as {
      saved: string;
    };
    expect(JSON.parse(readFileSync(answer.saved, 'utf8'))).toEqual({ state: 'online', pending: 0 });
    await expect(invoke(IPC.exportDiagnostics, { sync: 'x' })).rejects.toThrow(/sync must be an object/);
  });

  it('hands a held deep link to the renderer once', async () => {
    expect(await invoke(IPC.takeLink)).toBeNull();
    services.holdLink({ view: 'prospects', id: 'demo-p-000001' });
    expect(await invoke(IPC.takeLink)).toEqual({ view: 'prospects', id: 'demo-p-000001' });
    expect(await invoke(IPC.takeLink)).toBeNull();
  });

  it('opens only https, tel and sip links', async () => {
    await expect(invoke(IPC.openExternal, { url: 'file:///etc/passwd' })).rejects.toThrow(/Refusing/);
    await expect(invoke(IPC.openExternal, { url: 'javascript:alert(1)' })).rejects.toThrow(/Refusing/);
    await invoke(IPC.openExternal, { url: 'tel:+79123456789' });
    expect(opened).toEqual(['tel:+79123456789']);
  });

  it('carries valid calls through to the server', async () => {
    const login = (await invoke(IPC.login, { username: 'operator1', password: 'leadline-demo' })) as { ok: boolean };
    expect(login.ok).toBe(true);
    const page = (await invoke(IPC.pull, { collection: 'prospects', batchSize: 3 })) as { documents: unknown[] };
    expect(page.documents).toHaveLength(3);
  });

  it('keeps a SIP login for the user main signed in, encrypted, and forgets it on request', async () => {
    await invoke(IPC.logout);
    await expect(invoke(IPC.savePhoneCredentials, { login: '101', password: 'pbx-secret' })).rejects.toThrow(/Sign in/);
    await invoke(IPC.login, { username: 'operator1', password: 'leadline-demo' });
    await expect(invoke(IPC.savePhoneCredentials, { login: '101@evil', password: 'x' })).rejects.toThrow(/login/);
    expect(await invoke(IPC.savePhoneCredentials, { login: '101', password: 'pbx-secret' })).toEqual({
      persists: true,
    });
    expect(await invoke(IPC.phoneCredentials)).toEqual({ login: '101', password: 'pbx-secret' });
    expect(phoneDisk.files.get('/userData/phone.bin')?.toString()).not.toContain('pbx-secret');
    // Another user signed in on the same workstation does not get it.
    await invoke(IPC.logout);
    await invoke(IPC.login, { username: 'operator2', password: 'leadline-demo' });
    expect(await invoke(IPC.phoneCredentials)).toBeNull();
    await invoke(IPC.logout);
    await invoke(IPC.login, { username: 'operator1', password: 'leadline-demo' });
    await invoke(IPC.savePhoneCredentials, { login: '', password: '' });
    expect(await invoke(IPC.phoneCredentials)).toBeNull();
  });
});
