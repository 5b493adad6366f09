import type { FastifyInstance } from 'fastify';
import { LOGIN_REQUEST_SCHEMA } from '../../shared/sync/ipc.ts';
import type { LoginRequest } from '../../shared/sync/wire.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { HttpError } from '../errors.ts';

export function authRoutes(app: FastifyInstance, auth: AuthService): void {
  app.post<{ Body: LoginRequest }>('/api/auth/login', { schema: { body: LOGIN_REQUEST_SCHEMA } }, (request) =>
    auth.login(request.body.username, request.body.password, request.ip),
  );

  app.post<{ Body: { refreshToken: string } }>(
    '/api/auth/refresh',
    {
      schema: {
        body: {
          type: 'object',
          properties: { refreshToken: { type: 'string', minLength: 1, maxLength: 200 } },
          required: ['refreshToken'],
          additionalProperties: false,
        },
      },
    },
    (request) => auth.refresh(request.body.refreshToken),
  );

  app.post('/api/auth/logout', async (request, reply) => {
    const { sessionId } = auth.authenticate(request.headers.authorization);
    auth.logout(sessionId);
    return reply.code(204).send();
  });
}

export function requireRole(actorRole: string, ...roles: string[]): void {
  if (!roles.includes(actorRole)) throw new HttpError(403, 'forbidden', `Role ${actorRole} may not do this`);
}
