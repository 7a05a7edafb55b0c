/**
 * Crawlee wiring, and nothing else (as in Crawlee's own template): LIST
 * pages queue their ARTICLE pages and the next LIST page; what a page means
 * is decided by the hooks the pipeline passes in. One CheerioCrawler per
 * source, one request at a time, each request through the HostGate and
 * robots.txt, with opsfeed's User-Agent. After a clean run the listings are
 * first asked, by conditional request, whether they changed; when none did,
 * no crawler is built at all.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { totalmem } from 'node:os';
import {
  CheerioCrawler,
  Configuration,
  LocalEventManager,
  NonRetryableError,
  log,
  LogLevel,
  Request,
  type CheerioCrawlingContext,
  type CheerioCrawlerOptions,
} from '@crawlee/cheerio';
import type { CheerioAPI } from 'cheerio';
import type { Settings, Source } from '../config/schema.js';
import { USER_AGENT } from '../meta.js';
import { decodeHtml } from './charset.js';
import { MAX_CRAWL_DELAY_MS, retryDelayMs, type HostGate, type RobotsPolicy } from './politeness.js';
import { fetchPage, isPageType, notAPage, PAGE_TOO_LARGE, readPageBody } from './fetch-page.js';
import { CrawleeHttpClient } from './http.js';
import { assertWhole, PageNotRead, parsePage } from './parse.js';
import { SourceRequestQueue } from './request-queue.js';
import { articlesFromFeed } from './site-feed.js';

log.setLevel(LogLevel.OFF); // opsfeed reports progress itself, one line per source

export interface FetchedPage {
  /** The URL after redirects. */
  url: string;
  status: number;
  $: CheerioAPI;
  fetchedAt: string;
}

/**
 * An article page as fetched, handed on unparsed: it is parsed where it is read (src/articles.ts, perhaps in
 * another thread), with `parsePage`, which refuses what cannot be read.
 */
export interface FetchedArticle {
  /** The URL after redirects. */
  url: string;
  status: number;
  html: string;
  fetchedAt: string;
  /** The article's teaser texts on the listing that may be its date (the listing stage's `teaserDates`). */
  teaserDates?: string[];
}

export interface CrawlHooks {
  /** A listing page → its article links, the next page, and the site's own feeds it names. */
  readListing(page: FetchedPage): { articleUrls: string[]; nextPageUrl: string | null; feedUrls?: string[]; teaserDates?: Record<string, string[]> };
  /** A feed document → the article links it lists. */
  readFeed(xml: string, url: string): string[];
  /** True when the article at `url` is already stored (incremental crawls stop paging at known items). */
  isKnown(url: string): boolean;
  /** True when the article at `url` must be fetched: not stored yet, or due for a re-check. */
  needsFetch(url: string): boolean;
  /** Stored articles due for a re-check, fetched whatever the listing says. */
  recheckUrls(): string[];
  /** What a listing page was last served with, for a conditional request. */
  listingValidators(url: string): ListingValidators | null;
  /** An article page arrived; the pipeline reads and stores it. A `PageNotRead` it throws is reported as the page's reason. */
  onArticle(page: FetchedArticle): void | Promise<void>;
  /** An article page answered 404 or 410: gone from its site. True when it was a stored item (then it is no failure). */
  onGone(url: string): boolean;
  onWarning(message: string): void;
  /** One line of progress, e.g. after each listing page. */
  onProgress(message: string): void;
}

export interface ListingValidators {
  etag: string | null;
  lastModified: string | null;
}

export interface CrawlOptions {
  /** The longest this crawl may take; then it stops and names what is left. */
  budgetMs?: number;
  backfill: boolean;
  gate: HostGate;
  robots: RobotsPolicy;
  /** Stops the crawl at the next request boundary (the daemon's shutdown); pages already handed on stay handed on. */
  signal?: AbortSignal;
}

export interface SourceCrawlResult {
  listingPages: number;
  /** Listing pages answered 304 Not Modified: nothing parsed, nothing more requested. */
  notModified: number;
  articlePages: number;
  /** Validators of the listing pages read in full, to be kept for the next run's conditional requests. */
  listingValidators: Array<{ url: string } & ListingValidators>;
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
  constructor(options: CheerioCrawlerOptions, config: Configuration) {
    super(options, config);
    // Crawlee's first post-navigation hook refuses responses without an HTML Content-Type, and a 304 has
    // no body to type: let it through as an empty page, which the request handler tells apart by status.
    const checkContentType = this.postNavigationHooks[0]!;
    this.postNavigationHooks[0] = async (context, gotOptions) => {
      if (context.response?.statusCode === 304) {
        context.response.headers['content-type'] = 'text/html';
        return;
      }
      return checkContentType(context, gotOptions);
    };
  }

