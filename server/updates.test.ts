import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from './app.ts';
import { configFromEnv } from './config.ts';

describe('the desktop update feed', () => {
  let server: Server;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'leadline-updates-data-'));
  const updates = mkdtempSync(path.join(tmpdir(), 'leadline-updates-'));
  beforeAll(async () => {
    mkdirSync(path.join(updates, 'stable'));
    writeFileSync(path.join(updates, 'stable', 'latest.yml'), 'version: 1.2.0\npath: Leadline-Setup-1.2.0.exe\n');
    writeFileSync(path.join(updates, 'stable', 'Leadline-Setup-1.2.0.exe'), Buffer.from([0x4d, 0x5a, 1, 2]));
    writeFileSync(path.join(updates, 'secret.txt'), 'not a release');
    server = await createServer({
      ...configFromEnv({ LEADLINE_UPDATES_DIR: updates }),
      dataDir,
      demo: false,
      webRoot: null,
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(updates, { recursive: true, force: true });
  });

  it('serves the release files of a channel, the feed never cached', async () => {
    const feed = await server.app.inject('/updates/stable/latest.yml');
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain('version: 1.2.0');
    expect(feed.headers['cache-control']).toBe('no-cache');
    const installer = await server.app.inject('/updates/stable/Leadline-Setup-1.2.0.exe');
    expect(installer.rawPayload).toEqual(Buffer.from([0x4d, 0x5a, 1, 2]));
  });

  it('serves nothing outside the channel folders', async () => {
    for (const url of [
      '/updates/stable/..%2Fsecret.txt',
      '/updates/..%2F/secret.txt',
      '/updates/stable/',
      '/updates/beta/latest.yml',
      '/updates/Stable/latest.yml',
      '/updates/stable/.hidden',
    ]) {
      expect((await server.app.inject(url)).statusCode, url).toBe(404);
    }
  });
});
