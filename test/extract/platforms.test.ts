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

const page = (name: string) => load(readFileSync(`test/fixtures/pages/${name}`, 'utf8'));

describe.each([
  {
    file: 'joomla-article.html',
    title: 'Wigilia dla osób samotnych',
    published: '2021-12-15T10:30:00+01:00',
    author: 'Anna Nowak',
    layers: { title: 'microdata', published: 'microdata', author: 'microdata', content: 'heuristic' },
    attachments: ['Karta zgłoszenia'],
    notInText: ['Odsłon', 'Dziś jest', 'Ostatnia modyfikacja', 'Napisane przez'],
  },
  {
    file: 'bip-article.html',
    title: 'Ogłoszenie o naborze na stanowisko pracownika socjalnego',
    published: '2021-12-21T10:05:00+01:00',
    author: 'Jan Kowalski',
    layers: { title: 'heuristic', published: 'heuristic', author: 'heuristic', content: 'heuristic' },
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
