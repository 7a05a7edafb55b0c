/** Bad configuration, dead sites and broken pages: clear errors, right exit codes, nothing stored is lost. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/store/types.js';
import { extractArticle } from '../../src/extract/article.js';
import { normalizeArticle } from '../../src/normalize/article.js';
import { runCli } from '../support/cli.js';
import { deadOrigin, fixtureConfig, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

let server: FixtureServer;
let work: string;

beforeAll(async () => {
  server = await startFixtureServer();
  work = mkdtempSync(join(tmpdir(), 'opsfeed-bad-'));
});

afterAll(async () => {
  await server?.close();
});

describe('an invalid sources file', () => {
  it('prints one line per problem naming source and field, exits 2, and crawls and writes nothing', async () => {
    const config = fixtureConfig(server.origins) as { sources: Array<Record<string, unknown>> };
    config.sources[0]!.type = 'biuro';
    (config.sources[2]!.listing as { urls: string[] }).urls = [];
    delete config.sources[3]!.name;
    const path = join(work, 'invalid.json');
    writeFileSync(path, JSON.stringify(config));
    const requestsBefore = server.requests.length;
    const result = await runCli(['crawl', '--config', path, '--db', join(work, 'invalid.db'), '--out', join(work, 'invalid-out')]);
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^config: .*invalid\.json: sources\[0\] \(mops-krakow\)\.type: /);
    expect(lines[1]).toBe(`config: ${path}: sources[2] (gops-michalowice).listing.urls: needs at least one listing URL`);
    expect(lines[2]).toMatch(/^config: .*: sources\[3\] \(michalowice-gmina\)\.name: /);
    expect(server.requests.length).toBe(requestsBefore);
    expect(existsSync(join(work, 'invalid.db'))).toBe(false);
    expect(existsSync(join(work, 'invalid-out'))).toBe(false);
  });

  it('says which file is not JSON', async () => {
    const path = join(work, 'broken.json');
    writeFileSync(path, '{ "sources": [ }');
    const result = await runCli(['check', '--config', path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^config: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON \\(.+\\)\\n$`));
  });

  it('check refuses a TERYT code the register lacks, naming the source, and suggests the code of a source without one', async () => {
    const json = JSON.parse(readFileSync('sources.json', 'utf8'));
    json.sources[1].teryt = '2264019';
    delete json.sources[0].teryt;
    const path = join(work, 'teryt.json');
    writeFileSync(path, JSON.stringify(json));
    const refused = await runCli(['check', '--config', path]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`config: ${path}: sources[1] (mops-sopot).teryt: "2264019" is no unit of the TERYT register (as of 2025-01-01)\n`);
    json.sources[1].teryt = '2264011';
    writeFileSync(path, JSON.stringify(json));
    const suggested = await runCli(['check', '--config', path]);
    expect(suggested.code).toBe(0);
    expect(suggested.stdout).toContain('suggest: mops-krakow: "teryt": "1261011" (Kraków, gmina miejska, małopolskie)');
  });

  it('check accepts the shipped sources.json', async () => {
    const result = await runCli(['check']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('4 sources');
  });

  it('unknown commands, sources and options are usage errors', async () => {
    expect((await runCli(['fetch'])).code).toBe(2);
    expect((await runCli(['check', '--log-format', 'xml'])).stderr).toBe('opsfeed: --log-format: must be "text" or "json", not "xml"\n');
    expect((await runCli(['check', '--frobnicate'])).code).toBe(2);
    const unknown = await runCli(['crawl', '--source', 'mops-gdansk']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--source: no source with id "mops-gdansk"');
  });
});

describe('unusable paths', () => {
  it('a database that cannot be opened is a usage error, in one line', async () => {
    const file = join(work, 'a-file');
    writeFileSync(file, 'not a folder');
    const result = await runCli(['publish', '--db', join(file, 'opsfeed.db'), '--out', join(work, 'never')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^opsfeed: --db: store: .*a-file\/opsfeed\.db: cannot open the database \(.+\)\n$/);
    expect(existsSync(join(work, 'never'))).toBe(false);
  });

  it('an output folder that cannot be written fails in one line, keeping the database', async () => {
    const file = join(work, 'another-file');
    writeFileSync(file, 'not a folder');
    const db = join(work, 'kept.db');
    expect((await runCli(['publish', '--db', db, '--out', join(work, 'fine-out')])).code).toBe(0);
    const result = await runCli(['publish', '--db', db, '--out', join(file, 'output')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^opsfeed: publish: .*another-file\/output\/items\.json: cannot write \(ENOTDIR\)\n$/);
    expect(existsSync(db)).toBe(true);
  });
});

describe('a site that is down, or a listing that is gone', () => {
  it('fails those sources with the reason, still crawls and publishes the others, and loses nothing stored', async () => {
    const db = join(work, 'down.db');
    const out = join(work, 'down-out');
    const healthy = join(work, 'healthy.json');
    writeFileSync(healthy, JSON.stringify(fixtureConfig(server.origins)));
    const firstRun = await runCli(['crawl', '--config', healthy, '--db', db, '--out', out]);
    expect(firstRun.code).toBe(0);
    const stored = (JSON.parse(readFileSync(join(out, 'items.json'), 'utf8')) as { items: Item[] }).items;

    const broken = fixtureConfig({ ...server.origins, 'mops-krakow': await deadOrigin() }, { maxRetries: 1 }) as {
      sources: Array<{ id: string; listing: { urls: string[] } }>;
    };
    const sopot = broken.sources.find((source) => source.id === 'mops-sopot')!;
    sopot.listing.urls = [`${server.origins['mops-sopot']}/stara-strona-aktualnosci/`];
    const path = join(work, 'down.json');
    writeFileSync(path, JSON.stringify(broken));
    const result = await runCli(['crawl', '--config', path, '--db', db, '--out', out]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^mops-krakow: FAILED: listing http:\/\/127\.0\.0\.1:\d+\/aktualnosci: site unreachable \(robots\.txt: ECONNREFUSED\)/m);
    expect(result.stderr).toMatch(/^mops-sopot: FAILED: listing http:\/\/127\.0\.0\.1:\d+\/stara-strona-aktualnosci\/: HTTP 404/m);
    expect(result.stdout).toMatch(/^gops-michalowice: 0 new, 0 updated, \d+ unchanged, 0 failed/m);
    expect(result.stdout).toMatch(/2\/4 sources ok \(failed: mops-krakow, mops-sopot\)$/m);
    const after = (JSON.parse(readFileSync(join(out, 'items.json'), 'utf8')) as { items: Item[] }).items;
    expect(after.map((item) => item.id).sort()).toEqual(stored.map((item) => item.id).sort());

    // The same run for a log collector: one JSON object per line on stdout.
    const json = await runCli(['crawl', '--log-format', 'json', '--config', path, '--db', db, '--out', out]);
    expect(json.code).toBe(1);
    expect(json.stderr).toBe('');
    const events = json.stdout.trim().split('\n').map((line) => JSON.parse(line) as { time: string; level: string; source?: string; message: string });
    expect(events.every((event) => !Number.isNaN(Date.parse(event.time)) && ['info', 'warn', 'error'].includes(event.level))).toBe(true);
    expect(events.find((event) => event.level === 'error' && event.source === 'mops-krakow')?.message).toMatch(/^FAILED: listing .*site unreachable/);
    expect(events.at(-1)).toMatchObject({ level: 'warn', message: expect.stringMatching(/sources ok \(failed: mops-krakow, mops-sopot\)$/) });
  });
});

describe('a page that cannot become an item', () => {
  it('is skipped with a reason when it has no title, never stored half-filled', () => {
    const $ = load('<html><body><div><p>Tylko tekst bez nagłówka, bez daty i bez tytułu strony, za to dość długi, by był treścią.</p></div></body></html>');
    expect(normalizeArticle(extractArticle($, 'https://mopssopot.pl/x/', {}))).toEqual({ skipped: 'no title found' });
  });
});
