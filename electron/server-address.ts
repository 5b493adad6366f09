import { RELEASE_CHANNEL, type ServerAddressState } from '../shared/sync/ipc.ts';
import { checkServerAddress } from '../shared/sync/server-address.ts';

/**
 * Which server a workstation talks to. IT presets it for a whole deployment with `leadline.json`
 * beside the installed app (the Windows installer writes it from `/SERVER=`), optionally locked;
 * otherwise the first run asks for it, and an admin can change it later. `LEADLINE_SERVER_URL`
 * overrides everything (development, support). Anything but loopback must be https.
 */

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
      ...(typeof raw.channel === 'string' && RELEASE_CHANNEL.test(raw.channel) ? { channel: raw.channel } : {}),
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
