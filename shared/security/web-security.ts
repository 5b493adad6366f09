import { type TelephonySettings, webSocketSource } from '../telephony/softphone-settings.ts';

/**
 * The content security policy of the renderer, the same for the desktop window (app://) and the web
 * target: no inline script or style, no eval, nothing loaded from elsewhere. With a softphone set up,
 * the page may also open exactly the PBX's WebSocket address, and nothing else beside its own origin.
 */
export function rendererCsp(telephony?: Pick<TelephonySettings, 'wsUrl'>): string {
  const pbx = telephony?.wsUrl ? webSocketSource(telephony.wsUrl) : null;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    pbx ? `connect-src 'self' ${pbx}` : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The policy without a softphone. */
export const RENDERER_CSP = rendererCsp();

/** Content types of the files the renderer build contains. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};
