/**
 * `npm start`: the central server with demo data on its embedded SQLite store, plus the app.
 * Where an Electron runtime is installed, the desktop app opens; where none is (CI, servers, this
 * kind of sandbox), the same renderer is served as the web target at the printed URL.
 */
import { spawn, spawnSync } from 'node:child_process';
import { electronBinary } from './electron-binary.ts';

const port = process.env.LEADLINE_PORT ?? '4000';
const url = `http://127.0.0.1:${port}`;

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const dev = process.argv.includes('--dev');
if (!dev) run('npx', ['vite', 'build', '--logLevel', 'warn']);

const server = spawn(process.execPath, ['server/main.ts'], {
  stdio: 'inherit',
  env: { LEADLINE_DEMO: '1', LEADLINE_DATA_DIR: '.data', LEADLINE_LOG: '0', ...process.env, LEADLINE_PORT: port },
});
const stop = () => server.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => process.exit(code ?? 0));

const devUrl = 'http://localhost:5173';
if (dev) {
  // Vite serves the renderer with hot reload and proxies /api to the server.
  const vite = spawn('npx', ['vite'], { stdio: 'inherit', shell: process.platform === 'win32' });
  process.on('exit', () => vite.kill());
}

// The banner waits for the server: a port already taken is reported by the server, not hidden by it.
async function healthy(): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
await healthy();

const electron = electronBinary();
if (electron) {
  run(process.execPath, ['scripts/build-electron.ts']);
  const env = { ...process.env, LEADLINE_SERVER_URL: url, ...(dev ? { VITE_DEV_SERVER_URL: devUrl } : {}) };
  const app = spawn(electron, ['.'], { stdio: 'inherit', env });
  app.on('exit', stop);
} else if (dev) {
  console.log(`\nNo Electron runtime installed: open the renderer at ${devUrl} (API on ${url}).\n`);
} else {
  console.log(
    `\nNo Electron runtime is installed here (npm install downloads it on a desktop; without network ` +
      `access or with ELECTRON_SKIP_BINARY_DOWNLOAD there is none), so Leadline runs as the web target:\n\n    ${url}\n\n` +
      `Sign in as operator1 / leadline-demo (also operator2, sales1, supervisor1, admin). Ctrl+C stops the server.\n`,
  );
}
