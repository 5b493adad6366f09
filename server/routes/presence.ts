import type { FastifyInstance } from 'fastify';
import { floorEntry, type PresenceRecord } from '../../shared/figures/floor.ts';
import { PRESENCE_REPORT_SCHEMA } from '../../shared/sync/ipc.ts';
import type { FloorEntry, PresenceReport } from '../../shared/sync/wire.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { DocStore } from '../storage/doc-store.ts';
import type { StreamHub } from '../stream-hub.ts';
import { requireRole } from './auth.ts';

/**
 * Who is doing what on the floor. Kept in memory: it is live state, not data, and a restarted
 * server learns it again from the next reports (every 30 s) and the reopened streams.
 */
export class Presence {
  readonly #records = new Map<string, PresenceRecord>();

  report(userId: string, report: PresenceReport, now: number): void {
    this.#records.set(userId, { report, seenAt: now });
  }

  /** Any authenticated exchange (pull, push) shows the workstation is there. */
  touch(userId: string, now: number): void {
    const record = this.#records.get(userId);
    this.#records.set(userId, { report: record?.report ?? null, seenAt: now });
  }

  floor(userIds: readonly string[], streaming: ReadonlySet<string>, now: number): FloorEntry[] {
    return userIds.map((id) => floorEntry(id, this.#records.get(id), streaming.has(id), now));
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
