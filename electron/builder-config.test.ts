import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// What IT installs: the packaging settings themselves (tests/packaging checks a package built from them).
const config = JSON.parse(readFileSync('build/electron-builder.json', 'utf8')) as Record<string, unknown> & {
  electronFuses: Record<string, boolean>;
  files: string[];
  protocols: { schemes: string[] }[];
  win: { target: { target: string }[] };
  nsis: { perMachine: boolean; allowElevation: boolean; oneClick: boolean; include: string };
  mac: { target: { target: string; arch: string[] }[]; hardenedRuntime: boolean; notarize: boolean };
  linux: { target: string[] };
};

describe('the packaging settings', () => {
  it('burn the fuses that close the ways into a running app', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it('package the built app only, and register leadline:// links', () => {
    expect(config.files).toEqual(
      expect.arrayContaining(['dist/**', 'dist-electron/**', '!**/*.map', '!node_modules/**']),
    );
    expect(config.files).toEqual(expect.arrayContaining(['!dist/bench.html', '!dist/assets/bench-*']));
    expect(config.protocols.flatMap((p) => p.schemes)).toEqual(['leadline']);
  });

  it('install per user on Windows without elevation (MSI for IT), signed and notarised DMGs, AppImage and deb', () => {
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis', 'msi']);
    expect(config.nsis).toMatchObject({ perMachine: false, allowElevation: false, oneClick: false });
    expect(existsSync(config.nsis.include)).toBe(true);
    expect(readFileSync(config.nsis.include, 'utf8')).toContain('/SERVER=');
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true });
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
  });
});
