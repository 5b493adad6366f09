import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CONTENT_TYPES, RENDERER_CSP } from '../../shared/security/web-security.ts';
import { violations } from './axe.ts';
import { expect, PASSWORD, SCREENSHOTS, test } from './fixtures.ts';

// The web target hosted apart from its server (an intranet static host): the first visit asks for the
// server's address, tests it, and keeps it; the server lets this page's origin in (LEADLINE_WEB_ORIGINS).
const hosted = test.extend<{ webHost: string }>({
  // Playwright reads a fixture's dependencies from this pattern; this one needs none.
  // oxlint-disable-next-line no-empty-pattern
  webHost: async ({}, use) => {
    const root = path.resolve('dist');
    // As IT would configure a static host: the built files, index.html for app routes, and a CSP
    // whose connect-src names the Leadline server.
    const host = createServer((request, response) => {
      const urlPath = decodeURIComponent((request.url ?? '/').split('?')[0]!);
      let file = path.join(root, urlPath);
      if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) file = path.join(root, 'index.html');
      response.setHeader('content-type', CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
      response.setHeader(
        'content-security-policy',
        RENDERER_CSP.replace("connect-src 'self'", "connect-src 'self' http://127.0.0.1:*"),
      );
      response.end(readFileSync(file));
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    await use(`http://127.0.0.1:${(host.address() as AddressInfo).port}`);
    await new Promise((resolve) => host.close(resolve));
  },
  serverEnv: async ({ webHost }, use) =>
    use({ LEADLINE_WEB_ORIGINS: webHost, LEADLINE_SERVER_NAME: 'Казань, 2-й этаж' }),
});

hosted(
  'first visit asks for the server, tells a wrong address from a right one, then signs in to it',
  async ({ browser, server, webHost }) => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(webHost);
    const setup = page.getByRole('form', { name: 'Connect to your company’s Leadline server' });
    await expect(setup.getByRole('heading', { name: 'Connect to your company’s Leadline server' })).toBeVisible();
    // In Russian too, at the operator's screen size.
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ru');
    await expect(page.getByRole('heading', { name: 'Подключение к серверу Leadline вашей компании' })).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/53-first-run-ru.png` });
    expect(await violations(page, 'first run · ru')).toEqual([]);
    await page.getByRole('combobox', { name: 'Язык' }).selectOption('en');
    const address = setup.getByLabel('Server address');
    const testButton = setup.getByRole('button', { name: 'Test connection' });

    await address.fill('http://127.0.0.1:9');
    await testButton.click();
    await expect(setup.getByRole('alert')).toHaveText(
      'Nothing answers at this address. Check it, and that this computer is on the company network.',
    );
    await address.fill('http://leadline.example.ru');
    await testButton.click();
    await expect(setup.getByRole('alert')).toContainText('must start with https://');
    // Another web server (the static host itself) is no Leadline server.
    await address.fill(webHost);
    await testButton.click();
    await expect(setup.getByRole('alert')).toHaveText(
      'Something answers at this address, but it is not a Leadline server.',
    );

    await address.fill(server.url);
    await testButton.click();
    await expect(setup.getByRole('status')).toHaveText(/^Found: Казань, 2-й этаж, Leadline \d+\.\d+\.\d+\.$/);
    await page.screenshot({ path: `${SCREENSHOTS}/53-first-run.png` });
    expect(await violations(page, 'first run · en')).toEqual([]);
    await setup.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByText(`Server: ${server.url}`)).toBeVisible();

    await page.getByLabel('Username').fill('supervisor1');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('Synced');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Prospects', exact: true }).click();
    await expect(page.getByRole('listbox', { name: 'Prospects' }).getByRole('option').first()).toBeVisible();
    // The address is kept: the next visit goes straight to work.
    await page.reload();
    await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('Synced');
  },
);
