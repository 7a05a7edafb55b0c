/**
 * Bylines and signatures → the author as a journalist would print it, or null.
 *
 * The words are data (src/lexicon/authors.json, compiled by src/lexicon/authors.ts). A byline is read in three
 * steps: its labels cut it into segments ("Opublikowano 3 maja 2019, autor: Jan Nowak" → a lead and an author
 * value); the segment that names the author is chosen (an author label, else a lead that is only a name, else a
 * photo credit; never a source credit); its value is cut into parts at separators and each part read as a name.
 */
import institutions from './institutions.json' with { type: 'json' };
import { authorPatterns, findLabels, isAccountWord, type LabelKind, type PhraseIndex } from '../lexicon/authors.js';
import { fold, once } from '../lexicon/lexicon.js';
import { typeAtStart } from './institutions.js';
import { foldForSearch, plainText } from './text.js';

/** "Opublikowany przez: Stanowisko ds. promocji" → "Stanowisko ds. promocji"; "Dokument wprowadzony do BIP przez: Jan Nowak" → "Jan Nowak"; CMS accounts, "Redakcja", ids, source credits, quoted people → null. */
export function normalizeAuthor(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const text = unglue(plainText(raw));
  const dumped = fromPrintedArray(text);
  const author = dumped === undefined ? readByline(text) : dumped && readByline(dumped);
  return author && author.length <= 100 && /\p{L}/u.test(author) ? author : null;
}

/** Two elements' texts run together lose the space between them ("Czas i autor dodaniaCzas i autor ostatniej zmiany"). */
function unglue(text: string): string {
  return text.replace(/(\p{Ll}{3})(?=\p{Lu}\p{Ll})/gu, '$1 ');
}

const PRINTED_PAIR = /\[(\w+)\]\s*=>\s*([^[\]()]*?)\s*(?=\[|\)|$)/gu;

/**
 * A PHP array printed into the page ("[user_firstname] => Anna [user_lastname] => Nowak"): the name it holds,
 * null when it holds none ("[post_author] => 20", a user id), undefined when the text is no such array.
 */
function fromPrintedArray(text: string): string | null | undefined {
  if (!/\[\w+\]\s*=>/u.test(text)) return undefined;
  const values = new Map<string, string>();
  PRINTED_PAIR.lastIndex = 0;
  for (let pair = PRINTED_PAIR.exec(text); pair; pair = PRINTED_PAIR.exec(text)) {
    if (pair[2] && pair[2] !== 'Array') values.set(pair[1]!.toLowerCase(), pair[2]);
  }
  const value = (key: RegExp) => [...values].find(([name]) => key.test(name))?.[1];
  const full = [value(/first_?name|imie/), value(/last_?name|nazwisko/)].filter(Boolean).join(' ');
  return full || value(/display_?name|^name$|author_?name/) || null;
}

type Segment = { kind: LabelKind | 'lead'; value: string };

/** The author a byline names, by the segment its labels give it. */
function readByline(text: string): string | null {
  const segments = segmentsOf(text);
  const authors = segments.filter((segment) => segment.kind === 'author');
  // An author label says who the author is; when its value is empty or an account, nobody is named.
  if (authors.length > 0) return firstNamed(authors, true);
  const lead = segments[0]!.kind === 'lead' ? readValue(segments[0]!.value) : null;
  // A byline alone: a person's name, or a signature or body and nothing else ("Wiersze swojego autorstwa odczytała …" is a sentence).
  if (segments.length === 1) {
    if (lead && (lead.kind === 'person' || (lead.kind === 'single' && lead.clean))) return lead.text;
    return lead?.kind === 'refused' ? null : signatureAfterText(text);
  }
  // "Jan Nowak, fot. Anna Kowalska": a lead that is only a person's name signs the text; a caption before a photo
  // credit does not. "Redakcja/fot. Anna Kowalska": the newsroom signs it, the photographer is not the author.
  // "18:56, 17.01.2022 | PB, fot. …": so do the editor's initials.
  if (lead?.clean && (lead.kind === 'person' || SIGNATURE_INITIALS.test(lead.text))) return lead.text;
  if (lead?.kind === 'refused') return null;
  return firstNamed(segments.filter((segment) => segment.kind === 'photo'), false);
}

/** The text cut at its labels: what precedes the first label (the lead), then each label's value. */
function segmentsOf(text: string): Segment[] {
  const labels = findLabels(text);
  const segments: Segment[] = [{ kind: 'lead', value: text.slice(0, labels[0]?.start ?? text.length) }];
  labels.forEach((label, i) => segments.push({ kind: label.kind, value: text.slice(label.end, labels[i + 1]?.start ?? text.length) }));
  return segments;
}

