import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { freePort } from '../support/ports.ts';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { CollectionName } from '../../shared/core/types.ts';
import { type Browser, type BrowserContext, expect, type Page, type Route, test as base } from '@playwright/test';

export interface E2EServer {
  url: string;
  dataDir: string;
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become healthy in 30 s');
}

/**
 * Every test gets its own server process, data dir and demo data; the renderer is the built dist/.
 * `serverClock` starts the server's business clock where the test's browsers put theirs (the server
 * stamps SLA times and grants claims by it).
 */
export const test = base.extend<{ server: E2EServer; serverClock: Date | null; serverEnv: Record<string, string> }>({
  serverClock: [null, { option: true }],
  serverEnv: [{}, { option: true }],
  server: async ({ serverClock, serverEnv }, use) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'leadline-e2e-'));
    const port = await freePort();
    const child = spawn(process.execPath, ['server/main.ts'], {
      env: {
        ...process.env,
        LEADLINE_PORT: String(port),
        LEADLINE_DATA_DIR: dataDir,
        LEADLINE_DEMO: '1',
        LEADLINE_WEB_ROOT: path.resolve('dist'),
        LEADLINE_LOG: '0',
        ...(serverClock ? { LEADLINE_CLOCK_START: serverClock.toISOString() } : {}),
        ...serverEnv,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url, child);
    await use({ url, dataDir });
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
export { writeStraight } from '../sync/straight.ts';

/** The id of a user, from the server's store. */
export function userIdOf(dataDir: string, username: string): string {
  const db = new DatabaseSync(path.join(dataDir, 'leadline.sqlite'), { readOnly: true });
  try {
    return (db.prepare('SELECT user_id FROM credentials WHERE username = ?').get(username) as { user_id: string })
      .user_id;
  } finally {
    db.close();
  }
}

/** A personal callback an operator promised, as `writeStraight` stores it. */
export function promisedCallback(
  fields: { id: string; prospectId: string; operatorId: string; dueAt: number; timeZone: string; note: string },
  createdAt: number,
): Record<string, unknown> {
  const { operatorId, ...rest } = fields;
  return {
    ...rest,
    createdAt,
    updatedAt: createdAt,
    reason: 'requested',
    scope: 'personal',
    assigneeId: operatorId,
    createdBy: operatorId,
    done: false,
    doneAt: 0,
  };
}

/** A document as the server stores it (read-only). */
export function readStored(dataDir: string, collection: CollectionName, id: string): Record<string, unknown> {
  const db = new DatabaseSync(path.join(dataDir, 'leadline.sqlite'), { readOnly: true });
  try {
    const row = db.prepare('SELECT data FROM docs WHERE collection = ? AND id = ?').get(collection, id) as
      { data: string } | undefined;
    if (!row) throw new Error(`${collection}/${id} is not stored`);
    return JSON.parse(row.data) as Record<string, unknown>;
  } finally {
    db.close();
  }
}

/** The first stored document of a collection whose `field` holds `value`, or null. */
export function readStoredWhere(
  dataDir: string,
  collection: CollectionName,
  field: string,
  value: string,
): Record<string, unknown> | null {
  if (!/^[A-Za-z]+$/.test(field)) throw new Error(`not a field name: ${field}`);
  const db = new DatabaseSync(path.join(dataDir, 'leadline.sqlite'), { readOnly: true });
  try {
    const row = db
      .prepare(`SELECT data FROM docs WHERE collection = ? AND json_extract(data, '$.${field}') = ?`)
      .get(collection, value) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as Record<string, unknown>) : null;
  } finally {
    db.close();
  }
}

export const SCREENSHOTS = 'tests/e2e/screenshots';
export const PASSWORD = 'leadline-demo';

const abortApi = (route: Route) => route.abort('internetdisconnected');

/**
 * Cuts a context off the network. Chromium's offline emulation does not reliably reach requests that
 * pass through a service worker (microsoft/playwright#2311), so the API is also refused by routing.
 */
export async function goOffline(context: BrowserContext): Promise<void> {
  await context.route('**/api/**', abortApi);
  await context.setOffline(true);
}

export async function goOnline(context: BrowserContext): Promise<void> {
  await context.unroute('**/api/**', abortApi);
  await context.setOffline(false);
}

/**
 * A pulled cable between one browser context and the server: a loopback TCP relay that can be taken
 * down (every connection cut, new ones refused) and brought back on the same port. Unlike offline
 * emulation, nothing gets through it while it is down, service worker or not.
 */
export interface Cable {
  url: string;
  unplug(): Promise<void>;
  plug(): Promise<void>;
  close(): Promise<void>;
}

export async function cableTo(target: string): Promise<Cable> {
  const { port: targetPort } = new URL(target);
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = createConnection({ host: '127.0.0.1', port: Number(targetPort) });
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', resolve);
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      sockets.clear();
      if (server) server.close(() => resolve());
      else resolve();
      server = null;
    });
  await listen();
  return { url: `http://127.0.0.1:${port}`, unplug: stop, plug: listen, close: stop };
}

/** A fresh browser context on a fake clock that starts at `start` and runs, signed in as `username`. */
export async function signInAt(
  browser: Browser,
  url: string,
  username: string,
  start: Date,
  password = PASSWORD,
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<Page> {
  const context = await browser.newContext();
  await prepare?.(context);
  await context.clock.install({ time: start });
  await context.clock.resume();
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('Synced');
  return page;
}

/**
 * Lets the context's pages notify and records what they show instead of showing it (the app calls
 * the standard constructor); `shownNotifications` reads the record.
 */
export async function recordNotifications(context: BrowserContext): Promise<void> {
  await context.grantPermissions(['notifications']);
  await context.addInitScript(() => {
    const shown: string[] = [];
    (window as unknown as { shown: string[] }).shown = shown;
    const Real = window.Notification;
    class Recording extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push(`${title}: ${options?.body ?? ''}`);
      }
    }
    Object.defineProperty(window, 'Notification', { value: Recording });
  });
}

export function shownNotifications(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { shown: string[] }).shown);
}
