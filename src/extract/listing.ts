/**
 * A news listing page → article URLs and the next listing page. The
 * source's selectors first, then its platform preset's, then every news
 * block the page shows (teasers.ts).
 */
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { Pagination, Source } from '../config/schema.js';
import type { Layer, RawListing } from './types.js';
import { absoluteUrl, applyBaseHref, safeHost } from './dom.js';
import { Page } from './page.js';
import { presetFor, type Preset } from './presets.js';
import { advertisedFeeds } from './feed.js';
import { fold, pagePatterns } from '../lexicon/lexicon.js';
import { dateTexts, newsTeasers } from './teasers.js';

type Teaser = { url: string; element: Element; region?: readonly Element[] };

export function extractListing($: CheerioAPI, pageUrl: string, source: Pick<Source, 'listing' | 'preset'>): RawListing {
  applyBaseHref($, pageUrl);
  const page = Page.of($);
  const preset = presetFor($, source.preset);
  let teasers = listingBySelectors(page, pageUrl, source.listing.selectors);
  let extractedBy: Layer = 'selector';
  if (!teasers.length && preset?.listing.item) [teasers, extractedBy] = [listingBySelectors(page, pageUrl, preset.listing), 'preset'];
  if (!teasers.length) [teasers, extractedBy] = [newsTeasers(page, pageUrl, (anchor, url) => isPagerLink(page, anchor, pageUrl, url)), 'heuristic'];
  const seen = new Set<string>();
  const distinct = teasers.filter(({ url }) => !seen.has(url) && seen.add(url));
  return {
    articleUrls: distinct.map(({ url }) => url),
    teaserDates: Object.fromEntries(distinct.map(({ url, element, region }) => [url, dateTexts(page, region ?? [element])] as const).filter(([, dates]) => dates.length)),
    nextPageUrl: nextPage(page, pageUrl, source.listing.pagination, preset),
    feedUrls: advertisedFeeds($, pageUrl).map((feed) => feed.url),
    extractedBy,
  };
}

/** The page's links that have an address, in document order. */
function linksOf(page: Page): readonly Element[] {
  return page.named('a').filter((a) => a.attribs.href !== undefined);
}

function listingBySelectors(page: Page, pageUrl: string, selectors: { item?: string; link?: string }): Teaser[] {
  const items = page.select(selectors.item);
  if (!items) return [];
  const teasers: Teaser[] = [];
  const anchors = linksOf(page);
  for (const item of items) {
    const link = selectors.link ? page.select(selectors.link, item)?.[0] : page.within(item, anchors).find((a) => !pagePatterns().document.test(a.attribs.href ?? ''));
    const url = absoluteUrl((item.tagName === 'a' && !selectors.link ? item : link)?.attribs.href, pageUrl);
    if (url && url !== pageUrl) teasers.push({ url, element: item });
  }
  return teasers;
}

function nextPage(page: Page, pageUrl: string, pagination: Pagination | undefined, preset: Preset | null): string | null {
  if (pagination && 'next' in pagination) {
    return absoluteUrl(page.select(pagination.next)?.[0]?.attribs.href, pageUrl);
  }
  if (pagination && 'param' in pagination) {
    const url = new URL(pageUrl);
    const current = url.searchParams.get(pagination.param);
    const next = current === null ? pagination.second : Number(current) + 1;
    if (!Number.isFinite(next)) return null;
    url.searchParams.set(pagination.param, String(next));
    // Follow only when the pager links to that page: the archive ends where the pager does.
    const linked = linksOf(page).some((a) => {
      const href = absoluteUrl(a.attribs.href, pageUrl);
      return href !== null && new URL(href).searchParams.get(pagination.param) === String(next);
    });
    return linked ? url.href : null;
  }
  const fromPreset = absoluteUrl(page.select(preset?.next)?.[0]?.attribs.href, pageUrl);
  if (fromPreset) return fromPreset;
  const relNext = absoluteUrl(page.select('a[rel~=next], link[rel~=next]')![0]?.attribs.href, pageUrl);
  if (relNext) return relNext;
  const byText = linksOf(page)
    .filter((a) => [page.text(a), a.attribs.title, a.attribs['aria-label']].some((label) => label && pagePatterns().nextPage.test(fold(label))))
    .map((a) => absoluteUrl(a.attribs.href, pageUrl))
    .find((url) => url !== null && isSameListing(pageUrl, url));
  return byText ?? numberedNextPage(page, pageUrl);
}

