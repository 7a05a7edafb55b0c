/**
 * Serves the fixture sites of test/fixtures/sites/<id>/ on 127.0.0.1, one
 * ephemeral port per site, so each site is its own host as in real life.
 * Every site has a `site.json`: its routes (path + query → file), the
 * Content-Type it is served with and the encoding of its bytes. `{{origin}}`
 * in a file becomes the site's own origin. Every request is logged, so tests
 * can count requests, check the User-Agent and robots.txt obedience.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
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

interface SiteManifest {
  encoding: string;
  contentType: string;
  routes: Record<string, string>;
}

export interface LoggedRequest {
  site: string;
  method: string;
  path: string;
  userAgent: string;
  status: number;
  /** When the request arrived (ms since epoch) and how many requests to this site were open at that moment, itself included. */
  at: number;
  openAtArrival: number;
}

/** A fault served instead of the page, once each, in order: `503` (Retry-After: 0), `429` (Retry-After: 1), `slow` (answers after 3 s). */
export type Fault = '503' | '429' | 'slow';

export interface FixtureServer {
  /** Site id → origin, e.g. "http://127.0.0.1:41234". */
  origins: Record<string, string>;
  requests: LoggedRequest[];
  /** Site id → path (with query) → faults still to serve for it. */
  faults: Record<string, Record<string, Fault[]>>;
  /** The most requests one site had open at once. */
  maxOpen(site: string): number;
  close(): Promise<void>;
}

const TRACKING = /^(utm_[a-z]+|fbclid|gclid)$/i;

/** `root` is the folder holding one folder per site; tests copy it to edit pages. */
export async function startFixtureServer(root: string = FIXTURE_SITES): Promise<FixtureServer> {
  const requests: LoggedRequest[] = [];
  const servers: Server[] = [];
  const origins: Record<string, string> = {};
  const faults: Record<string, Record<string, Fault[]>> = {};
  const open = new Map<string, number>();
  const maxOpen = new Map<string, number>();
  for (const site of readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name)) {
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
      const file = manifest.routes[route];
      const fault = faults[site]?.[route]?.shift();
      const status = fault === '503' ? 503 : fault === '429' ? 429 : file ? 200 : 404;
      requests.push({ site, method: request.method ?? 'GET', path: request.url ?? '/', userAgent: request.headers['user-agent'] ?? '', status, at: Date.now(), openAtArrival: openNow });
      if (fault === '503' || fault === '429') {
        response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'retry-after': fault === '503' ? '0' : '1' });
        response.end('<html><body><h1>Serwis chwilowo niedostępny</h1></body></html>');
        return;
      }
      if (fault === 'slow') {
        const timer = setTimeout(() => response.end(), 3000);
        response.on('close', () => clearTimeout(timer));
        response.writeHead(200, { 'content-type': manifest.contentType });
        return;
      }
      if (!file) {
        response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
        response.end('<!DOCTYPE html><html><head><title>404</title></head><body><h1>Nie znaleziono strony</h1></body></html>');
        return;
      }
      const text = readFileSync(join(root, site, file), 'utf8').replaceAll('{{origin}}', origin);
      const isRobots = file.endsWith('.txt');
      response.writeHead(200, { 'content-type': isRobots ? 'text/plain; charset=utf-8' : manifest.contentType });
      response.end(isRobots ? text : iconv.encode(text, manifest.encoding));
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
    close: () => Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())))).then(() => undefined),
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

/** An origin on 127.0.0.1 with nothing listening: a site that is down. */
export async function deadOrigin(): Promise<string> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
