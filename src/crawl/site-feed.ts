/**
 * A listing page with no teasers in its HTML (drawn by a script) that names
 * its own feed: the feed's links on the page's own site are its articles.
 * Feeds here are often truncated or stale, so each article is still read
 * from its own HTML page, never from the feed. One function for the crawl
 * (a source's first listing page) and `opsfeed probe`.
 */
import type { FetchedText } from './fetch-page.js';

export interface FeedArticles {
  feedUrl: string;
  /** The feed's links on the listing page's host, in feed order. */
  links: string[];
  /** Why the feed could not be fetched, when it could not. */
  failure: string | null;
}

/**
 * The articles of a listing page from its site's first feed, or null when the page has teasers or names no feed.
 * `fetch` is the caller's fetchPage (its politeness); `readFeed` reads the feed's item links (extract/feed.ts,
 * passed in: the crawl stage does not import extraction).
 */
export async function articlesFromFeed(
  listing: { articleUrls: string[]; feedUrls?: string[] },
  pageUrl: string,
  fetch: (url: string) => Promise<FetchedText>,
  readFeed: (xml: string, url: string) => string[],
): Promise<FeedArticles | null> {
  const feedUrl = listing.feedUrls?.[0];
  if (listing.articleUrls.length || !feedUrl) return null;
  const feed = await fetch(feedUrl);
  if (!feed.ok) return { feedUrl, links: [], failure: feed.reason };
  const host = new URL(pageUrl).host;
  return { feedUrl, links: readFeed(feed.text, feed.url).filter((url) => new URL(url).host === host), failure: null };
}
