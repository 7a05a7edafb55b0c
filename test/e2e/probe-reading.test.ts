/**
 * `opsfeed probe` reads a page by the crawl's own path and judges it by the
 * crawl's listing detection, in process over real HTTP on 127.0.0.1
 * (test/fixtures/probe/: a gmina and a powiat home page with a news block
 * beside a long welcome text or a static article, and their articles): the
 * home pages are listings, an article with a "Zobacz także" block is an
 * article, a page cut short, too large or nested too deep is refused in the
 * crawl's words, and probe and a crawl of the same page find the same
 * articles and read them alike.
 */
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { crawlPass, type SourceReport } from '../../src/pipeline.js';
import { probe, type ProbeReport } from '../../src/probe.js';
import { Store } from '../../src/store/store.js';
import type { Item } from '../../src/store/types.js';
import { REPO_ROOT, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { FAMILY_SITES, families } from '../support/families.js';

const SETTINGS = { delayMs: 0, timeoutMs: 10_000, maxRetries: 0, retryBackoffMs: 10 };
const GMINA_ARTICLES = [
  '/aktualnosci/412,nabor-wnioskow-o-dodatek-oslonowy.html',
  '/aktualnosci/409,harmonogram-odbioru-odpadow-wielkogabarytowych.html',
  '/aktualnosci/405,spotkanie-z-mieszkancami-solectwa-olszynki.html',
  '/aktualnosci/401,dyzur-punktu-nieodplatnej-pomocy-prawnej.html',
  '/aktualnosci/398,zebranie-wiejskie-w-lipowej-woli.html',
];
const POWIAT_ARTICLES = [
  '/komunikaty/1187/zmiana-organizacji-ruchu-na-drodze-powiatowej',
  '/komunikaty/1184/dyzury-rzecznika-konsumentow',
  '/komunikaty/1180/nabor-do-programu-aktywny-samorzad',
  '/komunikaty/1176/przerwa-w-pracy-wydzialu-komunikacji',
];

let sites: FixtureServer;
let familySites: FixtureServer;
let broken: FixtureServer;
let work: string;

/** Generated pages no crawl reads: cut off before </body></html>, 10 MB, and markup nested 10,000 deep. */
function writeBrokenSite(root: string): void {
  const dir = join(root, 'zepsute');
  mkdirSync(dir, { recursive: true });
  const paragraph = '<p>Gminny Ośrodek Pomocy Społecznej przypomina o terminach składania wniosków o świadczenia rodzinne. </p>';
  const page = (title: string, body: string) => `<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
  const cut = page('Aktualności', paragraph.repeat(5));
  writeFileSync(join(dir, 'ucieta.html'), cut.slice(0, cut.indexOf('</body>') - 40));
  writeFileSync(join(dir, 'ogromna.html'), page('Aktualności', paragraph.repeat(Math.ceil((10 * 1024 * 1024) / paragraph.length))));
  writeFileSync(join(dir, 'zagniezdzona.html'), page('Aktualności', `${'<div>'.repeat(10_000)}${paragraph}${'</div>'.repeat(10_000)}`));
  const routes = { '/aktualnosci/ucieta.html': 'ucieta.html', '/aktualnosci/ogromna.html': 'ogromna.html', '/aktualnosci/zagniezdzona.html': 'zagniezdzona.html' };
  writeFileSync(join(dir, 'site.json'), JSON.stringify({ encoding: 'utf-8', contentType: 'text/html; charset=utf-8', routes }));
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'opsfeed-probe-reading-'));
  writeBrokenSite(join(work, 'sites'));
  [sites, familySites, broken] = await Promise.all([startFixtureServer(join(REPO_ROOT, 'test', 'fixtures', 'probe')), startFixtureServer(FAMILY_SITES), startFixtureServer(join(work, 'sites'))]);
});

afterAll(async () => {
  await Promise.all([sites?.close(), familySites?.close(), broken?.close()]);
});

const probeOf = (url: string, articles = 0) => probe(url, { articles, settings: SETTINGS });

/** One source given only id, name and url, crawled into a fresh store: its report and items, and the paths it requested. */
async function crawlOne(server: FixtureServer, source: { id: string; name: string; url: string }): Promise<{ report: SourceReport; items: Item[]; paths: string[] }> {
  const store = new Store(join(mkdtempSync(join(work, 'crawl-')), 'db.sqlite'));
  const before = server.requests.length;
  try {
    const [report] = await crawlPass(parseConfig({ settings: SETTINGS, sources: [source] }), store);
    return { report: report!, items: [...store.items({ sourceId: source.id })], paths: server.requests.slice(before).map((request) => request.path) };
  } finally {
    store.close();
  }
}

const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;

describe('a home page with a news block beside a long text', () => {
  it("a gmina's welcome text and news block: a listing of the news", async () => {
    const origin = sites.origins['gmina-home']!;
    const report = await probeOf(`${origin}/`);
    expect(report.verdict).toBe('listing');
    expect(report.message).toMatch(/^a news listing with \d+ items \(found by heuristic\)$/);
    expect(report.listing.urls.map(pathOf)).toEqual(expect.arrayContaining(GMINA_ARTICLES));
    expect(report.entry).toEqual({ id: expect.any(String), name: 'Gmina Stare Olszyny', url: `${origin}/` });
  });

  it("a powiat's static article and a column of notices beside it: a listing of the notices", async () => {
    const origin = sites.origins['powiat-home']!;
    const report = await probeOf(`${origin}/`);
    expect(report.verdict).toBe('listing');
    expect(report.listing.urls.map(pathOf)).toEqual(POWIAT_ARTICLES);
    expect(report.entry).not.toBeNull();
  });
});

describe('an article page', () => {
  it('with a "Zobacz także" block of other stories: an article, pointing to its listing', async () => {
    const origin = sites.origins['gmina-home']!;
    const report = await probeOf(`${origin}${GMINA_ARTICLES[2]}`);
    expect(report.verdict).toBe('article');
    expect(report.message).toBe('a single article ("Spotkanie z mieszkańcami sołectwa Olszynki"), not a news listing: give the address of the list of news it belongs to');
    expect(report.suggestions[0]).toBe(`try ${origin}/aktualnosci.html (the page's breadcrumb)`);
    expect(report.listing.items).toBe(0);
    expect(report.entry).toBeNull();
  });

  it('without links to other stories: an article', async () => {
    const report = await probeOf(`${sites.origins['powiat-home']}${POWIAT_ARTICLES[1]}`);
    expect(report.verdict).toBe('article');
    expect(report.message).toContain('a single article ("Dyżury Powiatowego Rzecznika Konsumentów w maju")');
  });
});