  protected override async _parseHTML(response: IncomingMessage, _isXml: boolean, context: CheerioCrawlingContext) {
    const html = decodeHtml(await readBody(response), response.headers['content-type']);
    const enqueueLinks = async () => ({ processedRequests: [], unprocessedRequests: [] });
    // An article is handed on as HTML, to be parsed where it is read; cut in transit, it is fetched again first.
    if (context.request.label === 'ARTICLE') {
      assertWhole(html, response.statusCode ?? 0);
      return { dom: undefined, $: undefined, body: html, enqueueLinks } as unknown as Awaited<ReturnType<CheerioCrawler['_parseHTML']>>;
    }
    const $ = loadPage(html, response.statusCode ?? 0);
    return { dom: $.root()[0], $, body: html, enqueueLinks } as unknown as Awaited<ReturnType<CheerioCrawler['_parseHTML']>>;
  }
}


/**
 * Crawlee's defaults suit one long crawl with autoscaled concurrency; opsfeed
 * runs one short crawler per source at one request at a time, so what
 * autoscaling needs is pure cost here (measured in bench/run.ts): its system
 * sampling spawns `cat /proc/meminfo` and `ps` every second per crawler, and
 * once at start to learn the machine's memory. The events are not produced,
 * and the memory is given. The request queue is opsfeed's own (request-queue.ts).
 */
class NoSystemEvents extends LocalEventManager {
  override async init(): Promise<void> {}
  override async close(): Promise<void> {}
}

function crawleeConfiguration(): Configuration {
  const config = new Configuration({ persistStorage: false, purgeOnStart: false, memoryMbytes: Math.round(totalmem() / 2 ** 20) });
  config.useEventManager(new NoSystemEvents(config));
  return config;
}

const httpClient = new CrawleeHttpClient();

/** A page that is read no further: reported once, never retried. */
class UnreadablePage extends NonRetryableError {}

/** The page's tree (parse.ts), refused as Crawlee understands: a page nested too deep is not retried. */
function loadPage(html: string, status: number): CheerioAPI {
  try {
    return parsePage(html, status);
  } catch (error) {
    throw error instanceof PageNotRead ? new UnreadablePage(error.message) : error;
  }
}

/** The whole body (fetch-page.ts, as for every page); a page too large to read is not retried. */
async function readBody(response: IncomingMessage): Promise<Buffer> {
  const bytes = await readPageBody(response, response.headers);
  if (!bytes) throw new UnreadablePage(PAGE_TOO_LARGE);
  return bytes;
}

