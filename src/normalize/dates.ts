/**
 * Polish publication dates to ISO 8601 in Europe/Warsaw.
 *
 * A fixed sequence of whole-string formats (like Miniflux's date parser):
 * ISO timestamps, numeric day-month-year, day + month name (genitive,
 * nominative or abbreviated, with or without diacritics), day + Roman month.
 * Weekday prefixes, labels ("Data publikacji:") and "r." / "roku" suffixes are
 * tolerated. Anything ambiguous (a range "24-25.11.2014", a date without a
 * year "21 listopada", a span of years) yields null: a wrong publication date
 * is worse than none.
 */
import { DateTime } from 'luxon';

export const WARSAW = 'Europe/Warsaw';

export type DatePrecision = 'day' | 'minute' | 'second';

export interface ParsedDate {
  /** ISO 8601 with offset, e.g. "2021-11-25T11:40:00+01:00". */
  iso: string;
  precision: DatePrecision;
}

const MONTH_NAMES: Record<string, number> = {};
const MONTH_FORMS: Array<[number, string[]]> = [
  [1, ['stycznia', 'styczeń', 'styczen', 'sty']],
  [2, ['lutego', 'luty', 'lut']],
  [3, ['marca', 'marzec', 'mar']],
  [4, ['kwietnia', 'kwiecień', 'kwiecien', 'kwi']],
  [5, ['maja', 'maj']],
  [6, ['czerwca', 'czerwiec', 'cze']],
  [7, ['lipca', 'lipiec', 'lip']],
  [8, ['sierpnia', 'sierpień', 'sierpien', 'sie']],
  [9, ['września', 'wrzesnia', 'wrzesień', 'wrzesien', 'wrz']],
  [10, ['października', 'pazdziernika', 'październik', 'pazdziernik', 'paź', 'paz']],
  [11, ['listopada', 'listopad', 'lis']],
  [12, ['grudnia', 'grudzień', 'grudzien', 'gru']],
];
for (const [month, forms] of MONTH_FORMS) for (const form of forms) MONTH_NAMES[form] = month;

const ROMAN_MONTHS: Record<string, number> = {
  i: 1, ii: 2, iii: 3, iv: 4, v: 5, vi: 6, vii: 7, viii: 8, ix: 9, x: 10, xi: 11, xii: 12,
};

const WEEKDAY = '(?:poniedziałek|poniedzialek|wtorek|środa|sroda|czwartek|piątek|piatek|sobota|niedziela|pon|wt|śr|sr|czw|pt|sob|nd|niedz)\\.?,?';
const LABEL = '(?:data publikacji|data wytworzenia|data utworzenia|data dodania|opublikowano|opublikowany|dodano|utworzono|wprowadzono|data)\\s*:?(?:\\s*(?:dnia|w dniu))?';
// "10:30", ", godz. 10:30", "o godz. 10:30", " - 10:30" (Drupal's "j F, Y - H:i")
const TIME = '(?:,?\\s*(?:[-–]\\s*)?(?:(?:o\\s+)?godz(?:ina|\\.)?\\s*)?(\\d{1,2})[:.](\\d{2})(?:[:.](\\d{2}))?)?';
const YEAR_SUFFIX = '(?:\\s*(?:r\\.?|roku))?';

const PREFIX = new RegExp(`^(?:${LABEL}\\s*)?(?:${WEEKDAY}\\s*)?`, 'iu');

/** Whole-string formats, tried in order; each yields [year, month, day, hour?, minute?, second?]. */
const FORMATS: Array<{ pattern: RegExp; pick: (m: RegExpExecArray) => Array<string | undefined> | null }> = [
  {
    // 2017-12-07, 2017-12-07 10:30, 2017.12.07
    pattern: new RegExp(`^(\\d{4})[-.](\\d{1,2})[-.](\\d{1,2})${YEAR_SUFFIX}${TIME}$`, 'u'),
    pick: (m) => [m[1], m[2], m[3], m[4], m[5], m[6]],
  },
  {
    // 25.11.2021 11:40, 7.11.2014 r., 25/11/2021, 25-11-2021
    pattern: new RegExp(`^(\\d{1,2})([./-])(\\d{1,2})\\2(\\d{4})${YEAR_SUFFIX}${TIME}$`, 'u'),
    pick: (m) => [m[4], m[3], m[1], m[5], m[6], m[7]],
  },
  {
    // 26 listopada 2014, 25 listopad 2021 r., 7 lis. 2014, 26 listopada 2014 godz. 10:30, 8 Luty, 2024 - 12:30
    pattern: new RegExp(`^(\\d{1,2})\\.?\\s*([\\p{L}]+)\\.?,?\\s+(\\d{4})${YEAR_SUFFIX}${TIME}$`, 'u'),
    pick: (m) => {
      const month = MONTH_NAMES[m[2]!.toLowerCase()];
      return month ? [m[3], String(month), m[1], m[4], m[5], m[6]] : null;
    },
  },
  {
    // 21 XI 2021 r., 21.XI.2021
    pattern: new RegExp(`^(\\d{1,2})[.\\s]\\s*([ivx]{1,4})[.\\s]\\s*(\\d{4})${YEAR_SUFFIX}${TIME}$`, 'iu'),
    pick: (m) => {
      const month = ROMAN_MONTHS[m[2]!.toLowerCase()];
      return month ? [m[3], String(month), m[1], m[4], m[5], m[6]] : null;
    },
  },
];

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Parse one date string as a whole. Returns null when it is not exactly one unambiguous date. */
export function parsePolishDate(input: string): ParsedDate | null {
  const text = input
    .replace(/[\u00a0\u202f\s]+/g, ' ')
    .trim()
    .replace(/[\s,;|]+$/, '');
  if (ISO_TIMESTAMP.test(text)) return parseIsoTimestamp(text);

  const stripped = text.replace(PREFIX, '').trim().replace(/(?<!\br)\.$/iu, '');
  for (const { pattern, pick } of FORMATS) {
    const match = pattern.exec(stripped);
    if (!match) continue;
    const parts = pick(match);
    if (!parts) continue;
    return fromParts(parts);
  }
  return null;
}

