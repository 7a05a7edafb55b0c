/**
 * The service republishes the feeds and the dataset only when the store's
 * content version moved; otherwise only the sources' health. Real crawls of
 * the fixture sites into real SQLite decide what moves the version.
 */
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { crawlPass, sourceInfo } from '../../src/pipeline.js';
import { canonicalUrlKey } from '../../src/dedupe/url.js';
import { publishAll, publishStatus } from '../../src/publish/publish.js';
import { Store } from '../../src/store/store.js';
import { fixtureConfig, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

let server: FixtureServer;
let store: Store;
let dir: string;

beforeEach(async () => {
  server = await startFixtureServer();
  dir = mkdtempSync(join(tmpdir(), 'opsfeed-publish-status-'));
  store = new Store(join(dir, 'db.sqlite'));
});

afterEach(async () => {
  store.close();
  await server.close();
});

const config = () => parseConfig(fixtureConfig(server.origins, { delayMs: 0 }));

/** Every file under `root`, relative, with its modification time. */
function files(root: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      found.set(path.slice(root.length + 1), statSync(path).mtimeMs);
    }
  }
  return found;
}

describe('the content version', () => {
  it('moves when a crawl stores, changes or marks items, or a source changes; not for a run that found nothing new', async () => {
    const start = store.contentVersion();
    await crawlPass(config(), store, { sourceIds: ['gops-michalowice'] });
    const crawled = store.contentVersion();
    expect(crawled).toBeGreaterThan(start);

    // Nothing changed on the site: a run is recorded, validators saved, the source saved again, the version stays.
    const [again] = await crawlPass(config(), store, { sourceIds: ['gops-michalowice'] });
    expect(again).toMatchObject({ ok: true, new: 0 });
    expect(store.recentRuns('gops-michalowice')).toHaveLength(2);
    expect(store.contentVersion()).toBe(crawled);

    // A renamed source changes every output that names it.
    const source = config().sources.find((candidate) => candidate.id === 'gops-michalowice')!;
    store.saveSource({ ...sourceInfo(source), name: 'GOPS w Michałowicach' });
    expect(store.contentVersion()).toBeGreaterThan(crawled);
    const renamed = store.contentVersion();

    // An item gone from its site is marked, and that shows in the outputs.
    const url = [...store.items({ sourceId: 'gops-michalowice' })][0]!.url;
    expect(store.markRemoved(canonicalUrlKey(url), new Date().toISOString())).toBe('marked');
    expect(store.contentVersion()).toBeGreaterThan(renamed);
  });
});

describe('publishStatus', () => {
  it("rewrites only the sources' health and the index page, leaving feeds and the dataset as they were", async () => {
    await crawlPass(config(), store, { sourceIds: ['gops-michalowice', 'mops-sopot'] });
    const out = join(dir, 'output');
    const full = publishAll(store, { outDir: out, publicUrl: 'https://opsfeed.example/', feedLimit: 50 });
    expect(full.contentVersion).toBe(store.contentVersion());
    const before = files(out);
    const itemsJson = readFileSync(join(out, 'items.json'), 'utf8');
    await new Promise((resolve) => setTimeout(resolve, 20)); // a later modification time for what is rewritten

    const status = publishStatus(store, { outDir: out, publicUrl: 'https://opsfeed.example/', feedLimit: 50 });
    expect(status.files.sort()).toEqual(['index.html', 'status.json', 'status.xml']);
    expect(status).toMatchObject({ items: full.items, contentVersion: full.contentVersion });
    const after = files(out);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const rewritten = [...after].filter(([path, mtime]) => mtime !== before.get(path)).map(([path]) => path);
    expect(rewritten.sort()).toEqual(['index.html', 'status.json', 'status.xml']);
    expect(readFileSync(join(out, 'items.json'), 'utf8')).toBe(itemsJson);

    // The index page still shows the newest stories, the same as after the full publish.
    const titles = (html: string) => [...html.matchAll(/<h3><a [^>]*>([^<]*)<\/a><\/h3>/g)].map((match) => match[1]);
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    publishAll(store, { outDir: out, publicUrl: 'https://opsfeed.example/', feedLimit: 50 });
    expect(titles(index).length).toBeGreaterThan(5);
    expect(titles(index)).toEqual(titles(readFileSync(join(out, 'index.html'), 'utf8')));
  });
});
