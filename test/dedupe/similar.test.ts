import { describe, expect, it } from 'vitest';
import { PRIME, universalHash } from '../../src/dedupe/similar.js';

describe('universalHash', () => {
  // The BigInt formula the stored signatures were made with; the Number version must give the same values.
  const exact = (a: number, b: number, x: number) => Number((BigInt(a) * BigInt(x) + BigInt(b)) % BigInt(PRIME));
  const cases: Array<[number, number, number]> = [
    [1, 0, 0],
    [0x7fffffff, 0xffffffff, 0xffffffff],
    [-0x7fffffff, 0xffffffff, 0xffffffff],
    [-1, 5, 5],
    [-1, 5, 6],
    [-3, 0, 1],
    [-2147483647, 4294967295, 1],
    [65537, 0, 65535],
    [-65537, 12345, 0],
  ];
  it.each(cases)('(%i·x + %i) %% p at x = %i equals the BigInt result', (a, b, x) => {
    expect(universalHash(a, b, x)).toBe(exact(a, b, x));
  });

  it('equals the BigInt result on 10,000 pseudo-random inputs', () => {
    let state = 7;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
    for (let i = 0; i < 10_000; i++) {
      const [a, b, x] = [next() | 1, next(), next()]; // a signed, as the coefficients are
      expect(universalHash(a, b, x)).toBe(exact(a, b, x));
    }
  });
});