describe('a page the crawl does not read', () => {
  it.each([
    ['cut short in transit', '/aktualnosci/ucieta.html', /^truncated page: \d+ characters, the HTML stops before <\/body><\/html>$/],
    ['larger than 5 MB', '/aktualnosci/ogromna.html', /^page larger than 5 MB: not read$/],
    ['nested too deep', '/aktualnosci/zagniezdzona.html', /^markup nested more than 1000 levels deep: not read$/],
  ])('%s: refused, in the words of the crawl', async (_case, path, words) => {
    const url = `${broken.origins.zepsute}${path}`;
    const report = await probeOf(url);
    expect({ verdict: report.verdict, entry: report.entry }).toEqual({ verdict: 'unreadable', entry: null });
    expect(report.message).toMatch(words);
    const { report: crawl } = await crawlOne(broken, { id: 'zepsute', name: 'Zepsute', url });
    expect(crawl.error).toBe(`listing ${url}: ${report.message}`);
  });
});

describe('probe and the crawl on the same listing', () => {
  /** Probe with every article read, then a crawl of the entry it prints, given only id, name and url. */
  async function both(server: FixtureServer, url: string): Promise<{ probed: ProbeReport; crawled: Awaited<ReturnType<typeof crawlOne>> }> {
    const probed = await probeOf(url, 50);
    expect(probed.verdict).toBe('listing');
    const { id, name } = probed.entry!;
    return { probed, crawled: await crawlOne(server, { id, name, url }) };
  }

  it('find the same articles on a home page, and read them alike', async () => {
    const origin = sites.origins['gmina-home']!;
    const { probed, crawled } = await both(sites, `${origin}/`);
    const fetched = crawled.paths.filter((path) => path !== '/' && path !== '/robots.txt');
    expect(new Set(fetched)).toEqual(new Set(probed.listing.urls.map(pathOf)));
    const read = (items: Array<{ url: string; title: string | null; published: string | null; author: string | null }>) =>
      Object.fromEntries(items.map((item) => [pathOf(item.url), { title: item.title, published: item.published, author: item.author }]));
    const probedArticles = probed.articles.filter((article) => !article.error).map((article) => ({ url: article.url, title: article.title.value, published: article.published.value, author: article.author.value }));
    expect(read(probedArticles)).toEqual(read(crawled.items));
    expect(Object.keys(read(crawled.items)).sort()).toEqual([...GMINA_ARTICLES].sort());
  });

  it("find the same articles through the site's feed when a script draws the teasers", async () => {
    const family = families().find((candidate) => candidate.id === 'script-listing')!;
    const { probed, crawled } = await both(familySites, `${familySites.origins[family.id]}${family.listing}`);
    expect(probed.listing.extractedBy).toBe('feed');
    const feeds = probed.endpoints.feeds.map((feed) => pathOf(feed.url));
    const fetched = crawled.paths.filter((path) => path !== family.listing && path !== '/robots.txt' && !feeds.includes(path));
    expect(new Set(fetched)).toEqual(new Set(probed.listing.urls.map(pathOf)));
    expect(crawled.items.map((item) => pathOf(item.url)).sort()).toEqual(family.items.map((item) => item.path).sort());
  });
});
