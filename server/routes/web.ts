import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { CONTENT_TYPES, RENDERER_CSP } from '../../shared/security/web-security.ts';

/** Serves the built web target (the renderer with the browser bridge) from `root`. */
export function webRoutes(app: FastifyInstance, root: string): void {
  const base = path.resolve(root);
  if (!existsSync(path.join(base, 'index.html'))) return;
  app.get('/*', (request, reply) => {
    let urlPath: string;
    try {
      urlPath = decodeURIComponent((request.url.split('?')[0] ?? '/').replace(/^\/+/, ''));
    } catch {
      return reply.code(400).send({ code: 'bad_path', message: 'The path is not valid URL encoding' });
    }
    let file = path.resolve(base, urlPath);
    if (!file.startsWith(base + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      if (urlPath.startsWith('api/') || path.extname(urlPath))
        return reply.code(404).send({ code: 'not_found', message: 'Not found' });
      file = path.join(base, 'index.html');
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    return reply
      .header('content-type', type)
      .header('content-security-policy', RENDERER_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable')
      .send(readFileSync(file));
  });
}
