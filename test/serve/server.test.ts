/** The HTTP server with real requests: outputs, filters, conditional GET, compression and hostile paths. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { parseFeed } from '@rowanmanning/feed-parser';
import { load, type CheerioAPI } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { crawlPass } from '../../src/pipeline.js';
import { publishAll } from '../../src/publish/publish.js';
import { createOpsfeedServer, listen } from '../../src/serve/server.js';
import { Store } from '../../src/store/store.js';
import type { Item } from '../../src/store/types.js';
import { withoutLaterCopies } from '../support/stories.js';
import { REPO_ROOT, fixtureConfig, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  raw: Buffer;
  text: string;
}

let fixtures: FixtureServer;
let store: Store;
let server: Server;
let base: string;
let work: string;

/** A raw request (no automatic decompression), so headers and bytes are what the server sent. */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        const plain = encoding === 'br' ? brotliDecompressSync(raw) : encoding === 'gzip' ? gunzipSync(raw) : raw;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, text: plain.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  fixtures = await startFixtureServer();
  work = mkdtempSync(join(tmpdir(), 'opsfeed-serve-'));
  store = new Store(join(work, 'db.sqlite'));
  const config = parseConfig(fixtureConfig(fixtures.origins));
  await crawlPass(config, store);
  publishAll(store, { outDir: join(work, 'output'), publicUrl: 'http://127.0.0.1:8080/', feedLimit: 200 });
  server = createOpsfeedServer({ outDir: join(work, 'output'), store, settings: () => ({ publicUrl: 'http://127.0.0.1:8080/', feedLimit: 200 }) });
  base = (await listen(server, '127.0.0.1', 0)).replace(/\/$/, '');
});

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  store?.close();
  await fixtures?.close();
});

