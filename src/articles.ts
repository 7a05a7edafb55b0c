/**
 * Article pages → the articles a crawl stores: parsed, extracted, normalised
 * and identified (URL keys, fingerprint, MinHash signature). That is most of
 * a crawl's CPU (bench/run.ts, the full crawl) and none of it needs the
 * network or the database, so when the machine has a core to spare it runs
 * in worker threads while the main thread fetches and stores. Wires the
 * stages as pipeline.ts does, for one page.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import type { ArticleSelectors, PresetName, Source } from './config/schema.js';
import { PageNotRead, parsePage } from './crawl/parse.js';
import { identifyArticle, type IdentifiedArticle } from './dedupe/identify.js';
import { extractArticle } from './extract/article.js';
import { normalizeArticle, type ArticleContext } from './normalize/article.js';
import { institutionOf } from './normalize/institutions.js';
import { canonicalInstitutionName } from './normalize/names.js';

export interface ArticlePage {
  html: string;
  /** The URL the page came from (after redirects). */
  url: string;
  status: number;
  selectors: ArticleSelectors;
  preset: PresetName;
  /** Texts beside the article's teaser on the listing that may be its date: a last resort. */
  teaserDates?: string[];
  context: ArticleContext;
}

export type ArticleReading =
  | { kind: 'article'; article: IdentifiedArticle; warnings: string[] }
  /** Read, and not an article (a login form, no title). */
  | { kind: 'skipped'; reason: string }
  /** Not read at all (markup nested too deep). */
  | { kind: 'not-read'; reason: string };

/** What reading a source's article pages takes from the source: its selectors, preset, place and own institution. */
export interface ArticleSource {
  selectors: ArticleSelectors;
  preset: PresetName;
  context: Omit<ArticleContext, 'fetchedAt'>;
}

/** Worked out once per source: the crawl reads many pages of it. */
export function articleSource(source: Source): ArticleSource {
  const institution = canonicalInstitutionName(source.institution);
  const own = institutionOf(source.type, source, institution);
  return {
    selectors: source.article,
    preset: source.preset,
    context: { voivodeship: own?.teryt?.slice(0, 2) ?? source.voivodeship ?? null, own: own ?? { id: source.id, name: institution, type: source.type, place: source.city ?? null, teryt: source.teryt ?? null } },
  };
}

/** A fetched article page as the crawl hands it to a reader: read against the time it was fetched, with its teaser's dates. */
export function articlePage(fetched: { html: string; url: string; status: number; fetchedAt: string; teaserDates?: string[] }, source: ArticleSource): ArticlePage {
  const { html, url, status, fetchedAt, teaserDates } = fetched;
  return { html, url, status, selectors: source.selectors, preset: source.preset, teaserDates, context: { ...source.context, fetchedAt } };
}

/** One page, read here and now. A page cut off in transit throws (the crawler fetches it again). */
export function readArticle(page: ArticlePage): ArticleReading {
  let $;
  try {
    $ = parsePage(page.html, page.status);
  } catch (error) {
    if (error instanceof PageNotRead) return { kind: 'not-read', reason: error.message };
    throw error;
  }
  const raw = extractArticle($, page.url, page.selectors, page.preset);
  // The date beside the article's teaser on the listing: a last resort for a page that shows none.
  for (const value of page.teaserDates ?? []) raw.published.push({ value, layer: 'listing' });
  const normalized = normalizeArticle(raw, page.context);
  if ('skipped' in normalized) return { kind: 'skipped', reason: normalized.skipped };
  return { kind: 'article', article: identifyArticle(normalized.article, page.url), warnings: normalized.warnings };
}

/** Worker threads for a machine with `cores` cores: one per core beyond the first, at most two (the main thread's work is the other limit). */
export function defaultReaders(cores = availableParallelism()): number {
  return Math.max(0, Math.min(2, cores - 1));
}

interface Pending {
  resolve: (reading: ArticleReading) => void;
  reject: (error: Error) => void;
}

interface Reader {
  worker: Worker;
  pending: Map<number, Pending>;
}

// Compiled, this module is its own worker script; run from its TypeScript source (the tests), it reads on the main thread.
const SCRIPT = import.meta.url.endsWith('.js') ? fileURLToPath(import.meta.url) : null;

/**
 * Readers of article pages: `count` worker threads, or the calling thread when `count` is 0. A worker that
 * dies fails the pages it held (each is reported as that page's failure) and is replaced for the next.
 * `close` ends the workers; a crawl pass closes what it opened, the service at its stop.
 */
export class ArticleReaders {
  private readonly readers: Reader[] = [];
  private next = 0;
  private closed = false;

  /** `count` threads, started at the first page (a run that reads no article, as most runs do, starts none). */
  constructor(readonly count: number) {}

  read(page: ArticlePage): Promise<ArticleReading> {
    if (this.closed) return Promise.reject(new Error('article readers closed'));
    if (SCRIPT) while (this.readers.length < this.count) this.readers.push(this.start());
    if (!this.readers.length) {
      try {
        return Promise.resolve(readArticle(page));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    // The reader with the fewest pages waiting; with pages of the same size, that is round robin.
    const reader = this.readers.reduce((least, other) => (other.pending.size < least.pending.size ? other : least));
    const id = this.next++;
    return new Promise((resolve, reject) => {
      reader.pending.set(id, { resolve, reject });
      reader.worker.ref();
      reader.worker.postMessage({ id, page });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.readers.splice(0).map((reader) => reader.worker.terminate()));
  }

  private start(): Reader {
    const worker = new Worker(SCRIPT!, { workerData: { opsfeedArticleReader: true } });
    const reader: Reader = { worker, pending: new Map() };
    worker.unref(); // an idle reader keeps no process alive
    worker.on('message', ({ id, reading, error }: { id: number; reading?: ArticleReading; error?: string }) => {
      const pending = reader.pending.get(id);
      reader.pending.delete(id);
      if (!reader.pending.size) worker.unref();
      if (error !== undefined) pending?.reject(new Error(error));
      else pending?.resolve(reading!);
    });
    const fail = (error: Error) => {
      for (const { reject } of reader.pending.values()) reject(new Error(`article reader stopped: ${error.message}`));
      reader.pending.clear();
      const at = this.readers.indexOf(reader);
      if (at >= 0 && !this.closed) this.readers[at] = this.start();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.closed && this.readers.includes(reader)) fail(new Error(`exited with ${code}`));
    });
    return reader;
  }
}

// In a reader thread: read each page sent, answer with the reading, or with the error's message.
if (parentPort && (workerData as { opsfeedArticleReader?: boolean } | null)?.opsfeedArticleReader) {
  const port = parentPort;
  port.on('message', ({ id, page }: { id: number; page: ArticlePage }) => {
    try {
      port.postMessage({ id, reading: readArticle(page) });
    } catch (error) {
      port.postMessage({ id, error: (error as Error).message });
    }
  });
}
