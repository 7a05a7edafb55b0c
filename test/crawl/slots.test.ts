import { describe, expect, it } from 'vitest';
import { Slots } from '../../src/crawl/slots.js';

describe('Slots (sources crawled at once)', () => {
  it('never runs more than its limit at once, and runs everything in the order asked', async () => {
    const slots = new Slots(3);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const releases: Array<() => void> = [];
    const runs = Array.from({ length: 10 }, (_, i) =>
      slots.run(async () => {
        started.push(i);
        most = Math.max(most, ++running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
        return i;
      }),
    );
    // Release the work one piece at a time; each release lets exactly one waiting run start.
    while (started.length < 10 || releases.length) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
    }
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(most).toBe(3);
  });

  it('frees the slot of a run that throws', async () => {
    const slots = new Slots(1);
    await expect(slots.run(async () => Promise.reject(new Error('site down')))).rejects.toThrow('site down');
    expect(await slots.run(async () => 'next')).toBe('next');
  });
});
