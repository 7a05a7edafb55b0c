/**
 * One crawl pass: wires the stages in order (crawl → extract → normalize →
 * dedupe → store) for each source. Listings are read here; article pages by
 * the article readers (articles.ts), in worker threads when a core is spare,
 * and stored here. Sources on different hosts run side by side; sources
 * sharing a host run one after another, so a host never sees two requests
 * at once.
 */
import type { Config, Settings, Source } from './config/schema.js';
import { ArticleReaders, articlePage, articleSource, defaultReaders } from './articles.js';
import { crawlSource, type CrawlHooks } from './crawl/crawler.js';
import { PageNotRead } from './crawl/parse.js';
import { politeness, type HostGate, type RobotsPolicy } from './crawl/politeness.js';
import { Slots } from './crawl/slots.js';
import { extractListing } from './extract/listing.js';
import { feedItemLinks } from './extract/feed.js';
import { canonicalInstitutionName } from './normalize/names.js';
import { institutionOf } from './normalize/institutions.js';
import { passesKeywordFilter } from './normalize/text.js';
import { canonicalUrlKey } from './dedupe/url.js';
import type { Store } from './store/store.js';
import type { LayerStats, SourceInfo } from './store/types.js';
import type { Logger } from './log.js';

export interface SourceReport {
  id: string;
  ok: boolean;
  error: string | null;
  new: number;
  updated: number;
  unchanged: number;
  /** Pages that could not be fetched or had no title. */
  failed: number;
  /** Articles left out by the source's include/exclude keywords. */
  filtered: number;
  warnings: string[];
}

export interface CrawlPassOptions {
  sourceIds?: string[];
  backfill?: boolean;
  /** Progress, warnings and per-source results. */
  log?: Logger;
  /** The daemon's shutdown: sources stop at the next request; an interrupted source is left out of the reports and its run is not recorded. */
  signal?: AbortSignal;
  /** A gate shared across passes (the daemon's), so the per-host pause holds between runs too. */
  gate?: HostGate;
  /** The cap on sources crawled at once, shared across passes (the daemon's); default: settings.concurrency for this pass. */
  slots?: Slots;
  /** Readers of article pages shared across passes (the daemon's); default: settings.articleThreads for this pass, closed at its end. */
  readers?: ArticleReaders;
}

export function sourceInfo(source: Source): SourceInfo {
  return {
    id: source.id,
    name: source.name,
    institution: canonicalInstitutionName(source.institution),
    type: source.type,
    city: source.city ?? null,
    voivodeship: source.voivodeship ?? null,
    teryt: source.teryt ?? institutionOf(source.type, source, source.institution)?.teryt ?? null,
    url: source.url,
  };
}

export async function crawlPass(config: Config, store: Store, options: CrawlPassOptions = {}): Promise<SourceReport[]> {
  const log = options.log ?? (() => {});
  const selected = config.sources.filter((source) => (options.sourceIds?.length ? options.sourceIds.includes(source.id) : source.enabled));
  const slots = options.slots ?? new Slots(config.settings.concurrency);
  const { gate, robots } = politeness(config.settings, {
    gate: options.gate,
    cache: { get: (origin) => store.robotsTxt(origin), put: (origin, kept) => store.saveRobotsTxt(origin, kept) },
  });

  const byHost = new Map<string, Source[]>();
  for (const source of selected) {
    const host = new URL(source.listing.urls[0]!).host;
    byHost.set(host, [...(byHost.get(host) ?? []), source]);
  }
  const reports = new Map<string, SourceReport>();
  const readers = options.readers ?? new ArticleReaders(config.settings.articleThreads ?? defaultReaders());
  const crawlHost = async (sources: Source[]) => {
    for (const source of sources) {
      if (options.signal?.aborted) continue;
      const report = await slots.run(() => crawlOneSource(source, config, store, { gate, robots, readers, backfill: options.backfill ?? false, log, signal: options.signal }));
      if (options.signal?.aborted) {
        log({ level: 'info', source: source.id, message: `interrupted, opsfeed is stopping (${describeReport(report)} so far)` });
        continue;
      }
      reports.set(source.id, report);
      log({ level: report.ok ? 'info' : 'error', source: source.id, message: describeReport(report) });
    }
  };
  try {
    await Promise.all([...byHost.values()].map(crawlHost));
  } finally {
    if (!options.readers) await readers.close();
  }
  return selected.flatMap((source) => reports.get(source.id) ?? []);
}

