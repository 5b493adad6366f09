import type { ServerAddressState, ServerTest } from '../../shared/sync/ipc.ts';
import { testServerAddress } from '../../shared/sync/server-address.ts';
import type { HealthResponse } from '../../shared/sync/wire.ts';

/**
 * The web target's server. Served by the Leadline server itself (the usual case), it talks to its
 * own origin. Hosted apart (an intranet static host), it asks for the server's address on the first
 * visit, as the desktop app does, and keeps it in localStorage ('' means "the page's own origin").
 */
const KEY = 'leadline.server';

/** The API base the browser bridge uses: '' for the page's own origin. */
export function webServerBase(): string {
  return localStorage.getItem(KEY) ?? '';
}

/**
 * Whether the page's own origin is a Leadline server. Only a clear "no" counts (a 404, or a page that
 * is not ours); offline, a timeout or a proxy's 5xx count as yes, so a passing outage never sends a
 * user of the usual deployment to the first-run screen.
 */
async function ownOriginIsLeadline(): Promise<boolean> {
  try {
    const response = await fetch('/api/health', { signal: AbortSignal.timeout(8000) });
    if (response.status >= 500) return true;
    const body = (await response.json().catch(() => null)) as Partial<HealthResponse> | null;
    return response.ok && body?.product === 'leadline';
  } catch {
    return true;
  }
}

export const webServerSetup = {
  async serverAddress(): Promise<ServerAddressState> {
    const saved = localStorage.getItem(KEY);
    if (saved) return { url: saved, source: 'workstation', locked: false };
    if (saved === '' || (await ownOriginIsLeadline())) {
      localStorage.setItem(KEY, '');
      return { url: globalThis.location.origin, source: 'environment', locked: true };
    }
    return { url: null, source: 'none', locked: false };
  },
  testServer: (address: string): Promise<ServerTest> => testServerAddress(address, (url, init) => fetch(url, init)),
  async setServer(address: string): Promise<ServerTest> {
    const test = await testServerAddress(address, (url, init) => fetch(url, init));
    if (!test.ok) return test;
    localStorage.setItem(KEY, test.url);
    // The bridge is made with its server; start the page again on the new one.
    setTimeout(() => globalThis.location.reload(), 300);
    return test;
  },
};
