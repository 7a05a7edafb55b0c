/**
 * Zero-config sources: each fixture family configured with only id, name
 * and url (its news listing), crawled over real HTTP into a real store, and
 * scored against the hand-written tables. Prints the figures the README
 * records.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { crawlPass } from '../../src/pipeline.js';
import { Store } from '../../src/store/store.js';
import { sourceHealths } from '../../src/publish/publish.js';
import { REPO_ROOT, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { FAMILY_SITES, countFamily, families, formatRow, scores, sumCounts, type Counts } from '../support/families.js';

let server: FixtureServer;
const counts = new Map<string, Counts>();
const dateLayers = new Map<string, Set<string | null>>();

beforeAll(async () => {
  server = await startFixtureServer(FAMILY_SITES);
  const config = parseConfig({
    settings: { delayMs: 5, retryBackoffMs: 10, timeoutMs: 5000 },
    sources: families().map((family) => ({ id: family.id, name: family.name, url: `${server.origins[family.id]}${family.listing}` })),
  });
  const store = new Store(join(mkdtempSync(join(tmpdir(), 'opsfeed-zero-config-')), 'db.sqlite'));
  const reports = await crawlPass(config, store);
  for (const family of families()) {
    const found = [...store.items({ sourceId: family.id })];
    counts.set(family.id, countFamily(family, found));
    dateLayers.set(family.id, new Set(found.map((item) => item.extractedBy.published)));
  }
  store.close();
  const total = sumCounts([...counts.values()]);
  console.log(['zero-config extraction, sources with only id, name and url:', ...[...counts].map(([id, c]) => formatRow(id, c)), formatRow('all', total), ...total.misses.map((miss) => `  ${miss}`)].join('\n'));
  for (const report of reports) if (!report.ok) console.log(`${report.id}: ${report.error}`);
}, 120_000);

afterAll(() => server?.close());

describe('zero-config sources on ten site families', () => {
  it('find the articles and nothing else', () => {
    const total = scores(sumCounts([...counts.values()]));
    expect(total.recall).toBeGreaterThanOrEqual(0.95);
    expect(total.precision).toBeGreaterThanOrEqual(0.98);
  });

  it('date articles whose page shows no date by their teaser on the listing, and only those', () => {
    expect(dateLayers.get('listing-dates-only')).toEqual(new Set(['listing']));
    for (const [id, layers] of dateLayers) if (id !== 'listing-dates-only') expect([id, layers.has('listing')]).toEqual([id, false]);
  });

  it('read titles, publication dates and authors as the pages show them', () => {
    const total = sumCounts([...counts.values()]);
    const figures = scores(total);
    expect(figures.title).toBeGreaterThanOrEqual(0.98);
    expect(figures.date).toBeGreaterThanOrEqual(0.98);
    expect(figures.author).toBeGreaterThanOrEqual(0.9);
  });
});

describe('a zero-config source whose page holds no news', () => {
  it('is reported in status as such, never as a silent empty feed', async () => {
    const hostile = await startFixtureServer(join(REPO_ROOT, 'test', 'fixtures', 'hostile'));
    const store = new Store(join(mkdtempSync(join(tmpdir(), 'opsfeed-zero-config-empty-')), 'db.sqlite'));
    try {
      const config = parseConfig({
        settings: { delayMs: 5, retryBackoffMs: 10, timeoutMs: 5000 },
        sources: [{ id: 'pusta', name: 'Pusta strona', url: `${hostile.origins.hostile}/aktualnosci/pusta.html` }],
      });
      const [report] = await crawlPass(config, store);
      expect(report).toMatchObject({ ok: false, new: 0, error: expect.stringContaining('no news items found') });
      const [health] = sourceHealths(store);
      expect(health!.state).toBe('failing');
      expect(health!.warnings.map((warning) => warning.message)).toContain('no news items found on the listing page, never yet: is it a news listing? check it with `opsfeed probe URL`');
    } finally {
      store.close();
      await hostile.close();
    }
  });
});