async function crawlOneSource(
  source: Source,
  config: Config,
  store: Store,
  context: { gate: HostGate; robots: RobotsPolicy; readers: ArticleReaders; backfill: boolean; log: Logger; signal?: AbortSignal },
): Promise<SourceReport> {
  const startedAt = new Date().toISOString();
  const report: SourceReport = { id: source.id, ok: true, error: null, new: 0, updated: 0, unchanged: 0, failed: 0, filtered: 0, warnings: [] };
  const seenThisRun = new Set<string>();
  const layers = emptyLayerStats(source);
  const warn = (message: string) => {
    report.warnings.push(message);
    context.log({ level: 'warn', source: source.id, message });
  };
  const own = sourceInfo(source);
  store.saveSource(own);
  const recheck = recheckWindow(config.settings, new Date(startedAt));
  // Paging stops at the first listing page with nothing new only after a run that read everything it found.
  // After a first crawl that was cut short (killed, over budget, pages lost), the whole listing is walked again.
  const previous = store.lastRunOutcome(source.id);
  const walkAll = context.backfill || !previous || !previous.ok || previous.failed > 0;

  const articlesOf = articleSource(source);
  const hooks: CrawlHooks = {
    readListing: (page) => {
      const listing = extractListing(page.$, page.url, source);
      store.markSeen(listing.articleUrls.map(canonicalUrlKey), page.fetchedAt);
      count(layers, 'listing', listing.articleUrls.length ? listing.extractedBy : null);
      return listing;
    },
    readFeed: (xml, url) => {
      const links = feedItemLinks(xml, url);
      if (links.length) count(layers, 'listing', 'feed');
      return links;
    },
    onGone: (url) => {
      const gone = store.markRemoved(canonicalUrlKey(url), new Date().toISOString());
      if (gone === 'marked') warn(`${url}: gone from the site (HTTP 404/410); the item is kept and marked removed`);
      return gone !== 'unknown';
    },
    isKnown: (url) => store.isKnownUrlKey(canonicalUrlKey(url)),
    needsFetch: (url) => !store.isSettledUrlKey(canonicalUrlKey(url), recheck.recentSince, recheck.fetchedBefore),
    recheckUrls: () => store.dueForRecheck(source.id, recheck.recentSince, recheck.fetchedBefore),
    listingValidators: (url) => (walkAll ? null : store.httpValidators(url)),
    onWarning: warn,
    onProgress: (message) => context.log({ level: 'info', source: source.id, message }),
    onArticle: async (page) => {
      const reading = await context.readers.read(articlePage(page, articlesOf));
      if (reading.kind === 'not-read') throw new PageNotRead(reading.reason);
      if (reading.kind === 'skipped') {
        report.failed++;
        warn(`${page.url}: skipped, ${reading.reason}`);
        // Judged once: later runs treat it as known instead of fetching it again every time.
        store.markPassed(source.id, [canonicalUrlKey(page.url)], `skipped: ${reading.reason}`, page.fetchedAt);
        return;
      }
      for (const message of reading.warnings) warn(`${page.url}: ${message}`);
      const { article } = reading;
      layers.articles++;
      for (const field of ARTICLE_FIELDS) count(layers, field, article.extractedBy[field]);
      if (!passesKeywordFilter(`${article.title}\n${article.contentText}`, source)) {
        report.filtered++;
        store.markPassed(source.id, article.urlKeys, 'keywords', page.fetchedAt);
        return;
      }
      const { outcome, id } = store.saveArticle(source.id, article, page.fetchedAt);
      if (seenThisRun.has(id)) return; // the same article reached again through another URL
      seenThisRun.add(id);
      report[outcome]++;
      // Logged after the commit: a line here means the article is in the database.
      if (outcome !== 'unchanged') context.log({ level: 'info', source: source.id, message: `${outcome}: ${article.title} <${page.url}>` });
    },
  };

  try {
    const result = await crawlSource(source, config.settings, hooks, {
      backfill: walkAll,
      gate: context.gate,
      robots: context.robots,
      signal: context.signal,
      budgetMs: config.settings.runBudgetSeconds * 1000,
    });
    // Validators are kept only after a run that lost nothing: a 304 next time must not hide an article that failed now.
    if (!result.failures.length && !result.fatal && !context.signal?.aborted) store.saveHttpValidators(result.listingValidators, startedAt);
    else store.forgetHttpValidators(source.listing.urls);
    report.failed += result.failures.length;
    for (const failure of result.failures) warn(failure);
    if (result.fatal) [report.ok, report.error] = [false, result.fatal];
  } catch (error) {
    [report.ok, report.error] = [false, `crawl stopped: ${(error as Error).message}`];
  }
  // Half a run says nothing about the source's health: it is not recorded (what it stored is kept).
  if (context.signal?.aborted) return report;
  store.recordRun({
    sourceId: source.id,
    startedAt,
    finishedAt: new Date().toISOString(),
    ok: report.ok,
    error: report.error,
    seen: seenThisRun.size,
    new: report.new,
    updated: report.updated,
    unchanged: report.unchanged,
    failed: report.failed,
    layers,
  });
  return report;
}

/**
 * Which stored articles are fetched again to catch edits: those published
 * (or first seen) in the last `recheckDays`, once every `recheckEveryHours`.
 */
export function recheckWindow(settings: Settings, now: Date): { recentSince: string; fetchedBefore: string } {
  return {
    recentSince: new Date(now.getTime() - settings.recheckDays * 86_400_000).toISOString(),
    fetchedBefore: new Date(now.getTime() - settings.recheckEveryHours * 3_600_000).toISOString(),
  };
}

const ARTICLE_FIELDS = ['title', 'published', 'author', 'content'] as const;

function emptyLayerStats(source: Source): LayerStats {
  const configured = ARTICLE_FIELDS.filter((field) => source.article[field]);
  return { articles: 0, configured: source.listing.selectors.item ? ['listing', ...configured] : configured, fields: {} };
}

function count(stats: LayerStats, field: string, layer: string | null): void {
  const byLayer = (stats.fields[field] ??= {});
  byLayer[layer ?? 'none'] = (byLayer[layer ?? 'none'] ?? 0) + 1;
}

/** "2 new, 0 updated, 5 unchanged, 0 failed", or "FAILED: <reason> (<counts>)". */
export function describeReport(report: SourceReport): string {
  const counts = `${report.new} new, ${report.updated} updated, ${report.unchanged} unchanged, ${report.failed} failed${report.filtered ? `, ${report.filtered} filtered out` : ''}`;
  return report.ok ? counts : `FAILED: ${report.error} (${counts})`;
}
