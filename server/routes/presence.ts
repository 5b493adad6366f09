import type { FastifyInstance } from 'fastify';
import { floorEntry, type PresenceRecord } from '../../shared/figures/floor.ts';
import { PRESENCE_REPORT_SCHEMA } from '../../shared/sync/ipc.ts';
import type { FloorEntry, PresenceReport } from '../../shared/sync/wire.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { DocStore } from '../storage/doc-store.ts';
import type { StreamHub } from '../stream-hub.ts';
import { requireRole } from './auth.ts';

/** What one instance tells the others about the floor. */
export type PresenceNews =
  | { kind: 'report'; userId: string; report: PresenceReport; at: number }
  | { kind: 'seen'; userId: string; at: number }
  | { kind: 'streams'; userIds: string[]; at: number };

/** How often an instance tells the others who streams through it, and how long that holds. */
export const STREAMS_TOLD_EVERY_MS = 15_000;
const STREAMS_HOLD_MS = 3 * STREAMS_TOLD_EVERY_MS;
/** A workstation's pulls and pushes are told to the others at most this often. */
const SEEN_TOLD_EVERY_MS = 10_000;

/**
 * Who is doing what on the floor. Kept in memory: it is live state, not data, and a restarted
 * server learns it again from the next reports (every 30 s) and the reopened streams. With several
 * instances, each tells the others what it hears (`tell`), so a supervisor's floor is whole
 * whichever instance answers it.
 */
export class Presence {
  readonly #records = new Map<string, PresenceRecord>();
  readonly #toldSeen = new Map<string, number>();
  /** Users streaming through another instance, and when that was last told. */
  readonly #streamingElsewhere = new Map<string, number>();
  readonly #tell: (news: PresenceNews) => void;

  constructor(tell: (news: PresenceNews) => void = () => undefined) {
    this.#tell = tell;
  }

  report(userId: string, report: PresenceReport, now: number): void {
    this.#records.set(userId, { report, seenAt: now });
    this.#tell({ kind: 'report', userId, report, at: now });
  }

  /** Any authenticated exchange (pull, push) shows the workstation is there. */
  touch(userId: string, now: number): void {
    this.#seen(userId, now);
    if (now - (this.#toldSeen.get(userId) ?? 0) < SEEN_TOLD_EVERY_MS) return;
    this.#toldSeen.set(userId, now);
    this.#tell({ kind: 'seen', userId, at: now });
  }

  /** Tells the others who streams through this instance (every STREAMS_TOLD_EVERY_MS). */
  tellStreams(streaming: ReadonlySet<string>, now: number): void {
    const ids = [...streaming];
    // A notification carries under 8 kB: a few hundred ids at a time.
    for (let i = 0; i < ids.length; i += 150) this.#tell({ kind: 'streams', userIds: ids.slice(i, i + 150), at: now });
  }

  /** What another instance told. */
  hear(news: PresenceNews): void {
    if (news.kind === 'report') {
      const known = this.#records.get(news.userId);
      if (!known || known.seenAt <= news.at) this.#records.set(news.userId, { report: news.report, seenAt: news.at });
    } else if (news.kind === 'seen') {
      this.#seen(news.userId, news.at);
    } else {
      for (const id of news.userIds) this.#streamingElsewhere.set(id, news.at);
    }
  }

  #seen(userId: string, at: number): void {
    const record = this.#records.get(userId);
    if (record && record.seenAt > at) return;
    this.#records.set(userId, { report: record?.report ?? null, seenAt: at });
  }

  floor(userIds: readonly string[], streamingHere: ReadonlySet<string>, now: number): FloorEntry[] {
    const streaming = (id: string) =>
      streamingHere.has(id) || now - (this.#streamingElsewhere.get(id) ?? 0) < STREAMS_HOLD_MS;
    return userIds.map((id) => floorEntry(id, this.#records.get(id), streaming(id), now));
  }
}

export function presenceRoutes(
  app: FastifyInstance,
  deps: { auth: AuthService; docs: DocStore; hub: StreamHub; presence: Presence },
): void {
  app.post<{ Body: PresenceReport }>(
    '/api/presence',
    { schema: { body: PRESENCE_REPORT_SCHEMA } },
    async (request, reply) => {
      const who = await deps.auth.authenticate(request.headers.authorization);
      deps.presence.report(who.actor.id, request.body, Date.now());
      return reply.code(204).send();
    },
  );

  app.get('/api/floor', async (request): Promise<FloorEntry[]> => {
    const who = await deps.auth.authenticate(request.headers.authorization);
    requireRole(who.actor.role, 'supervisor', 'admin');
    const users = (await deps.docs.all('users')).filter((u) => !u._deleted && u.active === true);
    return deps.presence.floor(
      users.map((u) => String(u.id)),
      deps.hub.streamingUsers(),
      Date.now(),
    );
  });
}
