/**
 * Article pages of platforms the fixture sites do not use (a Joomla template
 * with schema.org microdata, a BIP page with its metadata table), read with
 * no selectors at all: the structured and generic layers must carry them.
 */
import { readFileSync } from 'node:fs';
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/extract/article.js';
import { normalizeArticle } from '../../src/normalize/article.js';
import { extractListing } from '../../src/extract/listing.js';

const page = (name: string) => load(readFileSync(`test/fixtures/pages/${name}`, 'utf8'));

describe.each([
  {
    file: 'joomla-article.html',
    title: 'Wigilia dla osób samotnych',
    published: '2021-12-15T10:30:00+01:00',
    author: 'Anna Nowak',
    layers: { title: 'microdata', published: 'microdata', publishedFrom: 'ISO 8601', author: 'microdata', content: 'heuristic' },
    attachments: ['Karta zgłoszenia'],
    notInText: ['Odsłon', 'Dziś jest', 'Ostatnia modyfikacja', 'Napisane przez'],
  },
  {
    file: 'bip-article.html',
    title: 'Ogłoszenie o naborze na stanowisko pracownika socjalnego',
    published: '2021-12-21T10:05:00+01:00',
    author: 'Jan Kowalski',
    layers: { title: 'heuristic', published: 'heuristic', publishedFrom: 'Data publikacji', author: 'heuristic', content: 'heuristic' },
    attachments: [],
    notInText: ['Data publikacji', 'Wytworzył', 'Opublikował', 'Przetargi'],
  },
])('$file without selectors', (expected) => {
  it('yields title, date, author, body and attachments from the page itself', () => {
    const result = normalizeArticle(extractArticle(page(expected.file), 'https://example.pl/aktualnosci/1', {}));
    if ('skipped' in result) throw new Error(result.skipped);
    const { article } = result;
    expect({ title: article.title, published: article.published, author: article.author }).toEqual({
      title: expected.title,
      published: expected.published,
      author: expected.author,
    });
    expect(article.extractedBy).toEqual(expected.layers);
    expect(article.attachments.map((a) => a.title)).toEqual(expected.attachments);
    expect(article.contentText.length).toBeGreaterThan(100);
    for (const chrome of expected.notInText) expect(article.contentText).not.toContain(chrome);
  });
});

describe('edge cases of article pages', () => {
  const extract = (html: string) => {
    const result = normalizeArticle(extractArticle(load(html), 'https://example.pl/aktualnosci/7', {}));
    if ('skipped' in result) throw new Error(result.skipped);
    return result.article;
  };

  it('keeps a body without paragraphs whole, numbers included', () => {
    const article = extract(`<html><body><h1>Statystyka pomocy w 2021 roku</h1><div class="tresc">Liczba rodzin objętych pomocą społeczną w gminie w ubiegłym roku wyniosła:<br>
      <table><tr><td>zasiłki stałe</td><td><span>412</span></td></tr><tr><td>zasiłki okresowe</td><td><span>97</span></td></tr></table></div></body></html>`);
    expect(article.contentText).toContain('412');
    expect(article.contentText).toContain('97');
  });

  it('survives attachment names with broken percent-encoding', () => {
    const article = extract(`<html><body><h1>Druki do pobrania dla mieszkańców</h1><div><p>Wnioski o świadczenia można pobrać poniżej i złożyć w siedzibie ośrodka.</p>
      <p><a href="/pliki/wniosek%B1.pdf"><img src="/i/pdf.png" alt=""></a></p></div></body></html>`);
    expect(article.attachments).toEqual([{ url: 'https://example.pl/pliki/wniosek%B1.pdf', title: 'wniosek%B1.pdf', mimeType: 'application/pdf' }]);
  });

  it('takes the date beside the headline even when the page clock shares a large container with it', () => {
    const article = extract(`<html><body><div id="strona"><div class="zegar">Dziś jest: poniedziałek, 3 stycznia 2022</div>
      <h1>Zimowa zbiórka odzieży</h1><div class="data">20.12.2021</div>
      <div class="tekst"><p>Gminny Ośrodek Pomocy Społecznej prowadzi zbiórkę ciepłej odzieży dla osób w kryzysie bezdomności.</p></div>
      ${'<p>Więcej informacji w sekretariacie ośrodka, pokój nr 5, w godzinach pracy urzędu. </p>'.repeat(5)}</div></body></html>`);
    expect(article.published).toBe('2021-12-20T00:00:00+01:00');
    expect(article.title).toBe('Zimowa zbiórka odzieży');
    expect(article.contentText).toMatch(/^Gminny Ośrodek Pomocy Społecznej prowadzi zbiórkę/);
    expect(article.contentText).not.toMatch(/Dziś jest|20\.12\.2021/);
  });
});

/**
 * Newer platform versions than the fixture families (Joomla 4's Cassiopeia,
 * a WordPress site built with Elementor, Drupal 10's Olivero): a listing page
 * and an article page each, read with no selectors, with the platform preset
 * recognised and with presets switched off.
 */
describe.each([
  {
    name: 'joomla4',
    url: 'https://gops.example.pl/index.php/aktualnosci',
    items: ['/index.php/aktualnosci/52-posilek-dla-potrzebujacych', '/index.php/aktualnosci/51-dzien-seniora'],
    next: '/index.php/aktualnosci?start=2',
    article: { title: 'Posiłek dla potrzebujących – nabór 2024', published: '2024-03-08T09:30:00+01:00', author: 'Ewa Lis' },
  },
  {
    name: 'wordpress-elementor',
    url: 'https://mops.example/aktualnosci/',
    items: ['/2024/03/14/punkt-konsultacyjny/', '/2024/03/01/dzien-kobiet/'],
    next: '/aktualnosci/page/2/',
    // The page shows the day; article:published_time gives the same day to the second.
    article: { title: 'Punkt konsultacyjny dla osób uzależnionych', published: '2024-03-14T09:05:11+01:00', author: 'Katarzyna Nowak' },
  },
  {
    name: 'drupal10',
    url: 'https://mopr.example/aktualnosci',
    items: ['/aktualnosci/wyprawka-szkolna', '/aktualnosci/zmiana-godzin'],
    next: '/aktualnosci?page=1',
    // "Przez redakcja": the account of the editorial office, not a signature.
    article: { title: 'Wyprawka szkolna dla uczniów z niepełnosprawnościami', published: '2024-03-12T11:20:00+01:00', author: null },
  },
])('$name pages without selectors', (expected) => {
  it.each(['auto', 'none'] as const)('preset %s: the listing, its next page and the article', (preset) => {
    const listing = extractListing(page(`${expected.name}-listing.html`), expected.url, { preset, listing: { urls: [expected.url], pagination: undefined, selectors: {}, maxPages: 10 } });
    const origin = new URL(expected.url).origin;
    expect(listing.articleUrls).toEqual(expected.items.map((path) => `${origin}${path}`));
    expect(listing.nextPageUrl).toBe(`${origin}${expected.next}`);
    const result = normalizeArticle(extractArticle(page(`${expected.name}-article.html`), listing.articleUrls[0]!, {}, preset));
    if ('skipped' in result) throw new Error(result.skipped);
    expect({ title: result.article.title, published: result.article.published, author: result.article.author }).toEqual(expected.article);
    expect(result.article.contentText.length).toBeGreaterThan(100);
    expect(result.warnings).toEqual([]);
  });
});
