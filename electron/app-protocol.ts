import path from 'node:path';
import { CONTENT_TYPES } from '../shared/security/web-security.ts';
import { APP_CSP, isAppUrl } from './security.ts';

export type AppResponse = { status: 200; file: string; headers: Record<string, string> } | { status: 404 | 403 };

/**
 * Maps an app:// request onto a file of the built renderer. Paths cannot escape `root`; unknown
 * routes without an extension get index.html (client-side routes); every answer carries the CSP
 * (`csp`: the one with the PBX's WebSocket address, once a softphone is set up).
 */
export function resolveAppRequest(
  url: string,
  root: string,
  exists: (file: string) => boolean,
  csp: string = APP_CSP,
): AppResponse {
  if (!isAppUrl(url)) return { status: 403 };
  const pathname = decodeURIComponent(new URL(url).pathname);
  const base = path.resolve(root);
  let file = path.resolve(base, `.${pathname}`);
  if (file !== base && !file.startsWith(base + path.sep)) return { status: 403 };
  if (pathname === '/' || (!exists(file) && !path.extname(pathname))) file = path.join(base, 'index.html');
  if (!exists(file)) return { status: 404 };
  return {
    status: 200,
    file,
    headers: {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
    },
  };
}
