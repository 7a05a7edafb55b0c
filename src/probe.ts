/**
 * `opsfeed probe URL`: what opsfeed would make of a page before it becomes a
 * source. Fetches the page (and a few of its articles) with the crawl's
 * politeness, runs the same extraction and normalisation as a crawl, and
 * reports the platform, the site's own feeds and APIs, every field with the
 * layer that found it, what looks wrong, and a sources.json entry to paste.
 */
import { load, type CheerioAPI } from 'cheerio';
import type { Settings, SourceInput } from './config/schema.js';
import { fetchPage, type FetchedText } from './crawl/fetch-page.js';
import { HostGate, RobotsPolicy, type CachedRobots } from './crawl/politeness.js';
import { extractArticle } from './extract/article.js';
import { isNewsSection, isRelatedHeading } from './lexicon/lexicon.js';
import { absoluteUrl } from './extract/dom.js';
import { extractListing } from './extract/listing.js';
import { detectPlatform } from './extract/presets.js';
import { advertisedFeeds, feedItemLinks } from './extract/feed.js';
import type { Layer } from './extract/types.js';
import { normalizeArticle } from './normalize/article.js';
import { canonicalUrlKey } from './dedupe/url.js';

export type ProbeVerdict = 'listing' | 'article' | 'login' | 'not-html' | 'empty' | 'unreachable';

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


export async function probe(url: string, options: ProbeOptions): Promise<ProbeReport> {
  const gate = new HostGate(options.settings.delayMs);
  let robotsFile: CachedRobots | null = null;
  const robots = new RobotsPolicy(gate, {
    timeoutMs: options.settings.timeoutMs,
    maxRetries: options.settings.maxRetries,
    retryBackoffMs: options.settings.retryBackoffMs,
    cache: { get: () => null, put: (_origin, kept) => (robotsFile = kept) },
  });
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
  report.finalUrl = page.url;
  const sitemaps = (robotsFile as CachedRobots | null)?.body.match(/^\s*sitemap:\s*(\S+)/gim) ?? [];
  report.endpoints.sitemaps = sitemaps.map((line) => line.replace(/^\s*sitemap:\s*/i, ''));
  if (!page.ok) return unreadable(report, page);
  if (page.contentType && !/html|xml/i.test(page.contentType)) {
    return { ...report, verdict: 'not-html', message: `not an HTML page (${page.contentType.split(';')[0]}): a news listing is a web page`, suggestions: [`open ${new URL(page.url).origin}/ and copy the address of its news section ("Aktualności")`] };
  }

  const $ = load(page.text);
  report.platform = detectPlatform($)?.name ?? null;
  report.endpoints.feeds = advertisedFeeds($, page.url).map((feed) => ({ ...feed, items: null, onListing: null }));
  const wpApi = $('link[rel="https://api.w.org/"]').attr('href');
  report.endpoints.wpRest = wpApi ? new URL('wp/v2/posts', new URL(wpApi, page.url)).href : null;

  const listing = extractListing($, page.url, { preset: 'auto', listing: { urls: [page.url], pagination: undefined, selectors: {}, maxPages: 200 } });
  report.listing = { items: listing.articleUrls.length, urls: listing.articleUrls, extractedBy: listing.articleUrls.length ? listing.extractedBy : null, nextPageUrl: listing.nextPageUrl };
  report.suggestions = newsLinks($, page.url);

  if ($('input[type=password]').length && listing.articleUrls.length < 2) {
    return { ...report, verdict: 'login', message: 'a login page, not a news listing: opsfeed reads only public pages' };
  }
  // An article page has links to other articles too ("Zobacz także"): it is an article when its own text is
  // long and holds few of those links, while a listing's most prose-like block is the list of teasers itself.
  const asArticle = normalizeArticle(extractArticle($, page.url, {}));
  const linkedFromText = 'article' in asArticle ? listing.articleUrls.filter((link) => asArticle.article.contentHtml.includes(link)).length : 0;
  const longText = 'article' in asArticle && asArticle.article.contentText.length >= 200 && (listing.articleUrls.length < 2 || linkedFromText < listing.articleUrls.length / 2);
  if ('article' in asArticle && (longText || isRelatedBlock($, page.url, listing.articleUrls))) {
    const parent = parentListing($, page.url);
    return {
      ...report,
      listing: { items: 0, urls: [], extractedBy: null, nextPageUrl: null },
      verdict: 'article',
      message: `a single article ("${asArticle.article.title}"), not a news listing: give the address of the list of news it belongs to`,
      suggestions: parent ? [parent, ...report.suggestions] : report.suggestions,
    };
  }
  if (listing.articleUrls.length < 2 && report.endpoints.feeds.length) {
    // Teasers drawn by a script: a crawl takes the article links from the site's own feed, as here.
    const feed = await fetchOne(report.endpoints.feeds[0]!.url);
    const host = new URL(page.url).host;
    const links = feed.ok ? feedItemLinks(feed.text, feed.url).filter((link) => new URL(link).host === host) : [];
    if (links.length) {
      report.listing = { items: links.length, urls: links, extractedBy: 'feed', nextPageUrl: null };
      report.warnings.push(`no teasers in the page's HTML (drawn by a script?): the article links come from the site's feed ${feed.url}, and only as many as it lists`);
    }
  }
  if (report.listing.items < 2) return { ...report, verdict: 'empty', message: 'no list of news items found on this page' };

  report.verdict = 'listing';
  report.suggestions = [];
  report.message = `a news listing with ${report.listing.items} items (found by ${report.listing.extractedBy})`;
  if (report.listing.extractedBy !== 'feed') {
    if (!listing.nextPageUrl) report.warnings.push('pagination not found: only this page of the listing will be read (fine for a short listing)');
    await crossCheckFeeds(report, fetchOne);
  }

  for (const articleUrl of report.listing.urls.slice(0, options.articles ?? 3)) {
    report.articles.push(await probeArticle(articleUrl, await fetchOne(articleUrl), listing.teaserDates[articleUrl] ?? []));
  }
  const read = report.articles.filter((article) => !article.error);
  if (read.length && read.every((article) => article.published.value === null)) report.warnings.push('no publication dates found on the articles: items will be dated by when opsfeed first saw them');
  for (const article of read) for (const warning of article.warnings) report.warnings.push(`${article.url}: ${warning}`);

  report.entry = { id: sourceId(page.url), name: siteName($, page.url), url: page.url, ...(report.platform ? { preset: report.platform as SourceInput['preset'] } : {}) };
  return report;
}

