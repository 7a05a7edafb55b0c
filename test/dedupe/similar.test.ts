import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { PRIME, textSignature, universalHash } from '../../src/dedupe/similar.js';
import { foldForSearch } from '../../src/normalize/text.js';
import { REPO_ROOT } from '../support/fixture-server.js';
import { fixtureArticlePages } from '../support/pages.js';

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

describe('textSignature', () => {
  // The definition, written plainly: words as Unicode runs of the folded text, five-word shingles joined by spaces
  // and hashed with FNV-1a, each of the 64 hashes' minimum of (a·x + b) % p in BigInt.
  const fnv1a = (text: string) => {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return hash >>> 0;
  };
  const reference = (text: string): number[] | null => {
    const words = foldForSearch(text).match(/[\p{L}\p{N}]+/gu) ?? [];
    if (words.length < 25) return null;
    const shingles = new Set<number>();
    for (let i = 0; i + 5 <= words.length; i++) shingles.add(fnv1a(words.slice(i, i + 5).join(' ')));
    return Array.from({ length: 64 }, (_, h) => {
      const [a, b] = [BigInt(fnv1a(`a${h}`) | 1), BigInt(fnv1a(`b${h}`))];
      return Math.min(...[...shingles].map((x) => Number((a * BigInt(x) + b) % BigInt(PRIME))));
    });
  };

  it('is the definition, on every fixture article text and on texts with other scripts and signs', () => {
    const texts = fixtureArticlePages(REPO_ROOT).map((html) => load(html)('body').text());
    texts.push(
      'Допомога біженцям з України: пункт у Ośrodku Pomocy Społecznej – czynny „codziennie” od 8:00 do 16:00, także w soboty i niedziele, dla wszystkich, którzy potrzebują wsparcia, informacji i noclegu.',
      'MOPS-u, ŚDS-ie, 500+, 60+… zażółć gęślą jaźń — Łódź, Gdańsk, Kraków; ÀÉÎÕÜ ß 2024/2025 r. '.repeat(4),
    );
    let compared = 0;
    for (const text of texts) {
      expect(textSignature(text)).toEqual(reference(text));
      if (reference(text)) compared++;
    }
    expect(compared).toBeGreaterThan(50);
  });
});
