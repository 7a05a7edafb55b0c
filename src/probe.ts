/**
 * `opsfeed probe URL`: what opsfeed would make of a page before it becomes a
 * source. Reads the page (and a few of its articles) by the crawl's own path:
 * fetched with the crawl's politeness (fetch-page.ts, politeness.ts), parsed
 * as the crawler parses (parse.ts), the listing read as a crawl reads a
 * source configured with only its address, the site's feed taken when the
 * page has no teasers (site-feed.ts), and the articles read as the crawl's
 * readers read them (articles.ts). Reports the platform, the site's own
 * feeds and APIs, every field with the layer that found it, what looks
 * wrong, and a sources.json entry to paste.
 */
import type { CheerioAPI } from 'cheerio';
import { articlePage, articleSource, readArticle, type ArticleReading, type ArticleSource } from './articles.js';
import { SourceSchema, type Settings, type SourceInput } from './config/schema.js';
import { fetchPage, isPageType, notAPage, type FetchedText } from './crawl/fetch-page.js';
import { parsePage, PageNotRead } from './crawl/parse.js';
import { politeness, type CachedRobots } from './crawl/politeness.js';
import { articlesFromFeed } from './crawl/site-feed.js';
import { isNewsSection, isRelatedHeading } from './lexicon/lexicon.js';
import { absoluteUrl } from './extract/dom.js';
import { extractListing } from './extract/listing.js';
import { detectPlatform } from './extract/presets.js';
import { advertisedFeeds, feedItemLinks } from './extract/feed.js';
import type { Layer } from './extract/types.js';
import { canonicalUrlKey } from './dedupe/url.js';
import { institutionNamedBy } from './normalize/institutions.js';
import { gazetteer } from './normalize/places.js';

/** `unreadable`: the page arrived, but a crawl would not read it (cut short, larger than 5 MB, nested too deep). */
export type ProbeVerdict = 'listing' | 'article' | 'login' | 'not-html' | 'unreadable' | 'empty' | 'unreachable';

export interface ProbedField<T> {
  value: T;
  layer: Layer | null;
}

export interface ProbedArticle {
  url: string;
  /** Why the article could not be read, when it could not. */
  error: string | null;
  title: ProbedField<string | null>;
  published: ProbedField<string | null> & { precision: string | null };
  author: ProbedField<string | null>;
  content: ProbedField<string>;
  attachments: number;
  warnings: string[];
}

export interface ProbeReport {
  url: string;
  /** The address after redirects. */
  finalUrl: string;
  verdict: ProbeVerdict;
  /** One line saying what the page is. */
  message: string;
  platform: string | null;
  endpoints: { feeds: Array<{ url: string; type: string; items: number | null; onListing: number | null }>; wpRest: string | null; sitemaps: string[] };
  listing: { items: number; urls: string[]; extractedBy: Layer | null; nextPageUrl: string | null };
  articles: ProbedArticle[];
  warnings: string[];
  suggestions: string[];
  /** A sources.json entry for this listing, when it is one. */
  entry: SourceInput | null;
}

export interface ProbeOptions {
  /** Articles fetched from the listing to show their fields (default 3). */
  articles?: number;
  settings: Pick<Settings, 'delayMs' | 'timeoutMs' | 'maxRetries' | 'retryBackoffMs'>;
  log?: (line: string) => void;
}

/** A page with fewer teasers than this is no listing to probe (a crawl would read what it has). */
const MIN_TEASERS = 2;

/** Text an article page has at least, when listing detection finds no list on it: less is a stub or a menu page. */
const MIN_ARTICLE_TEXT = 200;

