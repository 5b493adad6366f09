import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './ports.ts';
import { Client } from 'pg';

/**
 * A PostgreSQL cluster of the tests' own, from Debian's packages (`.ci/run` installs them):
 * initdb into a temporary folder, started on a free loopback port, stopped and removed after.
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` user the package made.
 */
export interface TestCluster {
  /** A URL of the cluster's `postgres` database (for CREATE DATABASE). */
  adminUrl: string;
  /** A new empty database, its URL. */
  createDatabase(): Promise<string>;
  stop(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
        .toSorted((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) {
    throw new Error('PostgreSQL is not installed: apt-get install postgresql (.ci/run does it)');
  }
  return path.join(root, versions[0], 'bin');
}

const asRoot = process.getuid?.() === 0;

function run(bin: string, args: string[]): void {
  const command = asRoot ? 'runuser' : bin;
  const argv = asRoot ? ['-u', 'postgres', '--', bin, ...args] : args;
  const result = spawnSync(command, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${path.basename(bin)} failed: ${result.stderr || result.stdout}`);
}

/**
 * `durable: false` (tests) turns fsync off: a crash of the test machine loses nothing that matters.
 * Benchmarks keep it on, as a real deployment does.
 */
export async function startCluster(options: { durable?: boolean } = {}): Promise<TestCluster> {
  const bin = binDir();
  const dir = mkdtempSync(path.join(tmpdir(), 'leadline-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const port = await freePort();
  run(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'leadline',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c max_connections=200',
    ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ].join(' ');
  run(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'log'), '-o', settings, '-w', 'start']);
  const adminUrl = `postgres://leadline@127.0.0.1:${port}/postgres`;
  return {
    adminUrl,
    createDatabase: () => createTestDatabase(adminUrl),
    stop() {
      try {
        run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A database on the cluster this test run started (the `sync-postgres` project's global setup). */
export async function createTestDatabase(adminUrl: string): Promise<string> {
  const name = `leadline_t${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return adminUrl.replace(/\/postgres$/, `/${name}`);
}
