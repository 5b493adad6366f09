import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { freePort } from './ports.ts';
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
/** Kamailio's modules, under the machine's multiarch folder (`/usr/lib/x86_64-linux-gnu/…`). */
const KAMAILIO_MODULES =
  ['/usr/lib', ...(existsSync('/usr/lib') ? readdirSync('/usr/lib').map((d) => path.join('/usr/lib', d)) : [])]
    .map((dir) => path.join(dir, 'kamailio', 'modules'))
    .find((dir) => existsSync(path.join(dir, 'websocket.so'))) ?? '/usr/lib/x86_64-linux-gnu/kamailio/modules';
const BARESIP_MODULES = '/usr/lib/baresip/modules';

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

function kamailioConfig(options: { dir: string; sipPort: number; wsPort: number; ngPort: number }): string {
  return `#!KAMAILIO
debug=2
log_stderror=yes
fork=yes
children=2
tcp_children=2
auto_aliases=no
listen=udp:127.0.0.1:${options.sipPort}
listen=tcp:127.0.0.1:${options.wsPort}
tcp_accept_no_cl=yes
mpath="${KAMAILIO_MODULES}/"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "sanity.so"
loadmodule "xhttp.so"
loadmodule "websocket.so"
loadmodule "nathelper.so"
loadmodule "rtpengine.so"
loadmodule "ctl.so"
modparam("ctl", "binrpc", "unix:${options.dir}/kamailio_ctl")
modparam("usrloc", "db_mode", 0)
modparam("nathelper|registrar", "received_avp", "$avp(RECEIVED)")
modparam("rtpengine", "rtpengine_sock", "udp:127.0.0.1:${options.ngPort}")

request_route {
  xlog("L_INFO", "request $rm $proto $ru\n");
  if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
  if (nat_uac_test("64")) {
    force_rport();
    if (is_method("REGISTER")) fix_nated_register(); else set_contact_alias();
  }
  if (has_totag()) {
    if (loose_route()) {
      handle_ruri_alias();
      if (is_method("BYE")) rtpengine_delete();
      else if (has_body("application/sdp")) route(MEDIA);
      t_on_reply("REPLY");
      t_relay();
      exit;
    }
    if (is_method("ACK")) { if (t_check_trans()) t_relay(); exit; }
    sl_send_reply("404", "Not here"); exit;
  }
  if (is_method("CANCEL")) { if (t_check_trans()) { rtpengine_delete(); t_relay(); } exit; }
  if (is_method("REGISTER")) { save("location"); exit; }
  record_route();
  if (!lookup("location")) { sl_send_reply("404", "Not Found"); exit; }
  if (is_method("INVITE") && has_body("application/sdp")) route(MEDIA);
  t_on_reply("REPLY");
  t_on_failure("FAILED");
  t_relay();
  exit;
}

# The browser's leg speaks WebRTC (ICE, DTLS-SRTP, rtcp-mux); the phones speak plain RTP.
route[MEDIA] {
  if ($proto =~ "ws") {
    rtpengine_manage("replace-origin replace-session-connection ICE=remove RTP/AVP rtcp-mux-demux");
  } else {
    rtpengine_manage("replace-origin replace-session-connection ICE=force RTP/SAVPF rtcp-mux-offer");
  }
}

onreply_route[REPLY] {
  xlog("L_INFO", "reply $rs $proto\n");
  if (has_body("application/sdp")) {
    if ($proto =~ "ws") {
      rtpengine_manage("replace-origin replace-session-connection ICE=remove RTP/AVP rtcp-mux-demux");
    } else {
      rtpengine_manage("replace-origin replace-session-connection ICE=force RTP/SAVPF rtcp-mux-require");
    }
  }
}

failure_route[FAILED] {
  rtpengine_delete();
}

event_route[xhttp:request] {
  if ($hdr(Upgrade) =~ "websocket" && $hdr(Connection) =~ "Upgrade" && $rm =~ "GET") {
    if (ws_handle_handshake()) exit;
  }
  xhttp_reply("404", "Not Found", "", "");
}
`;
}

interface Phone {
  users: string[];
  busy?: boolean;
  ctrlPort: number;
}

function baresipConfig(dir: string, sipPort: number, sipDomainPort: number, phone: Phone): void {
  mkdirSync(dir, { recursive: true });
  const modules = ['g711.so', 'ausine.so', 'aufile.so'];
  modules.push('menu.so', 'ctrl_tcp.so');
  writeFileSync(
    path.join(dir, 'config'),
    [
      `sip_listen 127.0.0.1:${sipPort}`,
      `module_path ${BARESIP_MODULES}`,
      ...modules.map((module) => `module ${module}`),
      `module_app account.so`,
      'audio_source ausine,440',
      'ausrc_srate 48000',
      'auplay_srate 48000',
      'ausrc_channels 2',
      'auplay_channels 2',
      `audio_player aufile,${path.join(dir, 'heard.wav')}`,
      'audio_alert aufile,/dev/null',
      'call_max_calls 4',
      'net_interface 127.0.0.1',
      ...(phone.ctrlPort ? [`ctrl_tcp_listen 127.0.0.1:${phone.ctrlPort}`] : []),
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'accounts'),
    phone.users
      .map(
        (user) => `<sip:${user}@127.0.0.1:${sipDomainPort};transport=udp>;auth_pass=none;answermode=manual;regint=600`,
      )
      .join('\n') + '\n',
  );
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
