/**
 * Crawlee wiring, and nothing else (as in Crawlee's own template): LIST
 * pages queue their ARTICLE pages and the next LIST page; what a page means
 * is decided by the hooks the pipeline passes in. One CheerioCrawler per
 * source, one request at a time, each request through the HostGate and
 * robots.txt, with opsfeed's User-Agent.
 */
import type { IncomingMessage } from 'node:http';
import { buffer } from 'node:stream/consumers';
import {
  CheerioCrawler,
  Configuration,
  NonRetryableError,
  log,
  LogLevel,
  type CheerioCrawlingContext,
  type CheerioCrawlerOptions,
} from '@crawlee/cheerio';
import { load, type CheerioAPI } from 'cheerio';
import type { Settings, Source } from '../config/schema.js';
import { USER_AGENT } from '../meta.js';
import { decodeHtml } from './charset.js';
import { MAX_CRAWL_DELAY_MS, type HostGate, type RobotsPolicy } from './politeness.js';

log.setLevel(LogLevel.OFF); // opsfeed reports progress itself, one line per source

export interface FetchedPage {
  /** The URL after redirects. */
  url: string;
  status: number;
  $: CheerioAPI;
  fetchedAt: string;
}

export interface CrawlHooks {
  readListing(page: FetchedPage): { articleUrls: string[]; nextPageUrl: string | null };
  /** True when the article at `url` is already stored (incremental crawls stop paging at known items). */
  isKnown(url: string): boolean;
  /** An article page arrived; the pipeline extracts and stores it. */
  onArticle(page: FetchedPage): void;
  onWarning(message: string): void;
  /** One line of progress, e.g. after each listing page. */
  onProgress(message: string): void;
}

export interface CrawlOptions {
  backfill: boolean;
  gate: HostGate;
  robots: RobotsPolicy;
  /** Stops the crawl at the next request boundary (the daemon's shutdown); pages already handed on stay handed on. */
  signal?: AbortSignal;
}

export interface SourceCrawlResult {
  listingPages: number;
  articlePages: number;
  /** Pages that could not be fetched, with the reason. */
  failures: string[];
  /** Set when the source as a whole failed (its listing could not be read). */
  fatal: string | null;
}

interface ListUserData {
  label: 'LIST';
  pageNumber: number;
}

/**
 * CheerioCrawler decodes bodies as UTF-8 unless the Content-Type names a
 * charset, which garbles legacy pages that declare windows-1250 only in a
 * `<meta>` tag. With `forceResponseEncoding: 'utf8'` Crawlee hands over the
 * bytes untouched; this override decodes them by header, meta tag or
 * sniffing, and parses the page once with the project's own cheerio (Crawlee
 * bundles an older one and parses twice). opsfeed queues links itself, so
 * Crawlee's enqueueLinks is not offered. `_parseHTML` is a protected method:
 * package.json pins @crawlee/cheerio to an exact version for that reason.
 */
