/**
 * The words of bylines (authors.json) compiled into patterns on folded text (see lexicon.ts: folding keeps
 * every character in its place, so a match in the folded text is a match in the text as written).
 *
 * findLabels() finds the labels of a byline ("Autor:", "Dokument wprowadzony do BIP przez:", "fot.",
 * "Źródło:") with what they say the following value is; names.ts reads the values. isBylineLine() tells
 * extraction which short lines are bylines.
 */
import authorWords from './authors.json' with { type: 'json' };
import { DATE_WORDS, fold, once } from './lexicon.js';

export type LabelKind = 'author' | 'photo' | 'source';

export interface LabelMatch {
  kind: LabelKind;
  /** Where the label starts and where its value starts (after the colon or separator), in the text as given. */
  start: number;
  end: number;
  /** The label ended with a colon ("Autor:"), rather than standing bare before a name ("Autor Jan Nowak"). */
  colon: boolean;
  /** A label such as "przez" or "by", which opens no byline at the start of a line. */
  afterText: boolean;
}

interface LabelEntry {
  kind: LabelKind;
  colonOnly: boolean;
  afterText: boolean;
  /** The label ends in "przez"/"by": what follows is the name, never more words of the label. */
  endsWithBy: boolean;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const WORD = '[\\p{L}\\p{N}_]';

/**
 * The pattern of one phrase of authors.json on folded text (its syntax is in the file's "$syntax"): an
 * ending in parentheses optional, bare or in parentheses; a final dot optional; a final '*' any letters.
 */
function phrasePattern(phrase: string): string {
  let text = fold(phrase.trim());
  const [abbreviation, open] = [text.endsWith('.'), text.endsWith('*')];
  if (abbreviation || open) text = text.slice(0, -1);
  const body = text
    .split(/(\([^)]*\))/)
    .map((part) => {
      if (!part.startsWith('(')) return escape(part).replace(/\s+/g, '\\s+').replace(/\\\.(?=\\s\+)/g, '\\.?');
      const inner = escape(part.slice(1, -1));
      return `(?:${inner}|\\(${inner}\\)|/${inner})?`;
    })
    .join('');
  const tail = open ? '\\p{L}*' : abbreviation ? `(?:\\.|(?!${WORD}))` : `(?!${WORD})`;
  return `(?<!${WORD})${body}${tail}`;
}

/** Longest first, so that "autor zdjęć" (a photo credit) wins over "autor", and "dr hab." over "dr". */
const byLength = (a: string, b: string) => fold(b).length - fold(a).length;
const alternation = (phrases: readonly string[]) => [...new Set(phrases)].sort(byLength).map(phrasePattern).join('|');

const OPENING = /^[\p{L}\p{N}]*/u;

/**
 * Phrases of the lexicon matched from a given place of a folded text (a role, a title, a body's name, page
 * furniture). A byline's every word is asked whether one starts there, and almost none does: the phrases' opening
 * letters rule most words out before the pattern runs.
 */
export class PhraseSet {
  private readonly pattern: RegExp;
  private readonly openings: string[];

  constructor(phrases: readonly string[]) {
    this.pattern = new RegExp(`(?:${alternation(phrases)})`, 'uy');
    this.openings = [...new Set(phrases.map((phrase) => OPENING.exec(fold(phrase.trim()))![0]))];
  }

  /** Where a phrase that starts at `at` in `folded` ends, or -1 when none starts there. */
  endAt(folded: string, at: number): number {
    const word = OPENING.exec(folded.slice(at, at + 24))![0];
    if (!this.openings.some((opening) => word.startsWith(opening))) return -1;
    this.pattern.lastIndex = at;
    const match = this.pattern.exec(folded);
    return match ? at + match[0].length : -1;
  }
}

