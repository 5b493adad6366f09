/**
 * Counts failed logins per key (address + username) in a sliding window. Once the allowance is
 * used up, every further attempt in the window is refused, right password or not.
 */
export class FailureLimiter {
  readonly #allowed: number;
  readonly #windowMs: number;
  readonly #failures = new Map<string, number[]>();

  constructor(allowed: number, windowMs: number) {
    this.#allowed = allowed;
    this.#windowMs = windowMs;
  }

  /** Milliseconds until the key may try again; 0 when it may try now. */
  retryAfter(key: string, now: number): number {
    const recent = this.#recent(key, now);
    if (recent.length < this.#allowed) return 0;
    return (recent[0] ?? now) + this.#windowMs - now;
  }

  fail(key: string, now: number): void {
    const recent = this.#recent(key, now);
    recent.push(now);
    this.#failures.set(key, recent);
  }

  reset(key: string): void {
    this.#failures.delete(key);
  }

  #recent(key: string, now: number): number[] {
    const recent = (this.#failures.get(key) ?? []).filter((t) => t > now - this.#windowMs);
    if (recent.length === 0) this.#failures.delete(key);
    return recent;
  }
}
