import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { RELEASE_CHANNEL } from '../../shared/sync/ipc.ts';

/**
 * The desktop app's update feed: `GET /updates/<channel>/<file>` serves the release files IT copies
 * into `LEADLINE_UPDATES_DIR/<channel>/` (latest.yml, latest-mac.yml, the installers and their
 * blockmaps, as `npm run dist` writes them). Nothing outside that folder; no listing.
 */
const FILE = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,200}$/;
const TYPES: Record<string, string> = {
  '.yml': 'text/yaml; charset=utf-8',
  '.exe': 'application/octet-stream',
  '.msi': 'application/octet-stream',
  '.dmg': 'application/octet-stream',
  '.zip': 'application/zip',
  '.AppImage': 'application/octet-stream',
  '.deb': 'application/vnd.debian.binary-package',
  '.blockmap': 'application/octet-stream',
};

export function updateRoutes(app: FastifyInstance, root: string): void {
  const base = path.resolve(root);
  app.get<{ Params: { channel: string; file: string } }>('/updates/:channel/:file', (request, reply) => {
    const { channel, file } = request.params;
    const target = path.join(base, channel, file);
    if (
      !RELEASE_CHANNEL.test(channel) ||
      !FILE.test(file) ||
      file.includes('..') ||
      !target.startsWith(base + path.sep) ||
      !existsSync(target) ||
      !statSync(target).isFile()
    ) {
      return reply.code(404).send({ code: 'not_found', message: 'No such release file' });
    }
    return reply
      .header('content-type', TYPES[path.extname(file)] ?? 'application/octet-stream')
      .header('cache-control', file.endsWith('.yml') ? 'no-cache' : 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .send(readFileSync(target));
  });
}
