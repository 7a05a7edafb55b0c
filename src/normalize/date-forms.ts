/**
 * Where a string's dates are and what each prints: a day (with its time), a
 * range, a relative date, a month or a year. The words come from the lexicon
 * (src/lexicon/dates.json); dates.ts classifies what this finds. Positions
 * are in the text with its whitespace collapsed; matching is on its folded
 * form, which keeps every character in place.
 */
import { DateTime } from 'luxon';
import { weekdaySource } from '../lexicon/date-labels.js';
import { DATE_WORDS, escapePattern, fold, once, words } from '../lexicon/lexicon.js';

export const WARSAW = 'Europe/Warsaw';

export type RelativeUnit = keyof typeof DATE_WORDS.relativeUnits;

/** How a date was printed: what gave it, when no label did. */
export type DateForm =
  | 'ISO 8601'
  | 'year-month-day'
  | 'day-month-year'
  | 'day-month-year, two-digit year'
  | 'day month year'
  | 'month day, year'
  | 'day Roman-month year'
  | 'day month, year of the fetch'
  | 'relative'
  | 'range'
  | 'year';

export interface Time {
  hour: number;
  minute: number;
  second: number | null;
  adjacent: boolean;
}

/** A date found in the text, before it is classified. Positions are in the collapsed text. */
export interface Found {
  start: number;
  /** End of the date with what belongs to it (its "r.", its time). */
  end: number;
  /** End of the date alone, where it differs. */
  dateEnd?: number;
  form: DateForm;
  day?: { year: number; month: number; day: number };
  zoned?: DateTime;
  time?: Time;
  range?: { from: string; to: string };
  yearless?: { month: number; day: number };
  relative?: { unit: RelativeUnit; amount: number };
  /** "r." or "roku" after the year: Polish prose marks its dates so. */
  yearWord?: boolean;
  /** Read past, naming no day ("maj 2012 r.", "kilka dni temu"). */
  nothing?: true;
  /** A month of a year ("maj 2012"): no day on its own, but the end of a range ("od 27 września 1939 do stycznia 1945"). */
  month?: { year: number; month: number };
}

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, v: 5, vi: 6, vii: 7, viii: 8, ix: 9, x: 10, xi: 11, xii: 12 };

