/**
 * What an article is about and whom it concerns: topics (topics.json) and
 * institutions (institutions.json) for the five seed texts and 24 fixture
 * articles, against tables written by reading each text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/extract/article.js';
import { normalizeArticle } from '../../src/normalize/article.js';
import { institutionOf, institutionsMentioned, type MentionContext } from '../../src/normalize/institutions.js';
import { topicsOf } from '../../src/normalize/topics.js';

/** A source's context as the crawl builds it (articles.ts): its own institution and its voivodeship. */
const sourceIn = (type: string, city: string, voivodeship: string): MentionContext => ({ own: institutionOf(type, { city, voivodeship }, `${type} ${city}`)!, voivodeship });
const KRAKOW = sourceIn('MOPS', 'Kraków', 'małopolskie');
const SOPOT = sourceIn('MOPS', 'Sopot', 'pomorskie');
const MICHALOWICE = sourceIn('GOPS', 'Michałowice', 'mazowieckie');
const ELSEWHERE: MentionContext = {};

describe.each([
  // "z Miejskiego Ośrodka Pomocy Społecznej w Krakowie … konkursie organizowanym przez Regionalny Ośrodek Polityki Społecznej" (no place: a ROPS); workshops "Nie przemocy"
  ['000', KRAKOW, ['przemoc-w-rodzinie', 'dzieci-i-rodzina', 'wydarzenia-i-konferencje'], ['mops-krakow', 'rops']],
  // a page of Kraków news: the CAL conference, ROPS in Kraków, a Klub Integracji Społecznej, help for the homeless (in the order the text names them)
  ['001', KRAKOW, ['bezdomnosc', 'wydarzenia-i-konferencje'], ['mops-krakow', 'cal', 'rops-krakow', 'kis']],
  // the Social Worker Day conference, surveying the whole system: DPS, ŚDS, OIK named as kinds
  [
    '002',
    KRAKOW,
    ['bezdomnosc', 'przemoc-w-rodzinie', 'niepelnosprawnosc', 'seniorzy', 'dzieci-i-rodzina', 'bezrobocie-i-aktywizacja', 'wydarzenia-i-konferencje'],
    ['mops-krakow', 'dps', 'sds', 'oik'],
  ],
  // "Pracownicy Gminnego Ośrodka Pomocy Społecznej", "zespół GOPS-u": no place named, the source's own
  ['003', MICHALOWICE, ['niepelnosprawnosc', 'seniorzy', 'dzieci-i-rodzina', 'uzaleznienia', 'wydarzenia-i-konferencje'], ['gops-michalowice-1421042']],
  // "sopocki MOPS podsumował projekt … współfinansowany przez Unię Europejską", foster families and leavers of care
  ['004', SOPOT, ['piecza-zastepcza', 'bezrobocie-i-aktywizacja', 'projekty-ue', 'wydarzenia-i-konferencje'], ['mops-sopot']],
])('seed %s', (prefix, context, topics, institutions) => {
  it('has the expected topics and institutions', () => {
    const name = readdirSync('../shared/seeds').find((entry) => entry.startsWith(prefix))!;
    const text = readFileSync(`../shared/seeds/${name}`, 'utf8');
    expect(topicsOf('', text)).toEqual(topics);
    expect(institutionsMentioned(text, context).map((institution) => institution.id)).toEqual(institutions);
  });
});