describe('the published outputs', () => {
  it.each([
    ['/feed.xml', 'application/rss+xml; charset=utf-8'],
    ['/atom.xml', 'application/atom+xml; charset=utf-8'],
    ['/feed.json', 'application/feed+json; charset=utf-8'],
    ['/items.json', 'application/json; charset=utf-8'],
    ['/status.json', 'application/json; charset=utf-8'],
    ['/status.xml', 'application/rss+xml; charset=utf-8'],
    ['/opml.xml', 'text/x-opml; charset=utf-8'],
    ['/sources/mops-sopot/feed.xml', 'application/rss+xml; charset=utf-8'],
    ['/sources/gops-michalowice/feed.json', 'application/feed+json; charset=utf-8'],
  ])('%s', async (path, contentType) => {
    const reply = await get(path);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe(contentType);
    expect(reply.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(Date.parse(String(reply.headers['last-modified']))).not.toBeNaN();
    expect(reply.headers['cache-control']).toBe('public, max-age=300');
    expect(reply.headers['access-control-allow-origin']).toBe('*');
    expect(reply.text.length).toBeGreaterThan(100);
  });

  it('lists every feed in the OPML', async () => {
    const opml = (await get('/opml.xml')).text;
    for (const id of ['mops-krakow', 'mops-sopot', 'gops-michalowice', 'michalowice-gmina']) expect(opml).toContain(`xmlUrl="http://127.0.0.1:8080/sources/${id}/feed.xml"`);
    expect(opml).toContain('xmlUrl="http://127.0.0.1:8080/feed.xml"');
  });
});

describe('HTTP behaviour', () => {
  it('answers 304 to If-None-Match and to If-Modified-Since', async () => {
    const first = await get('/feed.xml');
    const byTag = await get('/feed.xml', { 'if-none-match': String(first.headers.etag) });
    expect(byTag.status).toBe(304);
    expect(byTag.raw.length).toBe(0);
    const byDate = await get('/feed.xml', { 'if-modified-since': String(first.headers['last-modified']) });
    expect(byDate.status).toBe(304);
    expect((await get('/feed.xml', { 'if-none-match': '"something-else"' })).status).toBe(200);
  });

  it('compresses with brotli or gzip as the client accepts', async () => {
    const plain = await get('/feed.xml');
    const br = await get('/feed.xml', { 'accept-encoding': 'gzip, deflate, br' });
    const gzip = await get('/feed.xml', { 'accept-encoding': 'gzip' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(br.raw.length).toBeLessThan(plain.raw.length / 2);
    expect(br.text).toBe(plain.text);
    expect(gzip.text).toBe(plain.text);
    expect(br.headers.vary).toBe('Accept-Encoding');
  });

  it('answers HEAD with headers only', async () => {
    const head = await get('/items.json', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(1000);
    expect(head.raw.length).toBe(0);
  });

  it('refuses other methods', async () => {
    const post = await get('/feed.xml', {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });
});

const ids = (json: string) => (JSON.parse(json) as { items: Array<{ id: string; title: string }> }).items;
// Across sources the feeds show each story once (the GOPS fixture's Social Worker Day article is also on the municipality portal).
const allItems = () => withoutLaterCopies([...store.items()] as Item[]);
// The oracle: plain substring tests of hand-written stems on text without diacritics.
const folded = (item: Item) => `${item.title}\n${item.contentText}`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ł/g, 'l');
const having = (...stems: string[]) => allItems().filter((item) => stems.every((stem) => folded(item).includes(stem)));

describe('filtered feeds', () => {

  it('?q= ignores case, Polish diacritics and inflection: "pomoc spoleczna" finds "pomocy społecznej"', async () => {
    const reply = await get('/feed.json?q=pomoc%20spoleczna&limit=1000');
    expect(reply.status).toBe(200);
    const found = ids(reply.text);
    expect(found.map((item) => item.id).sort()).toEqual(having('pomoc', 'spolecz').map((item) => item.id).sort());
    expect(found.map((item) => item.title)).toContain('Pomoc dla osób bezdomnych'); // "Miejski Ośrodek Pomocy Społecznej"
  });

  it('?q= with several words needs all of them; ?exclude= drops items', async () => {
    const both = ids((await get('/feed.json?q=teleopieka%20seniorow')).text);
    expect(both.map((item) => item.id).sort()).toEqual(having('teleopiek', 'senior').map((item) => item.id).sort());
    expect(both.map((item) => item.title)).toContain('Teleopieka dla seniorów – nowa usługa GOPS');
    const withoutGops = ids((await get('/feed.json?exclude=gops&limit=1000')).text);
    expect(withoutGops.map((item) => item.id).sort()).toEqual(
      allItems()
        .filter((item) => !/(^|[^a-z0-9])gops/.test(folded(item)))
        .map((item) => item.id)
        .sort(),
    );
  });

  it('?source=, ?since=, ?limit= and per-source paths', async () => {
    const two = ids((await get('/feed.json?source=mops-sopot,gops-michalowice')).text);
    expect(two).toHaveLength(12);
    const since = ids((await get('/feed.json?since=2021-11-01')).text);
    expect(since.map((item) => item.title).sort()).toEqual(
      allItems()
        .filter((item) => (item.published ?? item.firstSeen) >= '2021-11-01')
        .map((item) => item.title)
        .sort(),
    );
    expect(ids((await get('/feed.json?limit=3')).text)).toHaveLength(3);
    const rss = parseFeed((await get('/sources/mops-krakow/feed.xml?q=bezdomnych')).text);
    // A source's own feed keeps its copy of a story told elsewhere too.
    const gmina = ids((await get('/sources/michalowice-gmina/feed.json?limit=1000')).text);
    expect(gmina.map((item) => item.title)).toContain('Dzień Pracownika Socjalnego 2021');
    expect(rss.items.map((item) => item.title).sort()).toEqual(
      having('bezdomn')
        .filter((item) => item.source.id === 'mops-krakow')
        .map((item) => item.title)
        .sort(),
    );
    expect(rss.items.map((item) => item.title)).toContain('Pomoc dla osób bezdomnych');
  });

  it.each([
    ['/feed.xml?source=mops-gdansk', /^400: source: no source with id "mops-gdansk"/],
    ['/feed.xml?since=yesterday', /^400: since: "yesterday" is not an ISO 8601 date/],
    ['/feed.xml?limit=0', /^400: limit: must be a whole number from 1 to 1000/],
    ['/feed.xml?limit=100000', /^400: limit: /],
    [`/feed.xml?q=${'a'.repeat(201)}`, /^400: q: at most 200 characters/],
  ])('%s → 400 with a reason', async (path, message) => {
    const reply = await get(path);
    expect(reply.status).toBe(400);
    expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(reply.text).toMatch(message);
  });
});

describe('the index page', () => {
  const page = async (path: string) => {
    const reply = await get(path);
    return { reply, $: load(reply.text) };
  };
  const titles = ($: CheerioAPI) => $('main article h3 a').map((_, a) => $(a).text()).get();

  it('lists the latest items grouped by day, newest first, each linking to the original', async () => {
    const { reply, $ } = await page('/');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers.etag).toMatch(/^"[\w-]+"$/);
    const items = allItems();
    expect(titles($)).toEqual(items.slice(0, 100).map((item) => item.title));
    expect($('main article h3 a').map((_, a) => $(a).attr('href')).get()).toEqual(items.slice(0, 100).map((item) => item.url));
    // One heading per day, in the items' order; every item sits under the heading of its own day.
    const headings = $('main section.day h2').map((_, h) => $(h).text()).get();
    expect(new Set(headings).size).toBe(headings.length);
    const krakowItem = items.find((item) => item.title === 'Pomoc dla osób bezdomnych')!;
    const section = $('main section.day').filter((_, day) => $(day).find('h3').text().includes('Pomoc dla osób bezdomnych'));
    expect(section.find('h2').text()).toBe(new Intl.DateTimeFormat('pl-PL', { timeZone: 'Europe/Warsaw', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(krakowItem.published!)));
    expect($('html').attr('lang')).toBe('pl');
    for (const landmark of ['header', 'main', 'footer', 'aside[aria-labelledby=subskrybuj]', 'aside[aria-labelledby=stan]', 'form[role=search]']) expect($(landmark)).toHaveLength(1);
  });

  it('labels every form field', async () => {
    const { $ } = await page('/');
    $('form input[type!=checkbox]').each((_, input) => {
      expect($(`label[for="${$(input).attr('id')}"]`)).toHaveLength(1);
    });
    expect($('form input[type=checkbox]').map((_, box) => $(box).closest('label').text().trim()).get()).toEqual(
      store.sources().map((source) => source.name),
    );
  });

  it('filters by the same query parameters as the feeds, keeps them in the form and offers "this view" as feeds', async () => {
    const { $ } = await page('/?q=pomoc+spoleczna&source=mops-krakow&source=mops-sopot');
    const expected = having('pomoc', 'spolecz').filter((item) => ['mops-krakow', 'mops-sopot'].includes(item.source.id));
    expect(expected.length).toBeGreaterThan(1);
    expect(titles($)).toEqual(expected.map((item) => item.title));
    expect($('#q').val()).toBe('pomoc spoleczna');
    expect($('input[name=source]:checked').map((_, box) => $(box).val()).get()).toEqual(['mops-krakow', 'mops-sopot']);
    expect($('aside.subscribe a').map((_, a) => $(a).attr('href')).get()).toContain('feed.xml?source=mops-krakow%2Cmops-sopot&q=pomoc+spoleczna');
    expect($('link[rel=alternate][type="application/rss+xml"]').attr('href')).toBe('feed.xml?source=mops-krakow%2Cmops-sopot&q=pomoc+spoleczna');
  });

  it('shows the subscribe addresses and every source\'s health', async () => {
    const { $ } = await page('/');
    const codes = $('aside.subscribe code').map((_, code) => $(code).text()).get();
    expect(codes).toContain('http://127.0.0.1:8080/feed.xml');
    for (const source of store.sources()) expect(codes).toContain(`http://127.0.0.1:8080/sources/${source.id}/feed.xml`);
    const rows = $('aside.health tbody tr');
    expect(rows).toHaveLength(store.sources().length);
    expect(rows.find('.state').map((_, state) => $(state).text()).get()).toEqual(store.sources().map(() => 'działa'));
  });

  it('answers a bad filter with 400 and the reason on the page', async () => {
    const { reply, $ } = await page('/?since=wczoraj');
    expect(reply.status).toBe(400);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect($('[role=alert]').text()).toContain('since: "wczoraj" is not an ISO 8601 date');
    expect($('#since').val()).toBe('wczoraj');
  });

  it('treats empty form fields as no filter', async () => {
    const { reply, $ } = await page('/?q=&exclude=&since=');
    expect(reply.status).toBe(200);
    expect(titles($)).toHaveLength(Math.min(100, allItems().length));
  });
});

describe('hostile and unknown paths', () => {
  it.each([
    '/index.htm',
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2e%2e%2fpackage.json',
    '/sources/../../package.json',
    '/sources/%2e%2e/%2e%2e/sources.json',
    '/sources/..%2f..%2fpackage.json/feed.xml',
    '/sources/mops-gdansk/feed.xml',
    '/items.json/../../../etc/passwd',
    '/output/feed.xml',
    '//etc/passwd',
    '/feed.xml%00.json',
  ])('%s → 404, never a file outside output/', async (path) => {
    const reply = await get(path);
    expect(reply.status).toBe(404);
    expect(reply.text).not.toMatch(/"name": "opsfeed"|root:|"sources": \[/);
    expect(reply.text).toMatch(/^404: /);
  });

  it('refuses oversized URLs', async () => {
    const reply = await get(`/feed.xml?q=${'x'.repeat(3000)}`);
    expect(reply.status).toBe(414);
  });
});

describe('opsfeed serve', () => {
  it('prints where it listens, serves, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist/src/cli.js'), 'serve', '--port', '0', '--db', join(work, 'db.sqlite'), '--out', join(work, 'output')], { cwd: REPO_ROOT });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const address = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
    });
    const reply = await fetch(`${address}status.json`);
    expect(reply.status).toBe(200);
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(output).toMatch(/^GET \/status\.json 200 \d+ B \d+ ms$/m);
  });
});
