/**
 * Hostile and broken pages (test/fixtures/hostile/, plus a 10 MB page and
 * markup nested 10,000 deep made here): each yields a clean, sanitised item
 * or a clear per-page warning; the crawl never crashes, every feed still
 * parses, and no script, event handler or javascript: URL reaches any output.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/store/types.js';
import { runCli, type CliResult } from '../support/cli.js';
import { REPO_ROOT, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const PAGES = [
  'skrypty', 'zdarzenia', 'adresy', 'ramki', 'sterujace', 'surogaty', 'logowanie', 'svg-math',
  'tekst-znacznikow', 'obrazy-data', 'ogromna', 'zagniezdzona', 'kodowanie', 'pusta', 'dokument',
];
const PYTHON = '/usr/bin/python3';

let server: FixtureServer;
let work: string;
let result: CliResult;
let items: Item[];
const out = () => join(work, 'output');

/** A page like the others, with `body` as its article text. */
function generatedPage(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"><title>${title}</title></head><body><main><article><h1>${title}</h1><p>Opublikowano: 12.03.2024</p>${body}</article></main></body></html>`;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'opsfeed-hostile-'));
  const root = join(work, 'sites');
  cpSync(join(REPO_ROOT, 'test', 'fixtures', 'hostile'), root, { recursive: true });
  const paragraph = '<p>Ośrodek pomocy społecznej przypomina o terminach składania wniosków i dyżurach pracowników socjalnych. </p>';
  writeFileSync(join(root, 'hostile', 'ogromna.html'), generatedPage('Strona o rozmiarze 10 MB', paragraph.repeat(Math.ceil((10 * 1024 * 1024) / paragraph.length))));
  writeFileSync(join(root, 'hostile', 'zagniezdzona.html'), generatedPage('Znaczniki zagnieżdżone 10 000 razy', `${'<div>'.repeat(10_000)}${paragraph}${'</div>'.repeat(10_000)}`));
  server = await startFixtureServer({ root });
  const origin = server.origins.hostile!;
  const config = {
    settings: { delayMs: 0, timeoutMs: 10_000, maxRetries: 1, retryBackoffMs: 10 },
    sources: [
      {
        id: 'mops-testowo',
        name: 'MOPS Testowo',
        institution: 'Miejski Ośrodek Pomocy Społecznej w Testowie',
        type: 'MOPS',
        city: 'Testowo',
        voivodeship: 'mazowieckie',
        url: `${origin}/`,
        listing: { urls: [`${origin}/aktualnosci`], selectors: { item: 'ul.aktualnosci li', link: 'a' } },
      },
    ],
  };
  writeFileSync(join(work, 'sources.json'), JSON.stringify(config));
  result = await runCli(['crawl', '--config', join(work, 'sources.json'), '--db', join(work, 'db.sqlite'), '--out', out()]);
  items = (JSON.parse(readFileSync(join(out(), 'items.json'), 'utf8')) as { items: Item[] }).items;
}, 120_000);

afterAll(async () => {
  await server?.close();
});

function outputFiles(dir = out()): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? outputFiles(join(dir, name)) : [join(dir, name)]));
}

