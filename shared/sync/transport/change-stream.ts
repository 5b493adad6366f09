import type { StreamEvent } from '../wire.ts';
import { backoffDelay } from './backoff.ts';
import type { ConnectionTracker } from './connection-status.ts';
import { SignedOutError } from './errors.ts';
import { readSse } from './sse.ts';

type Listener<T> = (value: T) => void;

export interface ChangeStreamOptions {
  /** Opens the authorised stream request (the transport adds the token and schema versions). */
  open(signal: AbortSignal): Promise<Response>;
  /** Whether anyone is signed in: without a session there is nothing to stream. */
  signedIn(): Promise<boolean>;
  connection: ConnectionTracker;
  /** Reconnects when nothing (not even a keep-alive) arrived for this long. */
  idleMs: number;
  random: () => number;
}

/**
 * The server's change stream, kept open while anyone listens: reconnects with backoff, gives up on
 * silence after `idleMs`, and reports the connection's state as it goes.
 */
export class ChangeStream {
  readonly #options: ChangeStreamOptions;
  readonly #listeners = new Set<Listener<StreamEvent>>();
  #abort: AbortController | null = null;
  #running = false;
  #wakeUp: (() => void) | null = null;
  #disposed = false;

  constructor(options: ChangeStreamOptions) {
    this.#options = options;
  }

  listen(listener: Listener<StreamEvent>): () => void {
    this.#listeners.add(listener);
    this.#kick();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.stop();
    };
  }

  /** Reconnect now instead of after the backoff (the network came back, the app was woken). */
  wake(): void {
    this.#abort?.abort();
    this.#wakeUp?.();
    this.#kick();
  }

  /** Drops the current connection (the network is gone); the backoff brings it back. */
  interrupt(): void {
    this.#abort?.abort();
  }

  /** A new session may stream: start if anyone listens. */
  resume(): void {
    this.#kick();
  }

  stop(): void {
    this.#abort?.abort();
    this.#wakeUp?.();
  }

  dispose(): void {
    this.#disposed = true;
    this.stop();
    this.#listeners.clear();
  }

  #kick(): void {
    if (this.#running || this.#disposed || this.#listeners.size === 0) return;
    this.#running = true;
    void this.#run().finally(() => {
      this.#running = false;
    });
  }

  async #run(): Promise<void> {
    const { connection } = this.#options;
    let attempt = 0;
    while (!this.#disposed && this.#listeners.size > 0) {
      const abort = new AbortController();
      this.#abort = abort;
      let idle: ReturnType<typeof setTimeout> | undefined;
      const resetIdle = () => {
        clearTimeout(idle);
        idle = setTimeout(() => abort.abort(), this.#options.idleMs);
      };
      try {
        if (!(await this.#options.signedIn())) return;
        connection.connecting();
        const response = await this.#options.open(abort.signal);
        if (!response.body) throw new Error('Stream has no body');
        attempt = 0;
        resetIdle();
        for await (const data of readSse(response.body, abort.signal)) {
          resetIdle();
          connection.online(true);
          const event = JSON.parse(data) as StreamEvent;
          for (const l of this.#listeners) l(event);
        }
      } catch (error) {
        if (error instanceof SignedOutError) return;
        if (!abort.signal.aborted || connection.current.state !== 'offline') connection.offline(error);
      } finally {
        clearTimeout(idle);
      }
      if (this.#disposed || this.#listeners.size === 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoffDelay(attempt++, this.#options.random));
        this.#wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wakeUp = null;
    }
  }
}