export async function probe(url: string, options: ProbeOptions): Promise<ProbeReport> {
  let robotsFile: CachedRobots | null = null;
  // As a crawl sets them up; with no store, robots.txt is kept only to name the sitemaps it lists.
  const { gate, robots } = politeness(options.settings, { cache: { get: () => null, put: (_origin, kept) => (robotsFile = kept) } });
  const fetchOne = (target: string) => {
    options.log?.(`fetching ${target}`);
    return fetchPage(target, { gate, robots, timeoutMs: options.settings.timeoutMs });
  };

  const report: ProbeReport = {
    url,
    finalUrl: url,
    verdict: 'empty',
    message: '',
    platform: null,
    endpoints: { feeds: [], wpRest: null, sitemaps: [] },
    listing: { items: 0, urls: [], extractedBy: null, nextPageUrl: null },
    articles: [],
    warnings: [],
    suggestions: [],
    entry: null,
  };
  const page = await fetchOne(url);
  const fetchedAt = new Date().toISOString();
  report.finalUrl = page.url;
  const sitemaps = (robotsFile as CachedRobots | null)?.body.match(/^\s*sitemap:\s*(\S+)/gim) ?? [];
  report.endpoints.sitemaps = sitemaps.map((line) => line.replace(/^\s*sitemap:\s*/i, ''));
  if (!page.ok) return unreadable(report, page);
  if (!isPageType(page.contentType)) {
    return { ...report, verdict: 'not-html', message: `not an HTML page (${page.contentType.split(';')[0] || 'no Content-Type'}): a news listing is a web page`, suggestions: [newsSectionHint(page.url)] };
  }
  let $: CheerioAPI;
  try {
    $ = parsePage(page.text, page.status);
  } catch (error) {
    return notRead(report, error as Error);
  }

  report.platform = detectPlatform($)?.name ?? null;
  report.endpoints.feeds = advertisedFeeds($, page.url).map((feed) => ({ ...feed, items: null, onListing: null }));
  const wpApi = $('link[rel="https://api.w.org/"]').attr('href');
  report.endpoints.wpRest = wpApi ? new URL('wp/v2/posts', new URL(wpApi, page.url)).href : null;

  const entry: SourceInput = { id: sourceId(page.url), name: siteName($, page.url), url: page.url, ...(report.platform ? { preset: report.platform as SourceInput['preset'] } : {}), ...placeOf($, page.url) };
  // Read as the crawl reads a source given only its address (and the id and name the entry suggests): preset 'auto', no selectors.
  const source = SourceSchema.parse({ id: entry.id, name: entry.name, url: entry.url });
  const listing = extractListing($, page.url, source);
  const teasers = listing.articleUrls;
  report.listing = { items: teasers.length, urls: teasers, extractedBy: teasers.length ? listing.extractedBy : null, nextPageUrl: listing.nextPageUrl };
  report.suggestions = newsLinks($, page.url);

  if ($('input[type=password]').length && teasers.length < MIN_TEASERS) {
    return { ...report, verdict: 'login', message: 'a login page, not a news listing: opsfeed reads only public pages' };
  }
  // The page read as the crawl reads an article page: from its HTML, parsed afresh (listing detection changed this tree).
  const articles = articleSource(source);
  const own = readArticle(articlePage({ html: page.text, url: page.url, status: page.status, fetchedAt }, articles));
  if (own.kind === 'article' && isOneArticle($, page.url, teasers, own.article.contentText)) {
    const parent = parentListing($, page.url);
    return {
      ...report,
      listing: { items: 0, urls: [], extractedBy: null, nextPageUrl: null },
      verdict: 'article',
      message: `a single article ("${own.article.title}"), not a news listing: give the address of the list of news it belongs to`,
      suggestions: parent ? [parent, ...report.suggestions] : report.suggestions,
    };
  }
  const fromFeed = await articlesFromFeed(listing, page.url, fetchOne, feedItemLinks);
  if (fromFeed?.failure) report.warnings.push(`feed ${fromFeed.feedUrl}: ${fromFeed.failure}`);
  else if (fromFeed?.links.length) {
    report.listing = { items: fromFeed.links.length, urls: fromFeed.links, extractedBy: 'feed', nextPageUrl: null };
    report.warnings.push(`no teasers in the page's HTML (drawn by a script?): the article links come from the site's feed ${fromFeed.feedUrl}, and only as many as it lists`);
  }
  if (report.listing.items < MIN_TEASERS) return { ...report, verdict: 'empty', message: 'no list of news items found on this page' };

  report.verdict = 'listing';
  report.suggestions = [];
  report.message = `a news listing with ${report.listing.items} items (found by ${report.listing.extractedBy})`;
  if (report.listing.extractedBy !== 'feed') {
    if (!listing.nextPageUrl) report.warnings.push('pagination not found: only this page of the listing will be read (fine for a short listing)');
    await crossCheckFeeds(report, fetchOne);
  }

  for (const articleUrl of report.listing.urls.slice(0, options.articles ?? 3)) {
    report.articles.push(await probeArticle(articleUrl, fetchOne, articles, listing.teaserDates[articleUrl]));
  }
  const read = report.articles.filter((article) => !article.error);
  if (read.length && read.every((article) => article.published.value === null)) report.warnings.push('no publication dates found on the articles: items will be dated by when opsfeed first saw them');
  for (const article of read) for (const warning of article.warnings) report.warnings.push(`${article.url}: ${warning}`);

  report.entry = entry;
  return report;
}