describe('the hostile-page corpus', () => {
  it('is crawled without a crash: every page is an item or a warning that names it', () => {
    expect([0, 1]).toContain(result.code);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/\n\s+at \S+ \(/); // no stack trace
    const log = `${result.stdout}\n${result.stderr}`;
    for (const page of PAGES) {
      const url = `${server.origins.hostile}/aktualnosci/${page}.html`;
      const stored = items.some((item) => item.url === url);
      const warned = log.split('\n').some((line) => line.includes(url) && /warning|skipped|FAILED/.test(line));
      expect(stored || warned, `${page}: neither stored nor reported`).toBe(true);
    }
    expect(server.requests.filter((request) => /^\/(javascript|data):/i.test(request.path) || request.path.includes('alert('))).toEqual([]);
  });

  it('keeps the pages that have an article, cleaned', () => {
    const titles = items.map((item) => item.title);
    for (const title of ['Skrypty i style w treści', 'Atrybuty zdarzeń', 'Niebezpieczne adresy', 'Ramki i formularze', 'SVG, MathML i mutacje', 'Obrazy z adresami data']) {
      expect(titles).toContain(title);
    }
    expect(titles).toContain('Znaki sterujące w tytule');
    expect(titles).toContain('Uwaga na alert(1) w tytule');
    expect(titles).toContain('Źródło w nieogłoszonym kodowaniu');
    expect(items).toHaveLength(10); // the 15 pages less the five reported below
    const legacy = items.find((item) => item.title === 'Źródło w nieogłoszonym kodowaniu')!;
    expect(legacy.contentText).toContain('Żółć gęślą jaźń');
    const log = `${result.stdout}${result.stderr}`;
    expect(log).toMatch(/ogromna\.html: page larger than 5 MB: not read/);
    expect(log).toMatch(/zagniezdzona\.html: markup nested more than 1000 levels deep: not read/);
    expect(items.map((item) => item.title)).not.toContain('Logowanie do systemu');
    expect(log).toMatch(/logowanie\.html: skipped, a login form, not an article/);
    expect(log).toMatch(/pusta\.html: skipped, no title found/);
    expect(log).toMatch(/dokument\.html: not a web page \(Content-Type application\/pdf\): not read/);
    for (const item of items) {
      expect(item.title).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
      expect(item.contentText).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    }
  });

  it('leaves no script, handler, javascript: or data: URL, frame or form in any output file', () => {
    const files = outputFiles();
    expect(files.length).toBeGreaterThan(8);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/<script/i);
      expect(text, file).not.toMatch(/javascript:|vbscript:/i);
      expect(text, file).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
      // The index page has a form and meta tags of its own; what came from the sites is inside its articles.
      if (file.endsWith('index.html')) expect(load(text)('main article')).toHaveLength(items.length);
      const fromSites = file.endsWith('index.html') ? load(text)('main article').toArray().map((article) => load(article).html()).join('\n') : text;
      expect(fromSites, file).not.toMatch(/<(iframe|object|embed|form|frame|base|meta)\b/i);
    }
    for (const item of items) {
      const $ = load(item.contentHtml);
      $('*').each((_, element) => {
        if (element.type !== 'tag') return;
        for (const [name, value] of Object.entries(element.attribs)) {
          expect(name, item.title).not.toMatch(/^on/i);
          expect(name, item.title).not.toMatch(/^(style|srcset|formaction)$/i);
          expect(value, item.title).not.toMatch(/^\s*(data|javascript|vbscript):/i);
        }
      });
    }
  });

  it('publishes feeds that still parse in feed readers', () => {
    for (const name of ['feed.xml', 'atom.xml', 'sources/mops-testowo/feed.xml']) {
      const feed = parseFeed(readFileSync(join(out(), name), 'utf8'));
      expect(feed.items.length, name).toBe(items.length);
    }
    expect((JSON.parse(readFileSync(join(out(), 'feed.json'), 'utf8')) as { items: unknown[] }).items).toHaveLength(items.length);
    const hasFeedparser = spawnSync(PYTHON, ['-c', 'import feedparser'], { encoding: 'utf8' }).status === 0;
    if (!hasFeedparser && !process.env.CI) return;
    const script = 'import sys, feedparser\nfor name in sys.argv[2:]:\n    d = feedparser.parse(sys.argv[1] + "/" + name)\n    print(name, int(d.bozo), len(d.entries))';
    const check = spawnSync(PYTHON, ['-c', script, out(), 'feed.xml', 'atom.xml'], { encoding: 'utf8' });
    expect(check.stdout.trim().split('\n')).toEqual([`feed.xml 0 ${items.length}`, `atom.xml 0 ${items.length}`]);
  });
});
