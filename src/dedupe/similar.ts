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
import { foldedWords, foldForSearch } from '../normalize/text.js';

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
const TWO_32 = 2 ** 32;

interface Coefficient {
  /** a's residue in [0, PRIME): the same residue class, with no negative terms. */
  positive: number;
  /** positive · 2^16, reduced: x = high·2^16 + low makes a·x ≡ shifted·high + positive·low, each product below 2^49. */
  shifted: number;
  b: number;
  /** a·x + b < 0 exactly when a < 0 and x > ⌊b / |a|⌋ (exact: b and |a| are integers below 2^32). */
  negativeAbove: number;
}

function coefficient(a: number, b: number): Coefficient {
  const positive = a < 0 ? a + PRIME : a;
  return { positive, shifted: reduce(positive * 65536), b, negativeAbove: a < 0 ? Math.floor(b / -a) : Infinity };
}

/** v mod PRIME for an integer 0 ≤ v < 2^53: PRIME is 2^32 + 15, so 2^32 ≡ −15 and v ≡ low − 15·high. */
function reduce(v: number): number {
  const high = Math.floor(v * 2 ** -32); // exact: a power of two
  const residue = v - high * TWO_32 - 15 * high;
  return residue < 0 ? residue + PRIME : residue;
}

const COEFFICIENTS = Array.from({ length: HASHES }, (_, i) => coefficient(fnv1a(`a${i}`) | 1, fnv1a(`b${i}`)));

/** (a·x + b) % PRIME for x = high·2^16 + low, in one reduction of a sum below 2^50: exact in doubles. */
function hashWith(c: Coefficient, x: number, high: number, low: number): number {
  const residue = reduce(c.shifted * high + c.positive * low + c.b);
  return x > c.negativeAbove && residue !== 0 ? residue - PRIME : residue;
}

/**
 * (a·x + b) % PRIME as BigInt computes it (a remainder with the dividend's
 * sign), for |a| < 2^31 and 0 ≤ b, x < 2^32, exactly, in doubles: a·x needs
 * 64 bits, so x is split in 16-bit halves and the sum reduced with
 * 2^32 ≡ −15 (mod PRIME). Far faster than BigInt; tested equal.
 */
export function universalHash(a: number, b: number, x: number): number {
  const high = Math.floor(x / 65536);
  return hashWith(coefficient(a, b), x, high, x - high * 65536);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** fnv1a of `words[start..start+count)` joined by single spaces, without joining them. */
function fnv1aOfWords(words: readonly string[], start: number, count: number): number {
  let hash = 0x811c9dc5;
  for (let w = start; w < start + count; w++) {
    if (w > start) hash = Math.imul(hash ^ 0x20, 0x01000193) >>> 0;
    const word = words[w]!;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The MinHash signature of a text, or null when it is too short to compare. */
export function textSignature(text: string): number[] | null {
  const words = foldedWords(foldForSearch(text));
  if (words.length < MIN_WORDS) return null;
  const shingles = new Set<number>();
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) shingles.add(fnv1aOfWords(words, i, SHINGLE_WORDS));
  const signature = new Float64Array(HASHES).fill(Number.MAX_SAFE_INTEGER);
  for (const shingle of shingles) {
    const high = Math.floor(shingle / 65536);
    const low = shingle - high * 65536;
    for (let h = 0; h < HASHES; h++) {
      const value = hashWith(COEFFICIENTS[h]!, shingle, high, low);
      if (value < signature[h]!) signature[h] = value;
    }
  }
  return Array.from(signature);
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
