/**
 * Serves the fixture sites of test/fixtures/sites/<id>/ on 127.0.0.1, one
 * ephemeral port per site, so each site is its own host as in real life.
 * Every site has a `site.json`: its routes (path + query → file), the
 * Content-Type it is served with and the encoding of its bytes. `{{origin}}`
 * in a file becomes the site's own origin. Every request is logged, so tests
 * can count requests, check the User-Agent and robots.txt obedience.
 */
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';

/** The repository root, found from this file whether it runs from test/ (vitest) or dist/test/ (npm run demo). */
export const REPO_ROOT = (() => {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'test', 'fixtures', 'sites'))) return dir;
  }
  throw new Error('fixture server: test/fixtures/sites not found');
})();
export const FIXTURE_SITES = join(REPO_ROOT, 'test', 'fixtures', 'sites');

/** A route's file, or the file with its own encoding and Content-Type (a legacy page on a UTF-8 site, a PDF). */
type Route = string | { file: string; encoding?: string; contentType?: string };

interface SiteManifest {
  encoding: string;
  contentType: string;
  routes: Record<string, Route>;
}

export interface LoggedRequest {
  site: string;
  method: string;
  path: string;
  userAgent: string;
  status: number;
  /** The request carried If-None-Match or If-Modified-Since. */
  conditional: boolean;
  /** The fault served instead of the page, if any. */
  fault: Fault | null;
  /** When the request arrived (ms since epoch) and how many requests to this site were open at that moment, itself included. */
  at: number;
  openAtArrival: number;
}

/**
 * A fault served instead of the page:
 * - `503`: Service Unavailable with Retry-After: 0; `503-wait`: the same with Retry-After: 1;
 * - `429`: Too Many Requests with Retry-After: 1;
 * - `slow`: headers at once, the body 3 s later (past a short timeout);
 * - `truncated`: half the body, then the connection is cut (Content-Length promised more);
 * - `cut`: half the body, ended cleanly, without Content-Length: HTML that stops mid-page;
 * - `reset`: the connection is closed before any answer;
 * - `redirect-loop`: a redirect to the same URL (never used up: every visit loops).
 */
export type Fault = '503' | '503-wait' | '429' | 'slow' | 'truncated' | 'cut' | 'reset' | 'redirect-loop';

/** Random faults: each request gets a fault with these probabilities, from a seeded generator per site. */
export interface Chaos {
  seed: number;
  rates: Partial<Record<'503' | 'slow' | 'truncated' | 'reset', number>>;
}

export interface FixtureServerOptions {
  /** The folder holding one folder per site; tests copy it to edit pages. */
  root?: string;
  /** Answer If-None-Match / If-Modified-Since with 304 (default true); false plays a server that sends no validators. */
  validators?: boolean;
  chaos?: Chaos;
}

export interface FixtureServer {
  /** Site id → origin, e.g. "http://127.0.0.1:41234". */
  origins: Record<string, string>;
  requests: LoggedRequest[];
  /** Site id → path (with query) → faults still to serve for it, in order. */
  faults: Record<string, Record<string, Fault[]>>;
  /** The most requests one site had open at once. */
  maxOpen(site: string): number;
  close(): Promise<void>;
}

const TRACKING = /^(utm_[a-z]+|fbclid|gclid)$/i;
const SLOW_MS = 3000;

