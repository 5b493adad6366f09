import type { FastifyInstance } from 'fastify';
import type { AuthService } from '../auth/auth-service.ts';
import { claimProspect } from '../queue/claims.ts';
import type { DocStore } from '../storage/doc-store.ts';
import type { StreamHub } from '../stream-hub.ts';

export function queueRoutes(
  app: FastifyInstance,
  deps: { auth: AuthService; docs: DocStore; hub: StreamHub; now: () => number },
): void {
  app.post<{ Body: { prospectId: string } }>(
    '/api/queue/claim',
    {
      schema: {
        body: {
          type: 'object',
          properties: { prospectId: { type: 'string', minLength: 1, maxLength: 64 } },
          required: ['prospectId'],
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const who = await deps.auth.authenticate(request.headers.authorization);
      const { result, written } = await claimProspect(deps.docs, who.actor, request.body.prospectId, deps.now());
      deps.hub.publish('prospects', written);
      return result;
    },
  );
}
