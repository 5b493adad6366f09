import { createServer as createHttpServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from '../server/app.ts';
import { configFromEnv } from '../server/config.ts';
import { checkServerAddress, testServerAddress } from '../shared/sync/server-address.ts';
import { readPreset, readSaved, resolveServerAddress } from './server-address.ts';

describe('server address', () => {
  it.each([
    ['leadline.example.ru', 'https://leadline.example.ru'],
    ['  https://leadline.example.ru/  ', 'https://leadline.example.ru'],
    ['https://crm.example.ru:8443/leadline/', 'https://crm.example.ru:8443/leadline'],
    ['HTTPS://Leadline.Example.RU', 'https://leadline.example.ru'],
    ['http://127.0.0.1:4000', 'http://127.0.0.1:4000'],
    ['http://localhost:4000', 'http://localhost:4000'],
    ['http://[::1]:4000', 'http://[::1]:4000'],
    ['сервер.пример.рф', 'https://xn--b1afb6bcb.xn--e1afmkfd.xn--p1ai'],
  ])('takes %s as %s', (input, url) => {
    expect(checkServerAddress(input)).toEqual({ ok: true, url });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['http://leadline.example.ru', 'https_required'],
    ['http://192.168.1.10:4000', 'https_required'],
    ['http://127.0.0.1.evil.example', 'https_required'],
    ['https://user:secret@leadline.example.ru', 'credentials'],
    ['https://leadline.example.ru/?next=https://evil', 'query'],
    ['https://leadline.example.ru/#x', 'query'],
    ['ftp://leadline.example.ru', 'invalid'],
    ['javascript:alert(1)', 'invalid'],
    ['file:///etc/passwd', 'invalid'],
    ['https://lead line.example.ru', 'invalid'],
    ['https://', 'invalid'],
  ])('refuses %s (%s)', (input, problem) => {
    expect(checkServerAddress(input)).toEqual({ ok: false, problem });
  });

  it('reads what IT and the workstation wrote, ignoring anything odd', () => {
    expect(readPreset('{"serverUrl":"https://a.example","locked":true,"channel":"beta"}')).toEqual({
      serverUrl: 'https://a.example',
      locked: true,
      channel: 'beta',
    });
    expect(readPreset('{"serverUrl":42,"locked":"yes","channel":"../x"}')).toEqual({});
    expect(readPreset('not json')).toEqual({});
    expect(readPreset(null)).toEqual({});
    expect(readSaved('{"serverUrl":"https://b.example/","savedAt":5}')).toEqual({
      serverUrl: 'https://b.example',
      savedAt: 5,
    });
    expect(readSaved('{"serverUrl":"http://b.example"}')).toBeNull();
    expect(readSaved('{}')).toBeNull();
  });

  it('lets the environment, then a locked deployment, then the workstation, then the deployment decide', () => {
    const saved = { serverUrl: 'https://mine.example', savedAt: 1 };
    const preset = { serverUrl: 'https://it.example' };
    expect(resolveServerAddress({ env: 'http://127.0.0.1:4000', preset: { ...preset, locked: true }, saved })).toEqual({
      url: 'http://127.0.0.1:4000',
      source: 'environment',
      locked: true,
    });
    expect(resolveServerAddress({ env: undefined, preset: { ...preset, locked: true }, saved })).toEqual({
      url: 'https://it.example',
      source: 'deployment',
      locked: true,
    });
    expect(resolveServerAddress({ env: undefined, preset, saved })).toEqual({
      url: 'https://mine.example',
      source: 'workstation',
      locked: false,
    });
    expect(resolveServerAddress({ env: undefined, preset, saved: null })).toEqual({
      url: 'https://it.example',
      source: 'deployment',
      locked: false,
    });
    expect(resolveServerAddress({ env: 'http://evil.example', preset: {}, saved: null })).toEqual({
      url: null,
      source: 'none',
      locked: false,
    });
  });

  describe('testing an address against real servers on loopback', () => {
    let server: Server;
    let url = '';
    let dataDir = '';
    const others: ReturnType<typeof createHttpServer>[] = [];
    const listen = async (handler: RequestListener) => {
      const other = createHttpServer(handler);
      others.push(other);
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    };
    beforeAll(async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'leadline-address-'));
      server = await createServer({
        ...configFromEnv({ LEADLINE_SERVER_NAME: 'Казань, 2-й этаж' }),
        dataDir,
        demo: false,
        webRoot: null,
      });
      url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    });
    afterAll(async () => {
      await server.close();
      for (const other of others) other.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('names the Leadline server it reached and its version', async () => {
      await expect(testServerAddress(`${url}/`, fetch)).resolves.toEqual({
        ok: true,
        url,
        name: 'Казань, 2-й этаж',
        version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      });
    });

    it('tells a closed port, another web server and a silent one apart', async () => {
      const closed = await listen(() => undefined);
      others.at(-1)!.close();
      await expect(testServerAddress(closed, fetch)).resolves.toEqual({ ok: false, problem: 'unreachable' });
      const website = await listen((_req, res) => res.end('<html>intranet</html>'));
      await expect(testServerAddress(website, fetch)).resolves.toEqual({ ok: false, problem: 'not_leadline' });
      const lookalike = await listen((_req, res) => res.end('{"status":"ok","version":"1.0.0"}'));
      await expect(testServerAddress(lookalike, fetch)).resolves.toEqual({ ok: false, problem: 'not_leadline' });
      const silent = await listen(() => undefined);
      await expect(testServerAddress(silent, fetch, 300)).resolves.toEqual({ ok: false, problem: 'timeout' });
      await expect(testServerAddress('http://leadline.example.ru', fetch)).resolves.toEqual({
        ok: false,
        problem: 'https_required',
      });
    });
  });
});
