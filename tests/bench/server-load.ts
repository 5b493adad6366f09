/**
 * The server under a floor's load: `streams` open event streams while operators create prospects
 * (everyone reads prospects: each write goes to every stream) at `rate` pushes a second. Measured
 * from outside: push latency (sent → answered), delivery latency (sent → seen on probe streams, on
 * every instance), the rate achieved, each server process's CPU and memory. On SQLite (one process)
 * and on PostgreSQL with two instances (a durable cluster of the bench's own). The floor beside it:
 * the same pushes with no stream open. The servers run as their own processes (node server/main.ts),
 * as in production; the load generator shares the machine and says how much CPU it took.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProspect, emptyProspectInput } from '../../shared/calling/prospect.ts';
import { uuidv7 } from '../../shared/core/ids.ts';
import type { LoginResponse } from '../../shared/sync/wire.ts';
import { Client } from 'pg';
import { startCluster } from '../support/postgres.ts';
import { record } from './summary.ts';
import { percentile } from './stats.ts';

export interface LoadFigures {
  store: string;
  streams: number;
  rate: number;
  achieved: number;
  pushP50: number;
  pushP95: number;
  deliveryP95: number;
  /** CPU of each server process, % of one core. */
  serverCpu: number[];
  /** Peak resident memory of each server process, MB. */
  serverRssMb: number[];
  generatorCpu: number;
  load: number;
}

const PASSWORD = 'bench-password';
const OPERATORS = 50;
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** One HTTP exchange with JSON, on the keep-alive agent. */
function json<T>(url: string, method: string, body?: unknown, token?: string): Promise<{ status: number; body: T }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      url,
      {
        method,
        agent,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : null) as T });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

interface Instance {
  url: string;
  child: ChildProcess;
}

