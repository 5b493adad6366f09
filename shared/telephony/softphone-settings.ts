import { DEFAULT_DIAL_PLAN, type DialPlan, dialPlanProblem } from './dial-plan.ts';

/** A STUN or TURN server the softphone's WebRTC may use (TURN with its credentials). */
export interface IceServer {
  urls: string;
  username: string;
  credential: string;
}

/**
 * How the desk's softphone reaches the company's PBX: set by an admin, synced to every workstation.
 * With `wsUrl` empty there is no softphone and click-to-call hands a `tel:`/`sip:` link to the OS.
 */
export interface TelephonySettings {
  /** The PBX's SIP-over-WebSocket address: `wss://pbx.example.com:8089/ws`. */
  wsUrl: string;
  /** The SIP domain users register in (`sip:<login>@<domain>`); '' for the WebSocket's host. */
  domain: string;
  iceServers: IceServer[];
  dialPlan: DialPlan;
  /** Where the PBX keeps a call's recording: `https://pbx.example.com/rec/{callId}`; '' for none. */
  recordingTemplate: string;
  /** A call still ringing this long is hung up and suggests "No answer". */
  ringSeconds: number;
}

/** A user's SIP account at the PBX (their extension), kept on the workstation, never synced. */
export interface SipCredentials {
  login: string;
  password: string;
}

/** What a SIP login may be: an extension or a user part, nothing that would change the URI. */
export const SIP_LOGIN = /^[A-Za-z0-9._+-]{1,64}$/;

export const NO_TELEPHONY: TelephonySettings = {
  wsUrl: '',
  domain: '',
  iceServers: [],
  dialPlan: DEFAULT_DIAL_PLAN,
  recordingTemplate: '',
  ringSeconds: 30,
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const ICE_SCHEMES = new Set(['stun:', 'stuns:', 'turn:', 'turns:']);
/** What a CSP source may hold: no spaces, quotes, commas or semicolons that would start a new directive. */
const CSP_SAFE = /^[A-Za-z0-9._~:/?#@!$&()+=%[\]-]+$/;
const DOMAIN = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;

/**
 * The WebSocket address as the CSP names it: scheme, host, port and path, nothing else; null when it
 * is not one. `ws:` (no TLS) only to this machine's loopback (a test bed, a local SIP proxy).
 */
export function webSocketSource(wsUrl: string): string | null {
  if (!CSP_SAFE.test(wsUrl)) return null;
  let url: URL;
  try {
    url = new URL(wsUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'wss:' && !(url.protocol === 'ws:' && LOOPBACK.has(url.hostname))) return null;
  if (url.username || url.password || url.search || url.hash) return null;
  const source = `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  return CSP_SAFE.test(source) ? source : null;
}

/** The first thing wrong with telephony settings, in words an admin can act on; null when usable. */
export function telephonyProblem(settings: TelephonySettings): string | null {
  if (!settings.wsUrl) return null;
  if (!webSocketSource(settings.wsUrl))
    return 'The PBX address must be a wss:// address (ws:// only to this computer), without user, query or fragment';
  if (settings.domain && !DOMAIN.test(settings.domain)) return 'The SIP domain must be a host name';
  for (const server of settings.iceServers) {
    const scheme = /^[a-z]+:/.exec(server.urls)?.[0] ?? '';
    if (!ICE_SCHEMES.has(scheme) || !CSP_SAFE.test(server.urls))
      return `${server.urls || 'An empty address'} is not a stun:, stuns:, turn: or turns: address`;
    if (scheme.startsWith('turn') && (!server.username || !server.credential))
      return `The TURN server ${server.urls} needs a user name and a password`;
  }
  const plan = dialPlanProblem(settings.dialPlan);
  if (plan) return plan;
  if (settings.recordingTemplate) {
    if (!settings.recordingTemplate.startsWith('https://') || !settings.recordingTemplate.includes('{callId}'))
      return 'The recording link must be an https:// address holding {callId}';
  }
  if (!Number.isInteger(settings.ringSeconds) || settings.ringSeconds < 10 || settings.ringSeconds > 120)
    return 'A call rings 10 to 120 seconds before it counts as not answered';
  return null;
}

/** Whether the desk dials through its own softphone (else: the OS's `tel:`/`sip:` hand-off). */
export function hasSoftphone(settings: TelephonySettings | undefined): settings is TelephonySettings {
  return Boolean(settings?.wsUrl) && webSocketSource(settings?.wsUrl ?? '') !== null;
}

/** The SIP domain users register in. */
export function sipDomain(settings: TelephonySettings): string {
  if (settings.domain) return settings.domain;
  try {
    return new URL(settings.wsUrl).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return '';
  }
}

/**
 * The link to a call's recording at the PBX: `{callId}` is the SIP Call-ID, `{date}` the day the
 * call was dialled (`YYYY-MM-DD`, UTC), both escaped for a URL. '' without a template or a Call-ID.
 */
export function recordingLink(template: string, call: { sipCallId: string; dialledAt: number }): string {
  if (!template || !call.sipCallId) return '';
  const date = new Date(call.dialledAt).toISOString().slice(0, 10);
  return template
    .replaceAll('{callId}', encodeURIComponent(call.sipCallId))
    .replaceAll('{date}', encodeURIComponent(date));
}
