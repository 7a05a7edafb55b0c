/**
 * `opsfeed probe` through the real CLI against the fixture families over
 * real HTTP: the entry it prints, pasted into a sources.json, crawls each
 * site with the figures of the zero-config test; pages that are not
 * listings are named plainly, with an exit code.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeReport } from '../../src/probe.js';
import type { Item } from '../../src/store/types.js';
import { runCli } from '../support/cli.js';
import { REPO_ROOT, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { FAMILY_SITES, countFamily, families, formatRow, scores, sumCounts } from '../support/families.js';

let server: FixtureServer;
let hostile: FixtureServer;
let work: string;
let politeConfig: string;
const reports = new Map<string, ProbeReport>();
const probeJson = async (url: string) => {
  const result = await runCli(['probe', url, '--json', '--config', politeConfig]);
  return { ...result, report: result.stdout ? (JSON.parse(result.stdout) as ProbeReport) : null };
};

beforeAll(async () => {
  [server, hostile] = await Promise.all([startFixtureServer(FAMILY_SITES), startFixtureServer(join(REPO_ROOT, 'test', 'fixtures', 'hostile'))]);
  work = mkdtempSync(join(tmpdir(), 'opsfeed-probe-'));
  // Probe reads the politeness settings of the sources file: short pauses for the loopback fixture servers.
  politeConfig = join(work, 'settings.json');
  const settings = { delayMs: 5, retryBackoffMs: 10, timeoutMs: 20_000 };
  writeFileSync(politeConfig, JSON.stringify({ settings, sources: [{ id: 'placeholder', name: 'placeholder', url: 'http://127.0.0.1/' }] }));
  // Three probes at a time: twelve Node processes at once would starve a two-core machine.
  const queue = [...families()];
  await Promise.all(
    [1, 2, 3].map(async () => {
      for (let family = queue.shift(); family; family = queue.shift()) {
        const { code, report, stderr } = await probeJson(`${server.origins[family.id]}${family.listing}`);
        expect({ family: family.id, code, stderr }).toEqual({ family: family.id, code: 0, stderr: '' });
        reports.set(family.id, report!);
      }
    }),
  );
}, 120_000);

afterAll(async () => {
  await Promise.all([server?.close(), hostile?.close()]);
});

describe('probe on the fixture families', () => {
  it('recognises each listing, its platform and the next page, and reads the first articles', () => {
    const platforms = Object.fromEntries([...reports].map(([id, report]) => [id, report.platform]));
    expect(platforms).toEqual({
      'wp-yoast': 'wordpress',
      drupal7: 'drupal',
      joomla3: 'joomla',
      bip: 'bip',
      'city-portal': null,
      'gmina-portal': null,
      'legacy-1250': null,
      latin2: null,
      'roman-months': null,
      'no-dates-listing': null,
      'script-listing': null,
      'listing-dates-only': null,
    });
    for (const family of families()) {
      const report = reports.get(family.id)!;
      expect(report.verdict).toBe('listing');
      expect(report.listing.items).toBeGreaterThanOrEqual(2);
      // A listing drawn by a script is read from the site's feed, which has no pages.
      if (family.id === 'script-listing') expect(report.listing.extractedBy).toBe('feed');
      // A one-page listing: no pager, said as a warning.
      else if (family.id === 'listing-dates-only') expect(report.warnings).toContain('pagination not found: only this page of the listing will be read (fine for a short listing)');
      else expect(report.listing.nextPageUrl).not.toBeNull();
      expect(report.articles).toHaveLength(3);
      for (const article of report.articles) {
        expect({ url: article.url, error: article.error }).toEqual({ url: article.url, error: null });
        const expected = family.items.find((item) => new URL(article.url).pathname + new URL(article.url).search === item.path)!;
        expect({ title: article.title.value, published: article.published.value }).toEqual({ title: expected.title, published: expected.published });
        expect(article.title.layer).not.toBeNull();
      }
    }
  });

  it("names the site's own feed and says when it is truncated", () => {
    const wordpress = reports.get('wp-yoast')!;
    expect(wordpress.endpoints.feeds).toEqual([{ url: `${server.origins['wp-yoast']}/feed/`, type: 'application/rss+xml', items: 3, onListing: 3 }]);
    expect(wordpress.endpoints.wpRest).toBe(`${server.origins['wp-yoast']}/wp-json/wp/v2/posts`);
    expect(wordpress.endpoints.sitemaps).toEqual([`${server.origins['wp-yoast']}/wp-sitemap.xml`]);
    expect(wordpress.warnings.some((warning) => /lists 3 items, the listing's first page 4: the feed is truncated/.test(warning))).toBe(true);
  });

  it('prints entries that, pasted into sources.json, crawl every family with the zero-config figures', async () => {
    const entries = families().map((family) => reports.get(family.id)!.entry!);
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(entries.length);
    const config = join(work, 'sources.json');
    writeFileSync(config, JSON.stringify({ settings: { delayMs: 5, retryBackoffMs: 10, timeoutMs: 5000 }, sources: entries }));
    expect((await runCli(['check', '--config', config])).code).toBe(0);
    const crawl = await runCli(['crawl', '--config', config, '--db', join(work, 'db.sqlite'), '--out', join(work, 'out')]);
    expect(crawl.code).toBe(0);
    const { items } = JSON.parse(readFileSync(join(work, 'out', 'items.json'), 'utf8')) as { items: Item[] };
    const counts = families().map((family, index) => countFamily(family, items.filter((item) => item.source.id === entries[index]!.id)));
    const total = sumCounts(counts);
    console.log(['crawled from the entries probe printed:', ...families().map((family, index) => formatRow(family.id, counts[index]!)), formatRow('all', total), ...total.misses].join('\n'));
    const figures = scores(total);
    expect(figures.recall).toBeGreaterThanOrEqual(0.95);
    expect(figures.precision).toBeGreaterThanOrEqual(0.98);
    expect(figures.title).toBeGreaterThanOrEqual(0.98);
    expect(figures.date).toBeGreaterThanOrEqual(0.98);
    expect(figures.author).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});

describe('probe on pages that are not listings', () => {
  it('an article: says so and points to its listing', async () => {
    const family = families().find((f) => f.id === 'city-portal')!;
    const { code, report } = await probeJson(`${server.origins['city-portal']}${family.items[0]!.path}`);
    expect(code).toBe(1);
    expect(report!.verdict).toBe('article');
    expect(report!.message).toContain(`a single article ("${family.items[0]!.title}"), not a news listing`);
    expect(report!.suggestions[0]).toContain(`${server.origins['city-portal']}/aktualnosci`);
    expect(report!.entry).toBeNull();
  });

  it('a 404, a PDF and a login page: one plain line each, exit 1, no entry', async () => {
    const origin = hostile.origins.hostile!;
    const cases = [
      { path: '/nie-ma-takiej-strony', verdict: 'unreachable', line: /: HTTP 404: no page at this address$/m },
      { path: '/aktualnosci/dokument.html', verdict: 'not-html', line: /: not an HTML page \(application\/pdf\)/m },
      { path: '/aktualnosci/logowanie.html', verdict: 'login', line: /: a login page, not a news listing/m },
    ];
    for (const { path, verdict, line } of cases) {
      const { code, report } = await probeJson(`${origin}${path}`);
      expect({ path, code, verdict: report!.verdict, entry: report!.entry }).toEqual({ path, code: 1, verdict, entry: null });
      const text = await runCli(['probe', `${origin}${path}`, '--config', politeConfig]);
      expect(text.stdout).toMatch(line);
    }
  });

  it('a missing or malformed address is a usage error (exit 2)', async () => {
    expect(await runCli(['probe'])).toMatchObject({ code: 2, stderr: expect.stringContaining('probe: give the address of a news listing') });
    expect(await runCli(['probe', 'mops.example.pl/aktualnosci'])).toMatchObject({ code: 2, stderr: expect.stringContaining('is not an http(s) address') });
  });
});