/**
 * One article rather than a listing. Listing detection decides: two teasers or more make a listing (a gmina home
 * page's welcome text or static article beside its news block does not make it an article), unless they are the
 * article's own related links ("Zobacz także"). With fewer, a page that reads as an article with some text is one.
 */
function isOneArticle($: CheerioAPI, pageUrl: string, teasers: string[], articleText: string): boolean {
  if (isRelatedBlock($, pageUrl, teasers)) return true;
  return teasers.length < MIN_TEASERS && articleText.length >= MIN_ARTICLE_TEXT;
}

function newsSectionHint(pageUrl: string): string {
  return `open ${new URL(pageUrl).origin}/ and copy the address of its news section ("Aktualności")`;
}

function unreadable(report: ProbeReport, page: Extract<FetchedText, { ok: false }>): ProbeReport {
  if (page.status === 404 || page.status === 410) {
    return { ...report, verdict: 'unreachable', message: `HTTP ${page.status}: no page at this address`, suggestions: [newsSectionHint(page.url)] };
  }
  if (page.status && page.status >= 400) return { ...report, verdict: 'unreachable', message: `the site answered HTTP ${page.status}`, suggestions: ['try again later; if it persists, check the address in a browser'] };
  if (page.status === null) return { ...report, verdict: 'unreachable', message: `cannot fetch the page: ${page.reason}`, suggestions: ['check the address and that the site is up'] };
  // Answered, but its body was not read (larger than MAX_PAGE_BYTES): in the crawl's words.
  if (page.status >= 200 && page.status < 300) return { ...report, verdict: 'unreadable', message: page.reason, suggestions: [newsSectionHint(page.url)] };
  return { ...report, verdict: 'not-html', message: `not an HTML page (${page.contentType || page.reason}): a news listing is a web page`, suggestions: [newsSectionHint(page.url)] };
}

/** A page parsePage refused, in the crawl's words: nested too deep (never read), or cut off in transit (a crawl fetches it again). */
function notRead(report: ProbeReport, error: Error): ProbeReport {
  if (error instanceof PageNotRead) return { ...report, verdict: 'unreadable', message: error.message, suggestions: [newsSectionHint(report.finalUrl)] };
  return { ...report, verdict: 'unreadable', message: error.message, suggestions: ['the page arrived cut short: a crawl fetches it again; try again later'] };
}

async function probeArticle(url: string, fetchOne: (url: string) => Promise<FetchedText>, source: ArticleSource, teaserDates: string[] | undefined): Promise<ProbedArticle> {
  const empty: ProbedArticle = {
    url,
    error: null,
    title: { value: null, layer: null },
    published: { value: null, layer: null, precision: null },
    author: { value: null, layer: null },
    content: { value: '', layer: null },
    attachments: 0,
    warnings: [],
  };
  const page = await fetchOne(url);
  // Read now, as a crawl reads a page it has just fetched ("wczoraj", "2 godziny temu", a header clock).
  const fetchedAt = new Date().toISOString();
  if (!page.ok) return { ...empty, error: page.reason };
  if (!isPageType(page.contentType)) return { ...empty, error: notAPage(page.contentType) };
  let reading: ArticleReading;
  try {
    reading = readArticle(articlePage({ html: page.text, url: page.url, status: page.status, fetchedAt, teaserDates }, source));
  } catch (error) {
    return { ...empty, error: (error as Error).message }; // cut off in transit
  }
  if (reading.kind !== 'article') return { ...empty, error: reading.reason };
  const { article, warnings } = reading;
  return {
    url: page.url,
    error: null,
    title: { value: article.title, layer: article.extractedBy.title },
    published: { value: article.published, layer: article.extractedBy.published, precision: article.datePrecision },
    author: { value: article.author, layer: article.extractedBy.author },
    content: { value: article.summary, layer: article.extractedBy.content },
    attachments: article.attachments.length,
    warnings,
  };
}

