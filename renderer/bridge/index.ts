import type { LeadlineBridge } from '../../shared/sync/ipc.ts';
import { createBrowserBridge } from './browser-bridge.ts';
import { webServerBase, webServerSetup } from './web-server.ts';

declare global {
  interface Window {
    /** Set by Electron's preload; absent in the web target. */
    leadline?: LeadlineBridge;
  }
}

let bridge: LeadlineBridge | null = null;

export function getBridge(): LeadlineBridge {
  bridge ??= window.leadline ?? createBrowserBridge(webServerBase());
  return bridge;
}

/** Where this app's server is set: main in the desktop app, the page itself in the web target. */
export function getServerSetup(): Pick<
  NonNullable<LeadlineBridge['desktop']>,
  'serverAddress' | 'testServer' | 'setServer'
> {
  return getBridge().desktop ?? webServerSetup;
}
