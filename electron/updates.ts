import { RELEASE_CHANNEL } from '../shared/sync/ipc.ts';

/**
 * Updates come from a generic feed the company's own server serves (`<server>/updates/<channel>/`,
 * a folder of release files from `npm run dist`), on the deployment's channel. They download in the
 * background and install when the app quits or the next time it starts; an operator may install one
 * at once, but never in the middle of a call or with work not yet sent to the server.
 */

export interface WorkState {
  /** A call is up or being wrapped up. */
  inCall: boolean;
  /** Local changes the server has not confirmed yet. */
  unsent: number;
}

export type InstallGate = { ok: true } | { ok: false; reason: 'in_call' | 'unsent_work' | 'nothing_ready' };

/** Whether an update may be installed now (the app restarts to do it). */
export function mayInstallNow(work: WorkState, ready: string | null): InstallGate {
  if (!ready) return { ok: false, reason: 'nothing_ready' };
  if (work.inCall) return { ok: false, reason: 'in_call' };
  if (work.unsent > 0) return { ok: false, reason: 'unsent_work' };
  return { ok: true };
}

/** The feed of a server and channel; null without a server (no updates until one is set). */
export function updateFeed(serverUrl: string | null, channel: string): string | null {
  if (!serverUrl) return null;
  return `${serverUrl}/updates/${RELEASE_CHANNEL.test(channel) ? channel : 'stable'}/`;
}
