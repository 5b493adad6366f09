/**
 * Counts failed logins per key in a sliding window. Memory is bounded: at most `maxKeys` keys are
 * kept, the oldest dropped first, and a key whose failures have all aged out is forgotten.
 */
export class FailureLimiter {
  readonly #allowed: number;
  readonly #windowMs: number;
  readonly #maxKeys: number;
  readonly #failures = new Map<string, number[]>();

  constructor(allowed: number, windowMs: number, maxKeys = 10_000) {
    this.#allowed = allowed;
    this.#windowMs = windowMs;
    this.#maxKeys = maxKeys;
  }

  /** Milliseconds until the key may try again; 0 when it may try now. */
  retryAfter(key: string, now: number): number {
    const recent = this.#recent(key, now);
    if (recent.length < this.#allowed) return 0;
    return (recent[0] ?? now) + this.#windowMs - now;
  }

  /** Failures of the key within the window. */
  count(key: string, now: number): number {
    return this.#recent(key, now).length;
  }

  fail(key: string, now: number): void {
    const recent = this.#recent(key, now);
    recent.push(now);
    // Re-inserted at the end: the map's order is the order of last failure, oldest first.
    this.#failures.delete(key);
    this.#failures.set(key, recent.slice(-this.#allowed));
    for (const oldest of this.#failures.keys()) {
      if (this.#failures.size <= this.#maxKeys) break;
      this.#failures.delete(oldest);
    }
  }

  reset(key: string): void {
    this.#failures.delete(key);
  }

  get size(): number {
    return this.#failures.size;
  }

  #recent(key: string, now: number): number[] {
    const recent = (this.#failures.get(key) ?? []).filter((t) => t > now - this.#windowMs);
    if (recent.length === 0) this.#failures.delete(key);
    return recent;
  }
}

/**
 * How long to hold a sign-in of a username that failed `failures` times lately, from anywhere:
 * nothing up to `after`, then doubling from 250 ms to at most 4 s. A slow-down, never a lock: the
 * user can still sign in from their own workstation while someone guesses elsewhere.
 */
export function slowdownMs(failures: number, after: number): number {
  if (failures <= after) return 0;
  return Math.min(4000, 250 * 2 ** (failures - after - 1));
}
