import type { AddressProblem, ServerTest } from './desktop-contract.ts';
import type { HealthResponse } from './wire.ts';

/**
 * A Leadline server's address as an admin types it, checked and tested: used by the desktop app's
 * first run (electron/server-address.ts) and by the web target served from another origin than its
 * server (renderer/bridge/web-server.ts).
 */

export type AddressCheck = { ok: true; url: string } | { ok: false; problem: AddressProblem };

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The address as the app will use it (`https://leadline.example.ru`, `http://127.0.0.1:4000`), from
 * what an admin typed: a bare host name gets https; a trailing slash is dropped.
 */
export function checkServerAddress(input: string): AddressCheck {
  const text = input.trim();
  if (!text) return { ok: false, problem: 'empty' };
  if (text.length > 300) return { ok: false, problem: 'invalid' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, problem: 'invalid' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'invalid' };
  if (!url.hostname || /\s/.test(text)) return { ok: false, problem: 'invalid' };
  if (url.username || url.password) return { ok: false, problem: 'credentials' };
  if (url.search || url.hash) return { ok: false, problem: 'query' };
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) return { ok: false, problem: 'https_required' };
  return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

/** Asks the address for `/api/health`: it must answer as a Leadline server, within `timeoutMs`. */
export async function testServerAddress(
  input: string,
  fetchFn: (url: string, init: { signal: AbortSignal }) => Promise<Response>,
  timeoutMs = 8000,
): Promise<ServerTest> {
  const check = checkServerAddress(input);
  if (!check.ok) return check;
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetchFn(`${check.url}/api/health`, { signal });
  } catch {
    return { ok: false, problem: signal.aborted ? 'timeout' : 'unreachable' };
  }
  const body = (await response.json().catch(() => null)) as Partial<HealthResponse> | null;
  // Our server, but it cannot serve now (its database does not answer): say so, not "not ours".
  if (response.status === 503 && body?.product === 'leadline') {
    return { ok: false, problem: 'unavailable', detail: String(body.problem ?? '').slice(0, 200) };
  }
  if (!response.ok || body?.product !== 'leadline' || typeof body.version !== 'string') {
    return { ok: false, problem: 'not_leadline' };
  }
  // A web page served elsewhere: the server answers, but only pages it names may use it.
  if (body.webOrigin === 'refused') return { ok: false, problem: 'origin_refused' };
  return { ok: true, url: check.url, name: String(body.name ?? '').slice(0, 80), version: body.version.slice(0, 40) };
}
