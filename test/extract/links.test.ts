/** How listing links are resolved: `<base href>`, and "www." on one link and not on another. */
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { extractListing } from '../../src/extract/listing.js';

const teasers = (hrefs: string[]) =>
  hrefs
    .map((href, i) => `<div class="news"><h2><a href="${href}">Komunikat ośrodka numer ${i + 1} w sprawie świadczeń</a></h2><p>Ośrodek informuje mieszkańców o zmianach w wypłacie świadczeń w tym miesiącu.</p></div>`)
    .join('');
const listing = (html: string, url: string) => extractListing(load(html), url, { preset: 'none', listing: { urls: [url], pagination: undefined, selectors: {}, maxPages: 5 } });

describe('listing links', () => {
  it('resolve against <base href>, as a browser does', () => {
    const html = `<html><head><base href="https://gops.example.pl/index.php/"></head><body><main>${teasers(['aktualnosci/12-a', 'aktualnosci/11-b'])}
      <a href="aktualnosci?start=2">Dalej</a></main></body></html>`;
    const result = listing(html, 'https://gops.example.pl/index.php/aktualnosci');
    expect(result.articleUrls).toEqual(['https://gops.example.pl/index.php/aktualnosci/12-a', 'https://gops.example.pl/index.php/aktualnosci/11-b']);
    expect(result.nextPageUrl).toBe('https://gops.example.pl/index.php/aktualnosci?start=2');
  });

  it('count the same site with and without "www."', () => {
    const html = `<html><body><main>${teasers(['https://www.mops.example.pl/aktualnosci/2', 'https://mops.example.pl/aktualnosci/1', 'https://inny.example.pl/aktualnosci/3'])}</main></body></html>`;
    expect(listing(html, 'https://mops.example.pl/aktualnosci').articleUrls).toEqual(['https://www.mops.example.pl/aktualnosci/2', 'https://mops.example.pl/aktualnosci/1']);
  });
});
