import type { FastifyInstance } from 'fastify';
import { ROLES, type Role } from '../../shared/types.ts';
import type { UserChange } from '../../shared/wire.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { requireRole } from './auth.ts';

/** Users are managed here, not over replication: the server owns their passwords and sessions. */
export function adminRoutes(app: FastifyInstance, auth: AuthService): void {
  app.post<{ Body: { username: string; name: string; role: Role; password: string; team?: string } }>(
    '/api/admin/users',
    {
      schema: {
        body: {
          type: 'object',
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' },
            name: { type: 'string', maxLength: 200 },
            role: { type: 'string', enum: [...ROLES] },
            password: { type: 'string', minLength: 8, maxLength: 256 },
            team: { type: 'string', maxLength: 100 },
          },
          required: ['username', 'name', 'role', 'password'],
          additionalProperties: false,
        },
      },
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
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] },
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

  const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] };

  app.patch<{ Params: { id: string }; Body: UserChange }>(
    '/api/admin/users/:id',
    {
      schema: {
        params: idParams,
        body: {
          type: 'object',
          properties: {
            name: { type: 'string', maxLength: 200 },
            role: { type: 'string', enum: [...ROLES] },
            team: { type: 'string', maxLength: 100 },
          },
          additionalProperties: false,
        },
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
        body: {
          type: 'object',
          properties: { password: { type: 'string', minLength: 8, maxLength: 256 } },
          required: ['password'],
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      requireRole(auth.authenticate(request.headers.authorization).actor.role, 'admin');
      await auth.resetPassword(request.params.id, request.body.password);
      return reply.code(204).send();
    },
  );
}
