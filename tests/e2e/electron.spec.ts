import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron } from '@playwright/test';
import { electronBinary } from '../../scripts/electron-binary.ts';
import { expect, PASSWORD, test } from './fixtures.ts';

const binary = electronBinary();

test.describe('desktop app (Electron)', () => {
  test.skip(
    binary === null,
    'No Electron runtime is installed (ELECTRON_SKIP_BINARY_DOWNLOAD, or a machine without one): the desktop smoke test runs where `npm install` downloaded Electron.',
  );

  test('opens a secure window on app:// and signs in', async ({ server }) => {
    const app = await electron.launch({
      executablePath: binary ?? undefined,
      args: ['.'],
      env: { ...process.env, LEADLINE_SERVER_URL: server.url },
    });
    const win = await app.firstWindow();
    expect(win.url()).toMatch(/^app:\/\/leadline\//);
    expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await win.evaluate(() => typeof globalThis.window.leadline?.auth.login)).toBe('function');
    await win.getByLabel('Username').fill('operator1');
    await win.getByLabel('Password').fill(PASSWORD);
    await win.getByRole('button', { name: 'Sign in' }).click();
    await expect(win.getByRole('status', { name: 'Sync status' })).toContainText('Synced');
    await win.screenshot({ path: 'tests/e2e/screenshots/electron-prospects.png' });
    await app.close();
  });

  test('first run asks for the server, tests it, and starts on it', async ({ server }) => {
    const userData = mkdtempSync(path.join(tmpdir(), 'leadline-electron-'));
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        (entry): entry is [string, string] => entry[0] !== 'LEADLINE_SERVER_URL' && entry[1] !== undefined,
      ),
    );
    const launch = () =>
      electron.launch({ executablePath: binary ?? undefined, args: ['.', `--user-data-dir=${userData}`], env });
    const first = await launch();
    const win = await first.firstWindow();
    const setup = win.getByRole('form', { name: 'Connect to your company’s Leadline server' });
    await setup.getByLabel('Server address').fill('http://127.0.0.1:9');
    await setup.getByRole('button', { name: 'Test connection' }).click();
    await expect(setup.getByRole('alert')).toContainText('Nothing answers at this address');
    await setup.getByLabel('Server address').fill('http://leadline.example.ru');
    await setup.getByRole('button', { name: 'Test connection' }).click();
    await expect(setup.getByRole('alert')).toContainText('must start with https://');
    await setup.getByLabel('Server address').fill(server.url);
    await setup.getByRole('button', { name: 'Test connection' }).click();
    await expect(setup.getByRole('status')).toContainText('Found:');
    await win.screenshot({ path: 'tests/e2e/screenshots/electron-first-run.png' });
    await setup.getByRole('button', { name: 'Connect' }).click();
    await expect(setup.getByRole('status')).toContainText('restarting');
    await first.close().catch(() => undefined);
    // Started again (as the relaunch does), it signs in to the kept server.
    const again = await launch();
    const next = await again.firstWindow();
    await expect(next.getByText(`Server: ${server.url}`)).toBeVisible();
    await again.close();
  });

  test('a leadline:// link opens its record, from a cold start', async ({ server }) => {
    const app = await electron.launch({
      executablePath: binary ?? undefined,
      args: ['.', 'leadline://prospect/demo-p-000001'],
      env: { ...process.env, LEADLINE_SERVER_URL: server.url },
    });
    const win = await app.firstWindow();
    await win.getByLabel('Username').fill('supervisor1');
    await win.getByLabel('Password').fill(PASSWORD);
    await win.getByRole('button', { name: 'Sign in' }).click();
    await expect(win).toHaveURL(/#\/prospects\/demo-p-000001$/);
    await expect(win.getByRole('form').getByLabel('Name', { exact: true })).not.toHaveValue('');
    // A second launch with a link hands it to this app and quits; this window opens the record.
    const second = spawn(binary!, ['.', 'leadline://prospect/demo-p-000002'], {
      env: { ...process.env, LEADLINE_SERVER_URL: server.url },
    });
    await new Promise((resolve) => second.once('exit', resolve));
    await expect(win).toHaveURL(/#\/prospects\/demo-p-000002$/);
    await app.close();
  });

  test('closing the window keeps the app in the tray with the due callbacks counted, and a call can be made', async ({
    server,
  }) => {
    const app = await electron.launch({
      executablePath: binary ?? undefined,
      args: ['.'],
      env: { ...process.env, LEADLINE_SERVER_URL: server.url },
    });
    const win = await app.firstWindow();
    await win.getByLabel('Username').fill('operator1');
    await win.getByLabel('Password').fill(PASSWORD);
    await win.getByRole('button', { name: 'Sign in' }).click();
    await expect(win.getByRole('status', { name: 'Sync status' })).toContainText('Synced');
    // The demo data holds overdue callbacks of operator1: the badge counts them.
    await expect.poll(() => app.evaluate(({ app: electronApp }) => electronApp.getBadgeCount())).toBeGreaterThan(0);
    await win.keyboard.press('n');
    await expect(win.getByRole('timer', { name: 'Call time' })).toBeVisible();
    await win.close();
    // Hidden, not quit: main is still running and holds the window.
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    await app.evaluate(({ app: electronApp }) => electronApp.quit());
  });
});