/** mulberry32: a small seeded generator, so a chaos run is the same every time. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function chaosFault(random: () => number, chaos: Chaos): Fault | undefined {
  let roll = random();
  for (const [fault, rate] of Object.entries(chaos.rates) as Array<[keyof Chaos['rates'], number]>) {
    if (roll < rate) return fault === 'truncated' ? (random() < 0.5 ? 'truncated' : 'cut') : fault;
    roll -= rate;
  }
  return undefined;
}

/** `root` (or `options.root`) is the folder holding one folder per site. */
export async function startFixtureServer(rootOrOptions: string | FixtureServerOptions = {}): Promise<FixtureServer> {
  const options = typeof rootOrOptions === 'string' ? { root: rootOrOptions } : rootOrOptions;
  const root = options.root ?? FIXTURE_SITES;
  const requests: LoggedRequest[] = [];
  const servers: Server[] = [];
  const origins: Record<string, string> = {};
  const faults: Record<string, Record<string, Fault[]>> = {};
  const open = new Map<string, number>();
  const maxOpen = new Map<string, number>();
  for (const site of readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name)) {
    const random = seededRandom((options.chaos?.seed ?? 0) + [...site].reduce((sum, char) => sum * 31 + char.charCodeAt(0), 7));
    const server = createServer((request, response) => {
      const origin = origins[site]!;
      const openNow = (open.get(site) ?? 0) + 1;
      open.set(site, openNow);
      maxOpen.set(site, Math.max(maxOpen.get(site) ?? 0, openNow));
      response.on('close', () => open.set(site, (open.get(site) ?? 1) - 1));
      const manifest = JSON.parse(readFileSync(join(root, site, 'site.json'), 'utf8')) as SiteManifest;
      const url = new URL(request.url ?? '/', origin);
      for (const key of [...url.searchParams.keys()]) if (TRACKING.test(key)) url.searchParams.delete(key);
      const route = `${url.pathname}${url.search}`;
      const routed = manifest.routes[route];
      const file = typeof routed === 'string' ? routed : routed?.file;
      const encoding = (typeof routed === 'object' && routed.encoding) || manifest.encoding;
      const contentType = (typeof routed === 'object' && routed.contentType) || manifest.contentType;
      const queued = faults[site]?.[route];
      const fault = queued?.[0] === 'redirect-loop' ? 'redirect-loop' : (queued?.shift() ?? (options.chaos && file ? chaosFault(random, options.chaos) : undefined));
      const conditional = Boolean(request.headers['if-none-match'] || request.headers['if-modified-since']);
      const log = (status: number) =>
        requests.push({ site, method: request.method ?? 'GET', path: request.url ?? '/', userAgent: request.headers['user-agent'] ?? '', status, conditional, fault: fault ?? null, at: Date.now(), openAtArrival: openNow });

      switch (fault) {
        case 'reset':
          log(0);
          request.socket.destroy();
          return;
        case 'redirect-loop':
          log(302);
          response.writeHead(302, { location: request.url ?? '/' });
          response.end();
          return;
        case '503':
        case '503-wait':
        case '429': {
          const status = fault === '429' ? 429 : 503;
          log(status);
          response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'retry-after': fault === '503' ? '0' : '1' });
          response.end('<html><body><h1>Serwis chwilowo niedostępny</h1></body></html>');
          return;
        }
        case 'slow': {
          log(200);
          const timer = setTimeout(() => response.end(), SLOW_MS);
          response.on('close', () => clearTimeout(timer));
          response.writeHead(200, { 'content-type': contentType });
          return;
        }
      }
      if (!file) {
        log(404);
        response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
        response.end('<!DOCTYPE html><html><head><title>404</title></head><body><h1>Nie znaleziono strony</h1></body></html>');
        return;
      }
      const path = join(root, site, file);
      const text = readFileSync(path, 'utf8').replaceAll('{{origin}}', origin);
      const isRobots = file.endsWith('.txt');
      const body = isRobots ? Buffer.from(text) : iconv.encode(text, encoding);
      const headers: Record<string, string | number> = { 'content-type': isRobots ? 'text/plain; charset=utf-8' : contentType };
      if (options.validators !== false && !isRobots) {
        const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
        const lastModified = new Date(Math.floor(statSync(path).mtimeMs / 1000) * 1000);
        headers.etag = etag;
        headers['last-modified'] = lastModified.toUTCString();
        const since = Date.parse(String(request.headers['if-modified-since'] ?? ''));
        const unchanged = request.headers['if-none-match'] ? request.headers['if-none-match'] === etag : Number.isFinite(since) && lastModified.getTime() <= since;
        if (unchanged) {
          log(304);
          response.writeHead(304, { etag, 'last-modified': headers['last-modified'] });
          response.end();
          return;
        }
      }
      log(200);
      if (fault === 'truncated') {
        response.writeHead(200, { ...headers, 'content-length': body.length });
        response.write(body.subarray(0, Math.floor(body.length / 2)), () => request.socket.destroy());
        return;
      }
      if (fault === 'cut') {
        response.writeHead(200, headers);
        response.end(body.subarray(0, Math.floor(body.length / 2)));
        return;
      }
      response.writeHead(200, { ...headers, 'content-length': body.length });
      response.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('fixture server: no port');
    origins[site] = `http://127.0.0.1:${address.port}`;
    servers.push(server);
  }
  return {
    origins,
    requests,
    faults,
    maxOpen: (site) => maxOpen.get(site) ?? 0,
    close: () =>
      Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      ).then(() => undefined),
  };
}

/**
 * The shipped sources.json with every source pointed at its fixture site
 * (same paths, fixture origin) and politeness delays set low for tests.
 */
export function fixtureConfig(origins: Record<string, string>, settings: Record<string, unknown> = {}): unknown {
  const config = JSON.parse(readFileSync(join(REPO_ROOT, 'sources.json'), 'utf8')) as { settings?: Record<string, unknown>; sources: Array<{ id: string; url: string; listing: { urls: string[] } }> };
  const rebase = (id: string, url: string) => {
    const origin = origins[id];
    if (!origin) throw new Error(`fixture server: no fixture site for source ${id}`);
    const parsed = new URL(url);
    return `${origin}${parsed.pathname}${parsed.search}`;
  };
  for (const source of config.sources) {
    source.url = rebase(source.id, source.url);
    source.listing.urls = source.listing.urls.map((url) => rebase(source.id, url));
  }
  config.settings = { ...config.settings, delayMs: 5, retryBackoffMs: 10, timeoutMs: 5000, ...settings };
  return config;
}

/**
 * An origin on 127.0.0.1 with nothing listening: a site that is down. Port 2 is privileged, so no test's
 * server (each listens on an ephemeral port) is ever found there; unlike port 1, fetch does not refuse it.
 * A port freed by a closed server could be taken by another test file's server running alongside.
 */
export async function deadOrigin(): Promise<string> {
  const origin = 'http://127.0.0.1:2';
  const refused = await new Promise<boolean>((resolve) => {
    const socket = connect(2, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
  if (!refused) throw new Error(`fixture server: something listens on ${origin}, which the tests use as a site that is down`);
  return origin;
}