function parseIsoTimestamp(text: string): ParsedDate | null {
  const dt = DateTime.fromISO(text.replace(' ', 'T'), { setZone: true });
  if (!dt.isValid) return null;
  const hasSeconds = /T\d{2}:\d{2}:\d{2}/.test(text.replace(' ', 'T'));
  return format(dt.setZone(WARSAW), hasSeconds ? 'second' : 'minute');
}

function fromParts([year, month, day, hour, minute, second]: Array<string | undefined>): ParsedDate | null {
  const dt = DateTime.fromObject(
    {
      year: Number(year),
      month: Number(month),
      day: Number(day),
      hour: hour === undefined ? 0 : Number(hour),
      minute: minute === undefined ? 0 : Number(minute),
      second: second === undefined ? 0 : Number(second),
    },
    { zone: WARSAW },
  );
  if (!dt.isValid || dt.year < 1990 || dt.year > 2100) return null;
  // Luxon moves a time that falls in the spring-forward gap; such a time never appeared on a clock.
  if (hour !== undefined && dt.hour !== Number(hour)) return null;
  const precision: DatePrecision = second !== undefined ? 'second' : hour !== undefined ? 'minute' : 'day';
  return format(dt, precision);
}

function format(dt: DateTime, precision: DatePrecision): ParsedDate {
  return { iso: dt.toISO({ suppressMilliseconds: true })!, precision };
}

/**
 * Candidate dates inside running text, in order of appearance. Parts of ranges
 * ("24-25.11.2014", "2008-2013") and dates without a year are not candidates.
 */
// Compiled once, and run by exec, not matchAll (which compiles a copy): see institutions.ts.
const DATE_CANDIDATE = new RegExp(
  [
    `\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2})?(?:Z|[+-]\\d{2}:?\\d{2})?)?`,
    `\\d{1,2}([./])\\d{1,2}\\1\\d{4}(?:\\s*r\\.)?(?:,?\\s*(?:godz\\.\\s*)?\\d{1,2}:\\d{2}(?::\\d{2})?)?`,
    `\\d{1,2}\\s+\\p{L}{3,}\\.?\\s+\\d{4}(?:\\s*(?:r\\.|roku))?(?:,?\\s*(?:(?:o\\s+)?godz\\.?\\s*)?\\d{1,2}:\\d{2})?`,
    `\\d{1,2}\\s+[IVXivx]{1,4}\\s+\\d{4}(?:\\s*r\\.)?`,
  ].join('|'),
  'gu',
);

export function findPolishDates(text: string): Array<ParsedDate & { index: number; match: string }> {
  const found: Array<ParsedDate & { index: number; match: string }> = [];
  const flat = text.replace(/[\u00a0\u202f\s]+/g, ' ');
  DATE_CANDIDATE.lastIndex = 0;
  for (let match = DATE_CANDIDATE.exec(flat); match; match = DATE_CANDIDATE.exec(flat)) {
    const index = match.index;
    const before = flat.slice(Math.max(0, index - 2), index);
    const after = flat.slice(index + match[0].length, index + match[0].length + 2);
    if (/[\d][-–]$|[-–]\s?$/.test(before) || /^\s?[-–]\s?\d/.test(after) || /^\d/.test(after)) continue;
    const parsed = parsePolishDate(match[0]);
    if (parsed) found.push({ ...parsed, index, match: match[0] });
  }
  return found;
}

const PUBLISHED_LABEL_BEFORE = /(dodano|opublikowano|opublikowany|utworzono|wprowadzono|data( publikacji| dodania| utworzenia)?)\s*:?\s*(dnia|w dniu)?\s*$/i;

/**
 * A line of page metadata as a publication date: the whole line, else the one
 * date inside a short line that labels it ("Dodano: 12.03.2024 przez Jan
 * Kowalski"), opens it before a separator ("12.03.2024 | Aktualności") or is
 * most of it. A line
 * with two dates, or a date in a sentence, gives null.
 */
export function parsePublicationLine(line: string): ParsedDate | null {
  const whole = parsePolishDate(line);
  if (whole || line.length > 120) return whole;
  const dates = findPolishDates(line);
  if (dates.length !== 1) return null;
  const [date] = dates as [ReturnType<typeof findPolishDates>[number]];
  const flat = line.replace(/[\u00a0\u202f\s]+/g, ' ');
  const labelled = PUBLISHED_LABEL_BEFORE.test(flat.slice(0, date.index));
  // A date opening a line of metadata, set off by a separator ("12.03.2024 | Aktualności"), not a sentence ("15 marca 2024 r. odbędzie się").
  const leading = flat.slice(0, date.index).trim() === '' && /^\s*([|/•·–,(-]|$)/.test(flat.slice(date.index + date.match.length));
  return labelled || leading || date.match.length * 2 >= flat.length ? { iso: date.iso, precision: date.precision } : null;
}
