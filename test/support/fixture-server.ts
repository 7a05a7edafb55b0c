/**
 * Serves the fixture sites of test/fixtures/sites/<id>/ on 127.0.0.1, one
 * ephemeral port per site, so each site is its own host as in real life.
 * Every site has a `site.json`: its routes (path + query → file), the
 * Content-Type it is served with and the encoding of its bytes. `{{origin}}`
 * in a file becomes the site's own origin. Every request is logged, so tests
 * can count requests, check the User-Agent and robots.txt obedience.
 */
import { createServer, type Server } from 'node:http';
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
}

export interface FixtureServer {
  /** Site id → origin, e.g. "http://127.0.0.1:41234". */
  origins: Record<string, string>;
  requests: LoggedRequest[];
  close(): Promise<void>;
}

const TRACKING = /^(utm_[a-z]+|fbclid|gclid)$/i;

/** `root` is the folder holding one folder per site; tests copy it to edit pages. */
export async function startFixtureServer(root: string = FIXTURE_SITES): Promise<FixtureServer> {
  const requests: LoggedRequest[] = [];
  const servers: Server[] = [];
  const origins: Record<string, string> = {};
  for (const site of readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name)) {
    const server = createServer((request, response) => {
      const origin = origins[site]!;
      const manifest = JSON.parse(readFileSync(join(root, site, 'site.json'), 'utf8')) as SiteManifest;
      const url = new URL(request.url ?? '/', origin);
      for (const key of [...url.searchParams.keys()]) if (TRACKING.test(key)) url.searchParams.delete(key);
      const file = manifest.routes[`${url.pathname}${url.search}`];
      const status = file ? 200 : 404;
      requests.push({ site, method: request.method ?? 'GET', path: request.url ?? '/', userAgent: request.headers['user-agent'] ?? '', status });
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
    close: () => Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())))).then(() => undefined),
  };
}

/**
 * A copy of a sources file with every source pointed at its fixture site
 * (same paths, fixture origin) and politeness delays set low for tests.
 */
export function fixtureConfig(sourcesJson: string, origins: Record<string, string>, settings: Record<string, unknown> = {}): unknown {
  const config = JSON.parse(sourcesJson) as { settings?: Record<string, unknown>; sources: Array<{ id: string; url: string; listing: { urls: string[] } }> };
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
