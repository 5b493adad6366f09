import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDesktopServices } from './desktop-services.ts';
import { ReminderScheduler } from './reminders.ts';

/** A fresh install: the app's folder (where IT may put leadline.json) and the user's data folder. */
function install(files: { preset?: string; saved?: string } = {}) {
  const root = mkdtempSync(path.join(tmpdir(), 'leadline-install-'));
  const userData = path.join(root, 'user');
  mkdirSync(userData);
  const presetFile = path.join(root, 'leadline.json');
  if (files.preset) writeFileSync(presetFile, files.preset);
  if (files.saved) writeFileSync(path.join(userData, 'server.json'), files.saved);
  const restarts: number[] = [];
  const services = createDesktopServices({
    userData,
    presetFiles: [path.join(root, 'missing.json'), presetFile],
    env: undefined,
    fetch,
    restart: () => restarts.push(1),
    now: () => 1,
    showTray: () => undefined,
    version: '1.0.0',
    keepsSignIn: () => true,
    installUpdate: () => undefined,
    saveDiagnostics: () => Promise.resolve(null),
    reminders: new ReminderScheduler(
      { now: Date.now, setTimeout: () => 0, clearTimeout: () => undefined },
      () => undefined,
    ),
  });
  return { services, restarts };
}

describe('desktop services', () => {
  it('starts on the deployment’s address when IT preset one, and keeps it when locked', async () => {
    const locked = install({ preset: '{"serverUrl":"https://leadline.corp.example","locked":true,"channel":"beta"}' });
    expect(locked.services.desktop.serverAddress()).toEqual({
      url: 'https://leadline.corp.example',
      source: 'deployment',
      locked: true,
    });
    expect(locked.services.preset.channel).toBe('beta');
    expect(await locked.services.desktop.setServer('https://elsewhere.example')).toEqual({
      ok: false,
      problem: 'locked',
    });
    expect(locked.restarts).toEqual([]);

    const open = install({
      preset: '{"serverUrl":"https://leadline.corp.example"}',
      saved: '{"serverUrl":"https://mine.example"}',
    });
    expect(open.services.desktop.serverAddress()).toEqual({
      url: 'https://mine.example',
      source: 'workstation',
      locked: false,
    });
  });

  it('asks on first run when nothing is set, and ignores a damaged file', () => {
    expect(install().services.desktop.serverAddress()).toEqual({ url: null, source: 'none', locked: false });
    expect(install({ saved: '{not json', preset: '[]' }).services.desktop.serverAddress()).toEqual({
      url: null,
      source: 'none',
      locked: false,
    });
  });
});
