import type { FastifyInstance } from 'fastify';

/**
 * The web target hosted apart from its server (an intranet static host, a CDN): its origin must be
 * named in `LEADLINE_WEB_ORIGINS`, and only those origins may call the API from a browser. Sessions
 * are bearer tokens, never cookies, so no credentials mode is involved. `/api/health` answers any
 * origin (it says what the server is, nothing else) and tells a page whether its origin is allowed,
 * so the first-run screen can say so instead of "nothing answers".
 */
const ALLOWED_HEADERS = 'authorization, content-type, accept, last-event-id, x-leadline-schema';

export function isHealth(url: string): boolean {
  return url === '/api/health' || url.startsWith('/api/health?');
}

export function registerCors(app: FastifyInstance, webOrigins: readonly string[]): void {
  const allowed = new Set(webOrigins);
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!origin || !request.url.startsWith('/api/')) return;
    if (isHealth(request.url)) reply.header('access-control-allow-origin', '*');
    else if (allowed.has(origin)) reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    else return;
    if (request.method === 'OPTIONS') {
      return reply
        .header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE')
        .header('access-control-allow-headers', ALLOWED_HEADERS)
        .header('access-control-max-age', '600')
        .code(204)
        .send();
    }
  });
}

/** Whether the page asking (its Origin header) may use this server: 'same' when it is served by it. */
export function originVerdict(
  origin: string | undefined,
  host: string | undefined,
  webOrigins: readonly string[],
): 'same' | 'allowed' | 'refused' {
  if (!origin) return 'same';
  try {
    if (new URL(origin).host === host) return 'same';
  } catch {
    return 'refused';
  }
  return webOrigins.includes(origin) ? 'allowed' : 'refused';
}
