import type { ConnectionStatus } from '../ipc.ts';

/** The connection state the sync indicator shows, and who to tell when it changes. */
export class ConnectionTracker {
  #status: ConnectionStatus = { state: 'connecting', lastSyncAt: 0, lastError: '' };
  readonly #listeners = new Set<(status: ConnectionStatus) => void>();

  get current(): ConnectionStatus {
    return this.#status;
  }

  subscribe(listener: (status: ConnectionStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** An exchange with the server worked; `synced` when it moved data. */
  online(synced = false): void {
    this.#set({ state: 'online', lastSyncAt: synced ? Date.now() : this.#status.lastSyncAt, lastError: '' });
  }

  offline(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.#set({ ...this.#status, state: 'offline', lastError: message });
  }

  connecting(): void {
    if (this.#status.state !== 'online') this.#set({ ...this.#status, state: 'connecting' });
  }

  clear(): void {
    this.#listeners.clear();
  }

  #set(next: ConnectionStatus): void {
    const prev = this.#status;
    this.#status = next;
    if (prev.state !== next.state || prev.lastSyncAt !== next.lastSyncAt || prev.lastError !== next.lastError) {
      for (const l of this.#listeners) l(next);
    }
  }
}
