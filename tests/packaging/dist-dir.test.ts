import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { asarFiles, readFuses } from '../../scripts/dist-dir.ts';

// The unpacked Linux app as `npm run dist:dir` packages it (after `npm run build`), read back: what
// the asar holds and which fuses the builder flipped on the (stand-in) runtime.
const APP = 'release/linux-unpacked';

describe('the packaged desktop app', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/dist-dir.ts'], { stdio: 'pipe' });
  }, 240_000);

  it('holds the built app and nothing else: no source maps, tests, bench page, sources or node_modules', () => {
    const files = asarFiles(readFileSync(path.join(APP, 'resources', 'app.asar')));
    expect(files).toContain('dist-electron/main.cjs');
    expect(files).toContain('dist-electron/preload.cjs');
    expect(files).toContain('dist/index.html');
    expect(files).toContain('package.json');
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => /bench/.test(f))).toEqual([]);
    expect(
      files.filter((f) => /(^|\/)(tests?|node_modules|server|shared|renderer|electron|scripts)\//.test(f)),
    ).toEqual([]);
    expect(files.filter((f) => /\.(ts|tsx)$/.test(f))).toEqual([]);
    expect(files.every((f) => f.startsWith('dist/') || f.startsWith('dist-electron/') || f === 'package.json')).toBe(
      true,
    );
  });

  it('has its fuses flipped by the builder: no Node mode, NODE_OPTIONS or inspector; asar only and checked', () => {
    // Exactly what the builder config asks for (electron/builder-config.test.ts pins those values).
    const config = JSON.parse(readFileSync('build/electron-builder.json', 'utf8')) as {
      electronFuses: Record<string, boolean>;
    };
    expect(readFuses(readFileSync(path.join(APP, 'leadline')))).toEqual(config.electronFuses);
    expect(config.electronFuses.runAsNode).toBe(false);
  });

  it('takes its updates from a generic feed, set per deployment at run time', () => {
    expect(readFileSync(path.join(APP, 'resources', 'app-update.yml'), 'utf8')).toContain('provider: generic');
  });
});
