/**
 * The real-world scoreboard's measures: what each figure is, where it comes
 * from in the scores, its target, and the floor the test suite holds it at on
 * ../shared/realworld/. A floor is the figure as last measured, rounded down
 * (never below the target once the target is reached), and only ever moves
 * up: nothing slides back. Raise it when a change lifts the figure.
 */
import { scorePages, type PageScores } from './pages.js';
import { scoreStrings, type Ratio, type StringScores } from './strings.js';

export interface Measure {
  id: string;
  label: string;
  corpus: 'strings' | 'pages';
  target: number | null;
  /** Held by test/realworld/realworld.test.ts on ../shared/realworld/. */
  floor: number;
  ratio: (scores: { strings: StringScores | null; pages: PageScores | null }) => Ratio | null;
}

const s = (pick: (scores: StringScores) => Ratio) => (all: { strings: StringScores | null }) => (all.strings ? pick(all.strings) : null);
const p = (pick: (scores: PageScores) => Ratio) => (all: { pages: PageScores | null }) => (all.pages ? pick(all.pages) : null);

export const MEASURES: Measure[] = [
  { id: 'dates', label: 'date strings right, all kinds', corpus: 'strings', target: 0.93, floor: 0.99, ratio: s((x) => x.dates) },
  { id: 'dates.publication', label: '  publication lines', corpus: 'strings', target: 0.97, floor: 1, ratio: s((x) => x.byKind.publication) },
  { id: 'dates.created', label: '  created ("Data wytworzenia")', corpus: 'strings', target: null, floor: 1, ratio: s((x) => x.byKind.created) },
  { id: 'dates.modified', label: '  modified', corpus: 'strings', target: null, floor: 1, ratio: s((x) => x.byKind.modified) },
  { id: 'dates.clock', label: '  clocks', corpus: 'strings', target: null, floor: 1, ratio: s((x) => x.byKind.clock) },
  { id: 'dates.printed', label: '  printed / accessed', corpus: 'strings', target: null, floor: 1, ratio: s((x) => x.byKind.printed) },
  { id: 'dates.event', label: '  events in text', corpus: 'strings', target: null, floor: 0.98, ratio: s((x) => x.byKind.event) },
  { id: 'dates.range', label: '  ranges', corpus: 'strings', target: null, floor: 1, ratio: s((x) => x.byKind.range) },
  { id: 'dates.relative', label: '  relative', corpus: 'strings', target: null, floor: 1, ratio: s((x) => x.byKind.relative) },
  { id: 'dates.time', label: 'times kept', corpus: 'strings', target: null, floor: 1, ratio: s((x) => x.timeKept) },
  { id: 'dates.rangesKnown', label: 'ranges known as ranges', corpus: 'strings', target: null, floor: 1, ratio: s((x) => x.rangesKnown) },
  { id: 'dates.clocksRefused', label: 'clocks and printed dates refused as publication', corpus: 'strings', target: 1, floor: 1, ratio: s((x) => x.clocksRefused) },
  { id: 'dates.modifiedRefused', label: 'modified dates refused as publication', corpus: 'strings', target: 1, floor: 1, ratio: s((x) => x.modifiedRefused) },
  { id: 'bylines', label: 'bylines right (incl. "no author")', corpus: 'strings', target: 0.9, floor: 1, ratio: s((x) => x.bylines) },
  { id: 'institutions.type', label: 'institution mentions: type', corpus: 'strings', target: 0.97, floor: 1, ratio: s((x) => x.institutionType) },
  { id: 'institutions.place', label: 'institution mentions: type and place', corpus: 'strings', target: 0.92, floor: 0.95, ratio: s((x) => x.institutionPlace) },
  { id: 'institutions.noInventedPlace', label: 'institution mentions without a place given none', corpus: 'strings', target: 1, floor: 1, ratio: s((x) => x.institutionNoInventedPlace) },
  { id: 'institutions.noFalse', label: 'strings without a false institution', corpus: 'strings', target: null, floor: 1, ratio: s((x) => x.institutionNoFalse) },
  { id: 'listing.recall', label: 'listings: teaser recall', corpus: 'pages', target: 0.95, floor: 0.99, ratio: p((x) => x.teaserRecall) },
  { id: 'listing.precision', label: 'listings: teaser precision', corpus: 'pages', target: 0.97, floor: 0.98, ratio: p((x) => x.teaserPrecision) },
  { id: 'listing.dates', label: 'listings: teaser dates', corpus: 'pages', target: 0.95, floor: 0.96, ratio: p((x) => x.teaserDates) },
  { id: 'negative.quiet', label: 'pages without news giving no item', corpus: 'pages', target: 1, floor: 1, ratio: p((x) => x.negativeQuiet) },
  { id: 'article.title', label: 'articles: title', corpus: 'pages', target: 0.98, floor: 1, ratio: p((x) => x.articleTitle) },
  { id: 'article.date', label: 'articles: date', corpus: 'pages', target: 0.97, floor: 1, ratio: p((x) => x.articleDate) },
  { id: 'article.time', label: 'articles: time', corpus: 'pages', target: null, floor: 1, ratio: p((x) => x.articleTime) },
  { id: 'article.author', label: 'articles: author', corpus: 'pages', target: 0.9, floor: 1, ratio: p((x) => x.articleAuthor) },
  { id: 'article.body', label: 'articles: body complete (start and end)', corpus: 'pages', target: 0.95, floor: 1, ratio: p((x) => x.articleBodyComplete) },
  { id: 'article.bodyStart', label: '  body start', corpus: 'pages', target: null, floor: 1, ratio: p((x) => x.articleBodyStart) },
  { id: 'article.bodyEnd', label: '  body end', corpus: 'pages', target: null, floor: 1, ratio: p((x) => x.articleBodyEnd) },
  { id: 'article.attachments', label: 'articles: attachments', corpus: 'pages', target: 0.95, floor: 1, ratio: p((x) => x.articleAttachments) },
];

/** Where a corpus folder keeps its strings and pages: `DIR/strings/strings.json` and `DIR/pages/truth.json`, or either file in DIR itself. */
export function corpusFiles(dir: string, exists: (path: string) => boolean): { strings: string | null; pages: string | null } {
  const first = (...paths: string[]) => paths.find(exists) ?? null;
  const pagesTruth = first(`${dir}/pages/truth.json`, `${dir}/truth.json`);
  return { strings: first(`${dir}/strings/strings.json`, `${dir}/strings.json`), pages: pagesTruth ? pagesTruth.replace(/\/truth\.json$/, '') : null };
}

/** Every measure on a corpus folder. */
export function scoreCorpus(files: { strings: string | null; pages: string | null }, options: { fetchedAt?: string } = {}): { strings: StringScores | null; pages: PageScores | null } {
  return { strings: files.strings ? scoreStrings(files.strings) : null, pages: files.pages ? scorePages(files.pages, options) : null };
}

export function share(ratio: Ratio): number {
  return ratio.total ? ratio.right / ratio.total : 1;
}
