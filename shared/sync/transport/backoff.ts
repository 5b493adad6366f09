/** Exponential backoff with full jitter: 0.5 s, 1 s, 2 s ... capped at 30 s. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(30_000, 500 * 2 ** Math.min(attempt, 16));
  return Math.round(cap / 2 + (random() * cap) / 2);
}
