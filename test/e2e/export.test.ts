/**
 * Dataset exports through the real CLI and server, from a real crawl of the
 * fixture sites: every format parses with a real parser (csv-parse, JSON),
 * every item validates against item.schema.json (ajv), filters apply, an
 * edited article shows two revisions, and an article gone from its site is
 * still exported, with removedAt.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/store/types.js';
import { closeServer, createOpsfeedServer, listen } from '../../src/serve/server.js';
import { Store } from '../../src/store/store.js';
import { runCli } from '../support/cli.js';
import { FIXTURE_SITES, REPO_ROOT, fixtureConfig, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

let server: FixtureServer;
let work: string;
let sites: string;
const paths = { config: '', db: '', out: '' };
const crawl = () => runCli(['crawl', '--config', paths.config, '--db', paths.db, '--out', paths.out]);
const exportCli = (...args: string[]) => runCli(['export', '--db', paths.db, ...args]);
const ndjson = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Item);

const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
const validateItem = ajv.compile(JSON.parse(readFileSync(join(REPO_ROOT, 'item.schema.json'), 'utf8')));
const assertValid = (item: Item) => {
  if (!validateItem(item as unknown)) throw new Error(`${item.url}: ${ajv.errorsText(validateItem.errors)}`);
};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'opsfeed-export-'));
  sites = join(work, 'sites');
  cpSync(FIXTURE_SITES, sites, { recursive: true });
  server = await startFixtureServer(sites);
  Object.assign(paths, { config: join(work, 'sources.json'), db: join(work, 'opsfeed.db'), out: join(work, 'output') });
  writeFileSync(paths.config, JSON.stringify(fixtureConfig(server.origins)));
  expect((await crawl()).code).toBe(0);
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe('opsfeed export', () => {
  it('writes NDJSON, JSON and CSV that parse and hold the same items, each valid against item.schema.json', async () => {
    const lines = ndjson((await exportCli('--format', 'ndjson')).stdout);
    expect(lines.length).toBeGreaterThanOrEqual(25);
    lines.forEach(assertValid);

    const json = JSON.parse((await exportCli('--format', 'json')).stdout) as { generated: string; count: number; items: Item[] };
    expect(json.count).toBe(lines.length);
    expect(json.items).toEqual(lines);

    const file = join(work, 'dataset.csv');
    expect((await exportCli('--format', 'csv', '--bom', '--out', file)).code).toBe(0);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes, { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(lines.length);
    rows.forEach((row, index) => {
      const item = lines[index]!;
      expect(row).toMatchObject({
        id: item.id,
        url: item.url,
        title: item.title,
        published: item.published ?? '',
        author: item.author ?? '',
        contentText: item.contentText,
        sourceId: item.source.id,
        contentHash: item.contentHash,
      });
      expect(JSON.parse(row.attachments!)).toEqual(item.attachments);
      expect(JSON.parse(row.revisions!)).toEqual(item.revisions);
    });
    // RFC 4180: CRLF record ends, quotes doubled inside quoted fields.
    expect(bytes.toString('utf8')).toContain('\r\n');
  });

  it('filters by source, date range and words, and refuses an unknown source with one line and exit 2', async () => {
    const all = ndjson((await exportCli('--format', 'ndjson')).stdout);
    const gops = ndjson((await exportCli('--format', 'ndjson', '--source', 'gops-michalowice')).stdout);
    expect(gops.length).toBe(all.filter((item) => item.source.id === 'gops-michalowice').length);
    expect(gops.length).toBeGreaterThan(0);

    const range = ndjson((await exportCli('--format', 'ndjson', '--since', '2021-01-01', '--until', '2021-11-21')).stdout);
    const day = (item: Item) => (item.published ?? item.firstSeen).slice(0, 10);
    expect(range.map((item) => item.id)).toEqual(all.filter((item) => day(item) >= '2021-01-01' && day(item) <= '2021-11-21').map((item) => item.id));
    expect(range.length).toBeGreaterThan(0);

    const words = ndjson((await exportCli('--format', 'ndjson', '--q', 'pracownika socjalnego')).stdout);
    expect(words.length).toBeGreaterThan(0);
    expect(words.length).toBeLessThan(all.length);

    const homeless = ndjson((await exportCli('--format', 'ndjson', '--topic', 'bezdomnosc')).stdout);
    expect(homeless.map((item) => item.title)).toContain('Pomoc dla osób bezdomnych');
    expect(homeless.every((item) => item.topics.includes('bezdomnosc'))).toBe(true);
    // By type: the article names "Regionalny Ośrodek Polityki Społecznej" with no place.
    const rops = ndjson((await exportCli('--format', 'ndjson', '--institution', 'rops')).stdout);
    expect(rops.map((item) => item.title)).toContain('Pracownica MOPS z tytułem Małopolskiego Pracownika Socjalnego Roku');
    expect(rops.every((item) => item.institutions.some((institution) => institution.type === 'ROPS'))).toBe(true);
    // By type and voivodeship: every MOPS in małopolskie, which here is Kraków's.
    const krakow = ndjson((await exportCli('--format', 'ndjson', '--institution', 'mops małopolskie')).stdout);
    expect(krakow.length).toBeGreaterThan(0);
    expect(krakow.every((item) => item.institutions.some((institution) => institution.type === 'MOPS' && institution.teryt?.startsWith('12')))).toBe(true);
    expect(krakow.map((item) => item.source.id)).toContain('mops-krakow');
    // Every item names its source's own institution first.
    for (const item of all) expect(item.institutions[0]).toBeDefined();
    expect(all.find((item) => item.source.id === 'mops-sopot')!.institutions[0]).toEqual({
      id: 'mops-sopot',
      name: 'Miejski Ośrodek Pomocy Społecznej w Sopocie',
      type: 'MOPS',
      place: 'Sopot',
      teryt: '2264011',
    });
    const unknownTopic = await exportCli('--topic', 'sport');
    expect(unknownTopic.code).toBe(2);
    expect(unknownTopic.stderr).toContain('--topic: no topic with id "sport" (known: bezdomnosc,');

    const bad = await exportCli('--source', 'nie-ma-takiego');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--source: no source with id "nie-ma-takiego"');
  });

  it('serves the same exports at /export.ndjson and /export.csv with the filters as query parameters', async () => {
    const store = new Store(paths.db);
    const http = createOpsfeedServer({ outDir: paths.out, store, settings: () => ({ publicUrl: 'http://127.0.0.1/', feedLimit: 50 }) });
    try {
      const base = await listen(http, '127.0.0.1', 0);
      const served = await fetch(`${base}export.ndjson?source=mops-sopot`);
      expect(served.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
      expect(ndjson(await served.text())).toEqual(ndjson((await exportCli('--format', 'ndjson', '--source', 'mops-sopot')).stdout));
      const csv = await fetch(`${base}export.csv`);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect((parse(await csv.text(), { columns: true }) as unknown[]).length).toBe(ndjson((await exportCli('--format', 'ndjson')).stdout).length);
      const topicFeed = await fetch(`${base}topics/bezdomnosc/feed.json`);
      expect(topicFeed.status).toBe(200);
      const topicItems = ((await topicFeed.json()) as { title: string; items: Array<{ title: string }> }).items.map((item) => item.title);
      expect(topicItems).toContain('Pomoc dla osób bezdomnych');
      const filtered = (await (await fetch(`${base}feed.json?topic=bezdomnosc`)).json()) as { items: Array<{ title: string }> };
      expect(filtered.items.map((item) => item.title)).toEqual(topicItems);
      expect((await fetch(`${base}topics/sport/feed.xml`)).status).toBe(404);
      const bad = await fetch(`${base}export.csv?since=wczoraj`);
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain('since: "wczoraj" is not an ISO 8601 date');
    } finally {
      await closeServer(http);
      store.close();
    }
  });

  it('shows an edited article with two revisions, and keeps an article gone from its site with removedAt', async () => {
    const article = join(sites, 'mops-krakow', 'artykul-211528.html');
    writeFileSync(article, readFileSync(article, 'utf8').replace('Pełni funkcję wspierającą dla pracowników MOPS', 'Pełni też funkcję wspierającą dla pracowników MOPS'));
    const manifestPath = join(sites, 'gops-michalowice', 'site.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { routes: Record<string, string> };
    const gonePath = '/aktualnosci/388,klub-mam-spotkania-w-ramach-grupowej-pracy-socjalnej.html';
    delete manifest.routes[gonePath];
    writeFileSync(manifestPath, JSON.stringify(manifest));
    // Re-checks switched on for the old fixture articles, as for recent ones within settings.recheckDays.
    writeFileSync(paths.config, JSON.stringify(fixtureConfig(server.origins, { recheckDays: 36_500, recheckEveryHours: 0 })));
    const second = await crawl();
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('gone from the site (HTTP 404/410); the item is kept and marked removed');

    const items = ndjson((await exportCli('--format', 'ndjson', '--revisions')).stdout);
    const edited = items.find((item) => item.title.startsWith('Pracownica MOPS'))!;
    expect(edited.revisions).toHaveLength(2);
    expect(edited.revisions[0]!.contentText).toContain('Pełni funkcję wspierającą');
    expect(edited.revisions[1]!.contentText).toContain('Pełni też funkcję wspierającą');
    expect(edited.revisions[1]!.contentHash).toBe(edited.contentHash);
    expect(edited.revisions[0]!.contentHash).not.toBe(edited.contentHash);
    expect(edited.updated).not.toBeNull();

    const gone = items.find((item) => new URL(item.url).pathname === gonePath)!;
    expect(gone).toBeDefined();
    expect(gone.removedAt).not.toBeNull();
    for (const item of items) if (item !== gone) expect(item.removedAt).toBeNull();
    items.forEach(assertValid);
    // Without --revisions, earlier versions carry their time and fingerprint only.
    const plain = ndjson((await exportCli('--format', 'ndjson')).stdout).find((item) => item.id === edited.id)!;
    expect(plain.revisions.map((revision) => Object.keys(revision).sort())).toEqual([
      ['capturedAt', 'contentHash'],
      ['capturedAt', 'contentHash'],
    ]);
  }, 120_000);
});
