/**
 * The HTTP server: the published outputs, filtered feeds rendered from the
 * store, and conditional GET, compression and CORS on every answer. Paths
 * are matched against a fixed table, never mapped onto the file system, so
 * no request can reach a file outside the output folder.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { Logger } from '../log.js';
import { renderFeeds, type FeedInfo } from '../publish/feeds.js';
import { INDEX_PAGE_ITEMS, sourceHealths, topicFeedInfo } from '../publish/publish.js';
import { TOPIC_LIST } from '../normalize/topics.js';
import { firstStories } from '../publish/stories.js';
import { renderIndexPage } from '../publish/index-page.js';
import type { Store } from '../store/store.js';
import { applyFeedFilter, filterItems, filterVocabulary, isFiltered, itemMatches, pageQuery, parseFeedFilter, type FeedFilter } from '../publish/filters.js';
import type { Item } from '../store/types.js';
import { EXPORT_CONTENT_TYPES, exportChunks, type ExportFormat } from '../publish/export.js';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface ServeSettings {
  /** Public URL of the server, for self links and the addresses shown to subscribe. */
  publicUrl: string;
  feedLimit: number;
}

export interface ServeOptions {
  outDir: string;
  store: Store;
  /** Read on every request, so that a reloaded configuration applies at once. */
  settings: () => ServeSettings;
  log?: Logger;
}

const MAX_URL_LENGTH = 2048;
const FEED_FILES = ['feed.xml', 'atom.xml', 'feed.json'] as const;
type FeedFile = (typeof FEED_FILES)[number];

const CONTENT_TYPES: Record<string, string> = {
  'feed.xml': 'application/rss+xml; charset=utf-8',
  'atom.xml': 'application/atom+xml; charset=utf-8',
  'feed.json': 'application/feed+json; charset=utf-8',
  'items.json': 'application/json; charset=utf-8',
  'status.json': 'application/json; charset=utf-8',
  'status.xml': 'application/rss+xml; charset=utf-8',
  'opml.xml': 'text/x-opml; charset=utf-8',
  'index.html': 'text/html; charset=utf-8',
};

interface Answer {
  status: number;
  contentType: string;
  body: Buffer;
  lastModified?: Date;
}

/** A route: `/name` for the unified outputs, `/sources/<id>/name` for one source, `/topics/<id>/name` for one topic. */
function route(pathname: string): { file: string; sourceId: string | null; topicId?: string } | null {
  const perTopic = /^\/topics\/([a-z0-9][a-z0-9-]{1,62})\/(feed\.xml|atom\.xml|feed\.json)$/.exec(pathname);
  if (perTopic) return { file: perTopic[2]!, sourceId: null, topicId: perTopic[1]! };
  if (pathname === '/' || pathname === '/index.html') return { file: 'index.html', sourceId: null };
  const unified = /^\/(feed\.xml|atom\.xml|feed\.json|items\.json|status\.json|status\.xml|opml\.xml)$/.exec(pathname);
  if (unified) return { file: unified[1]!, sourceId: null };
  const perSource = /^\/sources\/([a-z0-9][a-z0-9-]{1,62})\/(feed\.xml|atom\.xml|feed\.json)$/.exec(pathname);
  return perSource ? { file: perSource[2]!, sourceId: perSource[1]! } : null;
}

/** The items a filter lets through; across sources each story once, while a view of one source keeps its own copies. */
function unifiedView(store: Store, filter: FeedFilter): Item[] {
  if (filter.sources.length === 1) return applyFeedFilter(store.items(), filter);
  const inView = (item: Item | undefined) => (item && itemMatches(item, filter) ? item : undefined);
  return firstStories(filterItems(store.items(), { ...filter, limit: Infinity }), filter.limit, (url) => inView(store.itemByUrl(url)));
}

