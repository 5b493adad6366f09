import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnosticsBundle, redact, RotatingLog } from './diagnostics.ts';

describe('logs and diagnostics', () => {
  it.each([
    ['call to +7 (912) 345-67-89 failed', 'call to <number> failed'],
    ['8 912 345 67 89', '<number>'],
    ['mail ivanov@stroy-alfa.ru bounced', 'mail <e-mail> bounced'],
    ['Authorization: Bearer eyJhbGciOi.x.y', 'Authorization: Bearer <hidden>'],
    ['{"refreshToken":"sid.secret","n":1}', '{"refreshToken":"<hidden>","n":1}'],
    ['pulled 500 of 12000 in 35 ms', 'pulled 500 of 12000 in 35 ms'],
    ['version 1.2.3, port 4000', 'version 1.2.3, port 4000'],
    ['last sync 2027-03-03T10:00:00.000Z', 'last sync 2027-03-03T10:00:00.000Z'],
    ['due 2027-03-03 10:00, call +7 912 345 67 89', 'due 2027-03-03 10:00, call <number>'],
  ])('masks %s', (input, output) => {
    expect(redact(input)).toBe(output);
  });

  it('rotates at its size, keeping five files, newest first', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'leadline-logs-'));
    const log = new RotatingLog(dir, 'main', { maxBytes: 200, keep: 5 });
    for (let i = 0; i < 40; i++)
      log.write('info', `line ${i} ${'x'.repeat(40)}`, new Date(Date.UTC(2027, 0, 1, 0, 0, i)));
    const files = log.files();
    expect(files.map((f) => path.basename(f))).toEqual([
      'main.log',
      'main.1.log',
      'main.2.log',
      'main.3.log',
      'main.4.log',
    ]);
    expect(readFileSync(files[0]!, 'utf8')).toContain('line 39');
    expect(readFileSync(files.at(-1)!, 'utf8')).not.toContain('line 0 ');
  });

  it('bundles versions, server, sync state and logs, with no personal data', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'leadline-logs-'));
    const log = new RotatingLog(dir, 'renderer');
    log.write('warn', 'could not dial +7 383 200-00-77 for petrov@example.ru');
    const bundle = diagnosticsBundle({
      versions: { app: '1.2.0', electron: '45.5.0' },
      platform: 'win32 10.0.22631',
      server: { url: 'https://leadline.corp.example', source: 'deployment' },
      sync: {
        state: 'offline',
        lastSyncAt: '2027-03-03T09:58:00.000Z',
        pending: { prospects: 3 },
        lastError: 'fetch to +79123456789 failed',
      },
      logs: [log],
      now: new Date('2027-03-03T10:00:00Z'),
    });
    expect(bundle).not.toMatch(/383 200|petrov|79123456789/);
    const parsed = JSON.parse(bundle) as {
      versions: unknown;
      sync: { pending: unknown };
      logs: Record<string, string>;
    };
    expect(parsed.versions).toEqual({ app: '1.2.0', electron: '45.5.0' });
    expect(parsed.sync.pending).toEqual({ prospects: 3 });
    expect(parsed.logs['renderer.log']).toContain('could not dial <number> for <e-mail>');
    // When things happened stays readable: the lines' times and the sync's.
    expect(parsed.logs['renderer.log']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z WARN /);
    expect(parsed.sync).toMatchObject({ lastSyncAt: '2027-03-03T09:58:00.000Z' });
  });
});
