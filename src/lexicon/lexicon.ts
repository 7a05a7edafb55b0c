/**
 * opsfeed's Polish lexicon: the words of dates (dates.json), of bylines
 * (authors.json, compiled by authors.ts) and of page furniture (pages.json), kept as data in this one
 * folder and read by both extraction and normalisation, so that a label seen
 * on a real page is one line of data, not a pattern in several files.
 *
 * Words are matched on folded text: lower case, Polish diacritics dropped
 * ("Październik" and "pazdziernik" read alike, as do "Zredagował(a)" and
 * "Zredagowal(a)"). Folding keeps every character in its place, so a match in
 * the folded text is a match at the same place in the text as written.
 */
import dateWords from './dates.json' with { type: 'json' };
import pageWords from './pages.json' with { type: 'json' };

export const DATE_WORDS = dateWords;

export type DateLabelKind = keyof typeof dateWords.labels;

const POLISH_FOLDS: Record<string, string> = { ą: 'a', ć: 'c', ę: 'e', ł: 'l', ń: 'n', ó: 'o', ś: 's', ź: 'z', ż: 'z' };
const folded = new Map<string, string>();

/** One character folded: lower case without diacritics, or itself where folding would change the length. */
function foldChar(char: string): string {
  let result = folded.get(char);
  if (result === undefined) {
    const lower = char.toLowerCase();
    result = POLISH_FOLDS[lower] ?? (lower.length === 1 ? lower.normalize('NFD')[0]! : char);
    folded.set(char, result);
  }
  return result;
}

/** `text` in lower case without diacritics, character for character (the result has the same length). */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  // A few letters change length in lower case ("İ"): those texts are folded letter by letter.
  if (lower.length !== text.length) return Array.from(text, (char) => (char.length === 1 ? foldChar(char) : char)).join('');
  return NON_ASCII.test(lower) ? lower.replace(NON_ASCII_ALL, foldChar) : lower;
}

const NON_ASCII = /[^\x00-\x7f]/;
const NON_ASCII_ALL = /[^\x00-\x7f]/g;

/** `text` as a literal inside a regular expression. */
export const escapePattern = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The source of a pattern matching any of `phrases` on folded text, as whole words: longest first (so "data
 * publikacji w bip" wins over "data"), any run of spaces for a space, and a dot after an abbreviation optional.
 */
export function phraseSource(phrases: readonly string[]): string {
  const forms = [...new Set(phrases.map((phrase) => fold(phrase.trim())))].sort((a, b) => b.length - a.length);
  const alternatives = forms.map((form) => escapePattern(form).replace(/\s+/g, '\\s+'));
  return `(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`;
}

/** The same, without the guard before it: for a phrase that may follow a digit or a sign ("15 minut", "|Dziś"). */
export function words(phrases: readonly string[]): string {
  return phraseSource(phrases).replace(/^\(\?<!\[[^\]]*\]\)/, '');
}

/**
 * The first two letters of each phrase, folded: a text whose first two letters (after spaces and separators) are
 * none of them starts with none of the phrases, which tells most of a page's elements apart at once.
 */
export function openingPairs(phrases: readonly string[]): Set<string> {
  return new Set(phrases.map((phrase) => fold(phrase.trim()).slice(0, 2)));
}

/** Whether `text`, past its leading spaces and separators, may start with one of the phrases of `pairs`. */
export function mayStartWith(text: string, pairs: Set<string>): boolean {
  let i = 0;
  while (i < text.length && LEADING.includes(text[i]!)) i++;
  return pairs.has(fold(text.slice(i, i + 2)));
}

const LEADING = ' \t\n\r\u00a0|•·–—-';

/** `make()` once, on first use: patterns built from the lexicon cost little, but nothing at start-up. */
export function once<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) [value, made] = [make(), true];
    return value as T;
  };
}

/** Any of `starts` at the start of a word of folded text ('aktualno' finds 'Aktualności'). */
function wordStarts(starts: readonly string[]): RegExp {
  return new RegExp(`(?<![\\p{L}])(?:${starts.map((start) => escapePattern(fold(start)).replace(/\s+/g, '\\s+')).join('|')})`, 'u');
}

/** Whole-text matchers for page furniture: read-more and back links, related-news headings, next-page links. */
export const pagePatterns = once(() => {
  const whole = (phrases: readonly string[], tail = '') => new RegExp(`^\\s*${words(phrases)}\\s*${tail}$`, 'u');
  const arrows = '(?:\\.{2,3}|…|»|›|>+)?';
  const extensions = (list: readonly string[]) => new RegExp(`\\.(?:${list.map(escapePattern).join('|')})(?:[?#]|$)`, 'i');
  return {
    readMore: whole(pageWords.readMore, arrows),
    back: whole(pageWords.back, arrows),
    relatedHeading: new RegExp(`^\\s*${phraseSource(pageWords.relatedHeadings)}`, 'u'),
    relatedOpenings: openingPairs(pageWords.relatedHeadings),
    nextPage: whole(pageWords.nextPage, arrows),
    pager: new RegExp(`^\\s*(?:«|‹|<|<<)?\\s*${words(pageWords.pager)}\\s*(?:«|‹)?$`, 'u'),
    newsSection: wordStarts(pageWords.newsSections),
    calendarHeading: wordStarts(pageWords.calendarHeadings),
    attachment: extensions(pageWords.attachmentExtensions),
    document: extensions([...pageWords.attachmentExtensions, ...pageWords.mediaExtensions]),
  };
});

/** "Czytaj więcej »", "Więcej...", "read more": a link to the article, not its title. */
export function isReadMore(text: string): boolean {
  return pagePatterns().readMore.test(fold(text));
}

/** "Aktualności", "Komunikaty i ogłoszenia": a link to the site's news. */
export function isNewsSection(text: string): boolean {
  return pagePatterns().newsSection.test(fold(text));
}

/** "Kalendarium imprez", "Nadchodzące wydarzenia": an events calendar's heading. */
export function isCalendarHeading(text: string): boolean {
  return pagePatterns().calendarHeading.test(fold(text));
}

/** "Powrót", "Wróć": a link back to the list. */
export function isBack(text: string): boolean {
  return pagePatterns().back.test(fold(text));
}

/** "Zobacz także", "Powiązane artykuły": what follows is related links, not the article. */
export function isRelatedHeading(text: string): boolean {
  const { relatedHeading, relatedOpenings } = pagePatterns();
  return mayStartWith(text, relatedOpenings) && relatedHeading.test(fold(text));
}