const FIXTURES: Array<[file: string, context: MentionContext, topics: string[], institutions: string[]]> = [
  // "Regionalny Ośrodek Polityki Społecznej" with no place: a ROPS, not guessed to be Kraków's
  ['sites/mops-krakow/artykul-211528.html', KRAKOW, ['przemoc-w-rodzinie', 'dzieci-i-rodzina', 'wydarzenia-i-konferencje'], ['mops-krakow', 'rops']],
  ['sites/mops-krakow/artykul-211301.html', KRAKOW, ['wydarzenia-i-konferencje'], ['mops-krakow', 'cal']],
  ['sites/mops-krakow/artykul-210987.html', KRAKOW, ['bezdomnosc'], ['mops-krakow', 'kis']],
  ['sites/mops-krakow/artykul-211150.html', KRAKOW, ['wydarzenia-i-konferencje'], ['mops-krakow', 'rops-krakow']],
  ['sites/mops-sopot/dzien-pracownika-socjalnego.html', SOPOT, ['piecza-zastepcza', 'bezrobocie-i-aktywizacja', 'projekty-ue', 'wydarzenia-i-konferencje'], ['mops-sopot']],
  ['sites/mops-sopot/letni-wypoczynek-dzieci-2016.html', SOPOT, ['dzieci-i-rodzina'], ['mops-sopot']],
  ['sites/mops-sopot/mieszkania-chronione-nabor-2016.html', SOPOT, ['piecza-zastepcza'], ['mops-sopot']],
  ['sites/mops-sopot/sopocki-inkubator-przedsiebiorczosci-spolecznej.html', SOPOT, ['bezrobocie-i-aktywizacja', 'wydarzenia-i-konferencje'], ['mops-sopot']],
  ['sites/gops-michalowice/artykul-412.html', MICHALOWICE, ['niepelnosprawnosc', 'seniorzy', 'dzieci-i-rodzina', 'uzaleznienia', 'wydarzenia-i-konferencje'], ['gops-michalowice-1421042']],
  ['sites/gops-michalowice/artykul-408.html', MICHALOWICE, ['seniorzy'], ['gops-michalowice-1421042']],
  ['sites/gops-michalowice/artykul-401.html', MICHALOWICE, ['niepelnosprawnosc'], ['gops-michalowice-1421042']],
  ['sites/gops-michalowice/artykul-388.html', MICHALOWICE, ['dzieci-i-rodzina', 'wydarzenia-i-konferencje'], ['gops-michalowice-1421042']],
  ['sites/michalowice-gmina/zbiorka-zywnosci-gops.html', MICHALOWICE, ['ubostwo-i-zasilki'], ['gops-michalowice-1421042']],
  ['sites/michalowice-gmina/kolonie-i-polkolonie-dla-dzieci.html', MICHALOWICE, ['dzieci-i-rodzina', 'uzaleznienia'], ['gops-michalowice-1421042']],
  ['families/city-portal/28350.html', ELSEWHERE, ['bezdomnosc'], []],
  ['families/drupal7/dzien-otwarty-centrum-integracji.html', ELSEWHERE, ['bezrobocie-i-aktywizacja', 'wydarzenia-i-konferencje'], ['cis']],
  ['families/gmina-portal/art-5098.html', ELSEWHERE, ['niepelnosprawnosc', 'wydarzenia-i-konferencje'], ['sds']],
  ['families/joomla3/139-zespol-interdyscyplinarny.html', ELSEWHERE, ['przemoc-w-rodzinie'], []],
  ['families/roman-months/interwencja-kryzysowa-dyzury.html', ELSEWHERE, ['przemoc-w-rodzinie'], []],
  ['families/roman-months/dzien-rodzicielstwa-zastepczego.html', ELSEWHERE, ['dzieci-i-rodzina', 'piecza-zastepcza', 'wydarzenia-i-konferencje'], []],
  ['families/legacy-1250/art-412.html', ELSEWHERE, ['ubostwo-i-zasilki'], []],
  ['families/no-dates-listing/zimowy-dyzur-streetworkera.html', ELSEWHERE, ['bezdomnosc'], []],
  ['families/wp-yoast/asystent-osobisty-nabor.html', ELSEWHERE, ['niepelnosprawnosc'], []],
  ['families/latin2/art-85.html', ELSEWHERE, [], []],
];

describe.each(FIXTURES)('%s', (file, context, topics, institutions) => {
  it('has the expected topics and institutions', () => {
    const result = normalizeArticle(extractArticle(load(readFileSync(`test/fixtures/${file}`, 'utf8')), 'https://example.pl/aktualnosci/1', {}), context);
    if ('skipped' in result) throw new Error(result.skipped);
    expect(result.article.topics).toEqual(topics);
    expect(result.article.institutions.map((institution) => institution.id)).toEqual(institutions);
  });
});

describe('institution mentions', () => {
  it.each([
    ['sopockiego MOPS-u', SOPOT, ['mops-sopot']],
    ['w MOPS-ie w Krakowie', SOPOT, ['mops-krakow']],
    ['MOPS Kraków', SOPOT, ['mops-krakow']],
    // another town's institution, not the source's own
    ['MOPS w Gdyni', SOPOT, ['mops-gdynia']],
    ['pracownicy GOPS-u', MICHALOWICE, ['gops-michalowice-1421042']],
    // no place named and not the source's type: a ROPS, never guessed from the source's voivodeship
    ['Regionalnego Ośrodka Polityki Społecznej', SOPOT, ['rops']],
    // three gminas are named Michałowice: the one in the source's voivodeship
    ['Gminnego Ośrodka Pomocy Społecznej w Michałowicach', KRAKOW, ['gops-michalowice-1206082']],
    ['Gminnego Ośrodka Pomocy Społecznej w Michałowicach', ELSEWHERE, ['gops-michalowice']],
    ['cal i mops pisane małymi literami', KRAKOW, []],
    ['domach pomocy społecznej i DPS-ach', ELSEWHERE, ['dps']],
  ])('%s (source: %o)', (text, context, ids) => {
    expect(institutionsMentioned(text, context).map((institution) => institution.id)).toEqual(ids);
  });
});
