import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { freePort } from './ports.ts';
import { baresipConfig, KAMAILIO_MODULES, kamailioConfig, type Phone } from './sip-config.ts';
import path from 'node:path';

/**
 * A real SIP test bed from Debian's packages (`.ci/run` installs them), started and stopped by the
 * tests on loopback:
 *  - Kamailio: registrar and SIP-over-WebSocket proxy (the browser's JsSIP registers over ws://);
 *  - rtpengine in user space: turns the browser's WebRTC media (ICE, DTLS-SRTP, rtcp-mux) into the
 *    plain RTP a desk phone speaks, as a PBX's media gateway does;
 *  - baresip as the prospects' phones, one process per behaviour: one answers after a ring and plays
 *    a 440 Hz tone, one answers "486 Busy" to every call, one rings and never answers.
 * The bed has no authentication: any user may register (docs/telephony.md says how a real PBX does it).
 */
export interface SipTestBed {
  /** The WebSocket address the softphone registers to. */
  wsUrl: string;
  /** The SIP domain of the bed (its loopback address). */
  domain: string;
  /** Waits until every prospect's phone is registered. */
  ready(): Promise<void>;
  /** How many calls the answering phone accepted. */
  answered(): number;
  /** The tones the answering phone heard (RFC 4733 or SIP INFO), in order. */
  tones(): string;
  /** The answering phone calls `user` (the operator's extension); resolves with how the call ended. */
  callUser(user: string): Promise<string>;
  stop(): void;
}

export interface SipTestBedNumbers {
  /** Users (dial strings) that answer after a ring and play a tone. */
  answers: string[];
  /** Users that reply 486 Busy. */
  busy: string[];
  /** Users that ring and never answer. */
  never: string[];
  /** How long the answering phone rings before it answers, ms. */
  ringMs?: number;
}

const KAMAILIO = '/usr/sbin/kamailio';
const RTPENGINE = '/usr/bin/rtpengine';
const BARESIP = '/usr/bin/baresip';
export function sipTestBedInstalled(): boolean {
  return [KAMAILIO, RTPENGINE, BARESIP, path.join(KAMAILIO_MODULES, 'websocket.so')].every((file) => existsSync(file));
}

/** A free port whose next one (baresip's TLS port) is free too, for UDP and TCP. */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = await freePort('udp');
    if (port > 65_000) continue;
    try {
      await Promise.all([bindTcp(port), bindTcp(port + 1)]);
      return port;
    } catch {
      // taken: try another
    }
  }
  throw new Error('no free port pair on loopback');
}