export function createOpsfeedServer(options: ServeOptions): Server {
  function answer(request: IncomingMessage): Answer {
    const { feedLimit, publicUrl: configuredUrl } = options.settings();
    const publicUrl = configuredUrl.endsWith('/') ? configuredUrl : `${configuredUrl}/`;
    if ((request.url ?? '').length > MAX_URL_LENGTH) return text(414, `URL longer than ${MAX_URL_LENGTH} characters`);
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://opsfeed.invalid');
    } catch {
      return text(400, 'malformed URL');
    }
    const target = route(url.pathname);
    if (!target) return text(404, `no such page: ${url.pathname.slice(0, 100)} (try /, /feed.xml, /atom.xml, /feed.json, /items.json, /export.csv, /export.ndjson, /status.json, /opml.xml)`);
    const knownSources = options.store.sources().map((source) => source.id);
    const vocabulary = filterVocabulary(knownSources);
    if (target.sourceId && !knownSources.includes(target.sourceId)) return text(404, `no source with id "${target.sourceId}"`);
    const topic = target.topicId ? TOPIC_LIST.find((candidate) => candidate.id === target.topicId) : undefined;
    if (target.topicId && !topic) return text(404, `no topic with id "${target.topicId}" (known: ${vocabulary.topics!.join(', ')})`);

    if (target.file === 'index.html') {
      const parsed = parseFeedFilter(url.searchParams, vocabulary, INDEX_PAGE_ITEMS);
      const page = renderIndexPage({
        items: 'error' in parsed ? [] : unifiedView(options.store, parsed.filter),
        sources: options.store.sources(),
        healths: sourceHealths(options.store),
        query: pageQuery(url.searchParams),
        publicUrl,
        error: 'error' in parsed ? parsed.error : undefined,
      });
      return { status: 'error' in parsed ? 400 : 200, contentType: CONTENT_TYPES['index.html']!, body: Buffer.from(page) };
    }

    if (FEED_FILES.includes(target.file as FeedFile) && (isFiltered(url.searchParams) || topic)) {
      const parsed = parseFeedFilter(url.searchParams, vocabulary, feedLimit);
      if ('error' in parsed) return text(400, parsed.error);
      if (target.sourceId) parsed.filter.sources = [target.sourceId];
      if (topic) parsed.filter.topics = [topic.id];
      const items = unifiedView(options.store, parsed.filter);
      const info: FeedInfo =
        topic && !isFiltered(url.searchParams)
          ? topicFeedInfo(topic, publicUrl)
          : {
              title: `opsfeed: ${parsed.filter.sources.length ? parsed.filter.sources.join(', ') : 'wszystkie ośrodki'}${parsed.filter.topics.length ? ` – ${parsed.filter.topics.join(', ')}` : ''}${url.searchParams.get('q') ? ` – „${url.searchParams.get('q')}”` : ''}`,
              description: 'Aktualności ośrodków pomocy społecznej, wybrane filtrem',
              baseUrl: publicUrl,
              homeUrl: publicUrl,
            };
      const body = renderFeeds(info, items)[target.file as FeedFile];
      const newest = items.reduce((max, item) => Math.max(max, Date.parse(item.updated ?? item.firstSeen)), 0);
      return { status: 200, contentType: CONTENT_TYPES[target.file]!, body: Buffer.from(body), lastModified: newest ? new Date(newest) : undefined };
    }

    const path = join(options.outDir, ...(target.sourceId ? ['sources', target.sourceId] : []), target.file);
    try {
      return { status: 200, contentType: CONTENT_TYPES[target.file]!, body: readFileSync(path), lastModified: statSync(path).mtime };
    } catch {
      return text(404, `${url.pathname} has not been published yet (run "opsfeed publish")`);
    }
  }

  /**
   * `/export.json`, `/export.ndjson`, `/export.csv` with the filters as query parameters: streamed from the
   * store as it is read (no ETag, no compression), so that a large export never sits in memory.
   */
  function streamExport(request: IncomingMessage, response: ServerResponse, format: ExportFormat): Promise<number> {
    const url = new URL(request.url ?? '/', 'http://opsfeed.invalid');
    const parsed = parseFeedFilter(url.searchParams, filterVocabulary(options.store.sources().map((source) => source.id)), Infinity, Infinity);
    if ('error' in parsed) {
      const failed = text(400, parsed.error);
      return Promise.resolve(send(request, response, failed).status);
    }
    response.setHeader('content-type', EXPORT_CONTENT_TYPES[format]);
    response.setHeader('content-disposition', `inline; filename="opsfeed.${format}"`);
    response.setHeader('access-control-allow-origin', '*');
    response.setHeader('x-content-type-options', 'nosniff');
    response.setHeader('cache-control', 'no-cache');
    response.writeHead(200);
    if (request.method === 'HEAD') {
      response.end();
      return Promise.resolve(200);
    }
    const chunks = exportChunks(options.store, { format, filter: parsed.filter, revisions: url.searchParams.get('revisions') === '1', bom: url.searchParams.get('bom') === '1' });
    return pipeline(Readable.from(chunks), response).then(
      () => 200,
      () => 499, // the reader went away
    );
  }

  return createServer((request, response) => {
    const started = Date.now();
    const exportFormat = /^\/export\.(json|ndjson|csv)$/.exec((request.url ?? '').split('?')[0]!)?.[1] as ExportFormat | undefined;
    if (exportFormat && (request.method === 'GET' || request.method === 'HEAD') && (request.url ?? '').length <= MAX_URL_LENGTH) {
      void streamExport(request, response, exportFormat).then((status) =>
        options.log?.({ level: 'info', message: `${request.method} ${(request.url ?? '').slice(0, 200)} ${status} streamed ${Date.now() - started} ms` }),
      );
      return;
    }
    let result: Answer;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      result = text(405, 'only GET and HEAD');
      response.setHeader('allow', 'GET, HEAD');
    } else {
      try {
        result = answer(request);
      } catch (error) {
        options.log?.({ level: 'error', message: `serve: ${request.url}: ${(error as Error).message}` });
        result = text(500, 'internal error');
      }
    }
    const sent = send(request, response, result);
    options.log?.({ level: 'info', message: `${request.method} ${(request.url ?? '').slice(0, 200)} ${sent.status} ${sent.bytes} B ${Date.now() - started} ms` });
  });
}