/** The whole lexicon of bylines compiled once, on first use. */
export const authorPatterns = once(() => {
  const { labels } = authorWords;
  const entries: Array<LabelEntry & { phrase: string }> = [
    ...labels.author.map((phrase) => ({ phrase, kind: 'author' as const, afterText: false })),
    ...labels.authorAfterText.map((phrase) => ({ phrase, kind: 'author' as const, afterText: true })),
    ...labels.photo.map((phrase) => ({ phrase, kind: 'photo' as const, afterText: false })),
    ...labels.source.map((phrase) => ({ phrase, kind: 'source' as const, afterText: false })),
  ]
    .map(({ phrase, ...entry }) => ({ ...entry, phrase: phrase.replace(/:$/, ''), colonOnly: phrase.endsWith(':'), endsWithBy: /(?:^|\s)(?:przez|by)$/u.test(fold(phrase)) }))
    .sort((a, b) => byLength(a.phrase, b.phrase));
  // One group per entry: the group that took part in a match says which entry it was.
  const alternatives = entries.map((entry) => `(${phrasePattern(entry.phrase)})`).join('|');
  const label = new RegExp(alternatives, 'gu');
  const labelAtStart = new RegExp(alternatives, 'uy');
  const months = new Set(DATE_WORDS.months.flat().map(fold));
  const relative = new Set([...Object.keys(DATE_WORDS.relativeDays), ...DATE_WORDS.relativeAgo].map(fold));
  // Words that may stand in a run of date and time before a name ("3 godziny temu,", "Dziś 20:15", "Wczoraj o godz. 14").
  // Months are not among them: a month counts only beside a day or a year ("10:15 Jan Nowak").
  const dateWords = new Set(
    [
      ...DATE_WORDS.weekdays,
      ...relative,
      ...Object.values(DATE_WORDS.relativeUnits).flat(),
      ...DATE_WORDS.fillers,
      ...DATE_WORDS.yearWords,
      ...DATE_WORDS.timeMarkers,
    ].map(fold),
  );
  return {
    label,
    labelAtStart,
    entries: entries as LabelEntry[],
    role: new PhraseSet(authorWords.roles),
    title: new PhraseSet(authorWords.titles),
    body: new PhraseSet(authorWords.bodies),
    // A date's label ends a name too ("Opublikował: Jan Nowak Publikacja dnia: 13.07.2011").
    trailer: new PhraseSet([...authorWords.trailers, ...(['publication', 'created', 'modified', 'printed'] as const).flatMap((kind) => DATE_WORDS.labels[kind].phrases)]),
    speech: new RegExp(alternation(authorWords.speechVerbs), 'u'),
    accounts: new Set(authorWords.accounts.map(fold)),
    account: new RegExp(authorWords.accounts.map((word) => escape(fold(word))).join('|'), 'u'),
    notAuthors: new Set(authorWords.notAuthors.map(fold)),
    agencies: new Set(authorWords.agencies.map(fold)),
    media: new Set(authorWords.media.map(fold)),
    months,
    relative,
    dateWords,
  };
});

