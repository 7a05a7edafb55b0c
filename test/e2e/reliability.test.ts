/**
 * Never lose an item, never hammer a server: the real CLI against the
 * fixture sites under seeded faults (503, responses slower than the timeout,
 * truncated and cut bodies, connection resets), a second crawl of unchanged
 * sites, and SIGKILL at ten seeded moments. The figures go to
 * test-results/reliability.json; docs/reliability.md quotes them.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalUrlKey } from '../../src/dedupe/url.js';
import type { Item } from '../../src/store/types.js';
import { withoutLaterCopies } from '../support/stories.js';
import { runCli } from '../support/cli.js';
import { REPO_ROOT, fixtureConfig, seededRandom, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const CHAOS = { seed: 20261122, rates: { '503': 0.2, slow: 0.1, truncated: 0.05, reset: 0.05 } };
const figures: Record<string, unknown> = {};

let work: string;
let reference: Item[];

const readItems = (out: string) => (JSON.parse(readFileSync(join(out, 'items.json'), 'utf8')) as { items: Item[] }).items;
const byTitle = (items: Item[]) => items.map((item) => `${item.source.id} ${item.title}`).sort();

/** A crawl with its own database and output folder, against `server`. */
function paths(name: string) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  return { config: join(dir, 'sources.json'), db: join(dir, 'db.sqlite'), out: join(dir, 'output') };
}

function writeConfig(path: string, server: FixtureServer, settings: Record<string, unknown>) {
  writeFileSync(path, JSON.stringify(fixtureConfig(server.origins, { delayMs: 0, ...settings })));
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'opsfeed-reliability-'));
  const server = await startFixtureServer();
  try {
    const clean = paths('reference');
    writeConfig(clean.config, server, {});
    const result = await runCli(['crawl', '--config', clean.config, '--db', clean.db, '--out', clean.out]);
    expect(result.code).toBe(0);
    reference = readItems(clean.out);
  } finally {
    await server.close();
  }
}, 60_000);

afterAll(() => {
  mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
  writeFileSync(join(REPO_ROOT, 'test-results', 'reliability.json'), `${JSON.stringify(figures, null, 2)}\n`);
});

