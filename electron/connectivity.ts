/** Tells the transport when the OS sees the network come and go, and when the machine wakes. */
export interface ConnectivityDeps {
  isOnline(): boolean;
  powerMonitor: { on(event: 'resume', listener: () => void): unknown };
  transport: { wake(): void; markOffline(reason?: string): void };
  intervalMs?: number;
}

export function watchConnectivity(deps: ConnectivityDeps): () => void {
  let online = deps.isOnline();
  if (!online) deps.transport.markOffline('The computer is offline');
  const timer = setInterval(() => {
    const now = deps.isOnline();
    if (now === online) return;
    online = now;
    if (now) deps.transport.wake();
    else deps.transport.markOffline('The computer is offline');
  }, deps.intervalMs ?? 3000);
  deps.powerMonitor.on('resume', () => deps.transport.wake());
  return () => clearInterval(timer);
}
