import type { FastifyInstance } from 'fastify';
import { NEW_PASSWORD_SCHEMA, NEW_USER_SCHEMA, USER_CHANGE_SCHEMA } from '../../shared/sync/ipc.ts';
import type { Role } from '../../shared/core/types.ts';
import type { AuditQuery, UserChange } from '../../shared/sync/wire.ts';
import type { Actor } from '../../shared/security/policy.ts';
import type { DocStore } from '../storage/doc-store.ts';
import { eraseProspect } from '../storage/erasure.ts';
import type { StreamHub } from '../stream-hub.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { requireRole } from './auth.ts';

/** Users are managed here, not over replication: the server owns their passwords and sessions. */
export function adminRoutes(app: FastifyInstance, deps: { auth: AuthService; docs: DocStore; hub: StreamHub }): void {
  const { auth, docs, hub } = deps;
  /** The acting admin: every change is recorded under their name. */
  const asAdmin = async (header: string | undefined): Promise<Actor> => {
    const { actor } = await auth.authenticate(header);
    requireRole(actor.role, 'admin');
    return actor;
  };
  const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] };

  app.post<{ Body: { username: string; name: string; role: Role; password: string; team?: string } }>(
    '/api/admin/users',
    {
      schema: { body: NEW_USER_SCHEMA },
    },
    async (request, reply) => {
      const admin = await asAdmin(request.headers.authorization);
      const user = await auth.createUser(request.body, admin);
      return reply.code(201).send(user);
    },
  );

  app.post<{ Params: { id: string }; Body: { active: boolean } }>(
    '/api/admin/users/:id/active',
    {
      schema: {
        params: idParams,
        body: {
          type: 'object',
          properties: { active: { type: 'boolean' } },
          required: ['active'],
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      return auth.setActive(request.params.id, request.body.active, await asAdmin(request.headers.authorization));
    },
  );

  app.patch<{ Params: { id: string }; Body: UserChange }>(
    '/api/admin/users/:id',
    {
      schema: {
        params: idParams,
        body: USER_CHANGE_SCHEMA,
      },
    },
    async (request) => {
      return auth.updateUser(request.params.id, request.body, await asAdmin(request.headers.authorization));
    },
  );

  app.post<{ Params: { id: string }; Body: { password: string } }>(
    '/api/admin/users/:id/password',
    {
      schema: {
        params: idParams,
        body: NEW_PASSWORD_SCHEMA,
      },
    },
    async (request, reply) => {
      await auth.resetPassword(request.params.id, request.body.password, await asAdmin(request.headers.authorization));
      return reply.code(204).send();
    },
  );

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/api/admin/audit',
    { schema: { querystring: AUDIT_QUERY_SCHEMA } },
    async (request) => {
      await asAdmin(request.headers.authorization);
      return docs.auditLog(parseAuditQuery(request.query));
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/admin/erase/prospects/:id',
    { schema: { params: idParams } },
    async (request) => {
      const admin = await asAdmin(request.headers.authorization);
      const { report, written } = await eraseProspect(docs, admin, request.params.id);
      for (const w of written) hub.publish(w.collection, w.written);
      return report;
    },
  );

  app.post('/api/admin/keys/rotate', async (request, reply) => {
    await auth.rotateKey(await asAdmin(request.headers.authorization));
    return reply.code(204).send();
  });
}

const AUDIT_QUERY_SCHEMA = {
  type: 'object',
  properties: {
    user: { type: 'string', maxLength: 64 },
    doc: { type: 'string', maxLength: 64 },
    from: { type: 'string', pattern: '^[0-9]{1,16}$' },
    to: { type: 'string', pattern: '^[0-9]{1,16}$' },
    before: { type: 'string', pattern: '^[0-9]{1,16}$' },
    limit: { type: 'string', pattern: '^[0-9]{1,4}$' },
  },
  additionalProperties: false,
} as const;

function parseAuditQuery(q: Record<string, string | undefined>): AuditQuery {
  const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
  const query: AuditQuery = {};
  if (q.user) query.user = q.user;
  if (q.doc) query.doc = q.doc;
  const from = num(q.from);
  const to = num(q.to);
  const before = num(q.before);
  const limit = num(q.limit);
  if (from !== undefined) query.from = from;
  if (to !== undefined) query.to = to;
  if (before !== undefined) query.before = before;
  if (limit !== undefined) query.limit = limit;
  return query;
}