/**
 * A signature closing a text, after its last sentence: "… zazieleni wiosną. Marzena Sarniewicz", "… mszy świętej.
 * (tos)". Only a person's name or a signature, alone after the full stop.
 */
function signatureAfterText(text: string): string | null {
  const tail = /[.!?…]\s+((?:\S+\s*){1,4})$/u.exec(text)?.[1];
  const reading = tail ? readValue(tail) : null;
  return reading?.clean && (reading.kind === 'person' || SIGNATURE.test(reading.text) || SIGNATURE_INITIALS.test(reading.text)) ? reading.text : null;
}

/** The first segment's value that names somebody. `logins`: after an author label a login stands for its owner ("Dodane przez michu dnia …", "…przez: mkurpiewska"). */
function firstNamed(segments: Segment[], logins: boolean): string | null {
  for (const { value } of segments) {
    const reading = readValue(value, logins);
    if (reading && reading.kind !== 'refused') return reading.text;
  }
  return null;
}

/** person: two or more name words ("Jan Nowak", "K. Borecka"); single: a signature, first name or body ("pg", "Kuba", "OPS", "Dział Promocji"); refused: an account, a role alone, "Redakcja". */
interface Reading {
  kind: 'person' | 'single' | 'refused';
  text: string;
  /** Nothing but the name (and dates) was in the text read. */
  clean: boolean;
}

// Parts of a value: "Joanna Nowak/mk", "Flickr/P. Tracz/KPRM", "Jan Nowak - Moderator BIP", "Jan Nowak, Studio 91",
// "Anna Nowak (MOPS)". A slash between digits is a date's.
const PART_SEPARATORS = /[,;|•·()[\]]|(?<!\d)\/|\/(?!\d)|\s[-–—]+\s|^[-–—]+\s|\s[-–—]+$/u;

/** The author named in a label's value: the persons in it (as printed, joined by ", "), else its first signature or body. */
function readValue(value: string, afterLabel = false): Reading | null {
  const { speech, role } = authorPatterns();
  // "informuje Jan Nowak, rzecznik MOPS": somebody quoted, not the author.
  if (speech.foundIn(fold(value))) return null;
  const parts: Reading[] = [];
  for (const raw of value.split(PART_SEPARATORS)) {
    // "Marek Nowak, dyrektor Archiwum Państwowego": a role after a person is that person's, not another name.
    if (parts.some((part) => part.kind === 'person') && role.endAt(fold(raw.trim()), 0) >= 0) continue;
    const part = readPart(raw, afterLabel);
    if (part) parts.push(part);
  }
  const persons = parts.filter((part) => part.kind === 'person');
  if (persons.length > 0) {
    const text = [...new Set(persons.map((person) => person.text))].join(', ');
    return { kind: 'person', text, clean: persons.every((person) => person.clean) };
  }
  // No person: the value's first part says who signs it ("admin | Mar 12, 2024 | Aktualności" is an account's).
  return parts[0] ?? null;
}

interface Token {
  text: string;
  folded: string;
  /** Where the token starts in the folded part, for the lexicon's patterns that match from a place (sticky). */
  start: number;
}

