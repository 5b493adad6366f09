import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { createRequire } from 'node:module';
import type { HealthResponse } from '../shared/sync/wire.ts';
import { SETTINGS_ID } from '../shared/calling/defaults.ts';
import type { Settings } from '../shared/core/types.ts';
import { AuthService } from './auth/auth-service.ts';
import { businessClock, type ServerConfig } from './config.ts';
import { HttpError } from './errors.ts';
import { adminRoutes } from './routes/admin.ts';
import { authRoutes } from './routes/auth.ts';
import { presenceRoutes, Presence, type PresenceNews, STREAMS_TOLD_EVERY_MS } from './routes/presence.ts';
import { figureRoutes } from './routes/figures.ts';
import { queueRoutes } from './routes/queue.ts';
import { replicationRoutes } from './routes/replication.ts';
import { originVerdict, registerCors } from './cors.ts';
import { updateRoutes } from './routes/updates.ts';
import { webRoutes } from './routes/web.ts';
import { ensureDefaults, seedDemo } from './seed/seed.ts';
import { escalateOverdueCallbacks } from './queue/escalation.ts';
import { DocStore } from './storage/doc-store.ts';
import { openBackend } from './storage/open-backend.ts';
import type { Backend } from './storage/backend.ts';
import { StreamHub } from './stream-hub.ts';
import { metricsRoutes } from './routes/metrics.ts';

export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** How long the health check waits for the store before it calls this instance unavailable. */
const HEALTH_TIMEOUT_MS = 2000;

export interface Server {
  app: FastifyInstance;
  auth: AuthService;
  docs: DocStore;
  hub: StreamHub;
  backend: Backend;
  close(): Promise<void>;
}

/** Maps Fastify's own errors onto our `{code, message}` bodies. */
function toHttpError(error: FastifyError): HttpError {
  if (error instanceof HttpError) return error;
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new HttpError(413, 'body_too_large', 'Request body is too large');
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error.statusCode === 400 && error instanceof SyntaxError)) {
    return new HttpError(400, 'malformed_json', 'Request body is not valid JSON');
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new HttpError(415, 'unsupported_media_type', 'Send JSON');
  if (error.validation) return new HttpError(400, 'invalid_request', `Request ${error.message}`);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new HttpError(error.statusCode, 'bad_request', error.message);
  }
  return new HttpError(500, 'internal', 'Internal server error');
}

export async function createServer(config: ServerConfig, options: { logger?: boolean } = {}): Promise<Server> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: config.bodyLimitBytes,
    // Behind a TLS proxy every client would share its address: only proxies named here are believed.
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
  });
  const backend = await openBackend(config);
  const docs = new DocStore(backend);
  const hub = new StreamHub();
  const tell = (topic: string, data: unknown) =>
    backend.broadcast(topic, data).catch((error: unknown) => app.log.error(error));
  const presence = new Presence((news) => void tell('presence', news));
  let auth: AuthService;
  try {
    auth = await AuthService.create(
      backend,
      docs,
      config,
      (ids) => {
        hub.closeSessions(ids);
        // Streams of these sessions may be open on other instances too.
        for (let i = 0; i < ids.length; i += 100) void tell('revoke', ids.slice(i, i + 100));
      },
      (written) => hub.publish('users', written),
    );
    // Other instances' writes reach this one's streams; their revocations end its streams.
    await backend.listen({
      writes: (collection, rows) => hub.publish(collection, docs.written(collection, rows)),
      message: (topic, data) => {
        if (topic === 'revoke') hub.closeSessions(data as string[]);
        if (topic === 'presence') presence.hear(data as PresenceNews);
      },
      // What the others wrote while the link was down is unknown: every stream starts over with a resync.
      gap: () => hub.closeAll(),
    });
    await ensureDefaults(docs);
    if (config.demo) await seedDemo(docs, auth);
  } catch (error) {
    await backend.close();
    throw error;
  }

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const http = toHttpError(error);
    if (http.statusCode >= 500) request.log.error(error);
    return reply.code(http.statusCode).send(http.toBody());
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` }),
  );
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
  });

  await app.register(rateLimit, {
    global: true,
    max: config.requestsPerMinute,
    timeWindow: 60_000,
    cache: 10_000,
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, 'rate_limited', `Too many requests. Try again in ${context.after}.`),
  });

  registerCors(app, config.webOrigins);
  // First, so its hook sees every route's answers.
  metricsRoutes(app, config.metricsToken, {
    version: VERSION,
    store: backend.kind,
    streams: () => hub.size,
    healthy: async () => (await backend.health(HEALTH_TIMEOUT_MS)).ok,
  });
  // What a load balancer asks: 503 while the store does not answer (or, on PostgreSQL, while this
  // instance does not hear the others), so requests go to an instance that can serve them.
  app.get('/api/health', async (request, reply): Promise<HealthResponse> => {
    const health = await backend.health(HEALTH_TIMEOUT_MS);
    if (!health.ok) reply.code(503);
    return {
      status: health.ok ? 'ok' : 'unavailable',
      ...(health.ok ? {} : { problem: health.problem }),
      product: 'leadline',
      name: config.serverName,
      version: VERSION,
      webOrigin: originVerdict(request.headers.origin, request.headers.host, config.webOrigins),
    };
  });
  authRoutes(app, auth, config);
  adminRoutes(app, { auth, docs, hub });
  const now = businessClock(config);
  replicationRoutes(app, {
    auth,
    docs,
    hub,
    heartbeatMs: config.streamHeartbeatMs,
    now,
    onSeen: (userId) => presence.touch(userId, Date.now()),
  });
  queueRoutes(app, { auth, docs, hub, now });
  presenceRoutes(app, { auth, docs, hub, presence });
  figureRoutes(app, { auth, docs, now });
  if (config.updatesDir) updateRoutes(app, config.updatesDir);
  if (config.webRoot)
    webRoutes(app, config.webRoot, {
      bench: config.serveBench,
      telephony: async () => ((await docs.get('settings', SETTINGS_ID)) as Partial<Settings> | null)?.telephony,
    });

  // Once across instances: the job that finds the lock taken leaves this minute to its holder.
  const escalation = setInterval(() => {
    docs
      .runExclusive('escalation', async () => hub.publish('callbacks', await escalateOverdueCallbacks(docs, now())))
      .catch((error: unknown) => app.log.error(error));
  }, 60_000);
  escalation.unref();
  const streamsTold = setInterval(() => presence.tellStreams(hub.streamingUsers(), Date.now()), STREAMS_TOLD_EVERY_MS);
  streamsTold.unref();
  // The signing key is replaced when it reaches its age; tokens it signed stay valid for their lifetime.
  const keyRotation = setInterval(() => {
    auth
      .rotateKeyIfDue()
      .then((rotated) => rotated && app.log.info('token signing key rotated'))
      .catch((error: unknown) => app.log.error(error));
  }, 3_600_000);
  keyRotation.unref();

  return {
    app,
    auth,
    docs,
    hub,
    backend,
    async close() {
      clearInterval(escalation);
      clearInterval(streamsTold);
      clearInterval(keyRotation);
      hub.closeAll();
      await app.close();
      await backend.close();
    },
  };
}
