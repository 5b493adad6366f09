import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canReadCollection } from '../../shared/security/policy.ts';
import { COLLECTIONS, type CollectionName, isCollectionName } from '../../shared/core/types.ts';
import {
  type Checkpoint,
  MAX_PULL_BATCH,
  MAX_PUSH_ROWS,
  type PushRow,
  type StreamEvent,
} from '../../shared/sync/wire.ts';
import { parseVersions, SCHEMA_HEADER, type SchemaVersions } from '../../shared/schemas/versions.ts';
import type { AuthService, Authenticated } from '../auth/auth-service.ts';
import { HttpError } from '../errors.ts';
import type { DocStore } from '../storage/doc-store.ts';
import { asKnown, frameOf, type StreamHub } from '../stream-hub.ts';

interface Deps {
  auth: AuthService;
  docs: DocStore;
  hub: StreamHub;
  heartbeatMs: number;
  /** The business clock that stamps what the server owns. */
  now: () => number;
  /** A user's workstation just synced: the floor view shows how fresh its figures are. */
  onSeen?: (userId: string) => void;
}

const pushBodySchema = {
  type: 'array',
  maxItems: MAX_PUSH_ROWS,
  items: {
    type: 'object',
    properties: { assumedMasterState: { type: 'object' }, newDocumentState: { type: 'object' } },
    required: ['newDocumentState'],
    additionalProperties: false,
  },
} as const;

function collectionParam(value: string): CollectionName {
  if (!isCollectionName(value)) throw new HttpError(404, 'unknown_collection', `Unknown collection "${value}"`);
  return value;
}

function parseCheckpoint(raw: string | undefined): Checkpoint | null {
  if (raw === undefined || raw === '' || raw === 'null') return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'invalid_checkpoint', 'checkpoint must be JSON sent back as the server returned it');
  }
  if (value === null) return null;
  const seq = (value as { seq?: unknown }).seq;
  if (typeof value !== 'object' || typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0) {
    throw new HttpError(400, 'invalid_checkpoint', 'checkpoint is not one this server returned');
  }
  return { seq };
}

function parseBatchSize(raw: string | undefined): number {
  if (raw === undefined) return 100;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PULL_BATCH) {
    throw new HttpError(400, 'invalid_batch_size', `batchSize must be a whole number from 1 to ${MAX_PULL_BATCH}`);
  }
  return n;
}

/** The schema versions the client knows (an older app names fewer, or none). */
function clientVersions(request: FastifyRequest): SchemaVersions {
  const raw = request.headers[SCHEMA_HEADER];
  return parseVersions(typeof raw === 'string' ? raw : undefined, isCollectionName);
}

function assertReadable(who: Authenticated, collection: CollectionName): void {
  if (!canReadCollection(collection, who.actor.role)) {
    throw new HttpError(403, 'forbidden', `Role ${who.actor.role} may not read ${collection}`);
  }
}

export function replicationRoutes(app: FastifyInstance, deps: Deps): void {
  const { auth, docs, hub } = deps;

  app.get<{ Params: { collection: string }; Querystring: { checkpoint?: string; batchSize?: string } }>(
    '/api/replication/:collection/pull',
    async (request) => {
      const collection = collectionParam(request.params.collection);
      const who = await auth.authenticate(request.headers.authorization);
      assertReadable(who, collection);
      deps.onSeen?.(who.actor.id);
      const checkpoint = parseCheckpoint(request.query.checkpoint);
      const batch = await docs.pull(collection, who.actor, checkpoint, parseBatchSize(request.query.batchSize));
      return { ...batch, documents: asKnown(collection, clientVersions(request), batch.documents) };
    },
  );

  app.post<{ Params: { collection: string }; Body: PushRow[] }>(
    '/api/replication/:collection/push',
    { schema: { body: pushBodySchema } },
    async (request) => {
      const collection = collectionParam(request.params.collection);
      const who = await auth.authenticate(request.headers.authorization);
      const outcome = await docs.push(collection, who.actor, request.body, new Date(deps.now()));
      deps.onSeen?.(who.actor.id);
      hub.publish(collection, outcome.written);
      for (const d of outcome.derived) hub.publish(d.collection, d.written);
      return asKnown(collection, clientVersions(request), outcome.conflicts);
    },
  );

  // One stream per collection, as the protocol describes.
  app.get<{ Params: { collection: string } }>('/api/replication/:collection/stream', async (request, reply) => {
    const collection = collectionParam(request.params.collection);
    const who = await auth.authenticate(request.headers.authorization);
    assertReadable(who, collection);
    openStream(request, reply, who, new Set([collection]), 'batch');
  });

  // All collections on one connection: a browser allows only six HTTP/1.1 connections per origin,
  // and nine collection streams would starve pulls and pushes.
  app.get<{ Querystring: { collections?: string } }>('/api/stream', async (request, reply) => {
    const who = await auth.authenticate(request.headers.authorization);
    const names = request.query.collections ? request.query.collections.split(',') : [...COLLECTIONS];
    const collections = new Set(names.map(collectionParam).filter((c) => canReadCollection(c, who.actor.role)));
    openStream(request, reply, who, collections, 'event');
  });

  function openStream(
    request: FastifyRequest,
    reply: FastifyReply,
    who: Authenticated,
    collections: Set<CollectionName>,
    shape: 'batch' | 'event',
  ): void {
    // Headers set before the route (CORS for a web target hosted apart) go out with the stream too.
    const earlier = Object.fromEntries(
      Object.entries(reply.getHeaders()).filter(
        (entry): entry is [string, string | number | string[]] => entry[1] !== undefined,
      ),
    );
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...earlier,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), deps.heartbeatMs);
    // A stream lives as long as the token that opened it: the client reconnects with a fresh one, so
    // a session that ran out (or a role that changed) stops receiving at once.
    const expiry = setTimeout(() => res.end(), Math.max(0, who.expiresAt - Date.now()));
    const remove = hub.add({
      actor: who.actor,
      sessionId: who.sessionId,
      collections,
      shape,
      versions: clientVersions(request),
      write: (frame) => res.write(frame),
      buffered: () => res.writableLength,
      close: () => res.end(),
      drop: () => res.destroy(),
    });
    request.raw.on('close', () => {
      clearInterval(heartbeat);
      clearTimeout(expiry);
      remove();
    });
    // Every (re)connect starts with RESYNC, so writes made while the client was away are pulled.
    res.write(frameOf('RESYNC' satisfies StreamEvent));
  }
}
