import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../src/crawl/politeness.js';

describe('retryDelayMs', () => {
  it('doubles from the base with ±50% jitter', () => {
    for (const [retry, low, high] of [
      [0, 1000, 3000],
      [1, 2000, 6000],
      [2, 4000, 12000],
    ] as const) {
      for (let i = 0; i < 50; i++) {
        const delay = retryDelayMs(retry, 2000);
        expect(delay).toBeGreaterThanOrEqual(low);
        expect(delay).toBeLessThanOrEqual(high);
      }
    }
  });

  it('never waits more than a minute on its own', () => {
    expect(retryDelayMs(20, 2000)).toBeLessThanOrEqual(60_000);
  });

  it.each([
    ['0', 0],
    ['7', 7000],
    ['100000', 300_000],
  ])('honours Retry-After: %s seconds', (header, expected) => {
    expect(retryDelayMs(0, 2000, header)).toBe(expected);
  });

  it('honours Retry-After as an HTTP date', () => {
    const delay = retryDelayMs(0, 2000, new Date(Date.now() + 10_000).toUTCString());
    expect(delay).toBeGreaterThan(8_000);
    expect(delay).toBeLessThanOrEqual(10_000);
  });
});