/** Feeds are often truncated or stale on these sites: they are compared with the listing, never trusted alone. */
async function crossCheckFeeds(report: ProbeReport, fetchOne: (url: string) => Promise<FetchedText>): Promise<void> {
  const onListing = new Set(report.listing.urls.map(canonicalUrlKey));
  for (const feed of report.endpoints.feeds.slice(0, 1)) {
    const fetched = await fetchOne(feed.url);
    if (!fetched.ok) {
      report.warnings.push(`feed ${feed.url}: ${fetched.reason}`);
      continue;
    }
    const links = feedItemLinks(fetched.text, fetched.url);
    feed.items = links.length;
    feed.onListing = links.filter((link) => {
      try {
        return onListing.has(canonicalUrlKey(link));
      } catch {
        return false;
      }
    }).length;
    if (feed.items < report.listing.items) report.warnings.push(`feed ${feed.url} lists ${feed.items} items, the listing's first page ${report.listing.items}: the feed is truncated, opsfeed reads the listing`);
    if (feed.items > 0 && feed.onListing === 0) report.warnings.push(`feed ${feed.url} shares no item with the listing: it is stale or about something else`);
  }
}

/** The links found sit under a "Zobacz także" / "Inne aktualności" heading: the related block of an article page. */
function isRelatedBlock($: CheerioAPI, pageUrl: string, urls: string[]): boolean {
  const first = $('a[href]')
    .toArray()
    .find((a) => absoluteUrl($(a).attr('href'), pageUrl) === urls[0]);
  if (!first) return false;
  let node = $(first).parent();
  for (let level = 0; level < 4 && node.length; level++, node = node.parent()) {
    const headings = [...node.prevAll('h2, h3, h4, h5, strong').toArray().slice(0, 1), ...node.children('h2, h3, h4, h5').toArray().slice(0, 1)];
    if (headings.some((heading) => isRelatedHeading($(heading).text().replace(/\s+/g, ' ').trim()))) return true;
  }
  return false;
}

/** Links on the page that look like a news section, as suggestions. */
function newsLinks($: CheerioAPI, pageUrl: string): string[] {
  const seen = new Set<string>();
  for (const a of $('a[href]').toArray()) {
    const label = $(a).text().replace(/\s+/g, ' ').trim();
    if (!isNewsSection(label) || label.length > 40) continue;
    try {
      const target = new URL($(a).attr('href')!, pageUrl);
      if (target.host === new URL(pageUrl).host && target.href !== pageUrl) seen.add(`${target.href} ("${label}")`);
    } catch {
      // not a usable link
    }
  }
  return [...seen].slice(0, 5).map((link) => `try ${link}`);
}

/** The listing an article belongs to: the last breadcrumb link, else the parent path. */
function parentListing($: CheerioAPI, pageUrl: string): string | null {
  const crumb = $('[class*=breadcrumb] a[href], [class*=crumbs] a[href], [class*=okruszki] a[href]').last().attr('href');
  if (crumb) return `try ${new URL(crumb, pageUrl).href} (the page's breadcrumb)`;
  const url = new URL(pageUrl);
  const parent = url.pathname.replace(/\/[^/]+\/?$/, '/');
  return parent !== url.pathname ? `try ${url.origin}${parent} (the parent address)` : null;
}