function startInstance(env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, ['server/main.ts'], {
    env: { ...process.env, LEADLINE_LOG: '0', LEADLINE_WEB_ROOT: '', LEADLINE_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /on (http:\/\/[^\s]+)/.exec(out);
      if (match) resolve({ url: match[1]!, child });
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

/** utime + stime of a process, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}
const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** The servers of one store, seeded with demo data and `OPERATORS` operators of the bench's own. */
async function startStore(store: 'sqlite' | 'postgres'): Promise<{ instances: Instance[]; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'leadline-load-'));
  const common = {
    LEADLINE_DATA_DIR: dataDir,
    LEADLINE_TOKEN_KEY: randomBytes(32).toString('base64'),
    // Every request of the bench comes from one address.
    LEADLINE_RATE_PER_MINUTE: '10000000',
    LEADLINE_LOGINS_PER_MINUTE: '100000',
    LEADLINE_LOGINS_PER_MINUTE_TOTAL: '100000',
  };
  const cluster = store === 'postgres' ? await startCluster({ durable: true }) : null;
  const databaseUrl = cluster ? await cluster.createDatabase() : null;
  if (databaseUrl) console.log(await commitFloor(databaseUrl));
  const env = databaseUrl ? { ...common, LEADLINE_DATABASE_URL: databaseUrl } : common;
  const instances = [await startInstance({ ...env, LEADLINE_DEMO: '1' })];
  if (databaseUrl) instances.push(await startInstance(env));
  return {
    instances,
    async stop() {
      for (const i of instances) {
        i.child.kill('SIGTERM');
        await new Promise((resolve) => i.child.once('exit', resolve));
      }
      cluster?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The database's own ceiling for writes that are serialised, as Leadline's are (one writing
 * transaction at a time): one connection committing one row at a time, durably.
 */
async function commitFloor(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE TABLE commit_floor (n integer, at text)');
    const count = 300;
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      await client.query('BEGIN');
      await client.query('INSERT INTO commit_floor VALUES ($1, $2)', [i, new Date().toISOString()]);
      await client.query('COMMIT');
    }
    const perSecond = count / ((performance.now() - started) / 1000);
    await client.query('DROP TABLE commit_floor');
    return `PostgreSQL commit floor: ${perSecond.toFixed(0)} serial durable commits/s (one connection, one row each)  [load ${loadavg()[0]!.toFixed(2)}]`;
  } finally {
    await client.end();
  }
}

async function signIn(url: string, username: string): Promise<LoginResponse> {
  const res = await json<LoginResponse>(`${url}/api/auth/login`, 'POST', { username, password: PASSWORD });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return res.body;
}

async function operators(instances: Instance[]): Promise<LoginResponse[]> {
  const admin = await json<LoginResponse>(`${instances[0]!.url}/api/auth/login`, 'POST', {
    username: 'admin',
    password: 'leadline-demo',
  });
  const made: LoginResponse[] = [];
  for (let i = 0; i < OPERATORS; i++) {
    const username = `load-op-${i}`;
    const body = { username, name: `Оператор ${i}`, role: 'operator', password: PASSWORD };
    const res = await json(`${instances[0]!.url}/api/admin/users`, 'POST', body, admin.body.accessToken);
    if (res.status !== 201) throw new Error(`create ${username}: ${res.status}`);
    made.push(await signIn(instances[i % instances.length]!.url, username));
  }
  return made;
}

/** Processes of the generator that hold the streams open (tests/bench/stream-holder.ts). */
const HOLDERS = 4;

interface Holder {
  child: ChildProcess;
  next(type: string): Promise<Record<string, unknown>>;
}

function startHolder(streams: { url: string; token: string; probe: boolean }[]): Promise<Holder> {
  const child = fork(fileURLToPath(new URL('./stream-holder.ts', import.meta.url)));
  const holder: Holder = {
    child,
    next: (type) =>
      new Promise((resolve) => {
        const on = (message: Record<string, unknown>) => {
          if (message.type !== type) return;
          child.off('message', on);
          resolve(message);
        };
        child.on('message', on);
      }),
  };
  const ready = holder.next('ready');
  child.send({ type: 'start', start: { streams } });
  return ready.then(() => holder);
}

/** What each holder's probes saw so far, and the CPU it has used. */
function collect(holders: Holder[]): Promise<{ probes: [string, number][][]; cpuMs: number }[]> {
  return Promise.all(
    holders.map(async (h) => {
      const reply = h.next('collected');
      h.child.send({ type: 'collect' });
      return (await reply) as unknown as { probes: [string, number][][]; cpuMs: number };
    }),
  );
}

function newProspect(ownerId: string, name: string) {
  const built = buildProspect(
    { ...emptyProspectInput(), name, phone: '+7 495 123-45-67' },
    { id: uuidv7(), actorId: ownerId, now: Date.now() },
  );
  if (!built.ok) throw new Error('fixture');
  return { ...built.prospect, _deleted: false };
}

/** Pushes at `rate` a second for `seconds` with `streamCount` streams open; measures from outside. */
async function measure(
  store: string,
  instances: Instance[],
  ops: LoginResponse[],
  streamCount: number,
  rate: number,
  seconds: number,
  run: number,
): Promise<LoadFigures> {
  const now = () => performance.timeOrigin + performance.now();
  const assignments = Array.from({ length: streamCount }, (_, i) => ({
    url: instances[i % instances.length]!.url,
    token: ops[i % ops.length]!.accessToken,
    probe: i % 50 === 0,
  }));
  const holders = await Promise.all(
    Array.from({ length: streamCount > 0 ? HOLDERS : 0 }, (_, h) =>
      startHolder(assignments.filter((_stream, i) => i % HOLDERS === h)),
    ),
  );
  const pids = instances.map((i) => i.child.pid!);
  const cpuBefore = pids.map(cpuMs);
  const peak = pids.map(rssMb);
  const sampler = setInterval(() => pids.forEach((pid, i) => (peak[i] = Math.max(peak[i]!, rssMb(pid)))), 500);
  const generatorBefore = process.cpuUsage();
  const holdersCpuBefore = (await collect(holders)).reduce((sum, c) => sum + c.cpuMs, 0);
  const sent = new Map<string, number>();
  const answered: number[] = [];
  const pending: Promise<void>[] = [];
  const started = performance.now();
  const total = rate * seconds;
  let k = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
      for (; k < due; k++) {
        const op = ops[k % ops.length]!;
        const name = `load-${run}-${k}`;
        const doc = newProspect(op.user.id, name);
        const at = now();
        sent.set(name, at);
        const url = `${instances[k % instances.length]!.url}/api/replication/prospects/push`;
        pending.push(
          json(url, 'POST', [{ newDocumentState: doc }], op.accessToken).then((res) => {
            if (res.status !== 200) throw new Error(`push ${res.status}`);
            answered.push(now() - at);
          }),
        );
      }
      if (k >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 5);
  });
  await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  // Let the last events arrive.
  const deadline = performance.now() + 10_000;
  let collected = await collect(holders);
  while (collected.some((c) => c.probes.some((p) => p.length < total)) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    collected = await collect(holders);
  }
  clearInterval(sampler);
  const cpu = pids.map((pid, i) => (100 * (cpuMs(pid) - cpuBefore[i]!)) / (elapsed * 1000));
  const generator = process.cpuUsage(generatorBefore);
  const holdersCpuMs = collected.reduce((sum, c) => sum + c.cpuMs, 0) - holdersCpuBefore;
  const delivery: number[] = [];
  for (const probe of collected.flatMap((c) => c.probes.map((p) => new Map(p))))
    for (const [name, at] of sent) {
      const got = probe.get(name);
      delivery.push(got === undefined ? Infinity : got - at);
    }
  for (const h of holders) h.child.send({ type: 'close' });
  return {
    store,
    streams: streamCount,
    rate,
    achieved: answered.length / elapsed,
    pushP50: percentile(answered, 50),
    pushP95: percentile(answered, 95),
    deliveryP95: streamCount > 0 ? percentile(delivery, 95) : NaN,
    serverCpu: cpu,
    serverRssMb: peak,
    generatorCpu: (100 * ((generator.user + generator.system) / 1000 + holdersCpuMs)) / (elapsed * 1000),
    load: loadavg()[0]!,
  };
}