function unreadable(report: ProbeReport, page: Extract<FetchedText, { ok: false }>): ProbeReport {
  if (page.status === 404 || page.status === 410) {
    return { ...report, verdict: 'unreachable', message: `HTTP ${page.status}: no page at this address`, suggestions: [`open ${new URL(page.url).origin}/ and copy the address of its news section ("Aktualności")`] };
  }
  if (page.status && page.status >= 400) return { ...report, verdict: 'unreachable', message: `the site answered HTTP ${page.status}`, suggestions: ['try again later; if it persists, check the address in a browser'] };
  if (page.status === null) return { ...report, verdict: 'unreachable', message: `cannot fetch the page: ${page.reason}`, suggestions: ['check the address and that the site is up'] };
  return { ...report, verdict: 'not-html', message: `not an HTML page (${page.contentType || page.reason}): a news listing is a web page`, suggestions: [`open ${new URL(page.url).origin}/ and copy the address of its news section ("Aktualności")`] };
}

async function probeArticle(url: string, page: FetchedText, teaserDates: string[]): Promise<ProbedArticle> {
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
  if (!page.ok) return { ...empty, error: page.reason };
  const raw = extractArticle(load(page.text), page.url, {});
  // As in a crawl: the teaser's date on the listing when the page shows none.
  for (const value of teaserDates) raw.published.push({ value, layer: 'listing' });
  // Read now, as a crawl reads a page it has just fetched ("wczoraj", "2 godziny temu", a header clock).
  const result = normalizeArticle(raw, { fetchedAt: new Date().toISOString() });
  if ('skipped' in result) return { ...empty, error: result.skipped };
  const { article, warnings } = result;
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