/** Reads one part of a value; null when it names nothing at all (a date, an id, punctuation). */
function readPart(raw: string, afterLabel = false): Reading | null {
  const part = raw.replace(/^[\s"'„”«»*]+|[\s"'„”«»*:]+$/gu, '');
  if (!/\p{L}/u.test(part)) return null;
  const folded = fold(part);
  const tokens = tokenize(part, folded);
  if (isAccount(tokens)) return refused(part);
  // A news agency or photo bank names nobody: "© (fot. AFP)", "/IAR/"; a person after it may ("Depositphotos/Jan Nowak").
  if (authorPatterns().agencies.has(folded.replace(/^[©\s]+/u, ''))) return null;
  // A newspaper, radio or portal ("Gazeta Mikołowska") is a source credit.
  if (tokens.length <= 4 && authorPatterns().media.has(tokens[0]!.folded)) return refused(part);
  let i = skipDateRun(tokens, 0);
  const lead = skipTitlesAndRoles(folded, tokens, i);
  if (lead.end >= tokens.length) return lead.role ? refused(part) : null;
  i = lead.end;
  let reading = startsBody(folded, tokens[i]!) ? readBody(folded, tokens, i) : readName(folded, tokens, i, afterLabel);
  // "Wójt Gminy Białobrzegi Franciszek Masłoń": after a role and its office, the place ends the office; the person is
  // the last two words.
  if (lead.role && lead.office && reading?.kind === 'person' && reading.text.split(' ').length > 2) {
    reading = { ...reading, text: reading.text.split(' ').slice(-2).join(' ') };
  }
  if (reading && authorPatterns().notAuthors.has(fold(reading.text))) return refused(reading.text);
  // After a role only a person's full name is one ("Kierownik Anna Nowak"); "Kierownik Kleszczewo" is an office.
  return lead.role && reading?.kind !== 'person' ? refused(part) : reading;
}

const refused = (text: string): Reading => ({ kind: 'refused', text, clean: false });

function tokenize(part: string, folded: string): Token[] {
  const tokens: Token[] = [];
  const word = /\S+/gu;
  for (let match = word.exec(part); match; match = word.exec(part)) {
    tokens.push({ text: match[0], folded: folded.slice(match.index, match.index + match[0].length).replace(/[.,:;!?]+$/u, ''), start: match.index });
  }
  return tokens;
}

/** At token `i` a phrase of the lexicon starts: the index of the first token after it, or -1. */
function phraseEnd(phrases: PhraseIndex, folded: string, tokens: Token[], i: number): number {
  const end = phrases.endAt(folded, tokens[i]!.start);
  if (end < 0) return -1;
  let j = i + 1;
  while (j < tokens.length && tokens[j]!.start < end) j++;
  return j;
}

const HAS_DIGIT = /\d/u;

/** A token of a date or time: any number, a month beside a number ("Grudzień 11, 2018"), "wczoraj", "temu". */
function isDateToken(tokens: Token[], i: number): boolean {
  const { months, relative } = authorPatterns();
  const token = tokens[i]!;
  if (HAS_DIGIT.test(token.text) || relative.has(token.folded)) return true;
  // Beside a day or a year, not a time: "10:15 Jan Nowak" is a time and a name.
  const [before, after] = [tokens[i - 1]?.text ?? '', tokens[i + 1]?.text ?? ''];
  return months.has(token.folded) && (/^\d{1,2}[.,]?$/u.test(before) || /^\d{1,4}[.,]?$/u.test(after));
}

/** Past a date and time that open the part ("3 godziny temu", "2025-10-11, 13:54", "Dziś 20:15"); a run with no number nor "temu"/"wczoraj" is words, not a date ("Maj"). */
function skipDateRun(tokens: Token[], start: number): number {
  const { dateWords, relative } = authorPatterns();
  let i = start;
  while (i < tokens.length && (isDateToken(tokens, i) || dateWords.has(tokens[i]!.folded) || !/\p{L}/u.test(tokens[i]!.text))) i++;
  return tokens.slice(start, i).some((token) => HAS_DIGIT.test(token.text) || relative.has(token.folded)) ? i : start;
}

/** Past titles and roles before a name ("prof. dr hab.", "Kierownik –", "dyrektor OPS"), with the acronyms after a role. */
function skipTitlesAndRoles(folded: string, tokens: Token[], start: number): { end: number; role: boolean; office: boolean } {
  const { title, role } = authorPatterns();
  let [i, roleSeen, office] = [start, false, false];
  for (;;) {
    if (i >= tokens.length) break;
    const afterTitle = phraseEnd(title, folded, tokens, i);
    if (afterTitle > 0) {
      i = afterTitle;
      continue;
    }
    const afterRole = phraseEnd(role, folded, tokens, i);
    if (afterRole < 0) break;
    [i, roleSeen] = [afterRole, true];
    const afterOffice = pastOffice(folded, tokens, i);
    office ||= afterOffice > i;
    i = afterOffice;
  }
  return { end: i, role: roleSeen, office };
}

/**
 * Past what follows a role up to the name: "ds. promocji", "GOPS", "Miejskiego Ośrodka Pomocy Społecznej w Kaliszu"
 * (an institution's name in any of its forms, with a one-word place after "w").
 */
function pastOffice(folded: string, tokens: Token[], start: number): number {
  let i = start;
  while (i < tokens.length) {
    const token = tokens[i]!;
    const institution = institutionAt(tokens, i);
    if (institution > i) i = institution;
    else if (/^we?$/u.test(token.text) && tokens[i + 1] && CAPITALISED.test(tokens[i + 1]!.text)) i += 2;
    // "ds. promocji", "GOPS", "Rady" in "Przewodniczący Rady Jan Nowak": the office, up to the name.
    else if (isAcronym(folded, token) || /^\p{Ll}/u.test(token.text) || (startsBody(folded, token) && i + 1 < tokens.length)) i++;
    else break;
  }
  return i;
}

/** The index after an institution's name in any of its forms starting at token `i` (institutions.json), or `i`. */
function institutionAt(tokens: Token[], i: number): number {
  const rest = tokens.slice(i).map((token) => token.text);
  const end = typeAtStart(rest.join(' '))?.length ?? 0;
  let at = i;
  for (let offset = 0; at < tokens.length && offset < end; at++) offset += tokens[at]!.text.length + 1;
  return at;
}

const INSTITUTION_ABBREVIATIONS = once(() => new Set(institutions.types.map((type) => fold(type.abbreviation))));

/** The name of a body opens here: "Dział Promocji", "Stanowisko ds. promocji", "Gminny Ośrodek …", "OPS". */
function startsBody(folded: string, token: Token): boolean {
  const { body } = authorPatterns();
  return body.endAt(folded, token.start) >= 0 || INSTITUTION_ABBREVIATIONS().has(token.folded);
}

/** An institution's acronym, not a name in capitals: a known one ("MOPS", "BIP", "KPRM") or one without a vowel. */
function isAcronym(folded: string, token: Token): boolean {
  if (!ALL_CAPS.test(token.text)) return false;
  return startsBody(folded, token) || !/[aeiouyąęó]/u.test(token.folded);
}

/** A body's name as printed, up to a date or page furniture. */
function readBody(folded: string, tokens: Token[], start: number): Reading {
  const end = stopAt(folded, tokens, start);
  return { kind: 'single', text: printed(tokens.slice(start, end)), clean: restIsDate(tokens, end) };
}

/** The first token at or after `start` where a name or body ends: a date or page furniture ("Napisz do autora", "Kategorie"). */
function stopAt(folded: string, tokens: Token[], start: number): number {
  const { trailer } = authorPatterns();
  let i = start;
  while (i < tokens.length && !isDateToken(tokens, i) && phraseEnd(trailer, folded, tokens, i) < 0) i++;
  return i;
}

const CAPITALISED = /^\p{Lu}[\p{L}'’]*(?:-\p{L}[\p{L}'’]*)*\.?$/u;
const ALL_CAPS = /^\p{Lu}+(?:[-'’]\p{Lu}+)*$/u;
const INITIALS = /^(?:\p{Lu}\p{Ll}?\.-?)+$/u;
// "K.Migalska": an initial run into the surname.
const INITIAL_AND_SURNAME = /^(?:\p{Lu}\.)+\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?$/u;
// Editors' initials signing a text: "PB", "MT-K", "W.S.".
const SIGNATURE_INITIALS = /^(?:\p{Lu}{2,4}(?:-\p{Lu}{1,2})?|(?:\p{Lu}\.){2,3})$/u;
const GENITIVE_ADJECTIVE = /(?:ego|(?:sk|ck|dzk)iej)$/u;
const CONNECTORS = new Set(['i', 'oraz', 'and', '&', 'von', 'van', 'de', 'da', 'di', 'du', 'del', 'der', 'la', 'le']);
const isNameWord = (token: Token) => CAPITALISED.test(token.text) || INITIALS.test(token.text) || ALL_CAPS.test(token.text) || INITIAL_AND_SURNAME.test(token.text);
// A lower-case signature ("pg", "olo", "mk"); a longer lower-case word is a word ("archiwum", "canva"), a login an account.
const SIGNATURE = /^\p{Ll}{2,4}$/u;
// A user's login, lower case ("mkurpiewska", "jan.nowak", "michu").
const LOGIN = /^\p{Ll}[\p{Ll}\d._-]{1,30}$/u;

/** A person's name from token `start`: name words, up to a date, page furniture, a role or body after it, or any other word. */
function readName(folded: string, tokens: Token[], start: number, afterLabel = false): Reading | null {
  const words = nameWords(folded, tokens, start);
  if (words.length === 0) {
    const first = tokens[start]!;
    if (!SIGNATURE.test(first.text) && !(afterLabel && LOGIN.test(first.text))) return null;
    if (isAccount([first])) return refused(first.text);
    return { kind: 'single', text: first.text, clean: restIsDate(tokens, start + 1) };
  }
  const clean = restIsDate(tokens, start + words.length);
  const name = repeatedOnce(words);
  if (isAccount(name)) return refused(printed(name));
  // "KPP Piła", "PCPR Mielec": an office's acronym and its place, not a person.
  const person = name.filter((token) => !CONNECTORS.has(token.folded)).length >= 2 && !isAcronym(folded, name[0]!);
  // Name case for a person's name printed in capitals only: "OPS" and "MT-K" stay as printed.
  const cased = person ? name.map((token) => (isCapitalsName(folded, token) ? { ...token, text: nameCase(token.text) } : token)) : name;
  return { kind: person ? 'person' : 'single', text: printed(cased), clean };
}

/** The tokens of a name from `start`, connectors between its words included ("Anna Nowak i Jan Kowalski"). */
function nameWords(folded: string, tokens: Token[], start: number): Token[] {
  const { role, body } = authorPatterns();
  const end = stopAt(folded, tokens, start);
  const words: Token[] = [];
  let count = 0;
  for (let i = start; i < end; i++) {
    const token = tokens[i]!;
    if (count > 0 && isAcronym(folded, token)) break;
    // "Joanna Nowak Dyrektor GOPS", "Jan Nowak Uniwersytet Śląski"; but "Anna Sołtys" and "Jan Dom" are names.
    if (count >= 2 && (phraseEnd(role, folded, tokens, i) > 0 || phraseEnd(body, folded, tokens, i) > 0)) break;
    // An adjective in the genitive ("Radomskiego", "Miejskiej") belongs to an office's name, never to a person's.
    if (GENITIVE_ADJECTIVE.test(token.folded)) break;
    if (isNameWord(token)) {
      words.push(token);
      count++;
    } else if (count > 0 && CONNECTORS.has(token.folded) && i + 1 < end && isNameWord(tokens[i + 1]!)) {
      words.push(token);
    } else break;
  }
  return words;
}

/** "Beata Nowak Beata Nowak": one name printed twice by two table cells run together. */
function repeatedOnce(words: Token[]): Token[] {
  const half = words.length / 2;
  if (words.length < 4 || !Number.isInteger(half)) return words;
  return words.slice(0, half).every((token, k) => token.text === words[half + k]!.text) ? words.slice(0, half) : words;
}

/** A word of a name printed in capitals ("PIOTR KAWKA"): not initials ("MT-K") nor an acronym. */
function isCapitalsName(folded: string, token: Token): boolean {
  return ALL_CAPS.test(token.text) && token.text.replace(/[^\p{L}]/gu, '').length >= 2 && /[aeiouyąęó]/u.test(token.folded) && !isAcronym(folded, token);
}

/** "KRUK-SZYMANIAK" → "Kruk-Szymaniak". */
function nameCase(word: string): string {
  return word.toLowerCase().replace(/(^|[-'’])(\p{Ll})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
}

/** An account's name among the tokens: "admin", "Administrator", a login holding one ("kpadmin_WR"). */
function isAccount(tokens: Token[]): boolean {
  return tokens.length === 1 ? isAccountWord(tokens[0]!.text) : tokens.some((token) => /[_@\d]/u.test(token.text) && isAccountWord(token.text));
}

/** Only dates and times after token `i` ("Jan Nowak 12.03.2019"). */
const restIsDate = (tokens: Token[], i: number) => tokens.slice(i).every((_, k) => isDateToken(tokens, i + k) || !/\p{L}/u.test(tokens[i + k]!.text));

/** Tokens as printed, with a sentence's full stop dropped ("Orłowski." → "Orłowski") but initials kept ("W.S.", "K."). */
function printed(tokens: Token[]): string {
  const text = tokens.map((token) => token.text).join(' ');
  const last = tokens.at(-1)?.text ?? '';
  return INITIALS.test(last) ? text : text.replace(/[.,:;]+$/u, '');
}

// "(JD)" or "(JD)." closing a text after a finished sentence: editors' initials, 1–4 capitals, optionally two
// sets "(AB/CD)". A closing abbreviation inside a sentence ("Placówka Wsparcia Dziennego (PWD)") is not one.
const TRAILING_INITIALS = /(?<=[.!?…"”]|^)\s*\(\s*(\p{Lu}{1,4}(?:\s*[/,]\s*\p{Lu}{1,4})?)\s*\)\s*\.?\s*$/u;

/** Split an initials signature off the end of a body text. */
export function splitTrailingSignature(text: string): { text: string; signature: string | null } {
  const match = TRAILING_INITIALS.exec(text);
  if (!match) return { text, signature: null };
  return { text: text.slice(0, match.index).trimEnd(), signature: match[1]!.replace(/\s+/g, '') };
}
