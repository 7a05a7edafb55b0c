/**
 * A news listing page → article URLs and the next listing page. The
 * source's selectors first, then its platform preset's, then the repeated
 * block of teasers.
 */
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import type { Pagination, Source } from '../config/schema.js';
import type { Layer, RawListing } from './types.js';
import { absoluteUrl, applyBaseHref, isInChrome, safeHost, safeSelect, text } from './dom.js';
import { directText } from './page.js';
import { presetFor, type Preset } from './presets.js';
import { advertisedFeeds } from './feed.js';

const DOCUMENT_LINK = /\.(pdf|docx?|odt|xlsx?|ods|rtf|zip|rar|7z|pptx?|jpe?g|png|gif|mp3|mp4)(\?|$)/i;
const NEXT_TEXT =
  /^(następn[aey]( stron[ay])?|nastepn[aey]( stron[ay])?|dalej|starsze( wpisy| wiadomości| wiadomosci| aktualności| aktualnosci| artykuły| informacje)?|wcześniejsze( wpisy| wiadomości)?|next( page)?|»|›|>|>>)\s*(»|›|>|>>)?$/i;

type Teaser = { url: string; element: Element };

export function extractListing($: CheerioAPI, pageUrl: string, source: Pick<Source, 'listing' | 'preset'>): RawListing {
  applyBaseHref($, pageUrl);
  const preset = presetFor($, source.preset);
  let teasers = listingBySelectors($, pageUrl, source.listing.selectors);
  let extractedBy: Layer = 'selector';
  if (!teasers.length && preset?.listing.item) [teasers, extractedBy] = [listingBySelectors($, pageUrl, preset.listing), 'preset'];
  if (!teasers.length) [teasers, extractedBy] = [listingByRepeatedBlock($, pageUrl), 'heuristic'];
  const seen = new Set<string>();
  const distinct = teasers.filter(({ url }) => !seen.has(url) && seen.add(url));
  return {
    articleUrls: distinct.map(({ url }) => url),
    teaserDates: Object.fromEntries(distinct.map(({ url, element }) => [url, teaserDates($, element)] as const).filter(([, dates]) => dates.length)),
    nextPageUrl: nextPage($, pageUrl, source.listing.pagination, preset),
    feedUrls: advertisedFeeds($, pageUrl).map((feed) => feed.url),
    extractedBy,
  };
}

/**
 * Short texts of a teaser that may be its date ("12.03.2024", "Dodano: 5 marca
 * 2024", `<time datetime>`), for normalisation to use when the article's own
 * page shows no date. The lead and the title are not among them.
 */
function teaserDates($: CheerioAPI, teaser: Element): string[] {
  const found = $(teaser)
    .find('time[datetime]')
    .toArray()
    .map((el) => el.attribs.datetime!);
  for (const el of $(teaser).find('*').addBack().toArray() as Element[]) {
    const own = directText(el);
    if (own && own.length <= 60 && /\d{4}/.test(own) && !$(el).closest('a').length) found.push(own);
  }
  return [...new Set(found)].slice(0, 3);
}

function listingBySelectors($: CheerioAPI, pageUrl: string, selectors: { item?: string; link?: string }): Teaser[] {
  const items = safeSelect($, selectors.item);
  if (!items) return [];
  const teasers: Teaser[] = [];
  items.each((_, item) => {
    const links = selectors.link ? $(item).find(selectors.link) : $(item).find('a[href]');
    const link = (selectors.link ? links : links.filter((__, a) => !DOCUMENT_LINK.test($(a).attr('href') ?? ''))).first();
    const url = absoluteUrl((item.tagName === 'a' && !selectors.link ? $(item) : link).attr('href'), pageUrl);
    if (url && url !== pageUrl) teasers.push({ url, element: item });
  });
  return teasers;
}

/**
 * The generic listing: links grouped by the element that holds one teaser
 * (the nearest ancestor repeated among its siblings, else the nearest block),
 * teasers grouped by their shared parent (the list). Each list is scored by
 * its teasers' title and lead text; menus and link lists have titles but no
 * leads, page chrome is excluded. A single teaser counts only with a lead.
 */
