/**
 * Date labels: what the words before a date say it is. "Data publikacji",
 * "Opublikowano dnia", "Posted by admin on" label a publication date; "Data
 * wytworzenia" a created one; "Ostatnia aktualizacja" a modification; "Data
 * wydruku" a print date; "Dziś jest" a header clock; "z dnia", "Termin" an
 * event. Phrases come from dates.json; a label of a known head and stem
 * ("Data wprowadzenia informacji do BIP") is known without a line of its own.
 */
import { DATE_WORDS, fold, once, phraseSource, words, type DateLabelKind } from './lexicon.js';

export interface DateLabel {
  kind: DateLabelKind;
  /** Where the label is in the folded text it was found in. */
  start: number;
  end: number;
}

/** The weekdays as a pattern source, for what may stand between a label and its date ("Napisano piątek, 19 …"). */
export const weekdaySource = once(() => words(DATE_WORDS.weekdays));

const patterns = once(() => {
  const { labels, labelHeads, fillers, byWords } = DATE_WORDS;
  const kinds = Object.keys(labels) as DateLabelKind[];
  const weekday = weekdaySource();
  // Between a label and its date: punctuation, filler words ("dnia", "on"), a weekday, a time ("Dodany: 07:42:02 23.12.2016").
  const filler = `(?:[\\s:;,|()\\[\\]=>•·*/"'„”-]|\\d{1,2}:\\d{2}(?::\\d{2})?|${words(fillers)}\\.?|${weekday}\\.?(?![\\p{L}]))*`;
  // "Posted by admin on", "Opublikowano przez: Jan Kowalski w dniu".
  const byName = `\\s+${words(byWords)}\\s*:?\\s+[^\\d:|]{1,40}?`;
  const phrase = (kind: DateLabelKind) => `(${phraseSource(labels[kind].phrases)})`;
  return {
    phraseAtEnd: kinds.map((kind) => [kind, new RegExp(`${phrase(kind)}${filler}$`, 'u')] as const),
    phraseByName: kinds.map((kind) => [kind, new RegExp(`${phrase(kind)}${byName}${filler}$`, 'u')] as const),
    // "Ostatnia modyfikacja: Barbara Nowak (14.02.2019 09:15)": the person, then the date in brackets.
    phraseNameBracket: kinds.map((kind) => [kind, new RegExp(`${phrase(kind)}\\s*:\\s*(?:[\\p{L}-]+\\s+){0,2}[\\p{L}-]+\\s*\\(\\s*$`, 'u')] as const),
    // "Data wprowadzenia informacji do BIP": a head word and, within a few words, a stem.
    headed: new RegExp(`(?:^|[^\\p{L}])(${words(labelHeads)}(?:\\s+[\\p{L}()]+){1,5})${filler}$`, 'u'),
    headedByName: new RegExp(`(?:^|[^\\p{L}])(${words(labelHeads)}(?:\\s+[\\p{L}()]+){1,5})${byName}${filler}$`, 'u'),
    // "Zaktualizowano 12.03.2024": one word of a stem right before the date.
    lastWord: new RegExp(`(?:^|[^\\p{L}])(\\p{L}+)${filler}$`, 'u'),
    eventHead: new RegExp(`(?:^|[^\\p{L}])(${words(labels.event.heads)}(?:\\s+[\\p{L}]+){0,3})[\\s:–—-]*$`, 'u'),
    // The most specific first: "Data wytworzenia informacji publicznej" is a created date.
    stems: (['printed', 'modified', 'created', 'publication'] as const).map((kind) => [kind, labels[kind].stems.map(fold)] as const),
    // A label followed by its date, or name days (printed after the date they go with).
    notPublication: new RegExp(
      `(?:${phraseSource([...labels.clock.phrases.filter((label) => label.includes(' ')), ...labels.modified.phrases, ...labels.printed.phrases])}` +
        `|${words(labelHeads)}\\s+(?:\\p{L}+\\s+){0,2}(?:${[...labels.modified.stems, ...labels.printed.stems].map(fold).join('|')})\\p{L}*)[^\\d]{0,40}\\d` +
        `|${phraseSource(DATE_WORDS.afterCues.clock)}`,
      'u',
    ),
  };
});

/**
 * The label that `folded` (folded text before a date) ends with: a phrase of the lexicon followed only by
 * filler ("Opublikowano dnia", "Napisano piątek,"); else one before a name ("Posted by admin on"); else a head
 * word with a stem, or a single word of a stem; else an event's head ("Termin imprezy -"). Of two phrases the
 * longer wins ("Aktualna data", not "data").
 */
export function dateLabelAtEnd(folded: string): DateLabel | null {
  const rx = patterns();
  let best: DateLabel | null = null;
  for (const phrases of [rx.phraseAtEnd, rx.phraseByName, rx.phraseNameBracket]) {
    for (const [kind, pattern] of phrases) {
      const m = pattern.exec(folded);
      const start = m ? m.index + m[0].indexOf(m[1]!) : -1;
      if (m && (!best || start < best.start)) best = { kind, start, end: start + m[1]!.length };
    }
    if (best) break;
  }
  const stemmed = (phrase: string) => rx.stems.find(([, stems]) => phrase.split(/[^\p{L}]+/u).some((word) => stems.some((stem) => word.startsWith(stem))))?.[0];
  // "Informacja wytworzona przez: Anna Nowak, w dniu:" names its writer between the label and the date.
  for (const match of [rx.headed.exec(folded), rx.lastWord.exec(folded), best ? null : rx.headedByName.exec(folded)]) {
    if (!match) continue;
    const phrase = match[1]!;
    const start = match.index + match[0].indexOf(phrase);
    const kind = stemmed(phrase);
    if (kind && (!best || start < best.start)) best = { kind, start, end: start + phrase.length };
    if (kind) break;
  }
  const event = rx.eventHead.exec(folded);
  if (event && (!best || event.index > best.end)) {
    const start = event.index + event[0].indexOf(event[1]!);
    best = { kind: 'event', start, end: start + event[1]!.length };
  }
  return best;
}

