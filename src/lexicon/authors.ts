/**
 * The words of bylines (authors.json) compiled into patterns on folded text (see lexicon.ts: folding keeps
 * every character in its place, so a match in the folded text is a match in the text as written).
 *
 * findLabels() finds the labels of a byline ("Autor:", "Dokument wprowadzony do BIP przez:", "fot.",
 * "Źródło:") with what they say the following value is; names.ts reads the values. isBylineLine() tells
 * extraction which short lines are bylines.
 */
import authorWords from './authors.json' with { type: 'json' };
import { DATE_WORDS, escapePattern, fold, mayStartWith, once, openingPairs } from './lexicon.js';

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
      if (!part.startsWith('(')) return escapePattern(part).replace(/\s+/g, '\\s+').replace(/\\\.(?=\\s\+)/g, '\\.?');
      const inner = escapePattern(part.slice(1, -1));
      return `(?:${inner}|\\(${inner}\\)|/${inner})?`;
    })
    .join('');
  const tail = open ? '\\p{L}*' : abbreviation ? `(?:\\.|(?!${WORD}))` : `(?!${WORD})`;
  return `(?<!${WORD})${body}${tail}`;
}

/** Longest first, so that "autor zdjęć" (a photo credit) wins over "autor", and "dr hab." over "dr". */
const byLength = (a: string, b: string) => fold(b).length - fold(a).length;

const OPENING = /^[\p{L}\p{N}]*/u;
const WORD_START = /(?<![\p{L}\p{N}_])[\p{L}\p{N}_]/gu;

/**
 * Phrases of the lexicon (labels, roles, titles, bodies' names, page furniture), each found where it starts in a
 * folded text. Each phrase is a small pattern of its own, filed under its opening letters and compiled on first
 * use: a byline's every word is asked whether one starts there, and almost none does. (One pattern of all the
 * phrases cost a fifth of a second to compile in every process and thread that read an article.)
 */
export class PhraseIndex<T = true> {
  private readonly byOpening = new Map<string, Array<{ phrase: string; value: T; pattern?: RegExp }>>();
  private readonly lengths: number[];

  constructor(entries: ReadonlyArray<{ phrase: string; value: T }>) {
    for (const entry of [...entries].sort((a, b) => byLength(a.phrase, b.phrase))) {
      const opening = OPENING.exec(fold(entry.phrase.trim()))![0];
      const list = this.byOpening.get(opening) ?? [];
      list.push({ ...entry });
      this.byOpening.set(opening, list);
    }
    this.lengths = [...new Set([...this.byOpening.keys()].map((opening) => opening.length))].sort((a, b) => b - a);
  }

  static of(phrases: readonly string[]): PhraseIndex {
    return new PhraseIndex([...new Set(phrases)].map((phrase) => ({ phrase, value: true as const })));
  }

  /** The longest phrase that starts at `at` in `folded`: where it ends and its value; null when none does. */
  matchAt(folded: string, at: number): { end: number; value: T } | null {
    const word = OPENING.exec(folded.slice(at, at + 32))![0];
    let best: { end: number; value: T } | null = null;
    for (const length of this.lengths) {
      if (length > word.length) continue;
      for (const entry of this.byOpening.get(word.slice(0, length)) ?? []) {
        entry.pattern ??= new RegExp(phrasePattern(entry.phrase), 'uy');
        entry.pattern.lastIndex = at;
        const match = entry.pattern.exec(folded);
        if (match && (!best || at + match[0].length > best.end)) best = { end: at + match[0].length, value: entry.value };
      }
    }
    return best;
  }

  /** Where a phrase that starts at `at` ends, or -1. */
  endAt(folded: string, at: number): number {
    return this.matchAt(folded, at)?.end ?? -1;
  }

