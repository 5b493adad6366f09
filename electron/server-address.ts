import type { AddressProblem, ServerAddressState, ServerTest } from '../shared/sync/ipc.ts';
import type { HealthResponse } from '../shared/sync/wire.ts';

/**
 * Which server a workstation talks to. IT presets it for a whole deployment with `leadline.json`
 * beside the installed app (the Windows installer writes it from `/SERVER=`), optionally locked;
 * otherwise the first run asks for it, and an admin can change it later. `LEADLINE_SERVER_URL`
 * overrides everything (development, support). Anything but loopback must be https.
 */

export type AddressCheck = { ok: true; url: string } | { ok: false; problem: AddressProblem };

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The address as the app will use it (`https://leadline.example.ru`, `http://127.0.0.1:4000`), from
 * what an admin typed: a bare host name gets https; a trailing slash is dropped.
 */
export function checkServerAddress(input: string): AddressCheck {
  const text = input.trim();
  if (!text) return { ok: false, problem: 'empty' };
  if (text.length > 300) return { ok: false, problem: 'invalid' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, problem: 'invalid' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'invalid' };
  if (!url.hostname || /\s/.test(text)) return { ok: false, problem: 'invalid' };
  if (url.username || url.password) return { ok: false, problem: 'credentials' };
  if (url.search || url.hash) return { ok: false, problem: 'query' };
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) return { ok: false, problem: 'https_required' };
  return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

/** `leadline.json` beside the app, as IT writes it. */
export interface DeploymentPreset {
  serverUrl?: string;
  /** When true, the address cannot be changed on the workstation. */
  locked?: boolean;
  /** The update channel of this deployment ('stable', 'beta'). */
  channel?: string;
}

/** What this workstation remembers (`server.json` in the user's data folder). */
export interface SavedAddress {
  serverUrl: string;
  savedAt: number;
}

export type ResolvedAddress = ServerAddressState;

/** A preset read from JSON text; unreadable or odd values are ignored, never trusted. */
export function readPreset(text: string | null): DeploymentPreset {
  if (!text) return {};
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    return {
      ...(typeof raw.serverUrl === 'string' ? { serverUrl: raw.serverUrl } : {}),
      ...(raw.locked === true ? { locked: true } : {}),
      ...(typeof raw.channel === 'string' && /^[a-z][a-z0-9-]{0,20}$/.test(raw.channel)
        ? { channel: raw.channel }
        : {}),
    };
  } catch {
    return {};
  }
}

export function readSaved(text: string | null): SavedAddress | null {
  if (!text) return null;
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    if (typeof raw.serverUrl !== 'string') return null;
    const check = checkServerAddress(raw.serverUrl);
    return check.ok ? { serverUrl: check.url, savedAt: Number(raw.savedAt) || 0 } : null;
  } catch {
    return null;
  }
}

/** Which address wins: the environment, then a locked deployment, the workstation's own, the deployment's. */
export function resolveServerAddress(sources: {
  env: string | undefined;
  preset: DeploymentPreset;
  saved: SavedAddress | null;
}): ResolvedAddress {
  const env = sources.env ? checkServerAddress(sources.env) : null;
  if (env?.ok) return { url: env.url, source: 'environment', locked: true };
  const preset = sources.preset.serverUrl ? checkServerAddress(sources.preset.serverUrl) : null;
  if (preset?.ok && sources.preset.locked) return { url: preset.url, source: 'deployment', locked: true };
  if (sources.saved) return { url: sources.saved.serverUrl, source: 'workstation', locked: false };
  if (preset?.ok) return { url: preset.url, source: 'deployment', locked: false };
  return { url: null, source: 'none', locked: false };
}

export type ConnectionTest = ServerTest;

/** Asks the address for `/api/health`: it must answer as a Leadline server, within `timeoutMs`. */
export async function testServerAddress(
  input: string,
  fetchFn: (url: string, init: { signal: AbortSignal }) => Promise<Response>,
  timeoutMs = 8000,
): Promise<ConnectionTest> {
  const check = checkServerAddress(input);
  if (!check.ok) return check;
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetchFn(`${check.url}/api/health`, { signal });
  } catch {
    return { ok: false, problem: signal.aborted ? 'timeout' : 'unreachable' };
  }
  const body = (await response.json().catch(() => null)) as Partial<HealthResponse> | null;
  if (!response.ok || body?.product !== 'leadline' || typeof body.version !== 'string') {
    return { ok: false, problem: 'not_leadline' };
  }
  return { ok: true, url: check.url, name: String(body.name ?? '').slice(0, 80), version: body.version.slice(0, 40) };
}