export async function crawlSource(source: Source, settings: Settings, hooks: CrawlHooks, options: CrawlOptions): Promise<SourceCrawlResult> {
  const result: SourceCrawlResult = { listingPages: 0, notModified: 0, articlePages: 0, listingValidators: [], failures: [], fatal: null };
  // Stops the crawl at the next request: on the caller's signal (shutdown), or when the run's budget is used up.
  const halt = new AbortController();
  const { gate, robots } = options;
  const queuedArticles = new Set<string>();
  // First pages of the listing URLs that could not be read: the source fails only when none could.
  const unreadListings: string[] = [];

  const allowed = async (url: string): Promise<boolean> => {
    if (await robots.isAllowed(url)) return true;
    if (!robots.unreachableReason(url)) hooks.onWarning(`${url}: disallowed by robots.txt, not fetched`);
    return false;
  };

  // Each request's time limit. Not AbortSignal.timeout: Node keeps such a signal, and through got's listener
  // the whole response and its parsed page, until the time is up (30 s by default), which on a fast site
  // held thousands of pages in memory (bench/run.ts); this timer is cleared as soon as the request ends.
  const inFlight = new Map<string, { timer: NodeJS.Timeout; controller: AbortController }>();
  const startTimeout = (request: { uniqueKey: string }): AbortSignal => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${settings.timeoutMs} ms`, 'TimeoutError')), settings.timeoutMs);
    inFlight.set(request.uniqueKey, { timer: timer.unref(), controller });
    return controller.signal;
  };
  const endRequest = (request: { url: string; uniqueKey: string }): void => {
    clearTimeout(inFlight.get(request.uniqueKey)?.timer);
    inFlight.delete(request.uniqueKey);
    gate.done(request.url);
  };

  const crawlerOptions: CheerioCrawlerOptions = {
    // undici, not got-scraping: the same requests for a fraction of the work (http.ts).
    httpClient,
    maxConcurrency: 1,
    maxRequestRetries: settings.maxRetries,
    // The time limit of a request is opsfeed's own signal below, which also closes the connection;
    // Crawlee's timer (which starts before the wait for the host's turn) is only a backstop.
    navigationTimeoutSecs: (settings.timeoutMs + Math.max(settings.delayMs, MAX_CRAWL_DELAY_MS)) / 1000 + 60,
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
        if (halt.signal.aborted) throw new NonRetryableError('stopped');
        const validators = request.label === 'LIST' ? hooks.listingValidators(request.url) : null;
        // Connect, headers and body together within timeoutMs; aborting closes the connection, so a
        // retry never overlaps a stalled request to the same host.
        gotOptions.signal = startTimeout(request);
        gotOptions.headers = {
          ...gotOptions.headers,
          'user-agent': USER_AGENT,
          ...(validators?.etag ? { 'if-none-match': validators.etag } : {}),
          ...(validators?.lastModified ? { 'if-modified-since': validators.lastModified } : {}),
        };
        gotOptions.headerGeneratorOptions = undefined;
        gotOptions.useHeaderGenerator = false;
      },
    ],
    requestHandler: async (context) => {
      const { request, response, $, body } = context;
      if (halt.signal.aborted) return;
      try {
        const [url, status, fetchedAt] = [request.loadedUrl ?? request.url, response.statusCode ?? 0, new Date().toISOString()];
        if (request.label === 'LIST') await handleListing({ url, status, $: $ as unknown as CheerioAPI, fetchedAt }, request.userData as ListUserData, request.url, response.headers);
        else await handleArticle({ url, status, html: String(body), fetchedAt, teaserDates: (request.userData as { teaserDates?: string[] }).teaserDates });
      } finally {
        endRequest(request);
      }
    },
    // Runs before each retry; with one request at a time, sleeping here is the backoff for the whole host.
    errorHandler: async ({ request, response }, error) => {
      endRequest(request);
      if (halt.signal.aborted) {
        request.noRetry = true; // stopped: no retry, no backoff
        return;
      }
      // A redirect loop loops again on retry.
      if (/Redirected \d+ times/.test(error.message)) request.noRetry = true;
      const retryAfter = response?.headers?.['retry-after'];
      await sleep(retryDelayMs(request.retryCount, settings.retryBackoffMs, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter));
    },
    failedRequestHandler: async ({ request }, error) => {
      endRequest(request);
      if (halt.signal.aborted) return; // dropped by the stop, not a failure of the site
      const reason = `${request.url}: ${shortError(error)}`;
      const data = request.userData as Partial<ListUserData>;
      if (request.label === 'LIST' && data.pageNumber === 1) unreadListings.push(`listing ${reason}`);
      else result.failures.push(reason);
    },
  };

  async function handleListing(page: FetchedPage, data: ListUserData, requestedUrl: string, headers: IncomingHttpHeaders): Promise<void> {
    if (page.status >= 400) {
      // Past the first page a missing listing page is the end of the archive, not an error.
      if (data.pageNumber === 1) throw new NonRetryableError(`HTTP ${page.status}`);
      return;
    }
    if (page.status === 304) {
      // Unchanged since the last run: nothing new on it, so nothing new behind it either.
      result.notModified++;
      hooks.onProgress(`listing page ${data.pageNumber}: not modified`);
      return;
    }
    const listing = processOnce(() => hooks.readListing(page));
    const etag = firstHeader(headers.etag);
    const lastModified = firstHeader(headers['last-modified']);
    if (etag || lastModified) result.listingValidators.push({ url: requestedUrl, etag, lastModified });
    let articleUrls = listing.articleUrls;
    if (data.pageNumber === 1) articleUrls = (await siteFeedArticles(listing, page.url)) ?? articleUrls;
    if (data.pageNumber === 1 && articleUrls.length === 0) {
      unreadListings.push(`listing ${page.url}: no news items found`);
      return;
    }
    result.listingPages++;
    let fresh = 0;
    for (const url of articleUrls) {
      if (!hooks.isKnown(url)) fresh++;
      await queueArticle(url, listing.teaserDates?.[url]);
    }
    // Incremental by default: a listing page with nothing new means the pages after it hold nothing new either.
    const keepPaging = options.backfill || fresh > 0;
    hooks.onProgress(`listing page ${data.pageNumber}: ${articleUrls.length} articles, ${fresh} not seen before`);
    if (listing.nextPageUrl && keepPaging && data.pageNumber < source.listing.maxPages && (await allowed(listing.nextPageUrl))) {
      await crawler.addRequests([{ url: listing.nextPageUrl, label: 'LIST', userData: { label: 'LIST', pageNumber: data.pageNumber + 1 } }]);
    }
  }

  /** The articles of a first listing page without teasers, from the site's own feed (site-feed.ts); null when it has teasers or names no feed. */
  async function siteFeedArticles(listing: { articleUrls: string[]; feedUrls?: string[] }, pageUrl: string): Promise<string[] | null> {
    const fromFeed = await articlesFromFeed(listing, pageUrl, (url) => fetchPage(url, { gate, robots, timeoutMs: settings.timeoutMs }), hooks.readFeed);
    if (fromFeed?.failure) hooks.onWarning(`feed ${fromFeed.feedUrl}: ${fromFeed.failure}`);
    else if (fromFeed) hooks.onProgress(`listing page 1: no teasers in the page, ${fromFeed.links.length} articles from the site's feed ${fromFeed.feedUrl}`);
    return fromFeed?.links ?? null;
  }

  /** Queues an article once per crawl, if robots.txt allows it and it is new or due for a re-check. */
  async function queueArticle(url: string, teaserDates?: string[]): Promise<void> {
    if (queuedArticles.has(url)) return;
    queuedArticles.add(url);
    if (!hooks.needsFetch(url) || !(await allowed(url))) return;
    await crawler.addRequests([{ url, label: 'ARTICLE', userData: teaserDates?.length ? { teaserDates } : {} }]);
  }

  async function handleArticle(page: FetchedArticle): Promise<void> {
    if ((page.status === 404 || page.status === 410) && hooks.onGone(page.url)) return;
    if (page.status >= 400) throw new NonRetryableError(`HTTP ${page.status}`);
    try {
      await hooks.onArticle(page);
    } catch (error) {
      if (!(error instanceof PageNotRead)) result.articlePages++;
      throw notProcessed(error);
    }
    result.articlePages++;
  }

  /** A page that breaks extraction or storage breaks it every time: report it, do not fetch it again. */
  function processOnce<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw notProcessed(error);
    }
  }

  function notProcessed(error: unknown): NonRetryableError {
    if (error instanceof PageNotRead) return new UnreadablePage(error.message);
    return new NonRetryableError(`could not process the page: ${(error as Error).message}`);
  }

  const starts: string[] = [];
  for (const url of source.listing.urls) if (await allowed(url)) starts.push(url);
  if (!starts.length) {
    const first = source.listing.urls[0]!;
    result.fatal = `listing ${first}: ${robots.unreachableReason(first) ?? 'disallowed by robots.txt'}`;
    return result;
  }
  const rechecks = hooks.recheckUrls();
  const listing = (url: string) => ({ url, label: 'LIST', userData: { label: 'LIST', pageNumber: 1 } satisfies ListUserData });

  // After a clean run, each listing is first asked whether it changed. A run whose listings all answer 304
  // then builds no crawler at all: on a no-change cycle, building one cost ten times the request (bench/run.ts).
  let crawlerStarts: Array<Request | ReturnType<typeof listing>> = starts.map(listing);
  const readFirst: Array<{ url: string; page: FetchedPage; headers: IncomingHttpHeaders }> = [];
  const validators = options.backfill ? [] : starts.map((url) => hooks.listingValidators(url));
  if (!rechecks.length && validators.length && validators.every(Boolean)) {
    crawlerStarts = [];
    for (const [index, url] of starts.entries()) {
      const answer = await askIfChanged(url, validators[index]!);
      if (options.signal?.aborted) return result;
      if (answer.kind === 'page') readFirst.push(answer);
      else if (answer.kind === 'retry') crawlerStarts.push(answer.request);
    }
    if (!crawlerStarts.length && !readFirst.length) return settle(false);
  }

  /**
   * One conditional request for a listing's first page, through the same gate and robots.txt as the crawler:
   * 304, or the page itself (read here, not fetched twice), or a failure. A failure counts as the crawler's
   * first attempt: it is retried by the crawler after the usual backoff, so a listing gets no extra request.
   */
  async function askIfChanged(url: string, known: ListingValidators): Promise<{ kind: 'unchanged' | 'failed' } | { kind: 'page'; url: string; page: FetchedPage; headers: IncomingHttpHeaders } | { kind: 'retry'; request: Request }> {
    const conditional = { ...(known.etag ? { 'if-none-match': known.etag } : {}), ...(known.lastModified ? { 'if-modified-since': known.lastModified } : {}) };
    const answer = await fetchPage(url, { gate, robots, timeoutMs: settings.timeoutMs, headers: conditional, signal: options.signal });
    if (answer.status === 304) {
      result.notModified++;
      hooks.onProgress('listing page 1: not modified');
      return { kind: 'unchanged' };
    }
    let reason = answer.ok ? '' : answer.reason;
    if (answer.ok && !isPageType(answer.contentType)) return failed(notAPage(answer.contentType));
    if (answer.ok) {
      try {
        return { kind: 'page', url, page: { url: answer.url, status: answer.status, $: loadPage(answer.text, answer.status), fetchedAt: new Date().toISOString() }, headers: answer.headers };
      } catch (error) {
        if (error instanceof UnreadablePage) return failed(error.message);
        reason = (error as Error).message;
      }
    }
    // What the crawler would not retry either: a client error other than 429 (Crawlee's own rule), and no retries configured.
    const status = answer.status ?? 0;
    if ((status >= 400 && status < 500 && status !== 429) || settings.maxRetries === 0) return failed(reason);
    await sleep(retryDelayMs(0, settings.retryBackoffMs, answer.headers?.['retry-after']), undefined, { signal: options.signal }).catch(() => {});
    const request = new Request(listing(url));
    request.retryCount = 1;
    return { kind: 'retry', request };

    function failed(why: string): { kind: 'failed' } {
      unreadListings.push(`listing ${url}: ${why}`);
      return { kind: 'failed' };
    }
  }

  // Given as `requestQueue`: HttpCrawler's option check does not know `requestManager` yet, and BasicCrawler uses either the same way.
  const queue = new SourceRequestQueue();
  const crawler = new DecodingCheerioCrawler({ ...crawlerOptions, requestQueue: queue as unknown as CheerioCrawlerOptions['requestQueue'] }, crawleeConfiguration());
  await crawler.addRequests(crawlerStarts);
  for (const { url, page, headers } of readFirst) {
    try {
      await handleListing(page, { label: 'LIST', pageNumber: 1 }, url, headers);
    } catch (error) {
      unreadListings.push(`listing ${url}: ${shortError(error as Error)}`);
    }
  }
  for (const url of rechecks) await queueArticle(url);

  // A stop empties the queue and cuts the request in flight, so run() ends as it does for a finished crawl; a page
  // already fetched is dropped (the handler above ignores it), never half-stored. Not Crawlee's pool.abort(): called
  // before the pool has started, it is lost, and run() never returns.
  const abort = () => {
    halt.abort();
    queue.clear();
    for (const { controller } of inFlight.values()) controller.abort(new Error('stopped'));
  };
  options.signal?.addEventListener('abort', abort, { once: true });
  let overBudget = false;
  const budget = options.budgetMs
    ? setTimeout(() => {
        overBudget = true;
        abort();
      }, options.budgetMs)
    : undefined;
  try {
    if (!options.signal?.aborted) await crawler.run();
  } finally {
    clearTimeout(budget);
    options.signal?.removeEventListener('abort', abort);
    await crawler.teardown();
    for (const { timer } of inFlight.values()) clearTimeout(timer); // requests dropped by a stop or the budget
  }
  return settle(overBudget);

  /** The crawl's outcome: over budget, failed as a whole (no listing could be read), or with the failures named. */
  function settle(overBudget: boolean): SourceCrawlResult {
    if (overBudget) {
      result.fatal = `run budget of ${Math.round(options.budgetMs! / 1000)} s used up after ${result.listingPages + result.articlePages} pages; the rest waits for the next run`;
      result.listingValidators = []; // the next run must read the listings in full
    } else if (result.listingPages === 0 && result.notModified === 0 && unreadListings.length) result.fatal = unreadListings.join('; ');
    else result.failures.push(...unreadListings);
    return result;
  }
}

function firstHeader(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

function shortError(error: Error): string {
  const message = error.message.split('\n')[0]!.replace(/^RequestError: /, '');
  const type = /served Content-Type (\S+), but only/.exec(message)?.[1];
  return (type ? notAPage(type) : message).slice(0, 200);
}
