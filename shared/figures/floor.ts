import type { FloorEntry, PresenceReport } from '../sync/wire.ts';

/** A workstation that has neither a stream open nor reported within this long is offline. */
export const PRESENCE_TIMEOUT_MS = 90_000;
/** How often a workstation reports while nothing changes. */
export const PRESENCE_HEARTBEAT_MS = 30_000;

export interface PresenceRecord {
  report: PresenceReport | null;
  /** UTC ms of the last report or sync request. */
  seenAt: number;
}

/** The floor view's line for one user, from what the server last heard and whether a stream is open. */
export function floorEntry(
  userId: string,
  record: PresenceRecord | undefined,
  streamOpen: boolean,
  now: number,
): FloorEntry {
  const seenAt = record?.seenAt ?? 0;
  const report = record?.report ?? null;
  const lastSyncAt = Math.max(report?.lastSyncAt ?? 0, streamOpen ? now : 0);
  const fresh = streamOpen || (seenAt > 0 && now - seenAt <= PRESENCE_TIMEOUT_MS);
  if (!fresh) {
    const pending = report?.pending ?? 0;
    return { userId, state: 'offline', since: seenAt, pending, lastSyncAt, lastSeenAt: seenAt, pause: '' };
  }
  return {
    userId,
    state: report?.state ?? 'idle',
    since: report?.since ?? seenAt,
    pending: report?.pending ?? 0,
    lastSyncAt,
    lastSeenAt: streamOpen ? now : seenAt,
    pause: report?.state === 'paused' ? (report.pause ?? '') : '',
  };
}
