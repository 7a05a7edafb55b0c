/** One list of items → RSS 2.0, Atom 1.0 and JSON Feed 1.1. Pure functions of their input. */
import { publishedJson } from './write.js';
import escapeHtml from 'escape-html';
import { Feed } from 'feed';
import type { Item } from '../store/types.js';
import { stripXmlInvalid } from '../normalize/text.js';
import { VERSION, HOMEPAGE } from '../meta.js';

export interface FeedInfo {
  title: string;
  description: string;
  /** Absolute URL of the folder the three feed files are published in, ending with "/". */
  baseUrl: string;
  /** The page the feed is about (the source's site, or opsfeed's index). */
  homeUrl: string;
}

export interface FeedFiles {
  'feed.xml': string;
  'atom.xml': string;
  'feed.json': string;
}

/**
 * The date a reader shows and sorts by: the publication date (else the first
 * capture). Not the edit date: a corrected typo must not move an old story to
 * the top of a reader. Edits are in JSON Feed's `date_modified`.
 */
function itemDate(item: Item): Date {
  return new Date(item.published ?? item.firstSeen);
}

/** Content with the attachments listed, since RSS and Atom carry only one enclosure. */
function contentWithAttachments(item: Item): string {
  if (!item.attachments.length) return item.contentHtml;
  const links = item.attachments.map((a) => `<li><a href="${escapeAttribute(a.url)}">${escapeText(a.title)}</a></li>`).join('');
  return `${item.contentHtml}\n<h3>Załączniki</h3><ul>${links}</ul>`;
}

export function renderFeeds(info: FeedInfo, items: Item[]): FeedFiles {
  return {
    'feed.xml': stripXmlInvalid(buildFeed(info, items, 'rss').rss2()),
    'atom.xml': stripXmlInvalid(buildFeed(info, items, 'atom').atom1()),
    'feed.json': publishedJson(jsonFeed(info, items)),
  };
}

/**
 * The `feed` package's model of one feed. RSS 2.0 wants an e-mail address in
 * `<author>`, so there the author's name goes into `dc:creator`; Atom has a
 * proper `<author><name>`.
 */
function buildFeed(info: FeedInfo, items: Item[], format: 'rss' | 'atom'): Feed {
  const feed = new Feed({
    title: info.title,
    description: info.description,
    id: `${info.baseUrl}feed.xml`,
    link: info.homeUrl,
    language: 'pl',
    generator: `opsfeed ${VERSION} (${HOMEPAGE})`,
    updated: items.length ? new Date(Math.max(...items.map((item) => itemDate(item).getTime()))) : new Date(0),
    feedLinks: { rss: `${info.baseUrl}feed.xml`, atom: `${info.baseUrl}atom.xml`, json: `${info.baseUrl}feed.json` },
    copyright: 'Teksty: ich autorzy i instytucje źródłowe',
  });
  for (const item of items) {
    const attachment = item.attachments[0];
    const author = item.author ?? item.source.name;
    feed.addItem({
      title: cdataSafe(item.title),
      id: `urn:opsfeed:${item.id}`,
      guid: item.id,
      link: item.url,
      date: itemDate(item),
      published: itemDate(item),
      description: cdataSafe(escapeText(item.summary)),
      content: cdataSafe(contentWithAttachments(item)),
      ...(format === 'atom' ? { author: [{ name: author }] } : { extensions: [{ name: 'dc:creator', objects: { _text: author } }] }),
      category: [{ name: item.source.name }, ...item.topics.map((topic) => ({ name: topic }))],
      enclosure: attachment ? { url: attachment.url, type: attachment.mimeType, length: 0 } : undefined,
    });
  }
  return feed;
}

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): plain JSON, so it is built directly. */
export function jsonFeed(info: FeedInfo, items: Item[]): Record<string, unknown> {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: info.title,
    description: info.description,
    home_page_url: info.homeUrl,
    feed_url: `${info.baseUrl}feed.json`,
    language: 'pl',
    items: items.map((item) => ({
      id: item.id,
      url: item.url,
      title: item.title,
      summary: item.summary,
      content_html: item.contentHtml,
      date_published: item.published ?? item.firstSeen,
      ...(item.updated ? { date_modified: item.updated } : {}),
      authors: [{ name: item.author ?? item.source.name }],
      tags: item.topics,
      ...(item.attachments.length
        ? { attachments: item.attachments.map((a) => ({ url: a.url, mime_type: a.mimeType, title: a.title })) }
        : {}),
      _opsfeed: { source: item.source.id, datePrecision: item.datePrecision },
    })),
  };
}

/** Text for an HTML context: `&`, `<` and `>` escaped. */
/** Text for HTML or XML: escape-html's five entities (&amp; &lt; &gt; &quot; &#39;) are valid in both. */
export const escapeText = escapeHtml;
const escapeAttribute = escapeHtml;

/** The feed package writes text as CDATA sections, which a literal "]]>" would end early. */
export function cdataSafe(text: string): string {
  return text.replace(/]]>/g, ']]&gt;');
}