function text(status: number, message: string): Answer {
  return { status, contentType: 'text/plain; charset=utf-8', body: Buffer.from(`${status}: ${message}\n`) };
}

/** Headers, conditional GET and compression; returns what was sent, for the request log. */
function send(request: IncomingMessage, response: ServerResponse, result: Answer): { status: number; bytes: number } {
  response.setHeader('content-type', result.contentType);
  response.setHeader('access-control-allow-origin', '*');
  response.setHeader('x-content-type-options', 'nosniff');
  if (result.status !== 200) {
    response.setHeader('cache-control', 'no-store');
    response.writeHead(result.status);
    response.end(request.method === 'HEAD' ? undefined : result.body);
    return { status: result.status, bytes: result.body.length };
  }
  const etag = `"${createHash('sha256').update(result.body).digest('base64url').slice(0, 27)}"`;
  response.setHeader('etag', etag);
  response.setHeader('cache-control', 'public, max-age=300');
  response.setHeader('vary', 'Accept-Encoding');
  if (result.lastModified) response.setHeader('last-modified', result.lastModified.toUTCString());

  const ifNoneMatch = request.headers['if-none-match'];
  const ifModifiedSince = request.headers['if-modified-since'];
  const notModified = ifNoneMatch
    ? ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')
    : Boolean(ifModifiedSince && result.lastModified && Math.floor(result.lastModified.getTime() / 1000) * 1000 <= Date.parse(ifModifiedSince));
  if (notModified) {
    response.writeHead(304);
    response.end();
    return { status: 304, bytes: 0 };
  }

  const accepted = String(request.headers['accept-encoding'] ?? '');
  let body = result.body;
  if (body.length > 1024 && /\bbr\b/.test(accepted)) {
    body = brotliCompressSync(body);
    response.setHeader('content-encoding', 'br');
  } else if (body.length > 1024 && /\bgzip\b/.test(accepted)) {
    body = gzipSync(body);
    response.setHeader('content-encoding', 'gzip');
  }
  response.setHeader('content-length', body.length);
  response.writeHead(200);
  response.end(request.method === 'HEAD' ? undefined : body);
  return { status: 200, bytes: body.length };
}

/** Starts listening; resolves with the server's URL, or rejects with a one-line reason (port in use, say). */
export function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(new Error(`cannot listen on ${host}:${port} (${error.code ?? error.message})`));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      resolve(`http://${host.includes(':') ? `[${host}]` : host}:${actualPort}/`);
    });
  });
}

/** Stops accepting requests and drops idle keep-alive connections, so shutdown is not held up by a reader. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
