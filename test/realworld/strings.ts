/**
 * Scores opsfeed's normalisers on real Polish strings with hand-made labels
 * (a `strings.json` in the format of ../shared/realworld/strings/, whose
 * README gives the labelling rules): dates by kind, bylines, institution
 * mentions. Each string is read as the crawl reads such a string: a date line
 * by `readPublicationDate` (what becomes an item's `published`) and by
 * `readDates` (every date, classified), a byline by `normalizeAuthor`, a
 * sentence by `institutionsMentioned` with no source context. No fetch time is
 * given: the strings come without one, so a relative date is scored by its
 * offset, not by a day.
 */
import { readFileSync } from 'node:fs';
import { readDates, readPublicationDate, type DateMention } from '../../src/normalize/dates.js';
import { institutionsMentioned } from '../../src/normalize/institutions.js';
import { normalizeAuthor } from '../../src/normalize/bylines.js';
import { foldForSearch } from '../../src/normalize/text.js';

export interface Ratio {
  right: number;
  total: number;
}

export interface Miss {
  measure: string;
  text: string;
  expected: string;
  got: string;
}

const DATE_KINDS = ['publication', 'created', 'modified', 'printed', 'clock', 'event', 'range', 'relative'] as const;
type DateEntryKind = (typeof DATE_KINDS)[number];

interface DateEntry {
  text: string;
  kind: DateEntryKind;
  expected: { date: string; time: string | null } | null;
  expectedRange?: { from: string; to: string };
  relativeOffset?: { unit: string; amount: number };
  relativeTime?: string;
  isPublication?: boolean;
}

interface BylineEntry {
  text: string;
  expected: string | null;
}

interface InstitutionEntry {
  text: string;
  expected: Array<{ type: string; place: string | null }>;
}

export interface StringScores {
  /** Every date string read right (its kind's rule below), and per kind. */
  dates: Ratio;
  byKind: Record<DateEntryKind, Ratio>;
  /** Publication lines: `readPublicationDate` gives the labelled day and time (or nothing where none is labelled). */
  publicationLines: Ratio;
  /** Strings with a labelled time whose reading keeps it. */
  timeKept: Ratio;
  /** Ranges read as a range (bounds aside). */
  rangesKnown: Ratio;
  /** Clocks and print dates never read as a publication date. */
  clocksRefused: Ratio;
  /** Modification dates never read as a publication date. */
  modifiedRefused: Ratio;
  bylines: Ratio;
  /** Expected institution mentions found with the right type, and with the right type and place. */
  institutionType: Ratio;
  institutionPlace: Ratio;
  /** Strings where no institution is found that the label does not name. */
  institutionNoFalse: Ratio;
  /** Mentions labelled without a place (found with their type) to which no place is given. */
  institutionNoInventedPlace: Ratio;
  misses: Miss[];
}

export function scoreStrings(file: string): StringScores {
  const corpus = JSON.parse(readFileSync(file, 'utf8')) as { dates?: DateEntry[]; bylines?: BylineEntry[]; institutions?: InstitutionEntry[] };
  const ratio = (): Ratio => ({ right: 0, total: 0 });
  const scores: StringScores = {
    dates: ratio(),
    byKind: Object.fromEntries(DATE_KINDS.map((kind) => [kind, ratio()])) as Record<DateEntryKind, Ratio>,
    publicationLines: ratio(),
    timeKept: ratio(),
    rangesKnown: ratio(),
    clocksRefused: ratio(),
    modifiedRefused: ratio(),
    bylines: ratio(),
    institutionType: ratio(),
    institutionPlace: ratio(),
    institutionNoFalse: ratio(),
    institutionNoInventedPlace: ratio(),
    misses: [],
  };
  const count = (target: Ratio, right: boolean) => {
    target.total++;
    if (right) target.right++;
  };
  const miss = (measure: string, text: string, expected: string, got: string) => scores.misses.push({ measure, text, expected, got });

  for (const entry of corpus.dates ?? []) {
    const { right, got, expected, timeKept, published } = scoreDate(entry);
    count(scores.dates, right);
    count(scores.byKind[entry.kind], right);
    if (!right) miss(`date (${entry.kind})`, entry.text, expected, got);
    if (entry.kind === 'publication') count(scores.publicationLines, right);
    if (timeKept !== null) count(scores.timeKept, timeKept);
    if (entry.kind === 'range') count(scores.rangesKnown, readDates(entry.text)[0]?.range != null);
    if (entry.kind === 'clock' || entry.kind === 'printed') count(scores.clocksRefused, published === null);
    if (entry.kind === 'modified') count(scores.modifiedRefused, published === null);
  }

  for (const entry of corpus.bylines ?? []) {
    const got = normalizeAuthor(entry.text);
    count(scores.bylines, got === entry.expected);
    if (got !== entry.expected) miss('byline', entry.text, JSON.stringify(entry.expected), JSON.stringify(got));
  }

  for (const entry of corpus.institutions ?? []) {
    const found = institutionsMentioned(entry.text, {}).map((ref) => ({ type: ref.type ?? ref.id.toUpperCase(), place: ref.place ?? null }));
    const unmatchedType = [...found];
    const unmatchedPlace = [...found];
    for (const expected of entry.expected) {
      const typeAt = unmatchedType.findIndex((ref) => ref.type === expected.type);
      count(scores.institutionType, typeAt >= 0);
      if (typeAt >= 0 && expected.place === null) count(scores.institutionNoInventedPlace, unmatchedType[typeAt]!.place === null);
      if (typeAt >= 0) unmatchedType.splice(typeAt, 1);
      if (expected.place === null) continue;
      const placeAt = unmatchedPlace.findIndex((ref) => ref.type === expected.type && ref.place !== null && foldForSearch(ref.place) === foldForSearch(expected.place!));
      count(scores.institutionPlace, placeAt >= 0);
      if (placeAt >= 0) unmatchedPlace.splice(placeAt, 1);
    }
    count(scores.institutionNoFalse, unmatchedType.length === 0);
    const show = (list: Array<{ type: string; place: string | null }>) => list.map((ref) => `${ref.type}${ref.place ? ` ${ref.place}` : ''}`).join(', ') || '(none)';
    if (show(found) !== show(entry.expected)) miss('institutions', entry.text, show(entry.expected), show(found));
  }
  return scores;
}

