/**
 * npm run dist:dir — packages the unpacked Linux app (release/linux-unpacked) the way the installers
 * are built, on a machine with no Electron runtime: the runtime is a stand-in file carrying only
 * Electron's fuse wire (its sentinel and the eight V1 fuses at Electron's defaults), so the builder's
 * fuse step really flips it and the result can be read back (tests/packaging). Installers for users
 * are built with `npm run dist` where Electron's runtime downloads.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Electron's fuse sentinel and wire layout (@electron/fuses): version 1, eight fuses. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
export const FUSE_NAMES = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;
/** Electron's own defaults, before packaging flips them. */
const DEFAULTS = '10110001';

/** The fuses of an Electron binary (or stand-in), by name. */
export function readFuses(binary: Buffer): Record<(typeof FUSE_NAMES)[number], boolean> {
  const at = binary.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
  if (at < FUSE_SENTINEL.length) throw new Error('no fuse wire in the binary');
  return Object.fromEntries(FUSE_NAMES.map((name, i) => [name, binary[at + 2 + i] === 0x31])) as Record<
    (typeof FUSE_NAMES)[number],
    boolean
  >;
}

/** The files of an asar archive (its JSON header: [4, header size, string size, JSON length, JSON]). */
export function asarFiles(archive: Buffer): string[] {
  const length = archive.readUInt32LE(12);
  const header = JSON.parse(archive.subarray(16, 16 + length).toString('utf8')) as { files: Record<string, unknown> };
  const list: string[] = [];
  const walk = (node: Record<string, unknown>, prefix: string) => {
    for (const [name, entry] of Object.entries(node)) {
      const children = (entry as { files?: Record<string, unknown> }).files;
      if (children) walk(children, `${prefix}${name}/`);
      else list.push(`${prefix}${name}`);
    }
  };
  walk(header.files, '');
  return list.toSorted();
}

if (import.meta.main) {
  const standIn = mkdtempSync(path.join(tmpdir(), 'leadline-electron-standin-'));
  try {
    const wire = Buffer.concat([
      Buffer.from('#!/bin/sh\necho "stand-in for the Electron runtime"\nexit 1\n# '),
      Buffer.from(FUSE_SENTINEL),
      Buffer.from([1, FUSE_NAMES.length]),
      Buffer.from(DEFAULTS),
      Buffer.from('\n'),
    ]);
    writeFileSync(path.join(standIn, 'electron'), wire);
    chmodSync(path.join(standIn, 'electron'), 0o755);
    const version = (JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')) as { version: string })
      .version;
    execFileSync(
      'npx',
      [
        'electron-builder',
        '--config',
        'build/electron-builder.json',
        '--linux',
        'dir',
        '--publish',
        'never',
        `-c.electronDist=${standIn}`,
        `-c.electronVersion=${version}`,
      ],
      { stdio: 'inherit' },
    );
    const app = 'release/linux-unpacked';
    console.log(`fuses of ${app}/leadline:`, readFuses(readFileSync(path.join(app, 'leadline'))));
    console.log(
      `${app}/resources/app.asar:`,
      asarFiles(readFileSync(path.join(app, 'resources', 'app.asar'))).length,
      'files',
    );
  } finally {
    rmSync(standIn, { recursive: true, force: true });
  }
}
