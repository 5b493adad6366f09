import type { FastifyInstance } from 'fastify';
import { LOGIN_REQUEST_SCHEMA } from '../../shared/sync/ipc.ts';
import type { LoginRequest } from '../../shared/sync/wire.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { ServerConfig } from '../config.ts';
import { HttpError } from '../errors.ts';

export function authRoutes(
  app: FastifyInstance,
  auth: AuthService,
  limits: Pick<ServerConfig, 'loginsPerMinute' | 'loginsPerMinuteTotal'>,
): void {
  // All addresses together: a spread-out guess is bounded too.
  const everyone = app.createRateLimit({
    max: limits.loginsPerMinuteTotal,
    timeWindow: 60_000,
    keyGenerator: () => 'all',
  });
  app.post<{ Body: LoginRequest }>(
    '/api/auth/login',
    {
      schema: { body: LOGIN_REQUEST_SCHEMA },
      config: { rateLimit: { max: limits.loginsPerMinute, timeWindow: 60_000 } },
    },
    (request) =>
      everyone(request).then((total) => {
        if (!total.isAllowed && total.isExceeded) {
          throw new HttpError(429, 'rate_limited', `Too many sign-in attempts. Try again in ${total.ttlInSeconds} s.`);
        }
        return auth.login(request.body.username, request.body.password, request.ip);
      }),
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
    await auth.logout(await auth.authenticate(request.headers.authorization));
    return reply.code(204).send();
  });
}

export function requireRole(actorRole: string, ...roles: string[]): void {
  if (!roles.includes(actorRole)) throw new HttpError(403, 'forbidden', `Role ${actorRole} may not do this`);
}
