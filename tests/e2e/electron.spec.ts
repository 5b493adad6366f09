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
});
