/**
 * A news listing page → article URLs and the next listing page. The
 * source's selectors first, then its platform preset's, then the repeated
 * block of teasers.
 */
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { Pagination, Source } from '../config/schema.js';
import type { Layer, RawListing } from './types.js';
import { absoluteUrl, applyBaseHref, isInChrome, safeHost } from './dom.js';
import { Page } from './page.js';
import { presetFor, type Preset } from './presets.js';
import { advertisedFeeds } from './feed.js';
import { fold, pagePatterns } from '../lexicon/lexicon.js';


type Teaser = { url: string; element: Element };

export function extractListing($: CheerioAPI, pageUrl: string, source: Pick<Source, 'listing' | 'preset'>): RawListing {
  applyBaseHref($, pageUrl);
  const page = Page.of($);
  const preset = presetFor($, source.preset);
  let teasers = listingBySelectors(page, pageUrl, source.listing.selectors);
  let extractedBy: Layer = 'selector';
  if (!teasers.length && preset?.listing.item) [teasers, extractedBy] = [listingBySelectors(page, pageUrl, preset.listing), 'preset'];
  if (!teasers.length) [teasers, extractedBy] = [listingByRepeatedBlock(page, pageUrl), 'heuristic'];
  const seen = new Set<string>();
  const distinct = teasers.filter(({ url }) => !seen.has(url) && seen.add(url));
  return {
    articleUrls: distinct.map(({ url }) => url),
    teaserDates: Object.fromEntries(distinct.map(({ url, element }) => [url, teaserDates(page, element)] as const).filter(([, dates]) => dates.length)),
    nextPageUrl: nextPage(page, pageUrl, source.listing.pagination, preset),
    feedUrls: advertisedFeeds($, pageUrl).map((feed) => feed.url),
    extractedBy,
  };
}

/** The page's links that have an address, in document order. */
function linksOf(page: Page): readonly Element[] {
  return page.named('a').filter((a) => a.attribs.href !== undefined);
}

/**
 * Short texts of a teaser that may be its date ("12.03.2024", "Dodano: 5 marca
 * 2024", `<time datetime>`), for normalisation to use when the article's own
 * page shows no date. The lead and the title are not among them.
 */
function teaserDates(page: Page, teaser: Element): string[] {
  const found = page
    .within(teaser, page.named('time'))
    .filter((el) => el.attribs.datetime !== undefined)
    .map((el) => el.attribs.datetime!);
  for (const el of [teaser, ...page.within(teaser)]) {
    const own = page.ownText(el);
    if (own && own.length <= 60 && /\d{4}/.test(own) && !page.closest(el, 'a')) found.push(own);
  }
  return [...new Set(found)].slice(0, 3);
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

/**
 * The generic listing: links grouped by the element that holds one teaser
 * (the nearest ancestor repeated among its siblings, else the nearest block),
 * teasers grouped by their shared parent (the list). Each list is scored by
 * its teasers' title and lead text; menus and link lists have titles but no
 * leads, page chrome is excluded. A single teaser counts only with a lead.
 */
function listingByRepeatedBlock(page: Page, pageUrl: string): Teaser[] {
  const here = new URL(pageUrl);
  // Each element's kind, worked out once: every link of a list compares its teaser with all the teaser's siblings.
  const kinds = new Map<Element, string>();
  const kindOf = (el: Element) => {
    let kind = kinds.get(el);
    if (kind === undefined) kinds.set(el, (kind = signature(el)));
    return kind;
  };
  const lists = new Map<Element, { teasers: Map<Element, Element[]> }>();
  for (const anchor of linksOf(page)) {
    const url = absoluteUrl(anchor.attribs.href, pageUrl);
    if (!url || pagePatterns().document.test(url)) continue;
    const target = new URL(url);
    if (safeHost(target) !== safeHost(here) || (target.pathname === here.pathname && target.search === here.search)) continue;
    if (isInChrome(page.$, anchor) || isPagerLink(page, anchor, pageUrl, target.href)) continue;
    const teaser = repeatedAncestor(anchor, kindOf) ?? page.closest(anchor, TEASER_BLOCK);
    if (!teaser?.parent || teaser.parent.type !== 'tag') continue;
    const list = teaser.parent as Element;
    const entry = lists.get(list) ?? { teasers: new Map<Element, Element[]>() };
    entry.teasers.set(teaser, [...(entry.teasers.get(teaser) ?? []), anchor]);
    lists.set(list, entry);
  }
  let best: { teasers: Teaser[]; score: number } | undefined;
  for (const entry of lists.values()) {
    const teasers = [...entry.teasers.keys()];
    const scores = teasers.map((teaser) => teaserScore(page, teaser));
    if (teasers.length < 2 && scores[0]!.lead < 40) continue;
    const score = scores.reduce((sum, { title, lead }) => sum + title + lead, 0);
    if (!best || score > best.score) {
      best = { teasers: [...entry.teasers].map(([element, anchors]) => ({ url: absoluteUrl(titleLink(page, anchors).attribs.href, pageUrl)!, element })), score };
    }
  }
  return best?.teasers ?? [];
}

const HEADINGS = 'h1, h2, h3, h4, h5, h6';

/**
 * The teaser's link to its article: the one in a heading, else the one with
 * the longest text. Category, tag and "więcej" links beside it are not items.
 */
function titleLink(page: Page, anchors: Element[]): Element {
  const inHeading = anchors.find((a) => page.closest(a, HEADINGS) !== null || page.within(a, page.named('h1', 'h2', 'h3', 'h4', 'h5', 'h6')).length > 0);
  if (inHeading) return inHeading;
  return anchors.reduce((best, a) => (page.text(a).length > page.text(best).length ? a : best));
}

const TEASER_BLOCK = 'li, article, section, div, td, tr, p';

function teaserScore(page: Page, teaser: Element): { title: number; lead: number } {
  const all = page.text(teaser).length;
  const linked = page.within(teaser, page.named('a')).reduce((sum, a) => sum + page.text(a).length, 0);
  return { title: Math.min(linked, 200), lead: Math.min(Math.max(all - linked, 0), 300) };
}

/**
 * The kind of an element: its tag and first class without numbers. Teasers of
 * one list differ in their other classes ("post-1776 post has-post-thumbnail
 * category-a" beside "post-1781 post category-b", "views-row-odd" beside
 * "views-row-even"), not in the first.
 */
function signature(el: Element): string {
  const firstClass = (el.attribs.class ?? '').split(/\s+/).find((token) => token && !/\d/.test(token)) ?? '';
  const id = el.attribs.id && !/\d/.test(el.attribs.id) ? `#${el.attribs.id}` : '';
  return `${el.tagName}${id}.${firstClass}`;
}

/**
 * The nearest ancestor (at most six levels up: Drupal wraps a teaser's link in
 * a, h2, header, article, views-row) of `el` that has a sibling of the same
 * kind: one item of a repeated block.
 */
function repeatedAncestor(el: Element, kindOf: (el: Element) => string): Element | null {
  let node: Element = el;
  for (let level = 0; level < 6 && node.parent?.type === 'tag'; level++, node = node.parent as Element) {
    const own = kindOf(node);
    const repeated = (node.parent as Element).children.some((child) => child !== node && child.type === 'tag' && kindOf(child as Element) === own);
    if (repeated) return node;
  }
  return null;
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