function listingByRepeatedBlock($: CheerioAPI, pageUrl: string): Teaser[] {
  const page = new URL(pageUrl);
  const lists = new Map<Element, { teasers: Map<Element, Element[]> }>();
  $('a[href]').each((_, anchor) => {
    const url = absoluteUrl($(anchor).attr('href'), pageUrl);
    if (!url || DOCUMENT_LINK.test(url)) return;
    const target = new URL(url);
    if (safeHost(target) !== safeHost(page) || (target.pathname === page.pathname && target.search === page.search)) return;
    if (isInChrome($, anchor) || isPagerLink($, anchor, pageUrl, target.href)) return;
    const teaser = repeatedAncestor(anchor) ?? ($(anchor).closest(TEASER_BLOCK)[0] as Element | undefined);
    if (!teaser?.parent || teaser.parent.type !== 'tag') return;
    const list = teaser.parent as Element;
    const entry = lists.get(list) ?? { teasers: new Map<Element, Element[]>() };
    entry.teasers.set(teaser, [...(entry.teasers.get(teaser) ?? []), anchor]);
    lists.set(list, entry);
  });
  let best: { teasers: Teaser[]; score: number } | undefined;
  for (const entry of lists.values()) {
    const teasers = [...entry.teasers.keys()];
    const scores = teasers.map((teaser) => teaserScore($, teaser));
    if (teasers.length < 2 && scores[0]!.lead < 40) continue;
    const score = scores.reduce((sum, { title, lead }) => sum + title + lead, 0);
    if (!best || score > best.score) {
      best = { teasers: [...entry.teasers].map(([element, anchors]) => ({ url: absoluteUrl($(titleLink($, anchors)).attr('href'), pageUrl)!, element })), score };
    }
  }
  return best?.teasers ?? [];
}

/**
 * The teaser's link to its article: the one in a heading, else the one with
 * the longest text. Category, tag and "więcej" links beside it are not items.
 */
function titleLink($: CheerioAPI, anchors: Element[]): Element {
  const inHeading = anchors.find((a) => $(a).closest('h1, h2, h3, h4, h5, h6').length > 0 || $(a).find('h1, h2, h3, h4, h5, h6').length > 0);
  if (inHeading) return inHeading;
  return anchors.reduce((best, a) => (text($(a)).length > text($(best)).length ? a : best));
}

const TEASER_BLOCK = 'li, article, section, div, td, tr, p';

