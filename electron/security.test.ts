import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { resolveAppRequest } from './app-protocol.ts';
import { APP_CSP, isAllowedNavigation, isAllowedPermission, isAppUrl } from './security.ts';
import { secureWindowOptions } from './window-options.ts';

describe('window security options', () => {
  it('isolates the renderer', () => {
    const { webPreferences: w } = secureWindowOptions('/app/preload.cjs', false);
    expect(w).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
      preload: '/app/preload.cjs',
    });
  });

  it('ships a CSP without unsafe-inline or unsafe-eval', () => {
    expect(APP_CSP).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(APP_CSP).toContain("script-src 'self'");
    expect(APP_CSP).toContain("object-src 'none'");
  });
});

describe('navigation guard', () => {
  it('allows only the app origin, and the dev server in development', () => {
    expect(isAppUrl('app://leadline/index.html')).toBe(true);
    expect(isAllowedNavigation('app://leadline/#prospects', null)).toBe(true);
    expect(isAllowedNavigation('https://evil.example/', null)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', null)).toBe(false);
    expect(isAllowedNavigation('app://other/', null)).toBe(false);
    expect(isAllowedNavigation('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/x', 'http://localhost:5173')).toBe(false);
    expect(isAllowedNavigation('not a url', null)).toBe(false);
  });
});

describe('app:// protocol', () => {
  const root = path.resolve('renderer');
  it('serves files under the root with the CSP', () => {
    const answer = resolveAppRequest('app://leadline/index.html', root, existsSync);
    expect(answer.status).toBe(200);
    if (answer.status === 200) {
      expect(answer.file).toBe(path.join(root, 'index.html'));
      expect(answer.headers['content-security-policy']).toBe(APP_CSP);
    }
  });

  it('falls back to index.html for client routes and 404s missing assets', () => {
    const route = resolveAppRequest('app://leadline/prospects', root, existsSync);
    expect(route.status === 200 && route.file).toBe(path.join(root, 'index.html'));
    expect(resolveAppRequest('app://leadline/missing.js', root, existsSync).status).toBe(404);
  });

  it('never leaves the root and refuses other hosts', () => {
    expect(resolveAppRequest('app://leadline/../package.json', root, existsSync)).not.toMatchObject({
      file: path.resolve('package.json'),
    });
    expect(resolveAppRequest('app://leadline/%2e%2e/package.json', root, existsSync).status).not.toBe(200);
    expect(resolveAppRequest('app://leadline/..%2fpackage.json', root, existsSync).status).toBe(403);
    expect(resolveAppRequest('app://evil/index.html', root, existsSync).status).toBe(403);
  });
});

describe('web permissions', () => {
  it('grants notifications to our own renderer only', () => {
    expect(isAllowedPermission('notifications', 'app://leadline/', null)).toBe(true);
    expect(isAllowedPermission('notifications', 'https://evil.example/', null)).toBe(false);
    expect(isAllowedPermission('notifications', 'app://evil/', null)).toBe(false);
    // The softphone's microphone: audio only, for our renderer only.
    expect(isAllowedPermission('media', 'app://leadline/', null)).toBe(false);
    expect(isAllowedPermission('media', 'app://leadline/', null, ['audio'])).toBe(true);
    expect(isAllowedPermission('media', 'app://leadline/', null, ['audio', 'video'])).toBe(false);
    expect(isAllowedPermission('media', 'https://evil.example/', null, ['audio'])).toBe(false);
    expect(isAllowedPermission('geolocation', 'app://leadline/', null, ['audio'])).toBe(false);
    expect(isAllowedPermission('notifications', 'http://127.0.0.1:5173/', 'http://127.0.0.1:5173')).toBe(true);
    expect(isAllowedPermission('notifications', 'http://127.0.0.1:5174/', 'http://127.0.0.1:5173')).toBe(false);
  });
});
