/** A site's own RSS or Atom feed: which feeds a page names, and the article links a feed lists. */
import { load, type CheerioAPI } from 'cheerio';
import { absoluteUrl, safeHost } from './dom.js';
import { Page } from './page.js';

const FEED_TYPE = /^application\/(rss|atom)\+xml$/i;

/** Same-site feeds named by `<link rel="alternate" type="application/rss+xml">` (or Atom), in page order. */
export function advertisedFeeds($: CheerioAPI, pageUrl: string): Array<{ url: string; type: string }> {
  const host = safeHost(new URL(pageUrl));
  return Page.of($)
    .select('link[rel~=alternate][href]')!
    .map((link) => ({ url: absoluteUrl(link.attribs.href, pageUrl), type: (link.attribs.type ?? '').trim() }))
    .filter((feed): feed is { url: string; type: string } => feed.url !== null && FEED_TYPE.test(feed.type) && safeHost(new URL(feed.url)) === host);
}

/** The item links of an RSS 2.0 or Atom document, absolute, in feed order; anything unreadable gives none. */
export function feedItemLinks(xml: string, feedUrl: string): string[] {
  const $ = load(xml, { xml: true });
  const rss = $('item > link').toArray().map((el) => $(el).text().trim());
  const atom = $('entry > link[href]')
    .toArray()
    .filter((el) => ['alternate', undefined].includes($(el).attr('rel')))
    .map((el) => $(el).attr('href')!);
  return [...new Set([...rss, ...atom].map((href) => absoluteUrl(href, feedUrl)).filter((url): url is string => url !== null))];
}