/** The lexicon's date words as sticky patterns over folded text, compiled on first use. */
export const patterns = once(() => {
  const monthOf = new Map<string, number>();
  DATE_WORDS.months.forEach((forms, index) => forms.forEach((form) => monthOf.set(fold(form), index + 1)));
  const month = `(${[...monthOf.keys()].sort((a, b) => b.length - a.length).join('|')})(?![\\p{L}])\\.?`;
  const roman = '(xii|xi|x|ix|viii|vii|vi|v|iv|iii|ii|i)(?![\\p{L}])\\.?';
  const year = '((?:1[89]|20)\\d{2})(?!\\d)';
  const weekday = weekdaySource();
  const unitOf = new Map<string, RelativeUnit>();
  for (const [unit, forms] of Object.entries(DATE_WORDS.relativeUnits)) for (const form of forms) unitOf.set(fold(form), unit as RelativeUnit);
  const units = `(${[...unitOf.keys()].sort((a, b) => b.length - a.length).join('|')})(?![\\p{L}])\\.?`;
  const numbers = new Map(Object.entries(DATE_WORDS.relativeNumbers).map(([word, value]) => [fold(word), value]));
  const days = new Map(Object.entries(DATE_WORDS.relativeDays).map(([word, value]) => [fold(word), value]));
  const ago = words(DATE_WORDS.relativeAgo);
  const markers = words(DATE_WORDS.timeMarkers);
  const prepositions = words(DATE_WORDS.timePrepositions);
  const sticky = (source: string) => new RegExp(source, 'uy');
  // The words a date may start with (`wordAt`), and the stems of the relative adjectives.
  const dateWordStarts = new Set([
    ...monthOf.keys(),
    ...Object.keys(ROMAN),
    ...unitOf.keys(),
    ...numbers.keys(),
    ...days.keys(),
    ...DATE_WORDS.relativeNow.map((phrase) => fold(phrase).split(' ')[0]!),
    ...DATE_WORDS.vagueQuantities.map(fold),
    ...DATE_WORDS.relativeAhead.map(fold),
  ]);
  const adjectiveStems = [...Object.keys(DATE_WORDS.relativeDayAdjectives), ...Object.keys(DATE_WORDS.relativePeriodAdjectives)].map(fold);
  return {
    monthOf,
    unitOf,
    dateWordStarts,
    adjectiveStems,
    numbers,
    days,
    isoTimestamp: /(\d{4})-(\d{2})-(\d{2})t(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(z|[+-]\d{2}:?\d{2})?(?![\d:])/y,
    ymd: /(\d{4})([-./])(\d{1,2})\2(\d{1,2})(?!\d|[-./]\d)/y,
    dmy: sticky(`(\\d{1,2})(?:[-./]|\\s)(\\d{1,2})(?:[-./]|\\s)${year}(?![-./]\\d)`),
    dmyShort: /(\d{2})([-./])(\d{2})\2(\d{2})(?!\d|[-./:]\d)/y,
    // "26 listopada 2014", "14, październik 2018", "27-Feb-2019", "3 listopada w 2016 r.", "6.XII.2014"
    dayMonthYear: sticky(`(\\d{1,2})(?!\\d)(?:\\.?\\s*(?:,\\s*)?|[-/])(?:${month}|${roman})(?:\\s*,?\\s*(?:w\\s+)?|[-/])${year}`),
    monthDayYear: sticky(`${month}\\s*(\\d{1,2})(?!\\d)(?:st|nd|rd|th)?\\s*,?\\s*${year}`),
    monthYear: sticky(`${month}\\s*,?\\s*${year}`),
    // "od stycznia do marca 2019", "VII-XII 2020", "od XI/2019 do X/2020", "03/2020 – 12/2020": months, first to last day.
    monthSpan: sticky(`${month}\\s*(?:[-–—]|do(?![\\p{L}]))\\s*${month}\\s*,?\\s*${year}`),
    romanSpan: sticky(`${roman}(?:\\s*[/.]\\s*${year})?\\s*(?:[-–—]|do(?![\\p{L}]))\\s*${roman}\\s*[/.]?\\s*${year}`),
    numericMonthSpan: sticky(`(\\d{1,2})[./]${year}\\s*(?:[-–—]|do(?![\\p{L}]))\\s*(\\d{1,2})[./]${year}`),
    dayMonth: sticky(`(\\d{1,2})(?!\\d)\\.?\\s*(?:${month}|${roman})`),
    monthWord: sticky(`\\s*(?:${month}|${roman})`),
    dayNumericMonth: /(\d{1,2})\.(\d{1,2})(?!\d)\.?/y,
    numericMonth: sticky(`(\\d{1,2})(?!\\d)\\.?(?:${year})?`),
    dayList: /(\d{1,2})(?!\d)\.?((?:(?:\s*[-–—]\s*|\s*,\s*|\s+(?:i|oraz|do|na)\s+)\d{1,2}(?!\d)\.?)+)/y,
    numericDayRange: sticky(`(\\d{1,2})\\.?(\\s*[-–—]\\s*)(\\d{1,2})\\.(\\d{1,2})\\.${year}`),
    // Between the two ends of a range; "br." ("this year") may close the first ("od 16 marca br. do 30 kwietnia br.").
    rangeJoin: /\s*(?:br\.?\s*)?(?:[-–—,]|(?:do|i|oraz)(?![\p{L}]))\s*/uy,
    years: sticky(`${year}\\s*(?:r\\.?\\s*)?([-–—/]|do(?![\\p{L}]))\\s*${year}(?:\\s*r\\.)?`),
    yearAlone: sticky(`${year}\\s*(?:r\\.|r(?![\\p{L}])|roku?(?![\\p{L}]))`),
    yearAfter: sticky(`\\s*,?\\s*${year}`),
    yearWord: /\s*(?:r\.?|roku)(?![\p{L}])/uy,
    unitAgo: sticky(`(?:(\\d{1,3})\\s*)?${units}\\s+${ago}`),
    // "za 57 dni": ahead of the fetch.
    unitAhead: sticky(`${words(DATE_WORDS.relativeAhead)}\\s+(\\d{1,3})\\s*${units}`),
    wordUnitAgo: sticky(`(\\p{L}+)\\s+${units}\\s+${ago}`),
    justNow: sticky(words(DATE_WORDS.relativeNow)),
    // Not run into a number: "Dzisiaj160 Wczoraj329" is a visit counter.
    dayWord: sticky(`(${[...days.keys()].join('|')})(?![\\p{L}\\d])`),
    dayAdjective: sticky(`(${Object.keys(DATE_WORDS.relativeDayAdjectives).map(fold).join('|')})\\p{L}*`),
    periodAdjective: sticky(
      `(${Object.keys(DATE_WORDS.relativePeriodAdjectives).map(fold).join('|')})\\p{L}*\\s+(${[...DATE_WORDS.relativeUnits.week, ...DATE_WORDS.relativeUnits.month, ...DATE_WORDS.relativeUnits.year].map(fold).join('|')})(?![\\p{L}])`,
    ),
    clockVerb: /\s+(?:jest|mamy)(?![\p{L}])/uy,
    adjacentTime: sticky(
      `(?:\\s*\\(\\s*${weekday}\\.?\\s*\\)|\\s*${weekday}\\.?(?![\\p{L}])|[\\s.,;|–—-])*(?:(${prepositions})\\.?\\s+)?(?:(${markers})[.:]?\\s*(?:(?:od|ok|około)\\.?\\s+)?)?(\\d{1,2})(?:([:.])(\\d{2})(?:[:.](\\d{2}))?|(\\d{2}))?(?!\\d|[./]\\d)(?:\\s*([ap])\\.?m(?![\\p{L}])\\.?)?`,
    ),
    markedTime: new RegExp(`(?<![\\p{L}])(?:${markers})\\.?\\s*(?:(?:od|ok|około)\\.?\\s+)?(\\d{1,2})(?:[:.](\\d{2}))?(?!\\d|[./]\\d)`, 'u'),
    numberLabel: new RegExp(`(?:^|[^\\p{L}])(?:${DATE_WORDS.numberLabels.map((label) => escapePattern(fold(label))).join('|')})\\.?\\s*$`, 'u'),
    vague: new RegExp(`${words(DATE_WORDS.vagueQuantities)}\\s*$`, 'u'),
    rangeCue: new RegExp(`(?:^|[^\\p{L}])${words(DATE_WORDS.rangeCues)}[\\s:]*$`, 'u'),
    // A weekday before the date, not after a preposition ("w sobotę 1 listopada" is an event).
    weekdayBefore: new RegExp(`(?<!(?:^|[^\\p{L}])(?:w|we|od|do|na|z|ze|po|przed|za)\\s+)(?:^|(?<=[^\\p{L}]))${weekday}\\.?[\\s,]*$`, 'u'),
    ...linePatterns(weekday),
  };
});

/** What tells a date of metadata from a date in a sentence (dates.ts classifies by them), and cues after a date. */
function linePatterns(weekday: string) {
  return {
    // Before a date that opens a line: punctuation, "dnia", a weekday, a time ("18:56, 17.01.2022 | PB").
    opening: new RegExp(`^(?:[\\s\\p{P}\\p{S}]|\\d{1,2}:\\d{2}(?::\\d{2})?|${words(['dnia', 'dn', 'w dniu'])}\\.?|${weekday}\\.?(?![\\p{L}]))*$`, 'u'),
    weakCue: new RegExp(`(?:^|[^\\p{L}])${words(['dnia', 'dn', 'w dniu', 'dniu'])}\\.?\\s*$`, 'u'),
    closing: /^[\s\p{P}\p{S}]*$/u,
    separatorBefore: /(?:^|[-–—|,:(•·/])\s*$/u,
    clockAfter: new RegExp(words(DATE_WORDS.afterCues.clock), 'u'),
    modifiedAfter: new RegExp(words(DATE_WORDS.afterCues.modified), 'u'),
  };
}

/** The dates of the text, unclassified: at each word, the longest reading that fits, ranges before single days. */
export function scan(flat: string, folded: string, now: DateTime | null): Found[] {
  const found: Found[] = [];
  const years: Found[] = [];
  for (let p = 0; p < folded.length; ) {
    const code = folded.charCodeAt(p);
    // A word starts here; or a number right after letters, where two elements' texts ran together ("plony2020-09-14").
    const startsWord = p === 0 || !/[\p{L}\p{N}]/u.test(folded[p - 1]!) || (code >= 48 && code <= 57 && /\p{L}/u.test(folded[p - 1]!));
    if (!startsWord || !/[\p{L}\p{N}]/u.test(folded[p]!)) {
      p++;
      continue;
    }
    const isDigit = code >= 48 && code <= 57;
    const at = isDigit ? numberAt(flat, folded, p) : wordAt(flat, folded, p);
    if (at) {
      if (at.nothing) {
        // Read past: its year is not a span of its own.
      } else if (at.form === 'year' && !at.range && !at.month) years.push(at);
      else if (at.day || at.range || at.relative || at.yearless || at.zoned || at.month) found.push(at);
      p = Math.max(at.end, p + 1);
    } else {
      p = nextWord(folded, p);
    }
  }
  return settle(found, years, flat, folded, now);
}

/** Where the next word starts after the one at `p`: after a space or sign, or where a number follows letters. */
function nextWord(folded: string, p: number): number {
  const match = /[^\p{L}\p{N}]|(?<=\p{L})\d/u.exec(folded.slice(p + 1));
  return match ? p + 1 + match.index + (/\d/.test(match[0]) ? 0 : 1) : folded.length;
}

/** A date starting with a number at `p`: an ISO timestamp, a range, a single day, a span of years, a relative date. */
function numberAt(flat: string, folded: string, p: number): Found | null {
  const rx = patterns();
  // Not the tail of a number ("5/2022", "1.2.3") nor a numbered thing ("nr 3 - 12 kwietnia", "poz. 928").
  const before = folded.slice(Math.max(0, p - 12), p);
  if (/\d[./,-]$|\d[-–]\s?$/.test(before) || rx.numberLabel.test(before)) return null;
  const exec = (re: RegExp) => {
    re.lastIndex = p;
    return re.exec(folded);
  };
  let m: RegExpExecArray | null;
  if ((m = exec(rx.isoTimestamp))) {
    const [, y, mo, d, h, mi, s, zone] = m;
    const iso = `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${zone ? zone.toUpperCase().replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : ''}`;
    const zoned = DateTime.fromISO(iso, zone ? { setZone: true } : { zone: WARSAW });
    if (zoned.isValid) return { start: p, end: p + m[0].length, form: 'ISO 8601', zoned, time: { hour: 0, minute: 0, second: s ? 0 : null, adjacent: true } };
  }
  const range = rangeAt(flat, folded, p);
  if (range) return range;
  const single = dayAt(flat, folded, p);
  if (single) return withTime(single, flat, folded);
  if ((m = exec(rx.numericMonthSpan))) {
    const span = monthSpan(Number(m[2]), Number(m[1]), Number(m[4]), Number(m[3]));
    if (span) return { start: p, end: p + m[0].length, form: 'range', range: span };
  }
  if ((m = exec(rx.years))) {
    const [first, separator, last] = [Number(m[1]), m[2]!, Number(m[3])];
    if (last > first && last - first <= 100) {
      const season = separator === '/';
      return { start: p, end: p + m[0].length, form: 'range', range: season ? { from: String(first), to: String(last) } : { from: `${first}-01-01`, to: `${last}-12-31` } };
    }
  }
  if ((m = exec(rx.yearAlone))) return { start: p, end: p + m[0].length, form: 'year', day: undefined };
  if ((m = exec(rx.dayMonth))) {
    const month = monthFrom(flat, m, 2);
    if (month && Number(m[1]) <= 31) return { start: p, end: p + m[0].length, form: 'day month, year of the fetch', yearless: { month, day: Number(m[1]) } };
  }
  if ((m = exec(rx.unitAgo))) {
    const unit = rx.unitOf.get(m[2]!)!;
    return withTime({ start: p, end: p + m[0].length, form: 'relative', relative: { unit, amount: -Number(m[1] ?? 1) } }, flat, folded);
  }
  return null;
}

/** A date starting with a word at `p`: month first ("Kwiecień 15, 2019"), a month and year alone, a relative date. */
function wordAt(flat: string, folded: string, p: number): Found | null {
  const rx = patterns();
  // Most words of a text start no date: only a month, a Roman numeral, a number, unit or day word, or their adjectives do.
  const word = /^\p{L}+/u.exec(folded.slice(p, p + 20))?.[0] ?? '';
  if (!rx.dateWordStarts.has(word) && !rx.adjectiveStems.some((stem) => word.startsWith(stem))) return null;
  const exec = (re: RegExp) => {
    re.lastIndex = p;
    return re.exec(folded);
  };
  let m: RegExpExecArray | null;
  if ((m = exec(rx.monthDayYear))) {
    const day = { year: Number(m[3]), month: rx.monthOf.get(m[1]!)!, day: Number(m[2]) };
    if (validDay(day)) return withTime({ start: p, end: p + m[0].length, form: 'month day, year', day }, flat, folded);
  }
  if ((m = exec(rx.monthSpan))) {
    const year = Number(m[3]);
    const span = monthSpan(year, rx.monthOf.get(m[1]!)!, year, rx.monthOf.get(m[2]!)!);
    if (span) return { start: p, end: p + m[0].length, form: 'range', range: span };
  }
  if ((m = exec(rx.romanSpan)) && isCapitals(flat, m, [m[1], m[3]])) {
    const [from, fromYear, to, toYear] = [ROMAN[m[1]!]!, m[2] ? Number(m[2]) : Number(m[4]), ROMAN[m[3]!]!, Number(m[4])];
    const span = monthSpan(fromYear, from, toYear, to);
    if (span) return { start: p, end: p + m[0].length, form: 'range', range: span };
  }
  // "maj 2012 r.": a month, not a day, and its year is not a span of its own; it may end a range.
  if ((m = exec(rx.monthYear))) return { start: p, end: p + m[0].length, form: 'year', month: { year: Number(m[2]), month: rx.monthOf.get(m[1]!)! } };
  if ((m = exec(rx.periodAdjective))) {
    const amount = Object.entries(DATE_WORDS.relativePeriodAdjectives).find(([stem]) => m![1] === fold(stem))![1];
    return { start: p, end: p + m[0].length, form: 'relative', relative: { unit: rx.unitOf.get(m[2]!)!, amount } };
  }
  if ((m = exec(rx.dayAdjective))) {
    const amount = Object.entries(DATE_WORDS.relativeDayAdjectives).find(([stem]) => m![1] === fold(stem))![1];
    return withTime({ start: p, end: p + m[0].length, form: 'relative', relative: { unit: 'day', amount } }, flat, folded);
  }
  if ((m = exec(rx.justNow))) return { start: p, end: p + m[0].length, form: 'relative', relative: { unit: 'minute', amount: 0 } };
  if ((m = exec(rx.wordUnitAgo)) && rx.numbers.has(m[1]!)) {
    return withTime({ start: p, end: p + m[0].length, form: 'relative', relative: { unit: rx.unitOf.get(m[2]!)!, amount: -rx.numbers.get(m[1]!)! } }, flat, folded);
  }
  if ((m = exec(rx.unitAgo))) {
    // "kilka dni temu": no number of days, no date.
    if (rx.vague.test(folded.slice(0, p))) return { start: p, end: p + m[0].length, form: 'year', nothing: true };
    return withTime({ start: p, end: p + m[0].length, form: 'relative', relative: { unit: rx.unitOf.get(m[2]!)!, amount: -1 } }, flat, folded);
  }
  if ((m = exec(rx.unitAhead))) {
    return withTime({ start: p, end: p + m[0].length, form: 'relative', relative: { unit: rx.unitOf.get(m[2]!)!, amount: Number(m[1]) } }, flat, folded);
  }
  if ((m = exec(rx.dayWord))) {
    // "Dziś jest …", "jest dziś": a clock's label, not a date.
    rx.clockVerb.lastIndex = p + m[0].length;
    if (rx.clockVerb.test(folded) || /(?:jest|mamy)\s*$/u.test(folded.slice(0, p))) return null;
    return withTime({ start: p, end: p + m[0].length, form: 'relative', relative: { unit: 'day', amount: rx.days.get(m[1]!)! } }, flat, folded);
  }
  return null;
}

/** A single day at `p`, without its time. */
function dayAt(flat: string, folded: string, p: number): Found | null {
  const rx = patterns();
  const exec = (re: RegExp) => {
    re.lastIndex = p;
    return re.exec(folded);
  };
  const make = (form: DateForm, m: RegExpExecArray, year: number, month: number, day: number): Found | null => {
    const date = { year, month, day };
    return validDay(date) ? { start: p, end: p + m[0].length, form, day: date } : null;
  };
  let m: RegExpExecArray | null;
  if ((m = exec(rx.ymd))) return make('year-month-day', m, Number(m[1]), Number(m[3]), Number(m[4]));
  if ((m = exec(rx.dmy))) return make('day-month-year', m, Number(m[3]), Number(m[2]), Number(m[1]));
  if ((m = exec(rx.dmyShort))) return make('day-month-year, two-digit year', m, 2000 + Number(m[4]), Number(m[3]), Number(m[1]));
  if ((m = exec(rx.dayMonthYear))) {
    const month = monthFrom(flat, m, 2);
    if (month) return make(m[2] ? 'day month year' : 'day Roman-month year', m, Number(m[4]), month, Number(m[1]));
  }
  return null;
}

/**
 * The month of a match whose group `group` is a month word and `group + 1` a Roman numeral. A Roman month
 * counts only in capitals as printed ("23 III 2014"): in lower case "i" and "v" are words.
 */
function monthFrom(flat: string, m: RegExpExecArray, group: number): number | null {
  if (m[group]) return patterns().monthOf.get(m[group]!) ?? null;
  const roman = m[group + 1];
  if (!roman) return null;
  const at = m.index + m[0].lastIndexOf(roman);
  const printed = flat.slice(at, at + roman.length);
  return printed === printed.toUpperCase() ? ROMAN[roman]! : null;
}

/**
 * A range at `p`: days of one month ("20-21.02.2019", "25-27 V 2015", "11 i 12 kwietnia 2019", "20-21 oraz 28-29
 * października"), or days of two months ("od 15 lutego do 31 marca 2019", "8 IV-10 IV 2019", "11.04-24.04.2019").
 * Full dates joined by a dash are joined later (`settle`). A dash with spaces joins bare days only after a range's
 * cue ("w dniach 20 - 21 maja"): elsewhere it separates a title from its date ("Hala nr 3 - 12 kwietnia").
 */
function rangeAt(flat: string, folded: string, p: number): Found | null {
  const rx = patterns();
  const exec = (re: RegExp, at = p) => {
    re.lastIndex = at;
    return re.exec(folded);
  };
  const cued = rx.rangeCue.test(folded.slice(Math.max(0, p - 20), p));
  let m: RegExpExecArray | null;
  if ((m = exec(rx.numericDayRange)) && (cued || !/\s/.test(m[2]!))) {
    const [first, last, month, year] = [Number(m[1]), Number(m[3]), Number(m[4]), Number(m[5])];
    if (first < last && validDay({ year, month, day: last })) return rangeFound(p, p + m[0].length, [year, month, first], [year, month, last]);
  }
  if ((m = exec(rx.dayList))) {
    const separators = m[2]!.match(/[^\d.]+/g) ?? [];
    const days = [m[1]!, ...(m[2]!.match(/\d{1,2}/g) ?? [])].map(Number);
    const ascending = days.every((day, i) => i === 0 || day > days[i - 1]!);
    const spacedDash = separators.some((separator) => /\s[-–—]|[-–—]\s/.test(separator));
    const end = p + m[0].length;
    const month = ascending && (cued || !spacedDash) ? monthAfter(flat, folded, end) : null;
    if (month) {
      const year = month.year;
      const [first, last] = [days[0]!, days[days.length - 1]!];
      if (validDay({ year: year ?? 2000, month: month.month, day: last })) return rangeFound(p, month.end, [year, month.month, first], [year, month.month, last]);
    }
  }
  // Two day-month pairs.
  const from = dayMonthAt(flat, folded, p);
  if (from) {
    const join = exec(rx.rangeJoin, from.end);
    const to = join ? dayMonthAt(flat, folded, from.end + join[0].length) : null;
    if (to && to.numeric === from.numeric) {
      rx.yearAfter.lastIndex = to.end;
      const year = rx.yearAfter.exec(folded);
      if (year || !to.numeric || cued) {
        const y = year ? Number(year[1]) : null;
        const end = year ? to.end + year[0].length : to.end;
        if (validDay({ year: y ?? 2000, month: from.month, day: from.day }) && validDay({ year: y ?? 2000, month: to.month, day: to.day })) {
          return rangeFound(p, end, [y, from.month, from.day], [y, to.month, to.day]);
        }
      }
    }
  }
  return null;
}

/** A month (word or Roman) after a list of days, and its year if printed. */
function monthAfter(flat: string, folded: string, at: number): { month: number; year: number | null; end: number } | null {
  const rx = patterns();
  // "28 i 29.10.": a month in figures right after the last day's dot.
  if (folded[at - 1] === '.') {
    rx.numericMonth.lastIndex = at;
    const n = rx.numericMonth.exec(folded);
    if (n && Number(n[1]) >= 1 && Number(n[1]) <= 12) return { month: Number(n[1]), year: n[2] ? Number(n[2]) : null, end: at + n[0].length };
  }
  rx.monthWord.lastIndex = at;
  const m = rx.monthWord.exec(folded);
  const month = m ? monthFrom(flat, m, 1) : null;
  if (!m || !month) return null;
  const end = at + m[0].length;
  rx.yearAfter.lastIndex = end;
  const year = rx.yearAfter.exec(folded);
  return { month, year: year ? Number(year[1]) : null, end: year ? end + year[0].length : end };
}

/** "15 lutego", "8 IV", or (`numeric`) "11.04" at `p`. */
function dayMonthAt(flat: string, folded: string, p: number): { day: number; month: number; end: number; numeric: boolean } | null {
  const rx = patterns();
  rx.dayMonth.lastIndex = p;
  const m = rx.dayMonth.exec(folded);
  if (m) {
    const month = monthFrom(flat, m, 2);
    return month && Number(m[1]) <= 31 ? { day: Number(m[1]), month, end: p + m[0].length, numeric: false } : null;
  }
  rx.dayNumericMonth.lastIndex = p;
  const n = rx.dayNumericMonth.exec(folded);
  return n && Number(n[2]) >= 1 && Number(n[2]) <= 12 && Number(n[1]) <= 31 ? { day: Number(n[1]), month: Number(n[2]), end: p + n[0].length, numeric: true } : null;
}

function rangeFound(start: number, end: number, from: [number | null, number, number], to: [number | null, number, number]): Found {
  const part = ([year, month, day]: [number | null, number, number]) => `${year === null ? '-' : year}-${pad(month)}-${pad(day)}`;
  return { start, end, form: 'range', range: { from: part(from), to: part(to) } };
}

export const pad = (value: number) => String(value).padStart(2, '0');

/** The days of the months from one to another, inclusive ("03/2020 – 12/2020" → 2020-03-01..2020-12-31). */
function monthSpan(fromYear: number, from: number, toYear: number, to: number): { from: string; to: string } | null {
  if (from < 1 || from > 12 || to < 1 || to > 12 || fromYear < 1800 || toYear > 2100 || fromYear * 12 + from > toYear * 12 + to) return null;
  return { from: `${fromYear}-${pad(from)}-01`, to: DateTime.fromObject({ year: toYear, month: to }).endOf('month').toISODate()! };
}

/** The Roman numerals of a match are printed in capitals (in lower case "i" and "v" are words). */
function isCapitals(flat: string, m: RegExpExecArray, numerals: Array<string | undefined>): boolean {
  const printed = flat.slice(m.index, m.index + m[0].length);
  return numerals.every((numeral) => !numeral || new RegExp(`(?<![\\p{L}])${numeral.toUpperCase()}(?![\\p{L}])`, 'u').test(printed));
}

function validDay({ year, month, day }: { year: number; month: number; day: number }): boolean {
  return year >= 1800 && year <= 2100 && DateTime.fromObject({ year, month, day }).isValid;
}

/** A single day with what follows it: its "r."/"roku", and a time printed next to it or later in its sentence. */
function withTime(found: Found, flat: string, folded: string): Found {
  const rx = patterns();
  found.dateEnd = found.end;
  rx.yearWord.lastIndex = found.end;
  const suffix = found.day ? rx.yearWord.exec(folded) : null;
  if (suffix) [found.end, found.yearWord] = [found.end + suffix[0].length, true];
  rx.adjacentTime.lastIndex = found.end;
  const m = rx.adjacentTime.exec(folded);
  if (m) {
    const [, preposition, marker, hourText, separator, minuteText, secondText, compact, meridiem] = m;
    let [hour, minute] = [Number(hourText), Number(minuteText ?? compact ?? 0)];
    // Without "godz." only "11:40" is a time, or "o 6.39": "11.40" may be a day and month, "11" anything.
    const readable = marker ? true : minuteText !== undefined && (separator === ':' || preposition === 'o');
    if (meridiem === 'p' && hour < 12) hour += 12;
    if (meridiem === 'a' && hour === 12) hour = 0;
    if (readable && hour <= 24 && minute < 60 && !(compact && !marker)) {
      found.time = { hour: hour % 24, minute, second: secondText === undefined ? null : Number(secondText), adjacent: true };
      found.end += m[0].length;
      return found;
    }
  }
  // The first time marked as one ("godz. 11.30") later in the date's sentence.
  const sentence = flat.slice(found.end, found.end + 100);
  const stop = /[.!?](?=\s+\p{Lu})|[!?|]/u.exec(sentence.replace(/(?<![\p{L}])\p{L}{1,3}\.(?=\s)/gu, (abbreviation) => abbreviation.replace('.', ' ')));
  const within = folded.slice(found.end, found.end + (stop ? stop.index : sentence.length));
  const marked = rx.markedTime.exec(within);
  if (marked && !/\d[./-]\d{1,2}[./-]\d|\d\s+\p{L}+\s+(?:19|20)\d{2}/u.test(within.slice(0, marked.index))) {
    const [hour, minute] = [Number(marked[1]), Number(marked[2] ?? 0)];
    if (hour <= 24 && minute < 60) found.time = { hour: hour % 24, minute, second: null, adjacent: false };
  }
  return found;
}

/**
 * Joins and drops what the scan found on its own: two days joined by a dash or "od … do …" are a range;
 * "Dziś 9 listopada 2018" is the day it names; a range without a year takes the year the text names ("w 2019
 * roku w dniach 16-17 sierpnia"); a year alone ("KALENDARIUM 2009 r.") is a span only where nothing else is.
 */
function settle(found: Found[], years: Found[], flat: string, folded: string, now: DateTime | null): Found[] {
  const result: Found[] = [];
  for (let i = 0; i < found.length; i++) {
    const current = found[i]!;
    const next = found[i + 1];
    if ((current.day || current.month) && (next?.day || next?.month)) {
      // "29.03.2019 - 31.08.2019", "od 1.01.2020 do 31.07.2021", "Od: 2025-11-29 08:00 Do: 2025-11-30", "od 27 września 1939 do
      // stycznia 1945", "sierpień 2018 – czerwiec 2019". A time after the first day may be the range's ("od 15.10.2021 do godz. 7:30 dnia 16.10.2021").
      const between = folded.slice(current.dateEnd ?? current.end, next.start);
      const dashed = /^\s*(?:r\.?|roku)?\s*(?:[-–—]|do)\s*$/u.test(between);
      const fromBefore = /(?:^|[^\p{L}])od(?![\p{L}])[^!?|]{0,25}$/u.test(folded.slice(Math.max(0, current.start - 30), current.start));
      const toBetween = /(?:^|[^\p{L}])do(?![\p{L}])[:\s]*(?:godz\.?\s*\d{1,2}[:.]\d{2}\s*)?(?:dnia\s*)?$/u.test(between) && between.length <= 60;
      const from = current.day ? isoDay(current.day) : `${current.month!.year}-${pad(current.month!.month)}-01`;
      const to = next.day ? isoDay(next.day) : monthSpan(next.month!.year, next.month!.month, next.month!.year, next.month!.month)!.to;
      if ((dashed || (fromBefore && toBetween)) && from < to) {
        result.push({ start: current.start, end: next.end, form: 'range', range: { from, to } });
        i++;
        continue;
      }
    }
    // "Dziś 9 listopada 2018 r.", "podpisali dziś w Kołobrzegu (poniedziałek 4 lutego 2013 r.)": the day the text names.
    if (current.relative?.unit === 'day' && found.slice(i + 1).some((later) => (later.day || later.zoned) && later.start - current.end <= 60 && !/[.!?]\s/u.test(flat.slice(current.end, later.start)))) continue;
    result.push(current);
  }
  const yearNamed = years.map((year) => /\d{4}/.exec(folded.slice(year.start, year.end))?.[0]).find(Boolean);
  for (const item of result) {
    if (item.range?.from.startsWith('-') && yearNamed) item.range = { from: yearNamed + item.range.from.slice(1), to: yearNamed + item.range.to.slice(1) };
    if (item.yearless && now) {
      // The latest such day not after the fetch (a stamp "23 KWI" read in April is this year's).
      let year = now.year;
      if (DateTime.fromObject({ year, month: item.yearless.month, day: item.yearless.day }, { zone: WARSAW }) > now.plus({ days: 1 })) year--;
      if (validDay({ year, ...item.yearless })) item.day = { year, ...item.yearless };
    }
  }
  const dated = result.filter((item) => item.day || item.range || item.relative || item.zoned);
  // "z dnia ....... 2005 r.": the year of a date left blank, not a span.
  years = years.filter((year) => !/(?:dni[au]|dn\.|\.{3,}|…)[\s.…]*$/u.test(folded.slice(Math.max(0, year.start - 20), year.start)));
  // A month alone names no day, and neither is its year a span of its own.
  if (!dated.length && result.some((item) => item.month)) return [];
  // "15 listopada br. … na 2008 rok": a day of an unnamed year is there, and the year is not a span of its own.
  if (!dated.length && years.length && !result.some((item) => item.yearless || item.month)) {
    const year = /\d{4}/.exec(folded.slice(years[0]!.start, years[0]!.end))![0];
    dated.push({ ...years[0]!, range: { from: `${year}-01-01`, to: `${year}-12-31` } });
  }
  return dated;
}

export const isoDay = ({ year, month, day }: { year: number; month: number; day: number }) => `${year}-${pad(month)}-${pad(day)}`;