/** "mops.leszno.pl" → "mops-leszno"; an address without a name (127.0.0.1:8080) keeps its port. */
export function sourceId(pageUrl: string): string {
  const url = new URL(pageUrl);
  const labels = url.hostname.replace(/^www\./, '').split('.');
  const isAddress = /^[\d.]+$/.test(url.hostname) || url.hostname.includes(':');
  const base = isAddress ? [...labels, url.port].filter(Boolean) : labels.length > 1 ? labels.slice(0, -1) : labels;
  const id = base
    .join('-')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return /^[a-z0-9][a-z0-9-]{1,62}$/.test(id) ? id : `source-${id}`.slice(0, 63);
}

/** The site's own name: og:site_name, else the part of <title> that is the same on the listing's articles' pages, else the host. */
function siteName($: CheerioAPI, pageUrl: string): string {
  const ogName = $('meta[property="og:site_name"]').attr('content')?.trim();
  if (ogName) return ogName;
  const parts = $('head title').text().replace(/\s+/g, ' ').trim().split(/\s+(?:[|–—-]|::)\s+/).filter(Boolean);
  // "Aktualności - MOPS w Lesznie": the site's name is the last part, the page's name the first.
  return parts.length > 1 ? parts[parts.length - 1]! : (parts[0] ?? new URL(pageUrl).hostname);
}

/**
 * The institution the site names as itself, and so its type, place and TERYT code: from the site's name, the
 * page's title, then its footer and contact boxes (their postal address).
 */
function placeOf($: CheerioAPI, pageUrl: string): Pick<SourceInput, 'institution' | 'type' | 'city' | 'voivodeship' | 'teryt'> {
  const footer = $('footer, [class*=footer], [id*=footer], address, [class*=kontakt], [id*=kontakt], [class*=contact]')
    .toArray()
    .map((element) => $(element).text())
    .join('\n');
  const institution = institutionNamedBy([siteName($, pageUrl), $('head title').text(), footer]);
  if (!institution?.place) return {};
  const voivodeship = institution.teryt ? gazetteer().placeByTeryt(institution.teryt.slice(0, 2))?.name : undefined;
  return { type: institution.type!, city: institution.place, ...(voivodeship ? { voivodeship } : {}), ...(institution.teryt ? { teryt: institution.teryt } : {}) };
}

/** The report as the lines a person reads. */
export function formatProbe(report: ProbeReport): string {
  const lines = [`${report.finalUrl}: ${report.message}`];
  if (report.platform) lines.push(`platform: ${report.platform} (preset "${report.platform}")`);
  const { feeds, wpRest, sitemaps } = report.endpoints;
  for (const feed of feeds) lines.push(`feed: ${feed.url} (${feed.type}${feed.items === null ? '' : `, ${feed.items} items, ${feed.onListing} on the listing`})`);
  if (wpRest) lines.push(`WordPress REST: ${wpRest}`);
  for (const sitemap of sitemaps) lines.push(`sitemap: ${sitemap}`);
  if (report.verdict === 'listing') {
    lines.push(`listing: ${report.listing.items} items (${report.listing.extractedBy}); next page: ${report.listing.nextPageUrl ?? 'none found'}`);
    for (const url of report.listing.urls) lines.push(`  ${url}`);
  }
  for (const article of report.articles) {
    lines.push('', `article ${article.url}`);
    if (article.error) {
      lines.push(`  not read: ${article.error}`);
      continue;
    }
    const field = (name: string, value: string | null, layer: Layer | null) => lines.push(`  ${name.padEnd(10)}${value ?? '(none)'}${layer ? `  [${layer}]` : ''}`);
    field('title', article.title.value, article.title.layer);
    field('published', article.published.value && `${article.published.value} (${article.published.precision})`, article.published.layer);
    field('author', article.author.value, article.author.layer);
    field('text', article.content.value ? `${article.content.value.slice(0, 100)}…` : null, article.content.layer);
    lines.push(`  attachments ${article.attachments}`);
  }
  if (report.warnings.length) lines.push('', ...report.warnings.map((warning) => `warning: ${warning}`));
  if (report.suggestions.length) lines.push('', ...report.suggestions);
  if (report.entry) lines.push('', 'sources.json entry:', JSON.stringify(report.entry, null, 2));
  return lines.join('\n');
}
