/**
 * Scores opsfeed's extraction on a folder of real pages with hand-made labels
 * (a `truth.json` beside the HTML files; its format is described in that
 * folder's README). Each page is read as a crawl reads a source configured
 * with only id, name and url: parsed as the crawler parses it, then the
 * listing layers (or the article layers and normalisation) with preset 'auto'.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheerioAPI } from 'cheerio';
import { SourceSchema } from '../../src/config/schema.js';
import { parsePage } from '../../src/crawl/parse.js';
import { extractArticle } from '../../src/extract/article.js';
import { extractListing } from '../../src/extract/listing.js';
import type { RawListing } from '../../src/extract/types.js';
import { normalizeArticle, type NormalizedArticle } from '../../src/normalize/article.js';
import { readPublicationDate } from '../../src/normalize/dates.js';
import type { Ratio } from './strings.js';

export interface Miss {
  page: string;
  measure: string;
  expected: string;
  got: string;
}

export interface PageScores {
  pages: number;
  /** Required (non-optional) teasers found / required teasers, over listing pages. */
  teaserRecall: Ratio;
  /** Found teasers that are labelled teasers (optional ones count as right) / all found teasers, over listing pages. */
  teaserPrecision: Ratio;
  /** Required teasers that were found and have a labelled date: opsfeed's date for them equals the label. */
  teaserDates: Ratio;
  /** Negative pages on which listing extraction gives no item. */
  negativeQuiet: Ratio;
  articleTitle: Ratio;
  articleDate: Ratio;
  /** Only article pages whose labelled time is not null. */
  articleTime: Ratio;
  articleAuthor: Ratio;
  /** See bodyComplete() for the rule. */
  articleBodyComplete: Ratio;
  /** The labelled start within the body's first BODY_SLACK characters (the body is not cut at its top, nor a sub-block). */
  articleBodyStart: Ratio;
  /** The labelled end within the body's last BODY_SLACK characters (the body is not cut short, nor run on into the page). */
  articleBodyEnd: Ratio;
  /** Per article page: the set of attachment URLs equals the labelled set exactly. */
  articleAttachments: Ratio;
  misses: Miss[];
}

/** The PageScores fields that are ratios. */
type RatioMeasure = { [K in keyof PageScores]: PageScores[K] extends Ratio ? K : never }[keyof PageScores];

interface TruthTeaser {
  href: string;
  url: string;
  title: string;
  dateText: string | null;
  date: string | null;
  optional?: boolean;
}

interface TruthPage {
  file: string;
  host: string;
  baseUrl: string;
  kind: 'listing' | 'article' | 'negative';
  note?: string;
  teasers?: TruthTeaser[];
  title?: string;
  dateText?: string;
  date?: string;
  time?: string | null;
  author?: string | null;
  bodyStart?: string;
  bodyEnd?: string;
  attachments?: string[];
}

/** How far into the body (from either end) the labelled start or end may sit and still count as complete. */
const BODY_SLACK = 200;

/**
 * `options.fetchedAt`: when the pages were fetched, as a crawl knows it; a stamp without a year ("23 KWI") and a
 * header clock are read against it. Without it they are not read at all.
 */
