import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/extract/article.js';
import { extractListing } from '../../src/extract/listing.js';
import { normalizeArticle } from '../../src/normalize/article.js';
import { loadConfig } from '../../src/config/load.js';
import { fixturePage, FIXTURE_ORIGIN } from '../support/pages.js';

const config = loadConfig('sources.json');
const source = (id: string) => config.sources.find((s) => s.id === id)!;

// One article page per fixture site with what a reader sees on it.
const ARTICLES = [
  {
    site: 'mops-krakow',
    route: '/start/211301,artykul,konferencja_organizowanie_spolecznosci_lokalnej.html',
    title: 'Konferencja „Organizowanie społeczności lokalnej – nowa jakość, perspektywa, wyzwanie”',
    published: '2014-11-20T00:00:00+01:00',
    author: null,
    bodyStart: 'W dniach 24-25.11.2014 r. odbywa się w Krakowie konferencja',
    attachments: ['Program CAL MOPS'],
  },
  {
    site: 'mops-krakow',
    route: '/start/211455,artykul,konferencja_praca_socjalna_czlowiek_srodowisko.html'.replace('/start', ''),
    title: 'Konferencja „Praca socjalna – człowiek – środowisko. Inspiracje i perspektywy”',
    published: '2014-11-24T00:00:00+01:00',
    author: 'JD',
    bodyStart: 'Z okazji Dnia Pracownika Socjalnego, Miejski Ośrodek Pomocy Społecznej w Krakowie',
    attachments: [],
  },
  {
    site: 'mops-sopot',
    route: '/dzien-pracownika-socjalnego/',
    title: 'DZIEŃ PRACOWNIKA SOCJALNEGO',
    published: '2014-11-21T10:15:00+01:00',
    author: null,
    bodyStart: 'Z okazji Dnia Pracownika Socjalnego, który przypada 21 listopada, sopocki MOPS',
    attachments: [],
  },
  {
    site: 'gops-michalowice',
    route: '/aktualnosci/401,wypozyczalnia-sprzetu-pielegnacyjno-wspomagajacego.html',
    title: 'Wypożyczalnia sprzętu pielęgnacyjno-wspomagającego',
    published: '2021-10-08T00:00:00+02:00',
    author: null,
    bodyStart: 'Mieszkańcy gminy Michałowice mogą bezpłatnie wypożyczyć sprzęt',
    attachments: ['Regulamin wypożyczalni', 'Wzór umowy użyczenia'],
  },
  {
    site: 'gops-michalowice',
    route: '/aktualnosci/408,teleopieka-dla-seniorow-nowa-usluga-gops.html',
    title: 'Teleopieka dla seniorów – nowa usługa GOPS',
    published: '2021-11-21T00:00:00+01:00',
    author: 'Iwona Radzimirska',
    bodyStart: 'Gminny Ośrodek Pomocy Społecznej w Michałowicach rozpoczyna wdrażanie teleopieki',
    attachments: ['Formularz zgłoszeniowy – teleopieka'],
  },
  {
    site: 'michalowice-gmina',
    route: '/dzieje-sie/aktualnosci/komunikaty/rok-2021/dzien-pracownika-socjalnego-2021,p2027951201',
    title: 'Dzień Pracownika Socjalnego 2021',
    published: '2021-11-25T11:40:00+01:00',
    author: 'Stanowisko ds. promocji',
    bodyStart: '21 listopada był świętem pracowników socjalnych',
    attachments: [],
  },
];

describe.each(ARTICLES)('article $site $route', (expected) => {
  const { $, url } = fixturePage(expected.site, expected.route);

  const check = (selectors: Parameters<typeof extractArticle>[2], preset: Parameters<typeof extractArticle>[3] = 'auto') => {
    const result = normalizeArticle(extractArticle($, url, selectors, preset));
    if ('skipped' in result) throw new Error(result.skipped);
    const { article } = result;
    expect(article.title).toBe(expected.title);
    expect(article.published).toBe(expected.published);
    expect(article.author).toBe(expected.author);
    expect(article.contentText.startsWith(expected.bodyStart)).toBe(true);
    expect(article.attachments.map((a) => a.title)).toEqual(expected.attachments);
    for (const attachment of article.attachments) expect(attachment.url.startsWith(`${FIXTURE_ORIGIN}/`)).toBe(true);
    // Chrome and traps never leak into the text.
    expect(article.contentText).not.toMatch(/Aktualny czas|Imieniny|cookies|WCAG|Czytaj dalej|Więcej\.\.\.|Opublikowany przez|Zobacz także|Ostatnia aktualizacja|\(JD\)/);
    expect(article.contentText.split('\n')).not.toContain(String(139));
    expect(article.contentHtml).not.toMatch(/<script|<style|onclick|javascript:/i);
    return article;
  };

  it('with the configured selectors', () => {
    const article = check(source(expected.site).article);
    expect(article.extractedBy.title).toBe('selector');
    expect(article.extractedBy.content).toBe('selector');
  });

  it('with no selectors and no preset, through the structured and generic layers', () => {
    const article = check({}, 'none');
    expect(article.extractedBy.title).not.toMatch(/^(selector|preset)$/);
    expect(article.extractedBy.content).toBe('heuristic');
  });

  it('with no selectors, the platform recognised from the page', () => {
    const article = check({});
    expect(article.extractedBy.title).not.toBe('selector');
  });
});

describe('the Kraków header clock', () => {
  it('is never taken as a publication date, even when the page has no other date', () => {
    const { $, url } = fixturePage('mops-krakow', '/start/211528,artykul,miejski_osrodek_pomocy_spolecznej_w_krakowie_zaprasza_osoby_zainteresowane_wolontariatem_.html');
    $('.article-date').remove();
    const result = normalizeArticle(extractArticle($, url, {}));
    expect('article' in result && result.article.published).toBeNull();
  });
});

const LISTINGS = [
  { site: 'mops-krakow', route: '/aktualnosci', articles: 3, next: '/aktualnosci?page=1' },
  { site: 'mops-krakow', route: '/aktualnosci?page=2', articles: 1, next: null },
  { site: 'mops-sopot', route: '/aktualnosci/', articles: 4, next: '/aktualnosci/page/2/' },
  { site: 'gops-michalowice', route: '/aktualnosci', articles: 4, next: '/aktualnosci?page=2' },
  { site: 'michalowice-gmina', route: '/dzieje-sie/aktualnosci/komunikaty', articles: 5, next: '/dzieje-sie/aktualnosci/komunikaty?page=2' },
];

describe.each(LISTINGS)('listing $site $route', ({ site, route, articles, next }) => {
  const { $, url } = fixturePage(site, route);

  it('with the configured selectors', () => {
    const listing = extractListing($, url, source(site));
    expect(listing.extractedBy).toBe('selector');
    expect(listing.articleUrls).toHaveLength(articles);
    expect(listing.nextPageUrl).toBe(next && `${FIXTURE_ORIGIN}${next}`);
  });

  it('with no selectors and no pagination rule, by the repeated block of links', () => {
    const listing = extractListing($, url, { preset: 'none', listing: { ...source(site).listing, selectors: {}, pagination: undefined } });
    expect(listing.extractedBy).toBe('heuristic');
    expect(listing.articleUrls).toEqual(extractListing($, url, source(site)).articleUrls);
  });
});
