/**
 * `opsfeed run` as a service, end to end: the real CLI with a two-second
 * schedule against the fixture sites (copied, so a test can publish a new
 * article on one of them), its own HTTP server, SIGHUP reloads, and SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SITES, REPO_ROOT, deadOrigin, fixtureConfig, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

interface Event {
  time: string;
  level: string;
  source?: string;
  message: string;
}

let fixtures: FixtureServer;
let work: string;
let sites: string;
let daemon: ChildProcess | undefined;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'opsfeed-daemon-'));
  sites = join(work, 'sites');
  cpSync(FIXTURE_SITES, sites, { recursive: true });
  fixtures = await startFixtureServer(sites);
});

afterAll(async () => {
  daemon?.kill('SIGKILL');
  await fixtures?.close();
});

/** The daemon's JSON log, and a way to wait for an event that matches. */
function startDaemon(args: string[]) {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'dist/src/cli.js'), 'run', '--log-format', 'json', '--port', '0', ...args], { cwd: REPO_ROOT });
  const events: Event[] = [];
  let buffered = '';
  let stderr = '';
  const waiters: Array<{ match: (event: Event) => boolean; resolve: (event: Event) => void }> = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      const event = JSON.parse(line) as Event;
      events.push(event);
      for (const waiter of [...waiters]) {
        if (waiter.match(event)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  /** The first event from now on (or already logged, with `past`) that matches. */
  const next = (match: (event: Event) => boolean, what: string, past = false): Promise<Event> => {
    const earlier = past ? events.find(match) : undefined;
    if (earlier) return Promise.resolve(earlier);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${what}" within 45 s; log:\n${events.map((e) => `${e.source ?? ''} ${e.message}`).join('\n')}\n${stderr}`)), 45_000);
      waiters.push({
        match,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
      });
      void exited.then(() => reject(new Error(`daemon exited while waiting for "${what}": ${stderr}`)));
    });
  };
  return { child, events, next, exited, stderr: () => stderr };
}

const finished = (source: string) => (event: Event) => event.source === source && /^run finished/.test(event.message);

function addArticle(): string {
  const title = 'Nowy punkt wydawania żywności w Michałowicach';
  const path = '/aktualnosci/420,nowy-punkt-wydawania-zywnosci.html';
  const site = join(sites, 'gops-michalowice');
  const manifest = JSON.parse(readFileSync(join(site, 'site.json'), 'utf8')) as { routes: Record<string, string> };
  manifest.routes[path] = 'artykul-420.html';
  writeFileSync(
    join(site, 'artykul-420.html'),
    readFileSync(join(site, 'artykul-412.html'), 'utf8')
      .replaceAll('Dzień Pracownika Socjalnego 2021', title)
      .replace('Dodano: 25 listopad 2021', 'Dodano: 3 grudzień 2021')
      // A text of its own: a copy of another article's text would be the same story, shown once.
      .replace(/(<div class="tresc-art">)[\s\S]*?(<\/div>)/, `$1<p>Od grudnia paczki żywnościowe wydajemy także w Komorowie, w świetlicy przy ulicy Ceglanej, w każdy wtorek od 10 do 14. Skierowania wydają pracownicy socjalni ośrodka po rozmowie z rodziną.</p>$2`),
  );
  writeFileSync(join(site, 'site.json'), JSON.stringify(manifest, null, 2));
  const listing = readFileSync(join(site, 'aktualnosci-1.html'), 'utf8');
  const teaser = `<div class="news">\n        <b class="tytul">${title}</b><br>\n        <span class="data">Dodano: 3 grudzień 2021</span>\n        <p>Od grudnia paczki żywnościowe wydajemy także w Komorowie.</p>\n        <a href="${path}">Więcej...</a>\n      </div>\n      <hr size="1" noshade>\n      `;
  writeFileSync(join(site, 'aktualnosci-1.html'), listing.replace('<div class="news">', teaser));
  return title;
}

