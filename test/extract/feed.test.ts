import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { advertisedFeeds, feedItemLinks } from '../../src/extract/feed.js';

describe('feedItemLinks', () => {
  it.each([
    ['RSS 2.0', '<rss version="2.0"><channel><link>https://a.pl/</link><item><link>https://a.pl/1</link></item><item><link> /2 </link></item></channel></rss>', ['https://a.pl/1', 'https://a.pl/2']],
    [
      'Atom, alternate links only',
      '<feed xmlns="http://www.w3.org/2005/Atom"><link href="https://a.pl/"/><entry><link rel="alternate" href="https://a.pl/3"/><link rel="edit" href="https://a.pl/e"/></entry><entry><link href="4"/></entry></feed>',
      ['https://a.pl/3', 'https://a.pl/feed/4'],
    ],
    ['the same link twice', '<rss><channel><item><link>https://a.pl/1</link></item><item><link>https://a.pl/1</link></item></channel></rss>', ['https://a.pl/1']],
    ['javascript: and empty links', '<rss><channel><item><link>javascript:alert(1)</link></item><item><link></link></item></channel></rss>', []],
    ['not a feed at all', '<html><body><h1>Błąd 500</h1></body></html>', []],
  ])('%s', (_, xml, links) => {
    expect(feedItemLinks(xml, 'https://a.pl/feed/')).toEqual(links);
  });
});

describe('advertisedFeeds', () => {
  it("names the page's own RSS and Atom feeds, not other sites' nor other types", () => {
    const $ = load(`<head>
      <link rel="alternate" type="application/rss+xml" href="/feed/">
      <link rel="alternate" type="application/atom+xml" href="https://a.pl/atom.xml">
      <link rel="alternate" type="application/rss+xml" href="https://other.pl/feed/">
      <link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/1">
      <link rel="alternate" hreflang="en" href="/en/">
    </head>`);
    expect(advertisedFeeds($, 'https://a.pl/aktualnosci/')).toEqual([
      { url: 'https://a.pl/feed/', type: 'application/rss+xml' },
      { url: 'https://a.pl/atom.xml', type: 'application/atom+xml' },
    ]);
  });
});
