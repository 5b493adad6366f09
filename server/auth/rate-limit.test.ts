import { describe, expect, it } from 'vitest';
import { FailureLimiter, slowdownMs } from './rate-limit.ts';

describe('failure limiter', () => {
  it('keeps at most its bound of keys, forgetting the oldest first', () => {
    const limiter = new FailureLimiter(3, 60_000, 100);
    for (let i = 0; i < 10_000; i++) limiter.fail(`10.0.${i >> 8}.${i & 255}|user${i}`, 1_000);
    expect(limiter.size).toBe(100);
    expect(limiter.count('10.0.39.15|user9999', 1_000)).toBe(1);
    expect(limiter.count('10.0.0.0|user0', 1_000)).toBe(0);
  });

  it('forgets a key once its failures age out, and refuses only within the window', () => {
    const limiter = new FailureLimiter(2, 60_000);
    limiter.fail('k', 0);
    limiter.fail('k', 10_000);
    expect(limiter.retryAfter('k', 20_000)).toBe(40_000);
    expect(limiter.retryAfter('k', 70_001)).toBe(0);
    expect(limiter.size).toBe(0);
  });

  it('slows a guessed user down step by step, to at most four seconds', () => {
    expect([0, 5, 6, 7, 8, 20].map((n) => slowdownMs(n, 5))).toEqual([0, 0, 250, 500, 1000, 4000]);
  });
});