function teaserScore($: CheerioAPI, teaser: Element): { title: number; lead: number } {
  const all = text($(teaser)).length;
  const linked = $(teaser)
    .find('a')
    .toArray()
    .reduce((sum, a) => sum + text($(a)).length, 0);
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
function repeatedAncestor(el: Element): Element | null {
  let node: Element = el;
  for (let level = 0; level < 6 && node.parent?.type === 'tag'; level++, node = node.parent as Element) {
    const own = signature(node);
    const repeated = (node.parent as Element).children.some((child) => child !== node && child.type === 'tag' && signature(child as Element) === own);
    if (repeated) return node;
  }
  return null;
}

function nextPage($: CheerioAPI, pageUrl: string, pagination: Pagination | undefined, preset: Preset | null): string | null {
  if (pagination && 'next' in pagination) {
    return absoluteUrl(safeSelect($, pagination.next)?.first().attr('href'), pageUrl);
  }
  if (pagination && 'param' in pagination) {
    const url = new URL(pageUrl);
    const current = url.searchParams.get(pagination.param);
    const next = current === null ? pagination.second : Number(current) + 1;
    if (!Number.isFinite(next)) return null;
    url.searchParams.set(pagination.param, String(next));
    // Follow only when the pager links to that page: the archive ends where the pager does.
    const linked = $('a[href]')
      .toArray()
      .some((a) => {
        const href = absoluteUrl($(a).attr('href'), pageUrl);
        return href !== null && new URL(href).searchParams.get(pagination.param) === String(next);
      });
    return linked ? url.href : null;
  }
  const fromPreset = absoluteUrl(safeSelect($, preset?.next)?.first().attr('href'), pageUrl);
  if (fromPreset) return fromPreset;
  const relNext = absoluteUrl($('a[rel~=next], link[rel~=next]').first().attr('href'), pageUrl);
  if (relNext) return relNext;
  const byText = $('a[href]')
    .toArray()
    .filter((a) => [text($(a)), $(a).attr('title'), $(a).attr('aria-label')].some((label) => label && NEXT_TEXT.test(label.trim())))
    .map((a) => absoluteUrl($(a).attr('href'), pageUrl))
    .find((url) => url !== null && isSameListing(pageUrl, url));
  return byText ?? numberedNextPage($, pageUrl);
}

/**
 * The next page of a numbered pager ("1 2 3", "[1] 2", "« 1 2 »"): the
 * current page is the number the pager shows without a link (or marks as
 * current); the next page is the link numbered one more.
 */
function numberedNextPage($: CheerioAPI, pageUrl: string): string | null {
  const numbered = $('a[href]')
    .toArray()
    .map((a) => ({ a, n: PAGE_NUMBER.exec(text($(a)))?.[1] }))
    .filter((entry): entry is { a: Element; n: string } => entry.n !== undefined && !isInCalendar($, entry.a));
  for (const { a } of numbered) {
    let pager = $(a).parent();
    for (let level = 0; level < 3 && pager.length && text(pager).length < 400; level++, pager = pager.parent()) {
      const linked = new Set(pager.find('a[href]').toArray().map((link) => PAGE_NUMBER.exec(text($(link)))?.[1]).filter(Boolean));
      const marked = pager.find('[aria-current], .current, .active, .aktywna, .aktywny').toArray().map((el) => PAGE_NUMBER.exec(text($(el)))?.[1]).find(Boolean);
      // Numbers per text node: "<span>1</span><a>2</a>" shows 1 and 2, not 12.
      const shown = pager
        .find('*')
        .addBack()
        .contents()
        .toArray()
        .flatMap((node) => (node.type === 'text' ? (node.data.match(/\d+/g) ?? []) : []));
      const current = marked ?? shown.find((n) => !linked.has(n) && linked.has(String(Number(n) + 1)));
      if (!current && !shown.some((n) => !linked.has(n))) continue;
      if (!current) return null; // the current page is shown and nothing follows it: the last page
      const next = pager.find('a[href]').toArray().find((link) => PAGE_NUMBER.exec(text($(link)))?.[1] === String(Number(current) + 1));
      // The current page may be a link of its own ("<a aria-current>1</a>"): its next page is then one level up.
      if (!next) continue;
      const url = absoluteUrl($(next).attr('href'), pageUrl);
      return url && isSameListing(pageUrl, url) ? url : null;
    }
  }
  return null;
}

const PAGE_NUMBER = /^\[?\s*(\d{1,4})\s*\]?$/;
const PAGER_TEXT = /^(«|‹|<|<<)?\s*(poprzedni[aey]?( stron[ay])?|nowsze( wpisy| wiadomości| wiadomosci| aktualności)?|wstecz|start|koniec|pierwsz[aey]|ostatni[aey]|prev(ious)?)\s*(«|‹)?$/i;

/** A link of the pager (a page number, next, previous, first, last) to another page of this listing: not an article. */
function isPagerLink($: CheerioAPI, anchor: Element, pageUrl: string, url: string): boolean {
  const label = text($(anchor)) || ($(anchor).attr('title') ?? '').trim();
  return (PAGE_NUMBER.test(label) || NEXT_TEXT.test(label) || PAGER_TEXT.test(label)) && isSameListing(pageUrl, url);
}

/** Day links of a calendar widget are numbers too: a widget named so, or a table with a week's worth of numbered links. */
function isInCalendar($: CheerioAPI, a: Element): boolean {
  if ($(a).closest('[class*=calendar], [class*=kalendarz], [id*=calendar], [id*=kalendarz]').length) return true;
  const table = $(a).closest('table');
  return table.length > 0 && table.find('a').filter((_, link) => /^\d{1,2}$/.test(text($(link)))).length >= 7;
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

