import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { CONTENT_TYPES, RENDERER_CSP, rendererCsp } from '../../shared/security/web-security.ts';
import type { TelephonySettings } from '../../shared/telephony/softphone-settings.ts';

/** Files of the build a user's browser never needs: source maps, and the benchmark page unless asked for. */
function isPrivate(urlPath: string, bench: boolean): boolean {
  if (urlPath.endsWith('.map')) return true;
  return !bench && (urlPath === 'bench.html' || urlPath.startsWith('assets/bench-'));
}

/** How long a browser may keep a file: hashed assets for ever, the page and the service worker never unchecked. */
function cacheControl(urlPath: string, file: string): string {
  if (file.endsWith('index.html') || urlPath === 'sw.js' || !urlPath.startsWith('assets/')) return 'no-cache';
  return 'public, max-age=31536000, immutable';
}

export interface WebOptions {
  /** Also serve the benchmark page (`npm run bench` only). */
  bench?: boolean;
  /** The stored telephony settings: the page's CSP lets it open the PBX's WebSocket address. */
  telephony?: () => Promise<Pick<TelephonySettings, 'wsUrl'> | undefined>;
}

/** Serves the built web target (the renderer with the browser bridge) from `root`. */
export function webRoutes(app: FastifyInstance, root: string, options: WebOptions = {}): void {
  const base = path.resolve(root);
  if (!existsSync(path.join(base, 'index.html'))) return;
  app.get('/*', async (request, reply) => {
    let urlPath: string;
    try {
      urlPath = decodeURIComponent((request.url.split('?')[0] ?? '/').replace(/^\/+/, ''));
    } catch {
      return reply.code(400).send({ code: 'bad_path', message: 'The path is not valid URL encoding' });
    }
    let file = path.resolve(base, urlPath);
    const hidden = isPrivate(urlPath, options.bench === true);
    if (hidden || !file.startsWith(base + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      if (hidden || urlPath.startsWith('api/') || path.extname(urlPath))
        return reply.code(404).send({ code: 'not_found', message: 'Not found' });
      file = path.join(base, 'index.html');
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    // The policy that counts is the page's; read from the stored settings each time the page loads.
    const csp =
      file.endsWith('.html') && options.telephony
        ? rendererCsp(await options.telephony().catch(() => undefined))
        : RENDERER_CSP;
    return reply
      .header('content-type', type)
      .header('content-security-policy', csp)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', cacheControl(urlPath, file))
      .send(readFileSync(file));
  });
}