/**
 * One date string against its label. Publication and created lines: what `readPublicationDate` gives. Clocks,
 * print dates and modifications: never a publication date, and the first date read shows the labelled day.
 * Events: the first single date read. Ranges: the first date read is that range. Relative dates: the first date
 * read is that offset (and time). A label of `null` (no date at all) wants nothing read.
 */
function scoreDate(entry: DateEntry): { right: boolean; got: string; expected: string; timeKept: boolean | null; published: unknown } {
  const mentions = readDates(entry.text);
  const published = readPublicationDate(entry.text);
  const first = mentions[0];
  const show = (mention: DateMention | undefined) =>
    mention ? `${mention.kind}: ${mention.date?.iso ?? (mention.range ? `${mention.range.from}..${mention.range.to}` : JSON.stringify(mention.relative))}` : 'nothing';
  const dayAndTime = (value: { iso: string; precision: string } | null | undefined) =>
    value ? { date: value.iso.slice(0, 10), time: value.precision === 'day' ? null : value.iso.slice(11, 16) } : null;
  const same = (a: { date: string; time: string | null } | null, b: { date: string; time: string | null } | null) => a?.date === b?.date && a?.time === b?.time;
  const expectedText = entry.expected
    ? `${entry.expected.date}${entry.expected.time ? ` ${entry.expected.time}` : ''}`
    : entry.expectedRange
      ? `${entry.expectedRange.from}..${entry.expectedRange.to}`
      : entry.relativeOffset
        ? `${entry.relativeOffset.amount} ${entry.relativeOffset.unit}${entry.relativeTime ? ` at ${entry.relativeTime}` : ''}`
        : 'nothing';
  const timeOf = (value: { date: string; time: string | null } | null) => (entry.expected?.time ? value?.time === entry.expected.time : null);
  switch (entry.kind) {
    case 'publication':
    case 'created': {
      const value = dayAndTime(published);
      const right = entry.expected ? same(value, entry.expected) : published === null;
      return { right, got: published ? `${published.kind} (${published.label ?? published.form}): ${published.iso}` : `not a publication date; read: ${show(first)}`, expected: expectedText, timeKept: timeOf(value), published };
    }
    case 'modified':
    case 'clock':
    case 'printed': {
      const value = dayAndTime(first?.date);
      const shown = entry.expected ? same(value, entry.expected) : !first?.date;
      const right = shown && published === null;
      return { right, got: published ? `taken as published: ${published.iso}` : show(first), expected: `${expectedText}, not published`, timeKept: timeOf(value), published };
    }
    case 'event': {
      const value = dayAndTime(first?.date);
      const right = entry.expected ? same(value, entry.expected) && !first?.range : mentions.length === 0;
      return { right, got: show(first), expected: expectedText, timeKept: timeOf(value), published };
    }
    case 'range': {
      const range = first?.range;
      const right = !!range && !!entry.expectedRange && range.from === entry.expectedRange.from && range.to === entry.expectedRange.to;
      return { right, got: show(first), expected: expectedText, timeKept: null, published };
    }
    case 'relative': {
      const relative = first?.relative;
      const offset = entry.relativeOffset;
      const right = offset
        ? !!relative && relative.unit === offset.unit && relative.amount === offset.amount && (!entry.relativeTime || relative.time === entry.relativeTime)
        : mentions.length === 0;
      return { right, got: show(first), expected: expectedText, timeKept: entry.relativeTime ? relative?.time === entry.relativeTime : null, published };
    }
  }
}

