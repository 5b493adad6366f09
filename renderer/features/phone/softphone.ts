import type { UA } from 'jssip';
import { create } from 'zustand';
import type { CallDial } from '../../../shared/telephony/call-events.ts';
import {
  type SipCredentials,
  sipDomain,
  type TelephonySettings,
} from '../../../shared/telephony/softphone-settings.ts';
import { answered, dialled, ended, type PhoneCall, ringing, withCallId } from './phone-call.ts';

/**
 * The desk's softphone: JsSIP (SIP over WebSocket, WebRTC audio) registered to the company's PBX.
 * One per window; the state the screens show lives in `usePhoneStore`. JsSIP is loaded only when a
 * PBX is set up, so a desk without one never downloads it.
 */
export type Registration = 'off' | 'connecting' | 'registered' | 'failed';

/** The audio devices this workstation chose ('' for the system's default). */
export interface AudioChoice {
  input: string;
  output: string;
}

interface PhoneState {
  registration: Registration;
  /** Why registration failed, in the PBX's words. */
  problem: string;
  call: PhoneCall | null;
  /** Peak level of the prospect's audio, 0–1, while a call is up. */
  remoteLevel: number;
}

export const usePhoneStore = create<PhoneState>(() => ({
  registration: 'off',
  problem: '',
  call: null,
  remoteLevel: 0,
}));

const DEVICES_KEY = 'leadline.audioDevices';

export function audioChoice(): AudioChoice {
  try {
    const saved = JSON.parse(localStorage.getItem(DEVICES_KEY) ?? '{}') as Partial<AudioChoice>;
    return { input: saved.input ?? '', output: saved.output ?? '' };
  } catch {
    return { input: '', output: '' };
  }
}

export function saveAudioChoice(choice: AudioChoice): void {
  localStorage.setItem(DEVICES_KEY, JSON.stringify(choice));
  void remoteAudio?.setSinkId?.(choice.output).catch(() => undefined);
}

let ua: UA | null = null;
let session: RTCSession | null = null;
let connectedWith = '';
let ringTimer: ReturnType<typeof setTimeout> | undefined;
let levelTimer: ReturnType<typeof setInterval> | undefined;
let audioContext: AudioContext | null = null;
let remoteAudio: (HTMLAudioElement & { setSinkId?(id: string): Promise<void> }) | null = null;
let onDial: ((dial: CallDial) => void) | null = null;

type RTCSession = ReturnType<UA['call']>;

const set = (patch: Partial<PhoneState>) => usePhoneStore.setState(patch);

function update(change: (call: PhoneCall) => PhoneCall): void {
  const current = usePhoneStore.getState().call;
  if (!current) return;
  const next = change(current);
  if (next === current) return;
  set({ call: next });
  onDial?.(next.dial);
}

/** Registers to the PBX with these settings and credentials (again, when either changed). */
export async function connectPhone(settings: TelephonySettings, credentials: SipCredentials): Promise<void> {
  const key = JSON.stringify([settings.wsUrl, settings.domain, credentials.login, credentials.password]);
  if (ua && key === connectedWith) return;
  disconnectPhone();
  connectedWith = key;
  set({ registration: 'connecting', problem: '' });
  const JsSIP = await import('jssip');
  if (connectedWith !== key) return;
  const socket = new JsSIP.WebSocketInterface(settings.wsUrl);
  const agent = new JsSIP.UA({
    sockets: [socket],
    uri: `sip:${credentials.login}@${sipDomain(settings)}`,
    authorization_user: credentials.login,
    password: credentials.password,
    register: true,
    session_timers: false,
    user_agent: 'Leadline',
    connection_recovery_min_interval: 2,
    connection_recovery_max_interval: 30,
  });
  // Only the current agent speaks: a stopped one's late "unregistered" must not undo the new one's state.
  const current = () => ua === agent;
  agent.on('registered', () => current() && set({ registration: 'registered', problem: '' }));
  agent.on('unregistered', () => current() && set({ registration: 'connecting' }));
  agent.on('registrationFailed', (e: { cause?: string }) => {
    if (current()) set({ registration: 'failed', problem: e.cause ?? '' });
  });
  agent.on('disconnected', () => current() && set({ registration: 'connecting' }));
  // The desk places calls; it does not take them: a call to the operator's extension is turned away
  // at once (480), so the PBX sends it on to its queue or voicemail instead of ringing nobody.
  agent.on('newRTCSession', (e: { originator: string; session: RTCSession }) => {
    if (e.originator === 'remote') e.session.terminate({ status_code: 480, reason_phrase: 'Temporarily Unavailable' });
  });
  ua = agent;
  agent.start();
}

