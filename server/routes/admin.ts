import type { FastifyInstance } from 'fastify';
import { NEW_PASSWORD_SCHEMA, NEW_USER_SCHEMA, USER_CHANGE_SCHEMA } from '../../shared/sync/ipc.ts';
import type { Role } from '../../shared/core/types.ts';
import type { UserChange } from '../../shared/sync/wire.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { requireRole } from './auth.ts';

/** Users are managed here, not over replication: the server owns their passwords and sessions. */
export function adminRoutes(app: FastifyInstance, auth: AuthService): void {
  const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] };

  app.post<{ Body: { username: string; name: string; role: Role; password: string; team?: string } }>(
    '/api/admin/users',
    {
      schema: { body: NEW_USER_SCHEMA },
    },
    async (request, reply) => {
      requireRole(auth.authenticate(request.headers.authorization).actor.role, 'admin');
      const user = await auth.createUser(request.body);
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
    (request) => {
      requireRole(auth.authenticate(request.headers.authorization).actor.role, 'admin');
      return auth.setActive(request.params.id, request.body.active);
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
    (request) => {
      requireRole(auth.authenticate(request.headers.authorization).actor.role, 'admin');
      return auth.updateUser(request.params.id, request.body);
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
      requireRole(auth.authenticate(request.headers.authorization).actor.role, 'admin');
      await auth.resetPassword(request.params.id, request.body.password);
      return reply.code(204).send();
    },
  );
}
