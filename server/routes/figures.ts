import type { FastifyInstance } from 'fastify';
import { type FunnelGroup, funnelOf } from '../../shared/figures/funnel.ts';
import { FUNNEL_QUERY_SCHEMA, SCRIPT_STATS_QUERY_SCHEMA } from '../../shared/sync/ipc.ts';
import type { CallList, Settings, User } from '../../shared/core/types.ts';
import { defaultSettings, SETTINGS_ID } from '../../shared/calling/defaults.ts';
import { salesFiguresOf } from '../../shared/requests/sla-report.ts';
import { slaCutoffs } from '../../shared/requests/sla.ts';
import type { ServerFunnel, ServerSales, ServerScriptStats } from '../../shared/sync/wire.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { DocStore } from '../storage/doc-store.ts';
import { requireRole } from './auth.ts';

/**
 * The manager's figures from the server's stored tallies: a supervisor's workstation shows the
 * funnel of a large base without replicating every call. Grouped with the replica's own code
 * (shared/figures/funnel.ts), so both give the same numbers for the same data.
 */
export function figureRoutes(
  app: FastifyInstance,
  deps: { auth: AuthService; docs: DocStore; now: () => number },
): void {
  app.get<{ Querystring: { by: FunnelGroup | 'all'; from: number; to: number } }>(
    '/api/figures/funnel',
    { schema: { querystring: FUNNEL_QUERY_SCHEMA } },
    async (request): Promise<ServerFunnel> => {
      const who = await deps.auth.authenticate(request.headers.authorization);
      requireRole(who.actor.role, 'supervisor', 'admin');
      const { by, from, to } = request.query;
      const asOf = deps.now();
      const [{ tallies, requests }, lists, users] = await Promise.all([
        deps.docs.funnelInputs(from, to),
        deps.docs.all('callLists') as unknown as Promise<CallList[]>,
        by === 'team' ? (deps.docs.all('users') as unknown as Promise<User[]>) : Promise.resolve([]),
      ]);
      const teams = new Map(users.map((u) => [u.id, u.team]));
      return { rows: funnelOf({ tallies, requests, lists, prospects: new Map(), teams }, by), asOf };
    },
  );

  // The SLA and pipeline panels: open requests and kept tallies, never the whole collections.
  app.get('/api/figures/sales', async (request): Promise<ServerSales> => {
    const who = await deps.auth.authenticate(request.headers.authorization);
    requireRole(who.actor.role, 'supervisor', 'admin');
    const asOf = deps.now();
    const settings = (await deps.docs.get('settings', SETTINGS_ID)) as unknown as Settings | null;
    const cutoffs = slaCutoffs(settings ?? defaultSettings(asOf), asOf);
    const { tallies, pipeline } = await deps.docs.salesFigures(cutoffs);
    return { ...salesFiguresOf(tallies, pipeline), asOf };
  });

  // The script editor's figures of one version: kept tables, never the version's calls.
  app.get<{ Querystring: { scriptId: string; version: number } }>(
    '/api/figures/script',
    { schema: { querystring: SCRIPT_STATS_QUERY_SCHEMA } },
    async (request): Promise<ServerScriptStats> => {
      const who = await deps.auth.authenticate(request.headers.authorization);
      requireRole(who.actor.role, 'supervisor', 'admin');
      const asOf = deps.now();
      return { ...(await deps.docs.scriptFigures(request.query.scriptId, request.query.version)), asOf };
    },
  );
}
