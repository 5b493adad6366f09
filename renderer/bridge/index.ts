import type { LeadlineBridge } from '../../shared/sync/ipc.ts';
import { createBrowserBridge } from './browser-bridge.ts';

declare global {
  interface Window {
    /** Set by Electron's preload; absent in the web target. */
    leadline?: LeadlineBridge;
  }
}

let bridge: LeadlineBridge | null = null;

export function getBridge(): LeadlineBridge {
  bridge ??= window.leadline ?? createBrowserBridge();
  return bridge;
}