function bindTcp(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/** baresip's ctrl_tcp speaks JSON in netstrings: `12:{"a":"b"},`. */
function netstring(payload: object): string {
  const text = JSON.stringify(payload);
  return `${Buffer.byteLength(text)}:${text},`;
}

function readNetstrings(buffer: string): { messages: Record<string, unknown>[]; rest: string } {
  const messages: Record<string, unknown>[] = [];
  let rest = buffer;
  for (;;) {
    const colon = rest.indexOf(':');
    if (colon < 0) break;
    const length = Number(rest.slice(0, colon));
    if (rest.length < colon + 1 + length + 1) break;
    messages.push(JSON.parse(rest.slice(colon + 1, colon + 1 + length)) as Record<string, unknown>);
    rest = rest.slice(colon + 1 + length + 1);
  }
  return { messages, rest };
}

interface PhoneControl {
  ask(command: Record<string, string>): Promise<Record<string, unknown>>;
  close(): void;
}

/** Connects to a phone's ctrl_tcp (retrying while baresip starts); `onMessage` sees its events. */
async function controlPhone(
  port: number,
  onMessage: (message: Record<string, unknown>, send: (command: Record<string, string>) => void) => void,
): Promise<PhoneControl> {
  const deadline = Date.now() + 10_000;
  let socket: Socket;
  for (;;) {
    try {
      socket = await new Promise<Socket>((resolve, reject) => {
        const attempt = connect(port, '127.0.0.1', () => resolve(attempt));
        attempt.once('error', reject);
      });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  let token = 0;
  const waiting = new Map<string, (answer: Record<string, unknown>) => void>();
  const send = (command: Record<string, string>): void => {
    token += 1;
    socket.write(netstring({ params: '', token: String(token), ...command }));
  };
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    const read = readNetstrings(buffer + chunk);
    buffer = read.rest;
    for (const message of read.messages) {
      if (message.response && typeof message.token === 'string') waiting.get(message.token)?.(message);
      else onMessage(message, send);
    }
  });
  return {
    ask: (command) =>
      new Promise((resolve) => {
        send(command);
        waiting.set(String(token), resolve);
      }),
    close: () => socket.destroy(),
  };
}

/** Whether something accepts TCP connections on the loopback port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function started(child: ChildProcess, name: string, log: string[]): void {
  child.stdout?.on('data', (chunk: Buffer) => log.push(`${name}: ${chunk.toString()}`));
  child.stderr?.on('data', (chunk: Buffer) => log.push(`${name}: ${chunk.toString()}`));
}

async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  log: string[],
  ms = 15_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`SIP test bed: ${what} timed out\n${log.join('').slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function startSipTestBed(numbers: SipTestBedNumbers): Promise<SipTestBed> {
  if (!sipTestBedInstalled()) {
    throw new Error(
      'The SIP test bed needs kamailio, kamailio-websocket-modules, rtpengine-daemon and baresip-core (.ci/run installs them)',
    );
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'leadline-sip-'));
  const log: string[] = [];
  const children: ChildProcess[] = [];
  const controls: (PhoneControl | undefined)[] = [];
  const stop = (): void => {
    for (const control of controls) control?.close();
    for (const child of children.toReversed()) child.kill('SIGTERM');
    for (const file of ['kamailio.pid', 'rtpengine.pid']) {
      const pidFile = path.join(dir, file);
      if (!existsSync(pidFile)) continue;
      try {
        process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGTERM');
      } catch {
        // gone already
      }
    }
    if (process.env.LEADLINE_SIP_LOG) writeFileSync(process.env.LEADLINE_SIP_LOG, log.join(''));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    return await start(numbers, { dir, log, children, controls, stop });
  } catch (error) {
    stop();
    throw error;
  }
}

async function start(
  numbers: SipTestBedNumbers,
  bed: {
    dir: string;
    log: string[];
    children: ChildProcess[];
    controls: (PhoneControl | undefined)[];
    stop(): void;
  },
): Promise<SipTestBed> {
  const { dir, log, children } = bed;
  const [sipPort, wsPort, ngPort] = [await freePort('udp'), await freePort('tcp'), await freePort('udp')];
  // A thousand media ports (a call takes four, held a while after it ends), apart for each bed.
  const mediaBase = 20_000 + Math.floor(Math.random() * 40) * 1_000;

  const rtpengine = spawn(
    RTPENGINE,
    [
      '--foreground',
      '--log-stderr',
      '--table=-1',
      '--interface=127.0.0.1',
      `--listen-ng=127.0.0.1:${ngPort}`,
      `--port-min=${mediaBase}`,
      `--port-max=${mediaBase + 999}`,
      '--delete-delay=0',
      '--log-level=6',
      `--pidfile=${path.join(dir, 'rtpengine.pid')}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  started(rtpengine, 'rtpengine', log);
  children.push(rtpengine);
  await waitFor(() => log.join('').includes('Startup complete'), 'rtpengine start', log);

  const cfg = path.join(dir, 'kamailio.cfg');
  writeFileSync(cfg, kamailioConfig({ dir, sipPort, wsPort, ngPort }));
  const kamailio = spawn(KAMAILIO, ['-f', cfg, '-P', path.join(dir, 'kamailio.pid'), '-E', '-DD'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started(kamailio, 'kamailio', log);
  children.push(kamailio);
  await waitFor(() => listening(wsPort), 'Kamailio start', log);

  const phones: Phone[] = [
    { users: numbers.answers, ctrlPort: await freePort('tcp') },
    { users: numbers.busy, busy: true, ctrlPort: await freePort('tcp') },
    { users: numbers.never, ctrlPort: await freePort('tcp') },
  ];
  for (const [index, phone] of phones.entries()) {
    if (!phone.users.length) continue;
    const phoneDir = path.join(dir, `phone${index}`);
    baresipConfig(phoneDir, await freePortPair(), sipPort, phone);
    const child = spawn(BARESIP, ['-f', phoneDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    started(child, `baresip${index}`, log);
    children.push(child);
  }

  let accepted = 0;
  let heard = '';
  const closed: ((reason: string) => void)[] = [];
  const ringMs = numbers.ringMs ?? 1_500;
  bed.controls.push(
    ...(await Promise.all(
      phones.map((phone) =>
        phone.users.length
          ? controlPhone(phone.ctrlPort, (message, send) => {
              // What the answering phone hears and how its own calls end.
              if (phone === phones[0] && message.event && message.type === 'CALL_DTMF_START')
                heard += String(message.param ?? '');
              if (phone === phones[0] && message.event && message.type === 'CALL_CLOSED')
                closed.shift()?.(String(message.param ?? ''));
              if (!(message.event && message.type === 'CALL_INCOMING')) return;
              if (phone.busy) {
                // A line that is busy answers at once: baresip rejects with 486 Busy Here.
                setTimeout(() => send({ command: 'hangup' }), 200);
              } else if (phone === phones[0]) {
                setTimeout(() => {
                  accepted += 1;
                  send({ command: 'accept' });
                }, ringMs);
              }
            })
          : undefined,
      ),
    )),
  );
  const { controls } = bed;
  const registered = async (): Promise<boolean> => {
    const answers = await Promise.all(controls.map((control) => control?.ask({ command: 'reginfo' })));
    return phones.every((phone, index) => {
      const text = String(answers[index]?.data ?? '');
      return phone.users.every((user) => new RegExp(`${user.replace(/[+]/g, '\\+')}@[^\\n]*OK`).test(text));
    });
  };

  return {
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    domain: '127.0.0.1',
    ready: () => waitFor(registered, 'registration of the phones', log),
    answered: () => accepted,
    tones: () => heard,
    callUser: async (user) => {
      const ended = new Promise<string>((resolve) => closed.push(resolve));
      await controls[0]?.ask({ command: 'dial', params: `sip:${user}@127.0.0.1:${sipPort}` });
      return ended;
    },
    stop: bed.stop,
  };
}
