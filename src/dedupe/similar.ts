/**
 * Near-duplicate texts across sources: the same news on a centre's site, its
 * municipality's portal and the city portal, under another URL and a
 * slightly different title. Each body becomes a MinHash signature of its
 * five-word shingles (case, Polish diacritics and punctuation ignored); the
 * signature's bands are lookup keys, so candidates are found without
 * comparing every pair. Two texts are the same story when their signatures
 * agree on at least SAME_STORY of their positions (an estimate of the
 * shingles' Jaccard similarity); a follow-up that repeats a paragraph of an
 * earlier story (the next phase of the same road works) stays below it.
 */
import { foldForSearch } from '../normalize/text.js';

const SHINGLE_WORDS = 5;
const HASHES = 64;
const ROWS_PER_BAND = 4;
/** Chosen on the fixtures (test/fixtures/crosspost): a cross-post agrees on 0.94, the next phase of the same story on 0.20. */
export const SAME_STORY = 0.7;
/** Texts shorter than this many words are too short to tell stories apart. */
const MIN_WORDS = 25;

// (a·x + b) % p over 32-bit shingle hashes, with fixed pseudo-random a, b: the same signature on every run.
// `| 1` makes a odd, and signed: about half the coefficients are negative, as in every stored signature.
export const PRIME = 4294967311;
const COEFFICIENTS = Array.from({ length: HASHES }, (_, i) => [fnv1a(`a${i}`) | 1, fnv1a(`b${i}`)] as const);

/**
 * (a·x + b) % PRIME as BigInt computes it (a remainder with the dividend's
 * sign), for |a| < 2^31 and 0 ≤ b, x < 2^32, exactly, in doubles: a·x needs
 * 64 bits, so the residue is built from 16-bit halves of a with every
 * intermediate below 2^53. Several times faster than BigInt; tested equal.
 */
export function universalHash(a: number, b: number, x: number): number {
  const positive = a < 0 ? a + PRIME : a; // the same residue class, with no negative terms
  const high = Math.floor(positive / 65536);
  const low = positive % 65536;
  const residue = (((((high * x) % PRIME) * 65536) % PRIME) + low * x + b) % PRIME;
  // a·x + b < 0 exactly when |a|·x > b, i.e. x > ⌊b / |a|⌋ (exact: b and |a| are integers below 2^32).
  const negative = a < 0 && x > Math.floor(b / -a);
  return negative && residue !== 0 ? residue - PRIME : residue;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The MinHash signature of a text, or null when it is too short to compare. */
export function textSignature(text: string): number[] | null {
  const words = foldForSearch(text).match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length < MIN_WORDS) return null;
  const shingles = new Set<number>();
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) shingles.add(fnv1a(words.slice(i, i + SHINGLE_WORDS).join(' ')));
  const signature = new Array<number>(HASHES).fill(Number.MAX_SAFE_INTEGER);
  for (const shingle of shingles) {
    for (let h = 0; h < HASHES; h++) {
      const [a, b] = COEFFICIENTS[h]!;
      const value = universalHash(a, b, shingle);
      if (value < signature[h]!) signature[h] = value;
    }
  }
  return signature;
}

/** Lookup keys: one per band of rows of the signature; texts sharing a key are candidates. */
export function signatureBands(signature: number[]): string[] {
  const bands: string[] = [];
  for (let start = 0; start < signature.length; start += ROWS_PER_BAND) {
    bands.push(`${start / ROWS_PER_BAND}:${fnv1a(signature.slice(start, start + ROWS_PER_BAND).join(','))}`);
  }
  return bands;
}

/** The share of positions on which two signatures agree: an estimate of their texts' shingle similarity. */
export function signatureSimilarity(a: number[], b: number[]): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}