export function scorePages(dir: string, options: { fetchedAt?: string } = {}): PageScores {
  const { fetchedAt } = options;
  const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as { pages: TruthPage[] };
  const ratio = (): Ratio => ({ right: 0, total: 0 });
  const scores: PageScores = {
    pages: truth.pages.length,
    teaserRecall: ratio(),
    teaserPrecision: ratio(),
    teaserDates: ratio(),
    negativeQuiet: ratio(),
    articleTitle: ratio(),
    articleDate: ratio(),
    articleTime: ratio(),
    articleAuthor: ratio(),
    articleBodyComplete: ratio(),
    articleBodyStart: ratio(),
    articleBodyEnd: ratio(),
    articleAttachments: ratio(),
    misses: [],
  };
  for (const page of truth.pages) {
    // Count one comparison; a wrong one is recorded as a miss.
    const score = (measure: RatioMeasure, right: boolean, expected: string, got: string) => {
      scores[measure].total++;
      if (right) scores[measure].right++;
      else scores.misses.push({ page: page.file, measure, expected: short(expected), got: short(got) });
    };
    // Every page declares UTF-8 (the corpus README), so the crawler would decode it as UTF-8 too.
    const html = readFileSync(join(dir, page.file), 'utf8');
    let $: CheerioAPI | null;
    try {
      $ = parsePage(html, 200);
    } catch (error) {
      // A page the crawler would refuse yields nothing; every measure on it then misses.
      scores.misses.push({ page: page.file, measure: 'parse', expected: 'parsed', got: short(String(error)) });
      $ = null;
    }

    if (page.kind === 'listing' || page.kind === 'negative') {
      const listing = $ ? readListing($, page) : null;
      const found = (listing?.articleUrls ?? []).map(normalUrl);
      if (page.kind === 'negative') {
        score('negativeQuiet', found.length === 0, 'no items', `${found.length} items, first ${found[0] ?? '-'}`);
        continue;
      }
      const teasers = page.teasers ?? [];
      const labelled = new Map(teasers.map((teaser) => [normalUrl(teaser.url), teaser] as const));
      const foundSet = new Set(found);
      for (const teaser of teasers) {
        if (teaser.optional) continue;
        const url = normalUrl(teaser.url);
        const hit = foundSet.has(url);
        score('teaserRecall', hit, url, 'not found');
        if (!hit || teaser.date === null) continue;
        const got = teaserDate(listing!, url, fetchedAt);
        score('teaserDates', got === teaser.date, `${teaser.date} (${teaser.dateText ?? ''}) ${url}`, `${got ?? 'null'} from ${JSON.stringify(teaserTexts(listing!, url))}`);
      }
      for (const url of found) score('teaserPrecision', labelled.has(url), 'a labelled teaser', url);
      continue;
    }

    // Article page.
    const read = $ ? readArticlePage($, page, fetchedAt) : { skipped: 'not parsed' };
    const article = 'skipped' in read ? null : read;
    const none = 'skipped' in read ? `skipped: ${read.skipped}` : '';
    const title = collapse(page.title ?? '');
    score('articleTitle', article !== null && collapse(article.title) === title, title, article ? collapse(article.title) : none);
    const day = article?.published?.slice(0, 10) ?? null;
    score('articleDate', day === page.date, page.date ?? 'null', article ? (article.published ?? 'null') : none);
    if (page.time) {
      // Ours in Europe/Warsaw local time, as the label; a day-precision date has no time.
      const time = article?.published && article.datePrecision !== 'day' ? article.published.slice(11, 16) : null;
      score('articleTime', time === page.time, page.time, article ? `${time ?? 'null'} (${article.published ?? 'no date'})` : none);
    }
    const author = article?.author ?? null;
    score('articleAuthor', article !== null && author === (page.author ?? null), page.author ?? 'null', article ? (author ?? 'null') : none);
    const body = collapse(article?.contentText ?? '');
    const [start, end] = [collapse(page.bodyStart ?? ''), collapse(page.bodyEnd ?? '')];
    score('articleBodyComplete', article !== null && bodyComplete(body, start, end), bodyEnds(`${start} … ${end}`), article ? bodyEnds(body) : none);
    score('articleBodyStart', article !== null && startsWithin(body, start), start, article ? bodyEnds(body) : none);
    score('articleBodyEnd', article !== null && endsWithin(body, end), end, article ? bodyEnds(body) : none);
    const want = new Set((page.attachments ?? []).map(normalUrl));
    const got = new Set((article?.attachments ?? []).map((attachment) => normalUrl(attachment.url)));
    score('articleAttachments', article !== null && sameSet(want, got), [...want].join(' ') || '(none)', article ? [...got].join(' ') || '(none)' : none);
  }
  return scores;
}


/** The listing layers as a crawl of a source with only id, name and url runs them (preset 'auto', no selectors). */
function readListing($: CheerioAPI, page: TruthPage): RawListing {
  const source = SourceSchema.parse({ id: 'realworld', name: page.host, url: page.baseUrl });
  return extractListing($, page.baseUrl, source);
}

/** Article extraction and normalisation as the crawl runs them for such a source (no teaser dates: the page is its own entry). */
function readArticlePage($: CheerioAPI, page: TruthPage, fetchedAt: string | undefined): NormalizedArticle | { skipped: string } {
  const raw = extractArticle($, page.baseUrl, {}, 'auto');
  const result = normalizeArticle(raw, fetchedAt ? { fetchedAt } : {});
  return 'skipped' in result ? result : result.article;
}

/** The teaser texts opsfeed kept for the URL (the listing's URLs are already absolute; matched after normalising). */
function teaserTexts(listing: RawListing, url: string): string[] {
  const key = Object.keys(listing.teaserDates).find((candidate) => normalUrl(candidate) === url);
  return key ? (listing.teaserDates[key] ?? []) : [];
}

/** The teaser's date as normalisation would read it: the first text that reads as a publication date. */
function teaserDate(listing: RawListing, url: string, fetchedAt: string | undefined): string | null {
  for (const text of teaserTexts(listing, url)) {
    const parsed = readPublicationDate(text, { now: fetchedAt });
    if (parsed) return parsed.iso.slice(0, 10);
  }
  return null;
}

/**
 * The body is complete when the labelled start occurs within its first
 * BODY_SLACK characters and the labelled end within its last BODY_SLACK
 * (both after whitespace collapsing): a heading or caption kept at either end
 * is tolerated, a body cut short or run on into the page is not.
 */
function bodyComplete(body: string, start: string, end: string): boolean {
  return startsWithin(body, start) && endsWithin(body, end);
}

function startsWithin(body: string, start: string): boolean {
  const startAt = body.indexOf(start);
  return startAt >= 0 && startAt <= BODY_SLACK;
}

function endsWithin(body: string, end: string): boolean {
  const endAt = body.lastIndexOf(end);
  return endAt >= 0 && body.length - (endAt + end.length) <= BODY_SLACK;
}

function bodyEnds(body: string): string {
  if (!body) return '(empty)';
  return body.length <= 80 ? body : `${body.slice(0, 38)} … ${body.slice(-38)}`;
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((value) => b.has(value));
}

/** Both sides through the WHATWG parser, so "http://host" and "http://host/" or escaped forms compare equal. */
function normalUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function short(text: string): string {
  return text.length <= 160 ? text : `${text.slice(0, 157)}...`;
}
