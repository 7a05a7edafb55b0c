/**
 * Source health end to end: a source whose configured selector stops
 * matching after a redesign, and a source whose site goes down, are reported
 * in status.json, in the status feed and by `opsfeed status`.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceHealth } from '../../src/publish/status.js';
import { closeServer, createOpsfeedServer, listen } from '../../src/serve/server.js';
import { Store } from '../../src/store/store.js';
import { runCli } from '../support/cli.js';
import { FIXTURE_SITES, deadOrigin, fixtureConfig, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

let server: FixtureServer;
let work: string;
let sites: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'opsfeed-health-'));
  sites = join(work, 'sites');
  cpSync(FIXTURE_SITES, sites, { recursive: true });
  server = await startFixtureServer(sites);
});

/** The GOPS site's redesign: article headlines lose the class the configured selector names. */
function redesignGopsArticles(): void {
  const site = join(sites, 'gops-michalowice');
  for (const file of readdirSync(site).filter((name) => name.startsWith('artykul-'))) {
    const html = readFileSync(join(site, file), 'utf8');
    writeFileSync(join(site, file), html.replace('<h1 class="tytul">', '<h1 class="naglowek-artykulu">'));
  }
}

afterAll(async () => {
  await server?.close();
});

describe('source health', () => {
  it('reports a selector broken by a redesign, and a site that went down, as warnings everywhere', async () => {
    const db = join(work, 'db.sqlite');
    const out = join(work, 'output');
    const crawl = (config: unknown, name: string) => {
      const path = join(work, name);
      writeFileSync(path, JSON.stringify(config));
      return runCli(['crawl', '--config', path, '--db', db, '--out', out]);
    };
    expect((await crawl(fixtureConfig(server.origins), 'healthy.json')).code).toBe(0);
    const healthy = JSON.parse(readFileSync(join(out, 'status.json'), 'utf8')) as { sources: SourceHealth[] };
    expect(healthy.sources.map((source) => [source.id, source.state])).toEqual([
      ['gops-michalowice', 'ok'],
      ['michalowice-gmina', 'ok'],
      ['mops-krakow', 'ok'],
      ['mops-sopot', 'ok'],
    ]);

    // The GOPS site renames its headline class; the MOPS Kraków site goes down.
    redesignGopsArticles();
    // Re-checks on (the fixture articles are years old), so the stored GOPS articles are read again with the new markup.
    const redesigned = fixtureConfig({ ...server.origins, 'mops-krakow': await deadOrigin() }, { maxRetries: 0, recheckDays: 36_500, recheckEveryHours: 0 });
    const second = await crawl(redesigned, 'redesigned.json');
    expect(second.code).toBe(1);

    const status = JSON.parse(readFileSync(join(out, 'status.json'), 'utf8')) as { sources: SourceHealth[] };
    // The second crawl re-checks all 6 stored GOPS articles (re-checks on), each with the new markup.
    const gops = status.sources.find((source) => source.id === 'gops-michalowice')!;
    expect(gops.state).toBe('warning');
    expect(gops.warnings).toEqual([
      {
        key: 'layout:title',
        message: 'layout changed? the configured title selector matched 0 of 6 articles (found by heuristic on 6)',
        since: expect.any(String),
      },
    ]);
    const krakow = status.sources.find((source) => source.id === 'mops-krakow')!;
    expect(krakow).toMatchObject({ state: 'failing', consecutiveFailures: 1, lastError: { reason: expect.stringContaining('site unreachable') } });
    expect(krakow.lastSuccess).not.toBeNull();

    const feed = parseFeed(readFileSync(join(out, 'status.xml'), 'utf8'));
    expect(feed.items.map((item) => item.title).sort()).toEqual([
      'GOPS Michałowice: layout changed? the configured title selector matched 0 of 6 articles (found by heuristic on 6)',
      expect.stringMatching(/^MOPS Kraków: the last run failed: listing http:\/\/127\.0\.0\.1:\d+\/aktualnosci: site unreachable/),
    ]);

    const text = await runCli(['status', '--db', db]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^gops-michalowice\s+WARNING\s+last run .*\n\s+! layout changed\? the configured title selector matched 0 of 6 articles/m);
    expect(text.stdout).toMatch(/^mops-krakow\s+FAILING\s+.*1 failed run\(s\) in a row$/m);
    const json = await runCli(['status', '--json', '--db', db]);
    expect(JSON.parse(json.stdout).sources).toEqual(status.sources);

    // The same, served over HTTP.
    const store = new Store(db);
    const http = createOpsfeedServer({ outDir: out, store, settings: () => ({ publicUrl: 'http://127.0.0.1:8080/', feedLimit: 200 }) });
    try {
      const base = await listen(http, '127.0.0.1', 0);
      expect(((await (await fetch(`${base}status.json`)).json()) as { sources: SourceHealth[] }).sources).toEqual(status.sources);
      const served = parseFeed(await (await fetch(`${base}status.xml`)).text());
      expect(served.items.map((item) => item.title)).toContain('GOPS Michałowice: layout changed? the configured title selector matched 0 of 6 articles (found by heuristic on 6)');
      const index = await (await fetch(base)).text();
      expect(index).toContain('layout changed? the configured title selector matched 0 of 6 articles');
    } finally {
      await closeServer(http);
      store.close();
    }
  });
});
