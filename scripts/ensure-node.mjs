// Runs a command under Node 22+ (the project's floor). On a machine whose Node is older, it takes
// Node 24 from the npm registry into ~/.cache/node24 first, as a setup-node step would in CI.
// Plain JavaScript on purpose: it must run on the old Node it replaces.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/ensure-node.mjs <command> [args...]');
  process.exit(2);
}

const env = { ...process.env };
if (Number(process.versions.node.split('.')[0]) < 22) {
  const prefix = path.join(homedir(), '.cache', 'node24');
  const bin = path.join(prefix, 'node_modules', 'node', 'bin');
  if (!existsSync(path.join(bin, process.platform === 'win32' ? 'node.exe' : 'node'))) {
    console.log(`Node ${process.version} is older than 22: installing Node 24 from the npm registry into ${prefix}`);
    const install = spawnSync(
      'npm',
      ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', 'node@24'],
      {
        stdio: 'inherit',
        shell: process.platform === 'win32',
      },
    );
    if (install.status !== 0) process.exit(install.status ?? 1);
  }
  env.PATH = `${bin}${path.delimiter}${env.PATH ?? ''}`;
}
const result = spawnSync(command, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
process.exit(result.status ?? 1);