  /** Whether a phrase starts at any word of `folded`. */
  foundIn(folded: string): boolean {
    for (const word of folded.matchAll(WORD_START)) if (this.matchAt(folded, word.index) !== null) return true;
    return false;
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
  const label = new PhraseIndex<LabelEntry>(entries.map(({ phrase, ...entry }) => ({ phrase, value: entry })));
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
    role: PhraseIndex.of(authorWords.roles),
    title: PhraseIndex.of(authorWords.titles),
    body: PhraseIndex.of(authorWords.bodies),
    // A date's label ends a name too ("Opublikował: Jan Nowak Publikacja dnia: 13.07.2011").
    trailer: PhraseIndex.of([...authorWords.trailers, ...(['publication', 'created', 'modified', 'printed'] as const).flatMap((kind) => DATE_WORDS.labels[kind].phrases)]),
    speech: PhraseIndex.of(authorWords.speechVerbs),
    accounts: new Set(authorWords.accounts.map(fold)),
    account: new RegExp(authorWords.accounts.map((word) => escapePattern(fold(word))).join('|'), 'u'),
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
const labelFirstWords = once(() => new Set(authorWords.labels.author.map((phrase) => fold(phrase).split(/\s+/)[0]!.replace(/\(.*$|[.:]+$/u, ''))));

/** Whether `text` may open with an author label: its first word is a label's first word, or that word with an ending ("autorka", "zredagowała"). */
function mayOpenWithLabel(text: string): boolean {
  if (!mayStartWith(text, labelOpenings())) return false;
  const first = FIRST_WORD.exec(text)?.[1];
  if (!first) return false;
  // The word itself, or the word less an ending of up to three letters, is a label's first word.
  const word = fold(first);
  const words = labelFirstWords();
  for (let cut = 0; cut <= 3 && cut < word.length; cut++) if (words.has(word.slice(0, word.length - cut))) return true;
  return false;
}
// The first word of a line, after bullets and separators.
const FIRST_WORD = /^[\s|•·–—-]*(\p{L}+)/u;
/** The first two letters of the labels' first words: most lines are ruled out by them alone. */
const labelOpenings = once(() => openingPairs([...labelFirstWords()]));

/** The author label that `text` opens with, with where its value starts; null when it opens with none. */
function labelAtStart(text: string): LabelMatch | null {
  if (!mayOpenWithLabel(text)) return null;
  const match = authorPatterns().label.matchAt(fold(text), 0);
  if (!match) return null;
  const value = labelEnd(text, match.end, match.value);
  return value && { kind: match.value.kind, start: 0, end: value.end, colon: value.colon, afterText: match.value.afterText };
}

const enteredBy = once(() => PhraseIndex.of(authorWords.enteredBy));

/**
 * What a metadata label says of its value ("Autor", "Wytworzył informację", "Dokument wprowadzony do BIP przez"):
 * 'wrote' for the writer, 'entered' for who entered or published the text, null for no author label.
 */
export function authorLabelRole(label: string): 'wrote' | 'entered' | null {
  const text = `${label.trim().replace(/:$/, '')}:`;
  const first = labelAtStart(text);
  if (!first || first.kind !== 'author' || first.end < text.length) return null;
  return enteredBy().matchAt(fold(text), 0) ? 'entered' : 'wrote';
}

/** A name of a body ("Urząd Gminy", "Miejski Ośrodek Pomocy Społecznej", "MOPS Sopot", "Studio WWW"): an office or firm, not a person. */
export function namesABody(text: string): boolean {
  return authorPatterns().body.foundIn(fold(text));
}

/** A CMS account's name ("admin", "Administrator") or a login holding one ("kpadmin_WR", "admin2"); not "Adminowicz". */
export function isAccountWord(word: string): boolean {
  const { accounts, account } = authorPatterns();
  const folded = fold(word).replace(/[.,:;!?]+$/u, '');
  return accounts.has(folded) || (/[_@\d]/u.test(folded) && account.test(folded));
}

/** The byline labels in `text`, in order, each with where its value starts. */
export function findLabels(text: string): LabelMatch[] {
  const { label } = authorPatterns();
  const folded = fold(text);
  const found: LabelMatch[] = [];
  let after = 0;
  for (const word of folded.matchAll(WORD_START)) {
    if (word.index < after) continue;
    const match = label.matchAt(folded, word.index);
    const value = match && labelEnd(text, match.end, match.value);
    if (!match || !value) continue;
    found.push({ kind: match.value.kind, start: word.index, end: value.end, colon: value.colon, afterText: match.value.afterText });
    after = value.end;
  }
  return found;
}

// A bare label opens a byline only before a short run of name words ("Autor Jan Nowak", "Oprac. Dział Promocji"),
// not before a sentence ("Autor projektu powiedział", "Opracowanie planu pracy na 2024 r.").
const NAME_RUN = /^(?:(?:\p{Lu}[\p{L}'’.-]*|\(\p{L}+\)|i|oraz)(?:\s+|$)){1,4}$/u;

/** A short line that opens with an author label ("Autor: Jan Nowak", "Tekst i zdjęcia: Anna Nowak", "Opublikował: admin"). */
export function isBylineLine(text: string): boolean {
  if (!mayOpenWithLabel(text)) return false;
  const line = text.replace(/[\s\u00a0]+/g, ' ').trim().replace(/^[|•·–—-]\s*/u, '');
  if (!line || line.length > 120) return false;
  const first = labelAtStart(line);
  if (!first || first.kind !== 'author' || first.afterText) return false;
  if (first.colon) return true;
  const value = line.slice(first.end).split(/[\d|,;/]/)[0]!.trim();
  return value === '' || NAME_RUN.test(value);
}
