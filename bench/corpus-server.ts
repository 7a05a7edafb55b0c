/**
 * The synthetic corpus on loopback, in its own process (forked by
 * bench/run.ts): source i is served on its own address 127.1.x.y, so the
 * crawler's per-host politeness applies as on real sites. Listings carry an
 * ETag and Last-Modified and answer a matching conditional GET with 304.
 * Talks to its parent over IPC: `ready` with the sources' listing URLs, `stats`
 * with the requests counted since the last `reset`.
 */
import { createServer, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import { REPO_ROOT } from '../test/support/fixture-server.js';
import { siteTemplates, SyntheticSite, vocabulary } from './corpus.js';

export interface CorpusStats {
  requests: number;
  robots: number;
  listings: number;
  articles: number;
  /** Requests for anything else (a pager link past the one listing page): answered 404. */
  other: number;
  conditional: number;
  notModified: number;
  /** Every article and listing URL requested, in order, for the fetch-only baseline. */
  urls: string[];
}

export type CorpusRequest = { type: 'stats'; urls: boolean } | { type: 'reset' };
export type CorpusReply = { type: 'ready'; listings: string[] } | { type: 'stats'; stats: CorpusStats };

/** Source i's loopback address: 127.1.0.1, 127.1.0.2, … (250 to a block). */
export function sourceAddress(index: number): string {
  return `127.1.${Math.floor(index / 250)}.${(index % 250) + 1}`;
}

function emptyStats(): CorpusStats {
  return { requests: 0, robots: 0, listings: 0, articles: 0, other: 0, conditional: 0, notModified: 0, urls: [] };
}

async function serve(sourceCount: number, articleCount: number): Promise<void> {
  const templates = siteTemplates(REPO_ROOT);
  const words = vocabulary(REPO_ROOT);
  let stats = emptyStats();
  const servers: Server[] = [];
  const listings: string[] = [];
  const lastModified = new Date(Date.UTC(2026, 0, 1)).toUTCString();
  let port = 0;
  for (let i = 0; i < sourceCount; i++) {
    const site = new SyntheticSite(templates[i % templates.length]!, words, i + 1, articleCount);
    const address = sourceAddress(i);
    const server = createServer((request, response) => {
      stats.requests++;
      const origin = `http://${address}:${port}`;
      const route = request.url ?? '/';
      const conditional = Boolean(request.headers['if-none-match'] || request.headers['if-modified-since']);
      if (conditional) stats.conditional++;
      const send = (status: number, body: Buffer | string, type = site.template.contentType, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...headers });
        response.end(body);
      };
      if (route === '/robots.txt') {
        stats.robots++;
        return send(200, site.template.robots, 'text/plain; charset=utf-8');
      }
      if (route === site.template.listingPath) {
        stats.listings++;
        stats.urls.push(`${origin}${route}`);
        const body = site.encode(site.listingHtml(origin));
        const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
        if (request.headers['if-none-match'] === etag) {
          stats.notModified++;
          response.writeHead(304, { etag, 'last-modified': lastModified });
          return response.end();
        }
        return send(200, body, undefined, { etag, 'last-modified': lastModified });
      }
      const index = site.articleIndex(route);
      if (index === undefined) {
        stats.other++;
        return send(404, 'not found', 'text/plain');
      }
      stats.articles++;
      stats.urls.push(`${origin}${route}`);
      return send(200, site.encode(site.articleHtml(origin, index)));
    });
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, address, () => resolve());
    });
    if (!port) port = (server.address() as { port: number }).port;
    servers.push(server);
    listings.push(`http://${address}:${port}${site.template.listingPath}`);
  }
  process.on('message', (message: CorpusRequest) => {
    if (message.type === 'reset') stats = emptyStats();
    else process.send!({ type: 'stats', stats: message.urls ? stats : { ...stats, urls: [] } } satisfies CorpusReply);
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ type: 'ready', listings } satisfies CorpusReply);
}

const [sources, articles] = process.argv.slice(2).map(Number);
await serve(sources!, articles!);