export function disconnectPhone(): void {
  connectedWith = '';
  if (session && !session.isEnded()) session.terminate();
  ua?.stop();
  ua = null;
  set({ registration: 'off', problem: '' });
}

let ringback: { context: AudioContext; timer: ReturnType<typeof setInterval> } | null = null;

/**
 * The ringing tone while the far end rings and sends no sound of its own: 425 Hz, one second on and
 * four off, as Russian and most European networks ring. Stops at the answer or the end.
 */
function startRingback(): void {
  if (ringback || typeof AudioContext === 'undefined') return;
  const context = new AudioContext();
  const gain = context.createGain();
  gain.gain.value = 0;
  const tone = context.createOscillator();
  tone.frequency.value = 425;
  tone.connect(gain).connect(context.destination);
  tone.start();
  const ring = () => {
    gain.gain.setValueAtTime(0.08, context.currentTime);
    gain.gain.setValueAtTime(0, context.currentTime + 1);
  };
  ring();
  ringback = { context, timer: setInterval(ring, 5_000) };
}

function stopRingback(): void {
  if (!ringback) return;
  clearInterval(ringback.timer);
  void ringback.context.close().catch(() => undefined);
  ringback = null;
}

function stopLevel(): void {
  clearInterval(levelTimer);
  levelTimer = undefined;
  void audioContext?.close().catch(() => undefined);
  audioContext = null;
  set({ remoteLevel: 0 });
}

/** Plays the prospect's audio on the chosen device and measures its level for the meter. */
function playRemote(stream: MediaStream): void {
  remoteAudio ??= Object.assign(document.createElement('audio'), { autoplay: true });
  remoteAudio.srcObject = stream;
  const output = audioChoice().output;
  if (output) void remoteAudio.setSinkId?.(output).catch(() => undefined);
  void remoteAudio.play().catch(() => undefined);
  stopLevel();
  audioContext = new AudioContext();
  const analyser = audioContext.createAnalyser();
  audioContext.createMediaStreamSource(stream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  levelTimer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let peak = 0;
    for (const sample of samples) peak = Math.max(peak, Math.abs(sample));
    set({ remoteLevel: Math.round(peak * 100) / 100 });
  }, 100);
}

/**
 * Dials `number` (already through the dial plan). `changed` hears every change of the call's events,
 * so the call screen keeps them on the call it is writing. Refuses while another call is up.
 */
