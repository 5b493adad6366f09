import { isAllowedExternalUrl, type LeadlineBridge } from '../../shared/sync/ipc.ts';
import { type CredentialStore, parseCredentialState } from '../../shared/sync/transport/credentials.ts';
import { SyncTransport } from '../../shared/sync/transport/sync-transport.ts';
import type { SipCredentials } from '../../shared/telephony/softphone-settings.ts';

const SIP_KEY = 'leadline.sip';

const CREDENTIALS_KEY = 'leadline.credentials';

/**
 * The web target's bridge: the same contract Electron's preload exposes, carried by fetch in the
 * page. There is no main process here, so the refresh token lives in localStorage; in the desktop
 * app it stays in main, encrypted with the OS keychain.
 */
export function createBrowserBridge(baseUrl = ''): LeadlineBridge {
  const store: CredentialStore = {
    load: () => Promise.resolve(parseCredentialState(localStorage.getItem(CREDENTIALS_KEY))),
    save: (state) => {
      localStorage.setItem(CREDENTIALS_KEY, JSON.stringify(state));
      return Promise.resolve();
    },
  };
  // Tabs share one refresh token in localStorage: one refreshes at a time, the others then take its token.
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> =>
    navigator.locks ? navigator.locks.request('leadline.refresh', fn) : fn();
  const transport = new SyncTransport({ baseUrl, store, exclusive });
  window.addEventListener('online', () => transport.wake());
  window.addEventListener('offline', () => transport.markOffline());
  if (!navigator.onLine) transport.markOffline();

  return {
    kind: 'web',
    auth: {
      login: (request) => transport.login(request),
      logout: () => {
        sessionStorage.removeItem(SIP_KEY);
        return transport.logout();
      },
      session: () => transport.session(),
      onSignedOut: (listener) => transport.onSignedOut(listener),
    },
    sync: {
      pull: (collection, checkpoint, batchSize) => transport.pull(collection, checkpoint, batchSize),
      push: (collection, rows) => transport.pushOrRefuse(collection, rows),
      onStream: (listener) => transport.onStream(listener),
      status: () => transport.status(),
      onStatus: (listener) => transport.onStatus(listener),
    },
    admin: {
      createUser: (input) => transport.api.createUser(input),
      setUserActive: (userId, active) => transport.api.setUserActive(userId, active),
      updateUser: (userId, change) => transport.api.updateUser(userId, change),
      resetPassword: (userId, password) => transport.api.resetPassword(userId, password),
      audit: (query) => transport.api.audit(query),
      eraseProspect: (prospectId) => transport.api.eraseProspect(prospectId),
    },
    presence: {
      report: (report) => transport.api.reportPresence(report),
      floor: () => transport.api.floor(),
    },
    figures: {
      funnel: (by, from, to) => transport.api.funnel(by, from, to),
      sales: () => transport.api.sales(),
      script: (scriptId, version) => transport.api.scriptStats(scriptId, version),
    },
    queue: {
      claim: (prospectId) => transport.api.claim(prospectId),
    },
    // A browser has no keychain of ours: the SIP login lasts for this tab's session, and sign-out forgets it.
    phone: {
      credentials() {
        try {
          const kept = JSON.parse(sessionStorage.getItem(SIP_KEY) ?? 'null') as SipCredentials | null;
          return Promise.resolve(kept?.login ? kept : null);
        } catch {
          return Promise.resolve(null);
        }
      },
      saveCredentials(credentials) {
        if (credentials?.login) sessionStorage.setItem(SIP_KEY, JSON.stringify(credentials));
        else sessionStorage.removeItem(SIP_KEY);
        return Promise.resolve({ persists: false });
      },
    },
    shell: {
      openExternal(url) {
        if (!isAllowedExternalUrl(url)) return Promise.reject(new Error(`Refusing to open ${url}`));
        window.open(url, '_blank', 'noopener,noreferrer');
        return Promise.resolve();
      },
    },
  } satisfies LeadlineBridge;
}
