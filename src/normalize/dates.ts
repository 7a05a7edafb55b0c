/**
 * Dates as Polish pages print them → what each date is and when.
 *
 * `readDates` finds every date in a string (a metadata line, a teaser's
 * stamp, a sentence) and says what it is:
 *   - a single day, with its time when one is printed after it
 *     ("25.11.2021 11:40", "środa, 26 listopada 2014", "Kwiecień 15, 2019",
 *     "6.XII.2014", "18/04/19", "2019/04/14", "22 08 2018", "17 April 2019");
 *   - a range, which is an event, never a publication date ("w dniach
 *     20-21.02.2019", "od 13 maja do 10 czerwca 2019 r.", "na lata 2015-2017");
 *   - a date relative to the fetch ("wczoraj 14:49", "46 minut temu");
 * and classifies it by the label before it (the lexicon, src/lexicon/dates.json):
 * publication, created, modified, printed, clock or event. A date without a
 * label is a publication date where it stands as a line of metadata (alone,
 * opening a line, or closing it after a separator), an event in a sentence.
 *
 * `readPublicationDate` gives the publication (or, failing that, the created)
 * date of one line: clocks, print dates, modifications, events and ranges
 * never become an item's publication date. A wrong date is worse than none.
 *
 * Numeric dates are day first; two-digit years are 20xx. Times are Europe/Warsaw.
 */
import { DateTime } from 'luxon';
import { dateLabelAtEnd } from '../lexicon/date-labels.js';
import { fold, type DateLabelKind } from '../lexicon/lexicon.js';
import { isoDay, pad, patterns, scan, WARSAW, type DateForm, type Found, type RelativeUnit, type Time } from './date-forms.js';

export { WARSAW, type DateForm, type RelativeUnit };

export type DatePrecision = 'day' | 'hour' | 'minute' | 'second';

export interface ParsedDate {
  /** ISO 8601 with offset, e.g. "2021-11-25T11:40:00+01:00". */
  iso: string;
  precision: DatePrecision;
}

export type DateKind = DateLabelKind;

export interface DateMention {
  kind: DateKind;
  /** One day, with its time when printed; a relative date resolved against `now` (null without it). */
  date: ParsedDate | null;
  /** A span, inclusive: "YYYY-MM-DD", "--MM-DD" (no year printed) or "YYYY" (a season "2013/2014"). */
  range: { from: string; to: string } | null;
  /** "wczoraj" = {day, -1}; "46 minut temu" = {minute, -46}; `time` when one is printed ("Wczoraj 14:49"). */
  relative: { unit: RelativeUnit; amount: number; time: string | null } | null;
  /** The label that classified the date, as printed ("Data wprowadzenia dokumentu do BIP"). */
  label: string | null;
  form: DateForm;
  /** Where the date starts in the text with its whitespace collapsed, and the date as printed. */
  index: number;
  text: string;
}

export interface ReadOptions {
  /** The fetch time: relative dates and dates without a year are read against it. */
  now?: Date | string | null;
  /** Times after a date: only those printed next to it (metadata lines), or the first in its sentence (events). */
  times?: 'adjacent' | 'sentence';
}

/** Every date in `text`, in order, each classified. */
export function readDates(text: string, options: ReadOptions = {}): DateMention[] {
  // Whitespace collapsed; hyphens of other code points ("04‑04‑2013" with U+2011) as the ASCII one.
  const flat = text.replace(/[\s\u00a0\u2007\u202f]+/g, ' ').replace(/[\u2010-\u2012\u2212]/g, '-');
  const folded = fold(flat);
  const now = options.now ? DateTime.fromJSDate(new Date(options.now)).setZone(WARSAW) : null;
  const found = scan(flat, folded, now);
  return classify(found, flat, folded, now, options.times ?? 'sentence');
}

/**
 * The publication date of one line of metadata or a teaser's stamp: its first
 * date labelled or standing as a publication date, else its first created
 * date. Only a time printed next to the date counts. A date before 1990, or
 * more than a day after the fetch, is not a publication date.
 */
export function readPublicationDate(line: string, options: Omit<ReadOptions, 'times'> = {}): (ParsedDate & { kind: DateKind; label: string | null; form: DateForm }) | null {
  const mentions = readDates(line, { ...options, times: 'adjacent' });
  const now = options.now ? Date.parse(new Date(options.now).toISOString()) : null;
  const usable = (mention: DateMention) =>
    mention.date !== null && Number(mention.date.iso.slice(0, 4)) >= 1990 && (now === null || Date.parse(mention.date.iso) <= now + 86_400_000);
  const chosen = mentions.find((mention) => mention.kind === 'publication' && usable(mention)) ?? mentions.find((mention) => mention.kind === 'created' && usable(mention));
  return chosen ? { ...chosen.date!, kind: chosen.kind, label: chosen.label, form: chosen.form } : null;
}