/**
 * The next page of a numbered pager ("1 2 3", "[1] 2", "« 1 2 »"): the
 * current page is the number the pager shows without a link (or marks as
 * current); the next page is the link numbered one more.
 */
function numberedNextPage(page: Page, pageUrl: string): string | null {
  const links = linksOf(page);
  const numberOf = (el: Element) => PAGE_NUMBER.exec(page.text(el))?.[1];
  const numbered = links.filter((a) => numberOf(a) !== undefined && !isInCalendar(page, a));
  for (const a of numbered) {
    let pager = parentOf(a);
    for (let level = 0; level < 3 && pager && page.text(pager).length < 400; level++, pager = parentOf(pager)) {
      const inPager = page.within(pager, links);
      const linked = new Set(inPager.map(numberOf).filter(Boolean));
      const marked = page.select('[aria-current], .current, .active, .aktywna, .aktywny', pager)!.map(numberOf).find(Boolean);
      // Numbers per text node: "<span>1</span><a>2</a>" shows 1 and 2, not 12.
      const shown = [pager, ...page.within(pager)].flatMap((el) => el.children.flatMap((node) => (node.type === 'text' ? (node.data.match(/\d+/g) ?? []) : [])));
      const current = marked ?? shown.find((n) => !linked.has(n) && linked.has(String(Number(n) + 1)));
      if (!current && !shown.some((n) => !linked.has(n))) continue;
      if (!current) return null; // the current page is shown and nothing follows it: the last page
      const next = inPager.find((link) => numberOf(link) === String(Number(current) + 1));
      // The current page may be a link of its own ("<a aria-current>1</a>"): its next page is then one level up.
      if (!next) continue;
      const url = absoluteUrl(next.attribs.href, pageUrl);
      return url && isSameListing(pageUrl, url) ? url : null;
    }
  }
  return null;
}

/** The element above, as cheerio's `.parent()` gives it: none above the root. */
function parentOf(el: Element): Element | null {
  const parent: AnyNode | null = el.parent;
  return parent && parent.type !== 'root' ? (parent as Element) : null;
}

const PAGE_NUMBER = /^\[?\s*(\d{1,4})\s*\]?$/;

/** A link of the pager (a page number, next, previous, first, last) to another page of this listing: not an article. */
function isPagerLink(page: Page, anchor: Element, pageUrl: string, url: string): boolean {
  const label = page.text(anchor) || (anchor.attribs.title ?? '').trim();
  const folded = fold(label);
  return (PAGE_NUMBER.test(label) || pagePatterns().nextPage.test(folded) || pagePatterns().pager.test(folded)) && isSameListing(pageUrl, url);
}

/** Day links of a calendar widget are numbers too: a widget named so, or a table with a week's worth of numbered links. */
function isInCalendar(page: Page, a: Element): boolean {
  if (page.closest(a, '[class*=calendar], [class*=kalendarz], [id*=calendar], [id*=kalendarz]')) return true;
  const table = page.closest(a, 'table');
  return table !== null && page.within(table, page.named('a')).filter((link) => /^\d{1,2}$/.test(page.text(link))).length >= 7;
}

/**
 * True when `candidate` is another page of the listing at `pageUrl`: the
 * same path apart from a page number ("/page/2/", "/strona/3", "/2"), with
 * any query. Keeps "next" links of other widgets (next article, calendar
 * month) from being followed as pages.
 */
function isSameListing(pageUrl: string, candidate: string): boolean {
  const [a, b] = [new URL(pageUrl), new URL(candidate)];
  const base = (path: string) => path.replace(/\/((page|strona|str|p|s|site)[/,-]?)?\d+\/?$/i, '').replace(/\/$/, '');
  return safeHost(a) === safeHost(b) && base(a.pathname) === base(b.pathname) && a.href !== b.href;
}