/**
 * What a metadata label names, the whole label ("Data wprowadzenia dokumentu do BIP" → publication), or null.
 * The same answer as `dateLabelAtEnd` for a label alone, by lookups: a page has many labelled values.
 */
export function dateLabelKind(label: string): DateLabelKind | null {
  const { phraseKinds, heads, eventHeads, stems } = wholeLabels();
  const folded = fold(label).replace(/:\s*$/, '').replace(/\s+/g, ' ').trim();
  const known = phraseKinds.get(folded);
  if (known) return known;
  const words = folded.split(/[^\p{L}]+/u).filter(Boolean);
  if (eventHeads.some((head) => folded === head || folded.startsWith(`${head} `))) return 'event';
  // A head and a stem ("Data wprowadzenia informacji do BIP"), or one word of a stem ("Zaktualizowano").
  if (words.length > 6 || (words.length > 1 && !heads.has(words[0]!))) return null;
  return stems.find(([, list]) => words.some((word) => list.some((stem) => word.startsWith(stem))))?.[0] ?? null;
}

const wholeLabels = once(() => {
  const phraseKinds = new Map<string, DateLabelKind>();
  for (const kind of Object.keys(DATE_WORDS.labels) as DateLabelKind[]) {
    for (const phrase of DATE_WORDS.labels[kind].phrases) if (!phraseKinds.has(fold(phrase))) phraseKinds.set(fold(phrase), kind);
  }
  return { phraseKinds, heads: new Set(DATE_WORDS.labelHeads.map(fold)), eventHeads: DATE_WORDS.labels.event.heads.map(fold), stems: patterns().stems };
});

/**
 * True when `text` holds a date labelled as not when an article was published: a header clock ("Dziś jest
 * wtorek, 5 marca"), a modification ("Ostatnia aktualizacja: 12.03.2024"), a print or access date ("Data
 * wydruku: …"), or the name days beside a clock ("imieniny").
 */
export function hasNonPublicationLabel(text: string): boolean {
  // Every such label is followed by its date, but for name days: most texts have neither, and need no folding.
  return (/\d|imienin/i.test(text)) && patterns().notPublication.test(fold(text));
}

const shownDates = once(() => {
  const month = words(DATE_WORDS.months.flat());
  const weekday = weekdaySource();
  // A day and a month that can be one, so that a tax number ("631-23-34-122") or a phone number is not a date.
  const [day, month2] = ['(?:0?[1-9]|[12]\\d|3[01])', '(?:0?[1-9]|1[0-2])'];
  const numeric = String.raw`(?<![\d-])(?:${day}[./-]${month2}[./-](?:\d{4}|\d{2})|\d{4}[./-]${month2}[./-]${day})(?![\d-])`;
  // "23 kwi", "19 kwietnia 2019", "kwi 19 2019", "kwiecien 17, 2019": a month's word with a day beside it.
  const worded = String.raw`(?<!\d)\d{1,2}\.?\s*${month}\.?|${month}\.?\s*\d{1,2}(?!\d)`;
  return {
    date: new RegExp(`${numeric}|${worded}`, 'u'),
    // What a stamp may hold beside its date: a time, a weekday, "r.", "godz.", a year, punctuation.
    furniture: new RegExp(String.raw`${numeric}|${worded}|\d{1,2}:\d{2}(?::\d{2})?|${weekday}\.?|(?<!\p{L})(?:r|godz|g)\.?(?!\p{L})|\d+|[^\p{L}]`, 'gu'),
  };
});

/**
 * True when a short text shows a calendar date: "12.03.2024", "2019/04/18", "23 KWI", "Kwi 19 2019",
 * "Kwiecień 17, 2019". A year or a number alone is not one.
 */
export function showsDate(text: string): boolean {
  return /\d/.test(text) && shownDates().date.test(fold(text));
}

/**
 * True when a text is a date stamp, not a sentence holding a date: the date with at most a time, a weekday
 * and a label of when it was published or written ("Opublikowano: 2019-04-23", "piątek, 12.12.2018 10:46").
 * A lead's "W dniu 15.04.2019 odbędzie się …" is not.
 */
export function isDateStamp(text: string): boolean {
  const folded = fold(text);
  const found = shownDates().date.exec(folded);
  if (!found) return false;
  const before = folded.slice(0, found.index);
  const label = dateLabelAtEnd(before);
  const unlabelled = label && (label.kind === 'publication' || label.kind === 'created') ? before.slice(0, label.start) : before;
  const rest = `${unlabelled} ${folded.slice(found.index)}`.replace(shownDates().furniture, '');
  return rest.length <= 2;
}
