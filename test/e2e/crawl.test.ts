/**
 * The real CLI against the fixture sites over real HTTP, with a real SQLite
 * database; feeds checked by a real feed parser. Tests in this file run in
 * order and share one database: first crawl, second crawl, edit, re-crawl.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { extractFromJson } from '@extractus/feed-extractor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import type { Item } from '../../src/store/types.js';
import { withoutLaterCopies } from '../support/stories.js';
import { runCli, type CliResult } from '../support/cli.js';
import { FIXTURE_SITES, fixtureConfig, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

type Row = [title: string, published: string, author: string | null, attachments: Array<[string, string]>];

// Written by hand from the fixture pages: what a reader of each site sees.
const EXPECTED: Record<string, Row[]> = {
  'mops-krakow': [
    ['Pracownica MOPS z tytułem Małopolskiego Pracownika Socjalnego Roku', '2017-12-07T00:00:00+01:00', null, []],
    ['Konferencja „Organizowanie społeczności lokalnej – nowa jakość, perspektywa, wyzwanie”', '2014-11-20T00:00:00+01:00', null, [['Program CAL MOPS', 'application/pdf']]],
    ['List do pracowników socjalnych', '2014-11-21T00:00:00+01:00', null, []],
    ['Życzenia Dyrektora MOPS z okazji Dnia Pracownika Socjalnego', '2014-11-21T00:00:00+01:00', null, []],
    ['Wyróżnienia dla pracowników MOPS w konkursie „Małopolski Pracownik Socjalny Roku 2014”', '2014-11-12T00:00:00+01:00', null, []],
    ['Pomoc dla osób bezdomnych', '2014-11-05T00:00:00+01:00', null, [['Wykaz placówek dla osób bezdomnych', 'application/msword']]],
    ['Konferencja „Praca socjalna – człowiek – środowisko. Inspiracje i perspektywy”', '2014-11-24T00:00:00+01:00', 'JD', []],
  ],
  'mops-sopot': [
    ['DZIEŃ PRACOWNIKA SOCJALNEGO', '2014-11-21T10:15:00+01:00', null, []],
    ['Sopocki radny przekazał potrzebującym dary od Polonii z Kolonii', '2014-12-15T13:05:00+01:00', null, []],
    ['Świąteczna zbiórka żywności w sopockich sklepach', '2015-12-03T08:30:00+01:00', null, [['Regulamin zbiórki', 'application/pdf']]],
    [
      'Nabór do mieszkań chronionych na 2016 rok',
      '2016-01-11T12:00:00+01:00',
      null,
      [
        ['Wniosek o przyznanie miejsca w mieszkaniu chronionym', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
        ['Zarządzenie Dyrektora MOPS', 'application/pdf'],
      ],
    ],
    ['Letni wypoczynek dla dzieci z sopockich rodzin', '2016-06-20T09:45:00+02:00', null, []],
    ['Rusza Sopocki Inkubator Przedsiębiorczości Społecznej', '2016-10-04T14:20:00+02:00', null, []],
  ],
  'gops-michalowice': [
    ['Dzień Pracownika Socjalnego 2021', '2021-11-25T00:00:00+01:00', 'Iwona Radzimirska', []],
    ['Teleopieka dla seniorów – nowa usługa GOPS', '2021-11-21T00:00:00+01:00', 'Iwona Radzimirska', [['Formularz zgłoszeniowy – teleopieka', 'application/pdf']]],
    [
      'Wypożyczalnia sprzętu pielęgnacyjno-wspomagającego',
      '2021-10-08T00:00:00+02:00',
      null,
      [
        ['Regulamin wypożyczalni', 'application/pdf'],
        ['Wzór umowy użyczenia', 'application/msword'],
      ],
    ],
    ['AKADEMIA UWAŻNEGO RODZICA – ZAPISY', '2021-09-14T00:00:00+02:00', 'Iwona Radzimirska', []],
    ['Klub Mam – spotkania w ramach grupowej pracy socjalnej', '2021-06-02T00:00:00+02:00', null, []],
    ['Mikołajkowa Niespodzianka – podziękowania dla darczyńców', '2020-12-10T00:00:00+01:00', 'Iwona Radzimirska', []],
  ],
  'michalowice-gmina': [
    ['Dzień Pracownika Socjalnego 2021', '2021-11-25T11:40:00+01:00', 'Stanowisko ds. promocji', []],
    ['Opowieści pracowników socjalnych – wywiad z dyrektorką GOPS', '2021-11-23T09:00:00+01:00', 'Stanowisko ds. promocji', []],
    ['Zbiórka żywności dla potrzebujących mieszkańców gminy', '2021-10-31T10:00:00+01:00', 'Stanowisko ds. promocji', []],
    ['Kolonie i półkolonie dla dzieci – zapisy w GOPS', '2021-03-28T08:30:00+02:00', 'Stanowisko ds. promocji', []],
    ['Dzienny Dom Seniora zaprasza na dni otwarte', '2021-03-27T12:00:00+01:00', 'Stanowisko ds. promocji', []],
    ['Pomoc dla uchodźców z Ukrainy – informacje GOPS', '2022-07-12T09:15:00+02:00', 'Stanowisko ds. promocji', []],
  ],
};
const EXPECTED_COUNT = Object.values(EXPECTED).reduce((sum, rows) => sum + rows.length, 0);
// Municipality news that is not about social welfare: the source's keyword filter keeps it out.
const FILTERED_OUT = ['Utrudnienia w ruchu drogowym – DW nr 719 Nowa Wieś', 'Harmonogram odbioru odpadów na 2022 rok', 'Nowe oświetlenie ulic w Komorowie'];

let server: FixtureServer;
let work: string;
let sites: string;
let first: CliResult;
const paths = { config: '', db: '', out: '' };
const crawl = () => runCli(['crawl', '--config', paths.config, '--db', paths.db, '--out', paths.out]);
const readItems = () => JSON.parse(readFileSync(join(paths.out, 'items.json'), 'utf8')) as { generated: string; count: number; items: Item[] };
const readOutput = (name: string) => readFileSync(join(paths.out, name), 'utf8');

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'opsfeed-e2e-'));
  sites = join(work, 'sites');
  cpSync(FIXTURE_SITES, sites, { recursive: true });
  server = await startFixtureServer(sites);
  Object.assign(paths, { config: join(work, 'sources.json'), db: join(work, 'opsfeed.db'), out: join(work, 'output') });
  writeFileSync(paths.config, JSON.stringify(fixtureConfig(server.origins)));
  first = await crawl();
});

afterAll(async () => {
  await server?.close();
});

describe('first crawl of the four fixture sites', () => {
  it('exits 0 with a line of progress per source and a summary', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    for (const id of Object.keys(EXPECTED)) expect(first.stdout).toMatch(new RegExp(`^${id}: ${EXPECTED[id]!.length} new, 0 updated, 0 unchanged, 0 failed`, 'm'));
    expect(first.stdout).toMatch(/^michalowice-gmina: .*3 filtered out$/m);
    expect(first.stdout).toContain(`done in`);
    expect(first.stdout).toContain(`${EXPECTED_COUNT} new`);
  });

  it('stores every fixture article exactly once with the expected title, date, author and attachments', () => {
    const { items, count } = readItems();
    expect(count).toBe(EXPECTED_COUNT);
    expect(items).toHaveLength(EXPECTED_COUNT);
    for (const [sourceId, rows] of Object.entries(EXPECTED)) {
      const own = items.filter((item) => item.source.id === sourceId);
      expect(own.map((item) => item.title).sort()).toEqual(rows.map(([title]) => title).sort());
      for (const [title, published, author, attachments] of rows) {
        const item = own.find((candidate) => candidate.title === title)!;
        expect({ title, published: item.published, author: item.author, attachments: item.attachments.map((a) => [a.title, a.mimeType]) }).toEqual({
          title,
          published,
          author,
          attachments,
        });
      }
    }
    expect(new Set(items.map((item) => item.id)).size).toBe(EXPECTED_COUNT);
    expect(new Set(items.map((item) => item.url)).size).toBe(EXPECTED_COUNT);
    for (const title of FILTERED_OUT) expect(items.some((item) => item.title === title)).toBe(false);
  });

  it('never takes the header clock or an event date in the body as the publication date', () => {
    const { items } = readItems();
    expect(items.filter((item) => item.published?.startsWith('2014-11-26'))).toEqual([]);
    const osl = items.find((item) => item.title.startsWith('Konferencja „Organizowanie'))!;
    expect(osl.contentText).toContain('24-25.11.2014');
    expect(osl.published).toBe('2014-11-20T00:00:00+01:00');
  });

  it('keeps the Polish letters of the windows-1250 site intact', () => {
    const { items } = readItems();
    const gops = items.filter((item) => item.source.id === 'gops-michalowice');
    const text = gops.map((item) => `${item.title}\n${item.contentText}\n${item.attachments.map((a) => a.title).join('\n')}`).join('\n');
    expect(text).not.toContain('\ufffd');
    expect(text).toContain('łóżka z materacami przeciwodleżynowymi');
    expect(text).toContain('Wzór umowy użyczenia');
    expect(text).toMatch(/Źródło|źr|ż/); // sanity: the alphabet is there
    expect(text).not.toMatch(/Ĺ|Ä…|Ăł/); // typical mojibake of UTF-8 read as windows-1250 or the reverse
  });

  it('fills every dataset field: normalised text, provenance, source record, layers', () => {
    const { items } = readItems();
    for (const item of items) {
      expect(item.id).toMatch(/^[0-9a-f]{16}$/);
      expect(item.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      expect(item.datePrecision).toMatch(/^(day|minute|second)$/);
      expect(item.updated).toBeNull();
      expect(Date.parse(item.firstSeen)).not.toBeNaN();
      expect(item.summary.length).toBeGreaterThan(40);
      expect(item.summary.length).toBeLessThanOrEqual(301);
      expect(item.contentHtml).not.toMatch(/<script|<style|<iframe|\son\w+=|javascript:/i);
      expect(item.contentText).not.toMatch(/Czytaj dalej|Więcej\.\.\.|Opublikowany przez|Zobacz także|cookies|WCAG|Aktualny czas|\(JD\)/);
      expect(item.source).toMatchObject({ id: expect.any(String), name: expect.any(String), voivodeship: expect.any(String) });
      expect(item.institutions[0]?.name).toBe(item.source.institution);
      expect(item.extractedBy.title).toBe('selector');
      expect(item.extractedBy.published).toBe('selector');
      for (const attachment of item.attachments) expect(attachment.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    }
    const signed = items.find((item) => item.author === 'JD')!;
    expect(signed.contentText.endsWith('istniejące potrzeby.')).toBe(true);
    expect(items.find((item) => item.source.id === 'mops-krakow')!.source.institution).toBe('Miejski Ośrodek Pomocy Społecznej w Krakowie');
  });

  it('publishes RSS, Atom and JSON Feed that a feed parser reads, each article exactly once', () => {
    // Each story once: the GOPS site's "Dzień Pracownika Socjalnego 2021" is also on the municipality portal, later that day.
    const all = readItems().items;
    const items = withoutLaterCopies(all);
    expect(all.filter((item) => !items.includes(item)).map((item) => [item.source.id, item.title])).toEqual([['michalowice-gmina', 'Dzień Pracownika Socjalnego 2021']]);
    const ids = items.map((item) => item.id).sort();
    const rss = parseFeed(readOutput('feed.xml'));
    const atom = parseFeed(readOutput('atom.xml'));
    const json = JSON.parse(readOutput('feed.json')) as { version: string; items: Array<{ id: string; date_published: string }> };
    expect(rss.items.map((item) => item.id).sort()).toEqual(ids);
    expect(atom.items.map((item) => item.id).sort()).toEqual(ids.map((id) => `urn:opsfeed:${id}`).sort());
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.items.map((item) => item.id).sort()).toEqual(ids);
    const jsonRead = extractFromJson(json, { normalization: true });
    expect(jsonRead.entries?.map((entry) => entry.id).sort()).toEqual(ids);
    expect(jsonRead.entries?.map((entry) => entry.title)).toEqual(items.map((item) => item.title));
    // Newest first, with the dates of the dataset.
    const published = rss.items.map((item) => item.published?.getTime() ?? 0);
    expect([...published].sort((a, b) => b - a)).toEqual(published);
    expect(json.items[0]!.date_published).toBe('2022-07-12T09:15:00+02:00');
    const withFiles = rss.items.find((item) => item.title === 'Nabór do mieszkań chronionych na 2016 rok')!;
    expect(withFiles.media[0]?.url).toMatch(/Wniosek-mieszkanie-chronione\.docx$/);
    expect(readOutput('feed.xml')).toMatch(/<atom:link href="[^"]+feed\.xml" rel="self" type="application\/rss\+xml"\/>/);
    expect(readOutput('feed.xml')).toContain('<content:encoded>');
    // RSS 2.0 <author> must be an e-mail address: names go into dc:creator; Atom has <author><name>.
    expect(readOutput('feed.xml')).not.toContain('<author>');
    expect(rss.items.find((item) => item.id === items.find((i) => i.author === 'JD')!.id)!.authors.map((a) => a.name)).toEqual(['JD']);
    const portalAtom = parseFeed(readOutput('sources/michalowice-gmina/atom.xml'));
    expect(portalAtom.items.find((item) => item.title === 'Dzień Pracownika Socjalnego 2021' && item.authors[0]?.name === 'Stanowisko ds. promocji')).toBeDefined();
  });

  it('publishes a feed per source', () => {
    for (const [sourceId, rows] of Object.entries(EXPECTED)) {
      for (const file of ['feed.xml', 'atom.xml']) expect(parseFeed(readOutput(`sources/${sourceId}/${file}`)).items).toHaveLength(rows.length);
      expect(JSON.parse(readOutput(`sources/${sourceId}/feed.json`)).items).toHaveLength(rows.length);
    }
  });

  it('is polite: opsfeed User-Agent on every request, robots.txt obeyed', () => {
    expect(server.requests.length).toBeGreaterThan(EXPECTED_COUNT);
    expect(new Set(server.requests.map((request) => request.userAgent))).toEqual(new Set([expect.stringMatching(/^opsfeed\/\d+\.\d+\.\d+ \(\+https?:\/\/.+\)$/)]));
    expect(server.requests.filter((request) => request.path.startsWith('/prywatne/'))).toEqual([]);
    for (const site of Object.keys(EXPECTED)) expect(server.requests.find((request) => request.site === site)?.path).toBe('/robots.txt');
    expect(first.stdout).toContain('/prywatne/notatka-dla-pracownikow/: disallowed by robots.txt');
  });

  it('fetches and stores once an article linked from two listing pages (once with tracking parameters)', () => {
    const listed = ['aktualnosci-1.html', 'aktualnosci-2.html'].map((file) => readFileSync(join(sites, 'mops-krakow', file), 'utf8'));
    expect(listed.every((html) => html.includes('/start/211301,artykul,'))).toBe(true);
    expect(listed[1]).toContain('211301,artykul,konferencja_organizowanie_spolecznosci_lokalnej.html?utm_source=newsletter');
    const visits = server.requests.filter((request) => request.path.startsWith('/start/211301,artykul,'));
    expect(visits.length).toBe(1);
    expect(readItems().items.filter((item) => item.title.startsWith('Konferencja „Organizowanie'))).toHaveLength(1);
  });
});

describe('crawling again', () => {
  it('adds nothing and changes no id when nothing changed, and stops paging at known items', async () => {
    const before = readItems().items.map((item) => item.id).sort();
    const requestsBefore = server.requests.length;
    const second = await crawl();
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 new, 0 updated');
    const after = readItems();
    expect(after.items.map((item) => item.id).sort()).toEqual(before);
    expect(after.items.every((item) => item.updated === null)).toBe(true);
    // Only the first listing page of each source is read again: every item on it is known.
    const listings = server.requests.slice(requestsBefore).filter((request) => /aktualnosci|komunikaty/.test(request.path) && !/artykul|\/aktualnosci\/\d+,|komunikaty\/rok-/.test(request.path));
    expect(listings.map((request) => `${request.site} ${request.path}`).sort()).toEqual(
      ['gops-michalowice /aktualnosci', 'michalowice-gmina /dzieje-sie/aktualnosci/komunikaty', 'mops-krakow /aktualnosci', 'mops-sopot /aktualnosci/'].sort(),
    );
  });

  it('keeps the id, sets `updated` and stores one revision when an article is edited', async () => {
    const file = join(sites, 'mops-krakow', 'artykul-211528.html');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('Pełni funkcję wspierającą dla pracowników MOPS', 'Pełni też funkcję wspierającą dla pracowników MOPS'));
    const before = readItems().items.find((item) => item.title.startsWith('Pracownica MOPS'))!;

    // The fixture articles are years old: re-checks are switched on for them, as for a recent article within settings.recheckDays.
    writeFileSync(paths.config, JSON.stringify(fixtureConfig(server.origins, { recheckDays: 36_500, recheckEveryHours: 0 })));
    const third = await crawl();
    expect(third.code).toBe(0);
    expect(third.stdout).toMatch(/^mops-krakow: 0 new, 1 updated, /m);
    const after = readItems().items.find((item) => item.title.startsWith('Pracownica MOPS'))!;
    expect(after.id).toBe(before.id);
    expect(after.firstSeen).toBe(before.firstSeen);
    expect(after.updated).not.toBeNull();
    expect(after.contentText).toContain('Pełni też funkcję');
    expect(readItems().count).toBe(EXPECTED_COUNT);

    const store = new Store(paths.db);
    try {
      const revisions = store.revisions(after.id);
      expect(revisions).toHaveLength(1);
      expect(revisions[0]!.contentText).toContain('Pełni funkcję wspierającą');
    } finally {
      store.close();
    }
  });
});

describe('the seed sources with every selector removed from a copy of the config', () => {
  it('still yield the same articles, titles, dates, authors and attachments through the presets and generic layers', async () => {
    const bare = join(work, 'bare');
    mkdirSync(bare);
    const config = fixtureConfig(server.origins) as { sources: Array<{ listing: Record<string, unknown>; article?: unknown }> };
    for (const source of config.sources) {
      delete source.listing.selectors;
      delete source.listing.pagination;
      delete source.article;
    }
    writeFileSync(join(bare, 'sources.json'), JSON.stringify(config));
    // The sites as first crawled: the edit made above is undone.
    cpSync(FIXTURE_SITES, sites, { recursive: true });
    const result = await runCli(['crawl', '--config', join(bare, 'sources.json'), '--db', join(bare, 'opsfeed.db'), '--out', join(bare, 'output')]);
    expect(result.code).toBe(0);
    const { items } = JSON.parse(readFileSync(join(bare, 'output', 'items.json'), 'utf8')) as { items: Item[] };
    for (const [sourceId, rows] of Object.entries(EXPECTED)) {
      const own = items.filter((item) => item.source.id === sourceId);
      const got = own.map((item) => [item.title, item.published, item.author, item.attachments.map((a) => [a.title, a.mimeType])]);
      expect(got.sort()).toEqual([...rows].sort());
    }
    expect(items).toHaveLength(EXPECTED_COUNT);
    expect(items.filter((item) => Object.values(item.extractedBy).includes('selector'))).toEqual([]);
  });
});