const CAPITALISED_WORDS = /^\s*(?:[\p{Lu}\d][\p{L}\d.'’-]*\s+)+$/u;

/**
 * A line of a BIP change register: a day and time, who changed the page, and what ("14 marca 2019 11:24 Anna Nowak
 * - Aktualizacja danych", "21 marca 2018 10:50 Jan Nowak - Dodanie danych kontaktowych"). A name alone after a date
 * and time is a byline ("2025-10-11, 13:54 Marcin Glapiak/Redakcja"), or either column of a table of who published
 * and who modified ("2010-12-21 12:19:54 (Jan Nowak)"), which the line cannot tell apart.
 */
const REGISTER_LINE = /^\s*\(?\s*\p{Lu}\p{L}+(?:[\s-]+\p{Lu}\p{L}+){0,2}\s*\)?\s+[-–]\s+\p{Lu}/u;

/** Each date with its kind and label, its value resolved. */
function classify(found: Found[], flat: string, folded: string, now: DateTime | null, times: 'adjacent' | 'sentence'): DateMention[] {
  const mentions: DateMention[] = [];
  let segmentStart = 0;
  for (const [i, item] of found.entries()) {
    const time = item.time && (item.time.adjacent || times === 'sentence') ? item.time : undefined;
    // Labels are short: the words right before the date are enough, and spare the patterns a long sentence.
    const labelFrom = Math.max(segmentStart, item.start - 100);
    const labelAt = dateLabelAtEnd(folded.slice(labelFrom, item.start));
    const label = labelAt && { kind: labelAt.kind, text: flat.slice(labelFrom + labelAt.start, labelFrom + labelAt.end).replace(/^[^\p{L}\p{N}_]+/u, '').trim() };
    const after = folded.slice(item.end, found[i + 1]?.start ?? Math.min(folded.length, item.end + 80));
    let kind: DateKind;
    if (item.range) kind = label?.kind === 'printed' || label?.kind === 'modified' || label?.kind === 'clock' ? label.kind : 'event';
    else if (label) kind = label.kind;
    else if (patterns().clockAfter.test(after)) kind = 'clock';
    else if (time?.adjacent && (patterns().modifiedAfter.test(after) || REGISTER_LINE.test(flat.slice(item.end)))) kind = 'modified';
    else kind = unlabelledKind(item, flat, folded, time, now);
    mentions.push({
      kind,
      date: valueOf(item, time, now),
      range: item.range ?? null,
      relative: item.relative ? { ...item.relative, time: time ? `${pad(time.hour)}:${pad(time.minute)}` : null } : null,
      label: label?.text ?? null,
      form: item.form,
      index: item.start,
      text: flat.slice(item.start, item.end).trim(),
    });
    segmentStart = item.end;
  }
  return mentions;
}

/**
 * A date without a label is a publication date where it stands as a line of metadata: alone, opening the line
 * ("2018-01-16 Nowe standardy PCPR", "Dnia 09.11.2021 Wydawanie żywności"), or closing it after a separator
 * ("Hala ZSP nr 3 - 12 kwietnia 2019 r."); but not where it opens a sentence ("15 marca 2024 r. odbędzie się",
 * "W dniu 4.04.2019 w bibliotece …"). With the fetch time known, a weekday and date of the fetch's own day,
 * with no time, is the page's header clock.
 */
function unlabelledKind(item: Found, flat: string, folded: string, time: Time | undefined, now: DateTime | null): DateKind {
  const rx = patterns();
  const before = folded.slice(0, item.start);
  const day = item.day;
  // "| Wtorek, 23 kwietnia 2019" on the day of the fetch is the page's header clock. On another day the same line
  // may be an article's date ("poniedziałek, 14 listopada 2016"): a string alone cannot tell the two apart.
  if (now && day && !time && rx.weekdayBefore.test(before) && isoDay(day) === now.toISODate()) return 'clock';
  const rest = flat.slice(item.end);
  const sentence = (item.yearWord || rx.weakCue.test(before)) && /^[\s,]*\p{Ll}/u.test(rest);
  if (sentence) return 'event';
  const opens = rx.opening.test(before);
  // Closing the line after a separator, after a title run into it where two elements' texts met ("…plony2020-09-14"),
  // or after a name in capitals, not a sentence ("Gazeta CLI 08/04/2024 10:43", "CZWARTA NIEDZIELA W CIĄGU ROKU 1 lutego 2026")
  // and not a date of prose ("Transmisja Online 18.04.2019 r. od godziny 11:00").
  const closes =
    rx.closing.test(rest) && (rx.separatorBefore.test(before.replace(rx.weakCue, '')) || /\p{L}$/u.test(before) || (!item.yearWord && CAPITALISED_WORDS.test(flat.slice(0, item.start))));
  const most = ((item.dateEnd ?? item.end) - item.start) * 2 >= flat.trim().length;
  return opens || closes || most ? 'publication' : 'event';
}

function valueOf(item: Found, time: Time | undefined, now: DateTime | null): ParsedDate | null {
  if (item.zoned) {
    const precision: DatePrecision = item.time?.second === null ? 'minute' : 'second';
    return { iso: item.zoned.setZone(WARSAW).toISO({ suppressMilliseconds: true })!, precision };
  }
  if (item.day) return fromParts(item.day, time);
  if (item.relative && now) {
    const { unit, amount } = item.relative;
    if (unit === 'day' || unit === 'week' || unit === 'month' || unit === 'year') {
      const day = now.plus({ [`${unit}s`]: amount }).startOf('day');
      return fromParts({ year: day.year, month: day.month, day: day.day }, time);
    }
    const moment = now.plus({ [`${unit}s`]: amount }).startOf('minute');
    return { iso: moment.toISO({ suppressMilliseconds: true })!, precision: unit === 'hour' ? 'hour' : 'minute' };
  }
  return null;
}

function fromParts(day: { year: number; month: number; day: number }, time: Time | undefined): ParsedDate | null {
  const dt = DateTime.fromObject({ ...day, hour: time?.hour ?? 0, minute: time?.minute ?? 0, second: time?.second ?? 0 }, { zone: WARSAW });
  if (!dt.isValid) return null;
  // Luxon moves a time in the spring-forward gap; such a time never appeared on a clock.
  if (time && dt.hour !== time.hour) return null;
  const precision: DatePrecision = time ? (time.second !== null ? 'second' : 'minute') : 'day';
  return { iso: dt.toISO({ suppressMilliseconds: true })!, precision };
}