// After a label: its colon; or lower-case words up to a colon that carry the label on ("Autor wpisu:",
// "Tekst i zdjęcia:", "Wprowadził do BIP:", "Redaktor naczelna/Editor-in-Chief:"); or, for a bare label,
// a dash or nothing, and lower-case words standing between it and a capitalised name ("Autor wpisu Anna Nowak").
const COLON = /^\s*:\s*/u;
const RUN_ON = /^\s+(\p{Ll}[^\s:\d|,;]*)((?:\s+[^\s:\d|,;]+){0,5}?)\s*:\s*/u;
const RUN_ON_WORD = /^(?:\p{Ll}|\(|\p{Lu}+$)/u;
const BARE = /^\s*(?:[-–—]\s*)?/u;
const LEADING_WORDS = /^(?:(\p{Ll}+)\s+){1,5}(?=[\p{Lu}(])/u;

/** Where the value of a label found at `start`..`end` starts, and whether a colon ended the label; null when this is no label. */
function labelEnd(text: string, end: number, entry: LabelEntry): { end: number; colon: boolean } | null {
  const rest = text.slice(end);
  const colon = COLON.exec(rest);
  if (colon) return { end: end + colon[0].length, colon: true };
  const runOn = RUN_ON.exec(rest);
  // "Posted by admin in news:" does not run on: an account is a value, never a word of a label.
  if (runOn && runOn[2]!.split(/\s+/).every((word) => !word || RUN_ON_WORD.test(word)) && !isAccountWord(runOn[1]!)) {
    return { end: end + runOn[0].length, colon: true };
  }
  if (entry.colonOnly) return null;
  let bare = end + BARE.exec(rest)![0].length;
  const words = entry.endsWithBy ? null : LEADING_WORDS.exec(text.slice(bare));
  // "przez admin Kwiecień 20": an account is the value, not a word of the label.
  if (words && !words[0].split(/\s+/).some(isAccountWord)) bare += words[0].length;
  return { end: bare, colon: false };
}

/**
 * The first words of the author labels: extraction asks of every short element and every metadata label whether
 * it opens with an author label, and almost none opens with one of these words, which a word lookup tells at once.
 */
const labelFirstWords = once(() => [...new Set(authorWords.labels.author.map((phrase) => fold(phrase).split(/\s+/)[0]!.replace(/\(.*$|[.:]+$/u, '')))]);

/** Whether `text` may open with an author label: its first word is a label's first word, or that word with an ending ("autorka", "zredagowała"). */
function mayOpenWithLabel(text: string): boolean {
  const first = /^\p{L}+/u.exec(fold(text.slice(0, 40)))?.[0];
  return !!first && labelFirstWords().some((word) => first === word || (first.startsWith(word) && first.length - word.length <= 3));
}

/** The author label that `text` opens with, with where its value starts; null when it opens with none. */
function labelAtStart(text: string): LabelMatch | null {
  if (!mayOpenWithLabel(text)) return null;
  const { labelAtStart: pattern, entries } = authorPatterns();
  pattern.lastIndex = 0;
  const match = pattern.exec(fold(text));
  if (!match) return null;
  const entry = entries[match.findIndex((group, i) => i > 0 && group !== undefined) - 1]!;
  const value = labelEnd(text, match[0].length, entry);
  return value && { kind: entry.kind, start: 0, end: value.end, colon: value.colon, afterText: entry.afterText };
}

const enteredBy = once(() => new RegExp(`^(?:${alternation(authorWords.enteredBy)})`, 'u'));

/**
 * What a metadata label says of its value ("Autor", "Wytworzył informację", "Dokument wprowadzony do BIP przez"):
 * 'wrote' for the writer, 'entered' for who entered or published the text, null for no author label.
 */
export function authorLabelRole(label: string): 'wrote' | 'entered' | null {
  const text = `${label.trim().replace(/:$/, '')}:`;
  const first = labelAtStart(text);
  if (!first || first.kind !== 'author' || first.end < text.length) return null;
  return enteredBy().test(fold(text)) ? 'entered' : 'wrote';
}

/** A name of a body ("Urząd Gminy", "Miejski Ośrodek Pomocy Społecznej", "MOPS Sopot", "Studio WWW"): an office or firm, not a person. */
export function namesABody(text: string): boolean {
  const { body } = authorPatterns();
  const folded = fold(text);
  for (const word of folded.matchAll(/\p{L}+/gu)) if (body.endAt(folded, word.index) >= 0) return true;
  return false;
}

/** A CMS account's name ("admin", "Administrator") or a login holding one ("kpadmin_WR", "admin2"); not "Adminowicz". */
export function isAccountWord(word: string): boolean {
  const { accounts, account } = authorPatterns();
  const folded = fold(word).replace(/[.,:;!?]+$/u, '');
  return accounts.has(folded) || (/[_@\d]/u.test(folded) && account.test(folded));
}

/** The byline labels in `text`, in order, each with where its value starts. */
export function findLabels(text: string): LabelMatch[] {
  const { label, entries } = authorPatterns();
  const folded = fold(text);
  const found: LabelMatch[] = [];
  label.lastIndex = 0;
  for (let match = label.exec(folded); match; match = label.exec(folded)) {
    const entry = entries[match.findIndex((group, i) => i > 0 && group !== undefined) - 1]!;
    const value = labelEnd(text, match.index + match[0].length, entry);
    if (!value) {
      label.lastIndex = match.index + 1;
      continue;
    }
    found.push({ kind: entry.kind, start: match.index, end: value.end, colon: value.colon, afterText: entry.afterText });
    label.lastIndex = Math.max(value.end, match.index + 1);
  }
  return found;
}

// A bare label opens a byline only before a short run of name words ("Autor Jan Nowak", "Oprac. Dział Promocji"),
// not before a sentence ("Autor projektu powiedział", "Opracowanie planu pracy na 2024 r.").
const NAME_RUN = /^(?:(?:\p{Lu}[\p{L}'’.-]*|\(\p{L}+\)|i|oraz)(?:\s+|$)){1,4}$/u;

/** A short line that opens with an author label ("Autor: Jan Nowak", "Tekst i zdjęcia: Anna Nowak", "Opublikował: admin"). */
export function isBylineLine(text: string): boolean {
  const line = text.replace(/[\s\u00a0]+/g, ' ').trim().replace(/^[|•·–—-]\s*/u, '');
  if (!line || line.length > 120) return false;
  const first = labelAtStart(line);
  if (!first || first.kind !== 'author' || first.afterText) return false;
  if (first.colon) return true;
  const value = line.slice(first.end).split(/[\d|,;/]/)[0]!.trim();
  return value === '' || NAME_RUN.test(value);
}