describe('opsfeed run', () => {
  it('crawls at start-up and on schedule without overlapping runs, publishes and serves new articles, reloads on SIGHUP, stops cleanly on SIGTERM', async () => {
    const configPath = join(work, 'sources.json');
    const db = join(work, 'db.sqlite');
    // Runs last longer than the two-second schedule (300 ms between requests), so ticks find them still running.
    const config = fixtureConfig(fixtures.origins, { schedule: '*/2 * * * * *', jitterMs: 300, delayMs: 300, maxRetries: 0 }) as {
      sources: Array<{ id: string; name: string; url: string; listing: { urls: string[] } }>;
    };
    // A fifth centre whose site is down: it fails on every run and must not stop anything else.
    const dead = await deadOrigin();
    const sopot = config.sources.find((source) => source.id === 'mops-sopot')!;
    config.sources.push({ ...sopot, id: 'mops-wylaczony', name: 'MOPS Wyłączony', url: `${dead}/`, listing: { ...sopot.listing, urls: [`${dead}/aktualnosci/`] } });
    const working = config.sources.filter((source) => source.id !== 'mops-wylaczony');
    writeFileSync(configPath, JSON.stringify(config));
    const run = startDaemon(['--config', configPath, '--db', db, '--out', join(work, 'output')]);
    daemon = run.child;

    const serving = await run.next((event) => /^serving at /.test(event.message), 'serving at', true);
    const base = /^serving at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(serving.message)![1]!;
    expect((await run.next((event) => /5 sources scheduled/.test(event.message), 'sources scheduled', true)).message).toContain('Europe/Warsaw');

    // Start-up runs of every source, then a new article on the GOPS site, then a scheduled run picks it up.
    await Promise.all(working.map((source) => run.next(finished(source.id), `${source.id} start-up run`, true)));
    const title = addArticle();
    const added = Date.now();
    await run.next((event) => event.source === 'gops-michalowice' && event.message === 'run started (scheduled)' && Date.parse(event.time) > added, 'a GOPS run starting after the new article');
    await run.next(finished('gops-michalowice'), 'that run finishing');
    // A publish after that run: a full one, or only the health when an earlier run's publish already came after the article was stored.
    await run.next((event) => /^published /.test(event.message), 'a publish after that run');
    const feed = parseFeed(await (await fetch(`${base}feed.xml`)).text());
    expect(feed.items.filter((item) => item.title === title)).toHaveLength(1);
    const index = await (await fetch(base)).text();
    expect(index).toContain(title);
    const status = (await (await fetch(`${base}status.json`)).json()) as { sources: Array<{ id: string; state: string; consecutiveFailures: number }> };
    expect(status.sources.find((source) => source.id === 'mops-wylaczony')).toMatchObject({ state: 'failing', consecutiveFailures: expect.any(Number) });
    expect(status.sources.filter((source) => source.state === 'ok').map((source) => source.id).sort()).toEqual(working.map((source) => source.id).sort());

    // The source about to be removed has started a scheduled run: on a loaded machine its start-up run may last
    // past several ticks, which find it running and are skipped.
    await run.next((event) => event.source === 'michalowice-gmina' && event.message === 'run started (scheduled)', 'a scheduled run of the portal', true);

    // An invalid sources file is refused and the running one kept; a valid one drops the removed source.
    writeFileSync(configPath, JSON.stringify({ ...config, settings: { schedule: 'every minute' } }));
    run.child.kill('SIGHUP');
    await run.next((event) => /not reloaded .*the running configuration stays/.test(event.message), 'refused reload');
    expect(run.events.some((event) => event.level === 'error' && /config: .*settings\.schedule: must be a valid cron expression/.test(event.message))).toBe(true);
    writeFileSync(configPath, JSON.stringify({ ...config, sources: config.sources.filter((source) => source.id !== 'michalowice-gmina') }));
    run.child.kill('SIGHUP');
    const reloaded = await run.next((event) => /reloaded \(.*\): 4 sources scheduled/.test(event.message), 'reload');
    await run.next(finished('mops-sopot'), 'a run after the reload');
    await run.next(finished('mops-sopot'), 'another run after the reload');
    const afterReload = run.events.filter((event) => Date.parse(event.time) > Date.parse(reloaded.time) + 1000);
    expect(afterReload.filter((event) => event.source === 'michalowice-gmina' && /^run started/.test(event.message))).toEqual([]);

    // SIGTERM, right as a run starts: exit 0 within seconds, the database intact.
    await run.next((event) => /^run started/.test(event.message), 'a run starting');
    const stopAt = Date.now();
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(Date.now() - stopAt).toBeLessThan(5000);
    expect(run.events.at(-1)!.message).toBe('stopped; database closed');

    // Each source: at least two scheduled runs, and its runs strictly one after another.
    for (const source of working) {
      const runs = run.events.filter((event) => event.source === source.id && /^run (started|finished|interrupted)/.test(event.message));
      expect(runs.map((event) => (event.message.startsWith('run started') ? 'S' : 'E')).join('')).toMatch(/^(SE)+$/);
      expect(runs.filter((event) => event.message === 'run started (scheduled)').length).toBeGreaterThanOrEqual(source.id === 'michalowice-gmina' ? 1 : 2);
    }
    expect(run.events.some((event) => /still running: this scheduled run is skipped/.test(event.message))).toBe(true);
    // Runs that stored nothing republished only the sources' health, not every feed and the dataset.
    expect(run.events.some((event) => event.message === "published the sources' health (3 files); no item changed")).toBe(true);
    // One host, one request at a time, even with runs starting on their own schedules.
    for (const source of working) expect(fixtures.maxOpen(source.id)).toBe(1);
    // The dead site failed run after run, reported each time, while the others went on.
    const failures = run.events.filter((event) => event.source === 'mops-wylaczony' && /^FAILED: listing .*: site unreachable/.test(event.message));
    expect(failures.length).toBeGreaterThanOrEqual(3);

    const database = new Database(db, { readonly: true });
    expect(database.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(database.prepare('SELECT count(*) FROM items WHERE title = ?').pluck().get(title)).toBe(1);
    database.close();
  }, 180_000);
});