export function dial(number: string, settings: TelephonySettings, changed: (dial: CallDial) => void): boolean {
  const current = usePhoneStore.getState().call;
  if (!ua || usePhoneStore.getState().registration !== 'registered') return false;
  if (current && current.status !== 'ended') return false;
  onDial = changed;
  const call = dialled(number, Date.now());
  set({ call });
  changed(call.dial);
  const input = audioChoice().input;
  const target = `sip:${number}@${sipDomain(settings)}`;
  const placed = ua.call(target, {
    mediaConstraints: { audio: input ? { deviceId: { exact: input } } : true, video: false },
    pcConfig: {
      iceServers: settings.iceServers.map((s) =>
        s.username ? { urls: s.urls, username: s.username, credential: s.credential } : { urls: s.urls },
      ),
    },
    sessionTimersExpires: 120,
  });
  session = placed;
  // JsSIP sends the INVITE once ICE gathering is complete, which an unreachable STUN server stretches
  // to many seconds. It goes sooner: at the first address a STUN or TURN server gave, or a moment after
  // the first local one (at once, near enough, without such servers: a LAN PBX needs no more).
  let gathered: ReturnType<typeof setTimeout> | undefined;
  placed.on('icecandidate', (e: { candidate: RTCIceCandidate; ready(): void }) => {
    if (/ typ (srflx|relay)/.test(e.candidate.candidate)) e.ready();
    else gathered ??= setTimeout(() => e.ready(), settings.iceServers.length > 0 ? 1_000 : 50);
  });
  placed.on('sdp', () => clearTimeout(gathered));
  placed.on('sending', (e: { request: { call_id: string } }) => update((c) => withCallId(c, e.request.call_id)));
  placed.on('progress', (e: { response?: { body?: string } }) => {
    update(ringing);
    // 183 with the network's own sound (early media) plays as it is; a bare 180 gets our ringing tone.
    if (!e.response?.body) startRingback();
  });
  placed.on('accepted', () => {
    clearTimeout(ringTimer);
    stopRingback();
    update((c) => answered(c, Date.now()));
  });
  // JsSIP made the peer connection inside call(): the prospect's audio arrives on it.
  placed.connection?.addEventListener('track', (event) => {
    playRemote(event.streams[0] ?? new MediaStream([event.track]));
  });
  let rangOut = false;
  const finish = (e: { originator: string; cause: string; message: unknown }) => {
    clearTimeout(ringTimer);
    stopRingback();
    stopLevel();
    // A response (486 Busy Here…) carries the code; a request (the prospect's BYE) does not.
    const code = (e.message as { status_code?: unknown } | null)?.status_code;
    update((c) =>
      ended(c, {
        at: Date.now(),
        originator: e.originator,
        code: typeof code === 'number' && code >= 300 ? code : undefined,
        // The desk's own ring timeout: JsSIP calls it "Canceled"; it is the prospect not answering.
        cause: rangOut ? 'No Answer' : e.cause,
      }),
    );
    session = null;
  };
  placed.on('failed', finish);
  placed.on('ended', finish);
  // Nobody answers: the desk hangs up after the ring time and the call suggests "No answer".
  ringTimer = setTimeout(() => {
    if (session === placed && !placed.isEstablished() && !placed.isEnded()) {
      rangOut = true;
      placed.terminate();
    }
  }, settings.ringSeconds * 1000);
  return true;
}

export function hangUp(): void {
  if (session && !session.isEnded()) session.terminate();
}

/** Hangs up a call still up and waits (a moment at most) for its end to be recorded. */
export async function hangUpAndWait(ms = 2_000): Promise<void> {
  const live = () => {
    const call = usePhoneStore.getState().call;
    return call !== null && call.status !== 'ended';
  };
  if (!live()) return;
  hangUp();
  const deadline = Date.now() + ms;
  while (live() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

export function toggleMute(): void {
  const call = usePhoneStore.getState().call;
  if (!session || call?.status !== 'talking') return;
  if (call.muted) session.unmute({ audio: true });
  else session.mute({ audio: true });
  update((c) => ({ ...c, muted: !c.muted }));
}

export function toggleHold(): void {
  const call = usePhoneStore.getState().call;
  if (!session || call?.status !== 'talking') return;
  const done = call.held ? session.unhold() : session.hold();
  if (done) update((c) => ({ ...c, held: !c.held }));
}

/** Sends tones to the far end (an IVR menu at the prospect's switchboard, an extension). */
export function sendDtmf(tones: string): void {
  if (session && usePhoneStore.getState().call?.status === 'talking' && /^[\d*#]+$/.test(tones)) {
    // In the media (RFC 4733), which every PBX passes on to the far end's IVR; SIP INFO often stops at the PBX.
    const transportType = 'RFC2833' as NonNullable<Parameters<RTCSession['sendDTMF']>[1]>['transportType'];
    session.sendDTMF(tones, { duration: 120, interToneGap: 80, transportType });
  }
}

/** The finished call is put away (its events are on the call document by now). */
export function clearCall(): void {
  const call = usePhoneStore.getState().call;
  if (call && call.status !== 'ended') return;
  onDial = null;
  set({ call: null });
}
