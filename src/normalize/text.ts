/** Plain-text cleanup shared by extraction, normalisation and publishing. */
import { escapePattern } from '../lexicon/lexicon.js';

const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g; // soft hyphen, zero-width chars, BOM
const SPACES = /[\s\u00a0\u2007\u202f]+/g;

/** Collapse all whitespace (including non-breaking spaces) and drop invisible characters. */
export function collapseWhitespace(text: string): string {
  return text.replace(INVISIBLE, '').replace(SPACES, ' ').trim();
}

// XML 1.0 allows only these code points; `u` makes lone surrogates count as code points.
const XML_INVALID = /[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Remove characters that would make an XML document ill-formed (control chars, lone surrogates). */
export function stripXmlInvalid(text: string): string {
  return text.replace(XML_INVALID, '');
}

// A tag written out as text: a CMS that escaped its HTML twice ("&lt;br&gt;"), or a page showing markup.
const MARKUP_REMNANT = /<\/?[a-z][a-z0-9-]*(\s[^<>]*)?\/?>|<!--[\s\S]*?-->/gi;

/**
 * Drop tags that appear as text in a plain-text field. Titles, summaries and
 * plain text never carry markup; a "<br>" or "<script>" there is a remnant of
 * double escaping, and would otherwise reach readers as raw markup.
 */
export function stripMarkupRemnants(text: string): string {
  return text.replace(MARKUP_REMNANT, ' ').replace(/ {2,}/g, ' ').trim();
}

/** A plain-text field: whitespace collapsed, markup remnants and XML-invalid characters gone. */
export function plainText(text: string): string {
  return stripXmlInvalid(collapseWhitespace(stripMarkupRemnants(text)));
}

/** Lower-case and strip Polish diacritics, for keyword matching that ignores them. */
export function foldForSearch(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l');
}

/** The first ~`maxLength` characters of `text`, cut at a word boundary. */
export function summarize(text: string, maxLength = 300): string {
  const clean = collapseWhitespace(text);
  if (clean.length <= maxLength) return clean;
  const cut = clean.slice(0, maxLength);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxLength * 0.6 ? cut.slice(0, lastSpace) : cut).replace(/[\s,.;:–-]+$/, '')}…`;
}

/** True when `text` contains any of `keywords`, ignoring case and diacritics. A `*` in a keyword matches any letters. */
export function matchesAnyKeyword(text: string, keywords: readonly string[]): boolean {
  const haystack = foldForSearch(collapseWhitespace(text));
  return keywords.some((keyword) => sourceKeyword(keyword).test(haystack));
}

// Sources' include/exclude keywords, compiled once each: they come from sources.json, so the map is bounded by it.
const sourceKeywords = new Map<string, RegExp>();

function sourceKeyword(keyword: string): RegExp {
  let pattern = sourceKeywords.get(keyword);
  if (!pattern) sourceKeywords.set(keyword, (pattern = keywordPattern(keyword)));
  return pattern;
}

// Folded text is lower-case and mostly ASCII: split on ASCII non-word characters first (fast), then split again
// by Unicode classes only the few pieces that hold other characters ("„pomoc”", "–").
const NOT_ASCII_WORD = /[^a-z0-9\u0080-\uffff]+/;
const NOT_WORD = /[^\p{L}\p{N}]+/u;
const NON_ASCII = /[^\x00-\x7f]/;
/** The words of a folded text (`foldForSearch`): its runs of letters and digits, in order. */
export function foldedWords(folded: string): string[] {
  const words: string[] = [];
  for (const piece of folded.split(NOT_ASCII_WORD)) {
    if (NON_ASCII.test(piece)) {
      for (const word of piece.split(NOT_WORD)) if (word) words.push(word);
    } else if (piece) words.push(piece);
  }
  return words;
}

/** A word's first two characters as one number: the key keywords are filed under. */
const startOf = (word: string) => word.charCodeAt(0) * 0x10000 + word.charCodeAt(1);

/**
 * Which of many keywords may match a folded text: those whose first word
 * (`keywordPattern` needs it whole, or as a prefix before a `*`) the text
 * has. The text's words are read once, and each is looked up among the
 * keywords' first words by its first two letters, so a lexicon of 140 topic
 * patterns or 70 institution names costs about one pass over the text, and
 * only the few keywords that remain run their regular expressions.
 */
export class FirstWords {
  private readonly byStart = new Map<number, Array<{ word: string; prefix: boolean; id: number }>>();
  private readonly always: number[] = [];
  /** Where each group's keywords start among the ids, and each id's group. */
  private readonly offsets: number[] = [];
  private readonly groupOf: number[] = [];

  /** Keywords as `keywordPattern` reads them, in groups (a topic's patterns, an institution type's names). */
  constructor(groups: ReadonlyArray<readonly string[]>) {
    let id = 0;
    groups.forEach((keywords, group) => {
      this.offsets.push(id);
      for (const keyword of keywords) {
        this.groupOf.push(group);
        this.add(keyword, id++);
      }
    });
  }

  private add(keyword: string, id: number): void {
    const folded = foldForSearch(keyword.trim());
    const word = /^[\p{L}\p{N}]+/u.exec(folded)?.[0];
    // A keyword that opens with `*` or a sign, or with a one-letter word, rules nothing out.
    if (!word || word.length < 2) {
      this.always.push(id);
      return;
    }
    const entries = this.byStart.get(startOf(word)) ?? [];
    entries.push({ word, prefix: folded[word.length] === '*', id });
    this.byStart.set(startOf(word), entries);
  }

  /** Which keywords may match `folded` (a text folded by `foldForSearch`): keyword `index` of group `group`, or any of a group's. */
  present(folded: string): { has(group: number, index: number): boolean; any(group: number): boolean } {
    const found = new Set(this.always);
    const look = (word: string) => {
      if (word.length < 2) return;
      for (const entry of this.byStart.get(startOf(word)) ?? []) {
        if (entry.prefix ? word.startsWith(entry.word) : word === entry.word) found.add(entry.id);
      }
    };
    for (const word of foldedWords(folded)) look(word);
    const groups = new Set([...found].map((id) => this.groupOf[id]));
    return { has: (group, index) => found.has(this.offsets[group]! + index), any: (group) => groups.has(group) };
  }
}

/** A keyword as a pattern over text folded by `foldForSearch`: `*` is any letters, spaces any whitespace, whole words only. */
export function keywordPattern(keyword: string): RegExp {
  const folded = foldForSearch(keyword.trim());
  const body = folded
    .split('*')
    .map((part) => escapePattern(part).replace(/\s+/g, '\\s+'))
    .join('[\\p{L}\\p{N}-]*');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'u');
}

/** A source's keyword filter: kept when it matches an `include` keyword (if any are given) and no `exclude` keyword. */
export function passesKeywordFilter(text: string, filter: { include?: readonly string[]; exclude?: readonly string[] }): boolean {
  if (filter.include?.length && !matchesAnyKeyword(text, filter.include)) return false;
  return !(filter.exclude?.length && matchesAnyKeyword(text, filter.exclude));
}

/** The words of a name as the gazetteer matches them: folded, split at spaces and hyphens ("Bielsko-Biała" → bielsko, biala). */
export function matchWords(name: string): string[] {
  return foldForSearch(name)
    .split(/[^\p{L}\p{N}.]+/u)
    .map((word) => word.replace(/\.$/, ''))
    .filter(Boolean);
}