describe('under injected faults', () => {
  it('stores every fixture article exactly once, none with a cut body, with 20% 503, 10% slow, 5% truncated and 5% reset', async () => {
    const server = await startFixtureServer({ chaos: CHAOS });
    try {
      const run = paths('chaos');
      writeConfig(run.config, server, { timeoutMs: 1000, maxRetries: 8, retryBackoffMs: 10 });
      const result = await runCli(['crawl', '--config', run.config, '--db', run.db, '--out', run.out]);
      expect([0, 1]).toContain(result.code);
      if (result.code === 1) expect(result.stderr).toMatch(/FAILED: /);
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace

      const items = readItems(run.out);
      expect(byTitle(items)).toEqual(byTitle(reference));
      const cleanText = new Map(reference.map((item) => [`${item.source.id} ${item.title}`, item.contentText]));
      for (const item of items) expect(item.contentText, item.url).toBe(cleanText.get(`${item.source.id} ${item.title}`));

      const faults = server.requests.filter((request) => request.fault);
      const count = (fault: string) => faults.filter((request) => request.fault === fault).length;
      // Every kind of fault was really served, in roughly the asked-for share.
      for (const fault of ['503', 'slow', 'reset']) expect(count(fault), fault).toBeGreaterThan(0);
      expect(count('truncated') + count('cut')).toBeGreaterThan(0);
      // Polite throughout: opsfeed's User-Agent, one open request per host, nothing robots.txt disallows.
      expect(new Set(server.requests.map((request) => request.userAgent)).size).toBe(1);
      expect(server.requests[0]!.userAgent).toMatch(/^opsfeed\//);
      for (const site of Object.keys(server.origins)) expect(server.maxOpen(site), site).toBe(1);
      expect(server.requests.filter((request) => request.path.startsWith('/prywatne/'))).toEqual([]);
      Object.assign(figures, {
        chaos: {
          seed: CHAOS.seed,
          rates: CHAOS.rates,
          requests: server.requests.length,
          faults: { '503': count('503'), slow: count('slow'), truncated: count('truncated'), cut: count('cut'), reset: count('reset') },
          articlesExpected: reference.length,
          articlesStored: items.length,
          exitCode: result.code,
        },
      });
    } finally {
      await server.close();
    }
  }, 120_000);
});

describe('a crawl of unchanged sites', () => {
  it('makes one conditional request per source and requests no article', async () => {
    const server = await startFixtureServer();
    try {
      const run = paths('unchanged');
      writeConfig(run.config, server, {});
      expect((await runCli(['crawl', '--config', run.config, '--db', run.db, '--out', run.out])).code).toBe(0);
      const firstRequests = server.requests.length;
      server.requests.length = 0;
      const second = await runCli(['crawl', '--config', run.config, '--db', run.db, '--out', run.out]);
      expect(second.code).toBe(0);
      const perSite = Object.keys(server.origins).map((site) => server.requests.filter((request) => request.site === site));
      for (const requests of perSite) {
        expect(requests).toHaveLength(1);
        expect(requests[0]).toMatchObject({ conditional: true, status: 304 });
      }
      expect(byTitle(readItems(run.out))).toEqual(byTitle(reference));
      // A reader polling the feed while other processes publish it again and again never gets half a file.
      const publishing = (async () => {
        for (let round = 0; round < 5; round++) expect((await runCli(['publish', '--config', run.config, '--db', run.db, '--out', run.out])).code).toBe(0);
      })();
      let reads = 0;
      let done = false;
      void publishing.finally(() => (done = true));
      while (!done) {
        expect(parseFeed(readFileSync(join(run.out, 'feed.xml'), 'utf8')).items).toHaveLength(withoutLaterCopies(reference).length);
        reads++;
        await new Promise((resolve) => setImmediate(resolve));
      }
      await publishing;
      expect(reads).toBeGreaterThan(5);
      figures.unchanged = {
        firstCrawlRequests: firstRequests,
        secondCrawlRequests: server.requests.length,
        sources: perSite.length,
        conditional: server.requests.filter((request) => request.conditional).length,
        feedReadsDuringPublishing: reads,
      };
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('SIGKILL', () => {
  it('at ten seeded moments leaves a consistent database, loses nothing reported stored, and the next run completes', async () => {
    const server = await startFixtureServer();
    const random = seededRandom(CHAOS.seed);
    const kills: Array<{ afterRequest: number; reportedStored: number; storedAfterKill: number }> = [];
    try {
      const probe = paths('kill-probe');
      writeConfig(probe.config, server, { delayMs: 20 });
      server.requests.length = 0;
      expect((await runCli(['crawl', '--config', probe.config, '--db', probe.db, '--out', probe.out])).code).toBe(0);
      const requestsPerCrawl = server.requests.length;

      const points = new Set<number>();
      while (points.size < 10) points.add(1 + Math.floor(random() * requestsPerCrawl));
      for (const point of [...points].sort((a, b) => a - b)) {
        const run = paths(`kill-${point}`);
        writeConfig(run.config, server, { delayMs: 20 });
        server.requests.length = 0;
        const reported = await crawlKilledAt(run, server, point);
        const database = new Database(run.db);
        try {
          expect(database.pragma('integrity_check', { simple: true })).toBe('ok');
          const storedKeys = new Set(database.prepare('SELECT url_key FROM item_urls').pluck().all() as string[]);
          for (const url of reported) expect(storedKeys.has(canonicalUrlKey(url)), `${url} was reported stored`).toBe(true);
          const stored = database.prepare('SELECT count(*) FROM items').pluck().get() as number;
          kills.push({ afterRequest: point, reportedStored: reported.length, storedAfterKill: stored });
        } finally {
          database.close();
        }
        const again = await runCli(['crawl', '--config', run.config, '--db', run.db, '--out', run.out]);
        expect(again.code, again.stderr).toBe(0);
        const items = readItems(run.out);
        expect(byTitle(items)).toEqual(byTitle(reference));
        expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
        expect(parseFeed(readFileSync(join(run.out, 'feed.xml'), 'utf8')).items).toHaveLength(withoutLaterCopies(reference).length);
      }
      expect(kills.some((kill) => kill.reportedStored > 0)).toBe(true);
      figures.sigkill = { requestsPerCrawl, kills, itemsLost: 0 };
    } finally {
      await server.close();
    }
  }, 180_000);
});

/** Starts `opsfeed crawl`, kills it with SIGKILL when the fixture server has seen `point` requests; the article URLs it had reported stored. */
function crawlKilledAt(run: ReturnType<typeof paths>, server: FixtureServer, point: number): Promise<string[]> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist/src/cli.js'), 'crawl', '--log-format', 'json', '--config', run.config, '--db', run.db, '--out', run.out]);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const watch = setInterval(() => {
      if (server.requests.length >= point) child.kill('SIGKILL');
    }, 1);
    child.on('exit', () => {
      clearInterval(watch);
      const reported = output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { message: string })
        .flatMap((event) => /^(new|updated): .* <(.+)>$/.exec(event.message)?.[2] ?? []);
      resolve(reported);
    });
  });
}
