import { RENDERER_CSP } from '../shared/security/web-security.ts';

/** Security rules of the desktop window, as plain functions so they are unit-tested without Electron. */

export const APP_SCHEME = 'app';
export const APP_HOST = 'leadline';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The production CSP of the window (shared with the web target). */
export const APP_CSP = RENDERER_CSP;

/** The window may only ever show our own renderer. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Whether a page may be granted a web permission: notifications (callback reminders, request
 * updates) and the microphone for the softphone — audio only, never the camera or the screen —
 * and only for our own renderer (or the dev server in development), never for anything else that
 * might end up in a frame. `mediaTypes`: what a media request asks for (Electron's details).
 */
export function isAllowedPermission(
  permission: string,
  requestingUrl: string,
  devServerUrl: string | null,
  mediaTypes: readonly string[] = [],
): boolean {
  if (!isAllowedNavigation(requestingUrl, devServerUrl)) return false;
  if (permission === 'notifications') return true;
  return permission === 'media' && mediaTypes.length > 0 && mediaTypes.every((type) => type === 'audio');
}

/** In development the renderer comes from Vite's dev server, on loopback only. */
export function isAllowedNavigation(url: string, devServerUrl: string | null): boolean {
  if (isAppUrl(url)) return true;
  if (!devServerUrl) return false;
  try {
    return new URL(url).origin === new URL(devServerUrl).origin;
  } catch {
    return false;
  }
}