const ms = (v: number) => (Number.isNaN(v) ? '–' : Number.isFinite(v) ? `${v.toFixed(v < 10 ? 1 : 0)} ms` : 'never');

export function describeLoad(f: LoadFigures): string {
  return (
    `${f.store.padEnd(22)} ${String(f.streams).padStart(5)} streams × ${f.rate}/s: ` +
    `push p50 ${ms(f.pushP50)}, p95 ${ms(f.pushP95)}; delivery p95 ${ms(f.deliveryP95)}; ` +
    `${f.achieved.toFixed(0)}/s achieved; server CPU ${f.serverCpu.map((c) => `${c.toFixed(0)}%`).join(' + ')}, ` +
    `RSS ${f.serverRssMb.map((r) => `${r.toFixed(0)} MB`).join(' + ')}; generator CPU ${f.generatorCpu.toFixed(0)}%  [load ${f.load.toFixed(2)}]`
  );
}

/**
 * Each store (both unless `stores` says): the floor (no streams, the same rate), then `streams` ×
 * `rate`, `repeats` times.
 * Returns the loaded runs.
 */
export async function benchServerLoad(options: {
  streams: number;
  rate: number;
  seconds: number;
  repeats: number;
  stores?: readonly ('sqlite' | 'postgres')[];
}): Promise<LoadFigures[]> {
  const figures: LoadFigures[] = [];
  for (const store of options.stores ?? (['sqlite', 'postgres'] as const)) {
    const label = store === 'sqlite' ? 'SQLite, 1 instance' : 'PostgreSQL, 2 instances';
    const servers = await startStore(store);
    try {
      const ops = await operators(servers.instances);
      const floor = await measure(label, servers.instances, ops, 0, options.rate, 5, 0);
      console.log(`${describeLoad(floor)}  (the floor: no stream open)`);
      for (let run = 1; run <= options.repeats; run++) {
        const f = await measure(label, servers.instances, ops, options.streams, options.rate, options.seconds, run);
        console.log(describeLoad(f));
        record(
          store === 'sqlite' ? 'load-sqlite' : 'load-postgres',
          `push p95 ${ms(f.pushP95)}, delivery p95 ${ms(f.deliveryP95)}, ${f.achieved.toFixed(0)}/s, CPU ${f.serverCpu.map((c) => `${c.toFixed(0)}%`).join(' + ')}, RSS ${f.serverRssMb.map((r) => `${r.toFixed(0)} MB`).join(' + ')} (floor push p95 ${ms(floor.pushP95)})`,
        );
        figures.push(f);
      }
    } finally {
      await servers.stop();
    }
  }
  return figures;
}
