/**
 * The crawl stage over real HTTP against the fixture sites (in-process, real
 * SQLite): retries and their limits, politeness per host, backfill, and one
 * item for two URLs of one article.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { crawlPass } from '../../src/pipeline.js';
import { Store } from '../../src/store/store.js';
import { fixtureConfig, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const GOPS_ARTICLE = '/aktualnosci/401,wypozyczalnia-sprzetu-pielegnacyjno-wspomagajacego.html';

let server: FixtureServer;
let store: Store;

beforeEach(async () => {
  server = await startFixtureServer();
  store = new Store(join(mkdtempSync(join(tmpdir(), 'opsfeed-crawl-')), 'db.sqlite'));
});

afterEach(async () => {
  store.close();
  await server.close();
});

const configWith = (settings: Record<string, unknown> = {}) => parseConfig(fixtureConfig(server.origins, settings));
const visits = (site: string, path: string) => server.requests.filter((request) => request.site === site && request.path === path);

describe('retries', () => {
  it('retries 5xx, 429 and timeouts until the page arrives, and stores it', async () => {
    server.faults['gops-michalowice'] = { [GOPS_ARTICLE]: ['503', 'slow', '429'] };
    const [report] = await crawlPass(configWith({ timeoutMs: 1000, maxRetries: 3 }), store, { sourceIds: ['gops-michalowice'] });
    expect(report).toMatchObject({ ok: true, new: 6, failed: 0 });
    expect(visits('gops-michalowice', GOPS_ARTICLE).map((request) => request.status)).toEqual([503, 200, 429, 200]);
  });

  it('gives up after maxRetries and names the page, keeping the rest of the source', async () => {
    server.faults['gops-michalowice'] = { [GOPS_ARTICLE]: ['503', '503', '503'] };
    const [report] = await crawlPass(configWith({ maxRetries: 2 }), store, { sourceIds: ['gops-michalowice'] });
    expect(report).toMatchObject({ ok: true, new: 5, failed: 1 });
    expect(report!.warnings.join('\n')).toContain(`${GOPS_ARTICLE}: 503`);
    expect(visits('gops-michalowice', GOPS_ARTICLE)).toHaveLength(3);
  });

  it('retries a body cut short (by a lost connection or mid-HTML) and a reset connection, and stores the whole page', async () => {
    server.faults['gops-michalowice'] = { [GOPS_ARTICLE]: ['truncated', 'cut', 'reset'] };
    const [report] = await crawlPass(configWith({ maxRetries: 3 }), store, { sourceIds: ['gops-michalowice'] });
    expect(report).toMatchObject({ ok: true, new: 6, failed: 0 });
    expect(visits('gops-michalowice', GOPS_ARTICLE).map((request) => request.fault ?? 'ok')).toEqual(['truncated', 'cut', 'reset', 'ok']);
    const item = [...store.items()].find((stored) => stored.title === 'Wypożyczalnia sprzętu pielęgnacyjno-wspomagającego')!;
    expect(item.contentText).toMatch(/podnośniki/);
    expect(item.contentText.length).toBeGreaterThan(300);
  });

  it('stops a redirect loop at once with a clear reason, without retrying it', async () => {
    server.faults['gops-michalowice'] = { [GOPS_ARTICLE]: ['redirect-loop'] };
    const [report] = await crawlPass(configWith({ maxRetries: 3 }), store, { sourceIds: ['gops-michalowice'] });
    expect(report).toMatchObject({ ok: true, new: 5, failed: 1 });
    expect(report!.warnings.join('\n')).toMatch(new RegExp(`${GOPS_ARTICLE.replace(/[.?]/g, '\\$&')}: Redirected 10 times`));
    // The first request and got's ten redirects; no retry of the loop.
    expect(visits('gops-michalowice', GOPS_ARTICLE)).toHaveLength(11);
  });

  it('stops a source at its run budget, names it, and walks the whole listing next time', async () => {
    const [over] = await crawlPass(configWith({ delayMs: 400, runBudgetSeconds: 1 }), store, { sourceIds: ['mops-krakow'] });
    expect(over).toMatchObject({ ok: false, error: expect.stringMatching(/^run budget of 1 s used up after \d+ pages; the rest waits for the next run$/) });
    server.requests.length = 0;
    const [next] = await crawlPass(configWith(), store, { sourceIds: ['mops-krakow'] });
    expect(next).toMatchObject({ ok: true, failed: 0 });
    expect([...store.items({ sourceId: 'mops-krakow' })]).toHaveLength(7);
    expect(server.requests.filter((request) => request.conditional)).toEqual([]);
  });

  it('never retries a 404', async () => {
    const config = configWith();
    const gmina = config.sources.find((source) => source.id === 'michalowice-gmina')!;
    gmina.listing.urls = [`${server.origins['michalowice-gmina']}/dzieje-sie/aktualnosci/archiwum`];
    const [report] = await crawlPass(config, store, { sourceIds: ['michalowice-gmina'] });
    expect(report).toMatchObject({ ok: false, error: expect.stringMatching(/archiwum: HTTP 404$/) });
    expect(visits('michalowice-gmina', '/dzieje-sie/aktualnosci/archiwum')).toHaveLength(1);
  });
});

describe('several listing URLs', () => {
  it('a source fails only when none of its listings can be read; a broken one is a warning', async () => {
    const config = configWith();
    const gmina = config.sources.find((source) => source.id === 'michalowice-gmina')!;
    gmina.listing.urls = [...gmina.listing.urls, `${server.origins['michalowice-gmina']}/dzieje-sie/aktualnosci/ogloszenia`];
    const [report] = await crawlPass(config, store, { sourceIds: ['michalowice-gmina'] });
    expect(report).toMatchObject({ ok: true, new: 6, failed: 1 });
    expect(report!.warnings).toContainEqual(expect.stringMatching(/^listing http:.*\/ogloszenia: HTTP 404$/));
  });
});

describe('politeness', () => {
  it('keeps one request at a time per host and the configured pause between them', async () => {
    const delayMs = 120;
    await crawlPass(configWith({ delayMs }), store, { sourceIds: ['mops-krakow', 'mops-sopot'] });
    for (const site of ['mops-krakow', 'mops-sopot']) {
      const own = server.requests.filter((request) => request.site === site);
      expect(own.length).toBeGreaterThan(5);
      expect(server.maxOpen(site)).toBe(1);
      // Timers may fire a millisecond early; the pause is a lower bound, not a timing target.
      for (let i = 1; i < own.length; i++) expect(own[i]!.at - own[i - 1]!.at).toBeGreaterThanOrEqual(delayMs - 5);
    }
  });
});

describe('incremental crawling and backfill', () => {
  it('an incremental crawl stops at known items; --backfill walks every listing page again', async () => {
    await crawlPass(configWith(), store, { sourceIds: ['mops-krakow'] });
    const listings = () => server.requests.filter((request) => request.site === 'mops-krakow' && request.path.startsWith('/aktualnosci')).map((request) => request.path);
    expect(listings()).toEqual(['/aktualnosci', '/aktualnosci?page=1', '/aktualnosci?page=2']);

    server.requests.length = 0;
    await crawlPass(configWith(), store, { sourceIds: ['mops-krakow'] });
    expect(server.requests.map((request) => [request.path, request.conditional, request.status])).toEqual([['/aktualnosci', true, 304]]);

    // Backfill reads every listing page in full (no conditional request) but fetches no stored article again.
    server.requests.length = 0;
    const [report] = await crawlPass(configWith(), store, { sourceIds: ['mops-krakow'], backfill: true });
    expect(listings()).toEqual(['/aktualnosci', '/aktualnosci?page=1', '/aktualnosci?page=2']);
    expect(server.requests.filter((request) => request.conditional)).toEqual([]);
    expect(server.requests.filter((request) => request.path.includes('artykul'))).toEqual([]);
    expect(report).toMatchObject({ ok: true, new: 0, updated: 0, unchanged: 0, failed: 0 });
  });
});

describe('asking whether a listing changed', () => {
  const LISTING = '/aktualnosci';
  const listingVisits = () => visits('mops-krakow', LISTING).map((request) => [request.conditional, request.status]);

  it('reads a changed listing from the answer to its conditional request, without fetching it twice', async () => {
    await crawlPass(configWith(), store, { sourceIds: ['mops-krakow'] });
    // Validators the server no longer matches: the listing "changed" since the last run.
    const url = `${server.origins['mops-krakow']}${LISTING}`;
    store.saveHttpValidators([{ url, etag: '"an-older-version"', lastModified: null }], new Date().toISOString());
    server.requests.length = 0;
    const [report] = await crawlPass(configWith(), store, { sourceIds: ['mops-krakow'] });
    expect(report).toMatchObject({ ok: true, new: 0, failed: 0 });
    // One request: answered 200, read, and nothing new on it, so no further page.
    expect(server.requests.map((request) => [request.path, request.conditional, request.status])).toEqual([[LISTING, true, 200]]);
    // Its new validators are kept: the next run gets 304.
    server.requests.length = 0;
    await crawlPass(configWith(), store, { sourceIds: ['mops-krakow'] });
    expect(listingVisits()).toEqual([[true, 304]]);
  });

  it('a listing that fails the conditional request is retried by the crawler, with no attempt more than maxRetries allows', async () => {
    await crawlPass(configWith(), store, { sourceIds: ['mops-krakow'] });
    server.requests.length = 0;
    server.faults['mops-krakow'] = { [LISTING]: ['503'] };
    const [recovered] = await crawlPass(configWith({ maxRetries: 2 }), store, { sourceIds: ['mops-krakow'] });
    expect(recovered).toMatchObject({ ok: true, failed: 0 });
    expect(listingVisits()).toEqual([[true, 503], [true, 304]]);

    server.requests.length = 0;
    server.faults['mops-krakow'] = { [LISTING]: ['503', '503', '503', '503'] };
    const [failed] = await crawlPass(configWith({ maxRetries: 2 }), store, { sourceIds: ['mops-krakow'] });
    expect(failed).toMatchObject({ ok: false, error: expect.stringMatching(/aktualnosci: .*503/) });
    expect(listingVisits()).toEqual([[true, 503], [true, 503], [true, 503]]);

    // With no retries configured, the failed conditional request is the only one (after a clean run, as it needs validators).
    await crawlPass(configWith(), store, { sourceIds: ['mops-krakow'] });
    server.requests.length = 0;
    server.faults['mops-krakow'] = { [LISTING]: ['503'] };
    const [once] = await crawlPass(configWith({ maxRetries: 0 }), store, { sourceIds: ['mops-krakow'] });
    expect(once).toMatchObject({ ok: false, error: expect.stringMatching(/aktualnosci: HTTP 503$/) });
    expect(listingVisits()).toEqual([[true, 503]]);
  });
});

describe('one article, two URLs', () => {
  it('a WordPress shortlink (?p=) and its permalink are one item under the canonical URL', async () => {
    await crawlPass(configWith(), store, { sourceIds: ['mops-sopot'] });
    expect(visits('mops-sopot', '/?p=1911')).toHaveLength(1);
    const items = [...store.items({ sourceId: 'mops-sopot' })];
    const summer = items.filter((item) => item.title === 'Letni wypoczynek dla dzieci z sopockich rodzin');
    expect(summer).toHaveLength(1);
    expect(summer[0]!.url).toBe(`${server.origins['mops-sopot']}/letni-wypoczynek-dzieci-2016/`);

    // Reached later by its permalink, it is the same item.
    const [again] = await crawlPass(configWith(), store, { sourceIds: ['mops-sopot'], backfill: true });
    expect(again).toMatchObject({ new: 0 });
    expect([...store.items({ sourceId: 'mops-sopot' })]).toHaveLength(6);
  });
});

describe('a stop', () => {
  it('ends the crawl whenever it comes, even before the crawler has started; what was stored stays whole', async () => {
    const config = configWith({ delayMs: 0 });
    await crawlPass(config, store, { sourceIds: ['gops-michalowice'] });
    const stored = store.countItems();
    // From a stop before the first request to one in the middle of the pages: each pass must end, none may hang.
    for (const delayMs of [0, 1, 2, 4, 8, 16, 32]) {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), delayMs);
      const ended = await Promise.race([
        crawlPass(config, store, { sourceIds: ['gops-michalowice'], backfill: true, signal: controller.signal }).then(() => 'ended'),
        new Promise((resolve) => setTimeout(() => resolve(`still running 10 s after a stop at ${delayMs} ms`), 10_000)),
      ]);
      expect(ended).toBe('ended');
    }
    expect(store.countItems()).toBe(stored);
  });
});
