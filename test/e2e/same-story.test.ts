/**
 * Cross-source near-duplicates over real HTTP and a real store: the same
 * news on a centre's site and its municipality's portal (another URL and
 * title) is one story in the unified feed, with `sameAs`, and stays on both
 * per-source feeds; the next phase of the same road works stays two stories.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { crawlPass } from '../../src/pipeline.js';
import { publishAll } from '../../src/publish/publish.js';
import { Store } from '../../src/store/store.js';
import type { Item } from '../../src/store/types.js';
import { signatureSimilarity, textSignature, SAME_STORY } from '../../src/dedupe/similar.js';
import { REPO_ROOT, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const SITES = join(REPO_ROOT, 'test', 'fixtures', 'crosspost');
let server: FixtureServer;
let out: string;
let items: Item[];

const bodyOf = (site: string, file: string) =>
  load(readFileSync(join(SITES, site, file), 'utf8'))('article p:not(.data)')
    .toArray()
    .map((p) => load(p).text())
    .join('\n');

beforeAll(async () => {
  server = await startFixtureServer(SITES);
  const work = mkdtempSync(join(tmpdir(), 'opsfeed-same-story-'));
  out = join(work, 'output');
  const store = new Store(join(work, 'db.sqlite'));
  const config = parseConfig({
    settings: { delayMs: 5, retryBackoffMs: 10, timeoutMs: 5000 },
    sources: [
      { id: 'gops-przyklad', name: 'GOPS Przykładowo', url: `${server.origins['gops-przyklad']}/aktualnosci` },
      { id: 'gmina-przyklad', name: 'Gmina Przykładowo', url: `${server.origins['gmina-przyklad']}/aktualnosci` },
    ],
  });
  const reports = await crawlPass(config, store);
  expect(reports.map((report) => report.new)).toEqual([3, 3]);
  publishAll(store, { outDir: out, publicUrl: 'http://127.0.0.1/', feedLimit: 50 });
  items = [...store.items()];
  store.close();
}, 60_000);

afterAll(() => server?.close());

describe('signatures', () => {
  it('agree on a cross-post and not on a follow-up, across the threshold chosen on these fixtures', () => {
    const similarity = (a: [string, string], b: [string, string]) => signatureSimilarity(textSignature(bodyOf(...a))!, textSignature(bodyOf(...b))!);
    const crossPost = similarity(['gops-przyklad', 'zbiorka-zywnosci.html'], ['gmina-przyklad', 'gops-zaprasza-na-zbiorke.html']);
    const followUp = similarity(['gops-przyklad', 'dowoz-posilkow-etap-1.html'], ['gmina-przyklad', 'dowoz-posilkow-etap-2.html']);
    const unrelated = similarity(['gops-przyklad', 'dyzur-prawnika.html'], ['gmina-przyklad', 'sesja-rady-gminy.html']);
    console.log(`signature agreement: cross-post ${crossPost.toFixed(2)}, follow-up ${followUp.toFixed(2)}, unrelated ${unrelated.toFixed(2)}; threshold ${SAME_STORY}`);
    expect(crossPost).toBeGreaterThanOrEqual(SAME_STORY);
    expect(followUp).toBeLessThan(SAME_STORY);
    expect(unrelated).toBeLessThan(0.2);
  });

  it('are left out for texts too short to tell apart', () => {
    expect(textSignature('Zmiana godzin pracy kasy.')).toBeNull();
  });
});

describe('the same news on two sources', () => {
  it('is linked both ways by sameAs; the road works follow-up is not', () => {
    const byTitle = (title: string) => items.find((item) => item.title === title)!;
    const centre = byTitle('Wiosenna zbiórka żywności');
    const portal = byTitle('GOPS zaprasza: zbiórka żywności dla potrzebujących');
    expect(centre.sameAs).toEqual([portal.url]);
    expect(portal.sameAs).toEqual([centre.url]);
    for (const item of items) if (item !== centre && item !== portal) expect(item.sameAs).toEqual([]);
  });

  it('appears once in the unified feed (the earlier, with the other listed) and on both per-source feeds', () => {
    const unified = JSON.parse(readFileSync(join(out, 'feed.json'), 'utf8')) as { items: Array<{ title: string; content_html: string }> };
    const titles = unified.items.map((item) => item.title);
    expect(titles).toHaveLength(5);
    expect(titles).toContain('Wiosenna zbiórka żywności');
    expect(titles).not.toContain('GOPS zaprasza: zbiórka żywności dla potrzebujących');
    expect(titles).toContain('Zmiana trasy dowozu posiłków – I etap przebudowy drogi');
    expect(titles).toContain('Dowóz posiłków dla seniorów – drugi etap przebudowy drogi');
    const kept = unified.items.find((item) => item.title === 'Wiosenna zbiórka żywności')!;
    expect(kept.content_html).toContain('Ta sama wiadomość także: <a href=');
    expect(kept.content_html).toContain('Gmina Przykładowo: GOPS zaprasza: zbiórka żywności dla potrzebujących');
    const perSource = (id: string) => (JSON.parse(readFileSync(join(out, 'sources', id, 'feed.json'), 'utf8')) as { items: Array<{ title: string }> }).items.map((item) => item.title);
    expect(perSource('gops-przyklad')).toContain('Wiosenna zbiórka żywności');
    expect(perSource('gmina-przyklad')).toContain('GOPS zaprasza: zbiórka żywności dla potrzebujących');
  });
});