class DecodingCheerioCrawler extends CheerioCrawler {
  protected override async _parseHTML(response: IncomingMessage, _isXml: boolean, _context: CheerioCrawlingContext) {
    const html = decodeHtml(await buffer(response), response.headers['content-type']);
    const $ = load(html);
    const enqueueLinks = async () => ({ processedRequests: [], unprocessedRequests: [] });
    return { dom: $.root()[0], $, body: html, enqueueLinks } as unknown as Awaited<ReturnType<CheerioCrawler['_parseHTML']>>;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Exponential backoff with jitter, or the server's Retry-After when it gives one (capped at 5 minutes). */
export function retryDelayMs(retryCount: number, baseMs: number, retryAfter?: string | null): number {
  const seconds = retryAfter ? Number(retryAfter) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 300_000);
  if (retryAfter) {
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.min(Math.max(at - Date.now(), 0), 300_000);
  }
  return Math.min(baseMs * 2 ** retryCount * (0.5 + Math.random()), 60_000);
}

export async function crawlSource(source: Source, settings: Settings, hooks: CrawlHooks, options: CrawlOptions): Promise<SourceCrawlResult> {
  const result: SourceCrawlResult = { listingPages: 0, articlePages: 0, failures: [], fatal: null };
  const { gate, robots } = options;
  const queuedArticles = new Set<string>();
  // First pages of the listing URLs that could not be read: the source fails only when none could.
  const unreadListings: string[] = [];

  const allowed = async (url: string): Promise<boolean> => {
    if (await robots.isAllowed(url)) return true;
    if (!robots.unreachableReason(url)) hooks.onWarning(`${url}: disallowed by robots.txt, not fetched`);
    return false;
  };

  const crawlerOptions: CheerioCrawlerOptions = {
    maxConcurrency: 1,
    maxRequestRetries: settings.maxRetries,
    navigationTimeoutSecs: settings.timeoutMs / 1000,
    // Crawlee's handler timeout also covers the pre-navigation wait for the host's turn: leave room for the longest pause.
    requestHandlerTimeoutSecs: 60 + Math.max(settings.delayMs, MAX_CRAWL_DELAY_MS) / 1000,
    useSessionPool: false,
    persistCookiesPerSession: false,
    forceResponseEncoding: 'utf8',
    additionalHttpErrorStatusCodes: [429],
    additionalMimeTypes: ['text/plain'],
    statusMessageLoggingInterval: 3600,
    preNavigationHooks: [
      async ({ request }, gotOptions) => {
        await gate.wait(request.url);
        if (options.signal?.aborted) throw new NonRetryableError('stopped');
        gotOptions.headers = { ...gotOptions.headers, 'user-agent': USER_AGENT };
        gotOptions.headerGeneratorOptions = undefined;
        gotOptions.useHeaderGenerator = false;
      },
    ],
    requestHandler: async (context) => {
      const { request, response, $ } = context;
      if (options.signal?.aborted) return;
      try {
        const page: FetchedPage = { url: request.loadedUrl ?? request.url, status: response.statusCode ?? 0, $: $ as unknown as CheerioAPI, fetchedAt: new Date().toISOString() };
        if (request.label === 'LIST') await handleListing(page, request.userData as ListUserData);
        else handleArticle(page);
      } finally {
        gate.done(request.url);
      }
    },
    // Runs before each retry; with one request at a time, sleeping here is the backoff for the whole host.
    errorHandler: async ({ request, response }) => {
      gate.done(request.url);
      const retryAfter = response?.headers?.['retry-after'];
      await sleep(retryDelayMs(request.retryCount, settings.retryBackoffMs, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter));
    },
    failedRequestHandler: async ({ request }, error) => {
      gate.done(request.url);
      const reason = `${request.url}: ${shortError(error)}`;
      const data = request.userData as Partial<ListUserData>;
      if (request.label === 'LIST' && data.pageNumber === 1) unreadListings.push(`listing ${reason}`);
      else result.failures.push(reason);
    },
  };

  async function handleListing(page: FetchedPage, data: ListUserData): Promise<void> {
    if (page.status >= 400) {
      // Past the first page a missing listing page is the end of the archive, not an error.
      if (data.pageNumber === 1) throw new NonRetryableError(`HTTP ${page.status}`);
      return;
    }
    const listing = processOnce(() => hooks.readListing(page));
    if (data.pageNumber === 1 && listing.articleUrls.length === 0) {
      unreadListings.push(`listing ${page.url}: no news items found (layout changed?)`);
      return;
    }
    result.listingPages++;
    let fresh = 0;
    for (const url of listing.articleUrls) {
      if (queuedArticles.has(url) || !(await allowed(url))) continue;
      queuedArticles.add(url);
      if (!hooks.isKnown(url)) fresh++;
      await crawler.addRequests([{ url, label: 'ARTICLE' }]);
    }
    // Incremental by default: a listing page with nothing new means the pages after it hold nothing new either.
    const keepPaging = options.backfill || fresh > 0;
    hooks.onProgress(`listing page ${data.pageNumber}: ${listing.articleUrls.length} articles, ${fresh} not seen before`);
    if (listing.nextPageUrl && keepPaging && data.pageNumber < source.listing.maxPages && (await allowed(listing.nextPageUrl))) {
      await crawler.addRequests([{ url: listing.nextPageUrl, label: 'LIST', userData: { label: 'LIST', pageNumber: data.pageNumber + 1 } }]);
    }
  }

  function handleArticle(page: FetchedPage): void {
    if (page.status >= 400) throw new NonRetryableError(`HTTP ${page.status}`);
    result.articlePages++;
    processOnce(() => hooks.onArticle(page));
  }

  /** A page that breaks extraction or storage breaks it every time: report it, do not fetch it again. */
  function processOnce<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw new NonRetryableError(`could not process the page: ${(error as Error).message}`);
    }
  }

  const crawler = new DecodingCheerioCrawler(crawlerOptions, new Configuration({ persistStorage: false }));
  const starts: Array<{ url: string; label: 'LIST'; userData: ListUserData }> = [];
  for (const url of source.listing.urls) {
    if (await allowed(url)) starts.push({ url, label: 'LIST', userData: { label: 'LIST', pageNumber: 1 } });
  }
  if (!starts.length) {
    const first = source.listing.urls[0]!;
    result.fatal = `listing ${first}: ${robots.unreachableReason(first) ?? 'disallowed by robots.txt'}`;
    return result;
  }
  // Aborting the pool ends run() at once: a request in flight is dropped (the handler above ignores it), never half-stored.
  const abort = () => void crawler.autoscaledPool?.abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    if (!options.signal?.aborted) await crawler.run(starts);
  } finally {
    options.signal?.removeEventListener('abort', abort);
    await crawler.teardown();
  }
  if (result.listingPages === 0 && unreadListings.length) result.fatal = unreadListings.join('; ');
  else result.failures.push(...unreadListings);
  return result;
}

function shortError(error: Error): string {
  return error.message.split('\n')[0]!.replace(/^RequestError: /, '').slice(0, 200);
}
