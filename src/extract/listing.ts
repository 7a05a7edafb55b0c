/** A news listing page → article URLs and the next listing page. Configured selectors first, then the repeated block of links. */
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import type { Pagination, Source } from '../config/schema.js';
import type { RawListing } from './types.js';
import { absoluteUrl, isInChrome, safeSelect, text } from './dom.js';

const DOCUMENT_LINK = /\.(pdf|docx?|odt|xlsx?|ods|rtf|zip|rar|7z|pptx?|jpe?g|png|gif|mp3|mp4)(\?|$)/i;
const NEXT_TEXT = /^(następna( strona)?|nastepna( strona)?|dalej|starsze( wpisy)?|next|»|›|>|>>)\s*(»|›)?$/i;

export function extractListing($: CheerioAPI, pageUrl: string, source: Pick<Source, 'listing'>): RawListing {
  const fromSelectors = listingBySelectors($, pageUrl, source.listing.selectors);
  const articleUrls = fromSelectors.length ? fromSelectors : listingByRepeatedBlock($, pageUrl);
  return {
    articleUrls,
    nextPageUrl: nextPage($, pageUrl, source.listing.pagination),
    extractedBy: fromSelectors.length ? 'selector' : 'heuristic',
  };
}

function listingBySelectors($: CheerioAPI, pageUrl: string, selectors: Source['listing']['selectors']): string[] {
  const items = safeSelect($, selectors.item);
  if (!items) return [];
  const urls: string[] = [];
  items.each((_, item) => {
    const links = selectors.link ? $(item).find(selectors.link) : $(item).find('a[href]');
    const link = (selectors.link ? links : links.filter((__, a) => !DOCUMENT_LINK.test($(a).attr('href') ?? ''))).first();
    const url = absoluteUrl((item.tagName === 'a' && !selectors.link ? $(item) : link).attr('href'), pageUrl);
    if (url && url !== pageUrl) urls.push(url);
  });
  return unique(urls);
}

/**
 * The generic listing: links grouped by the element that holds one teaser
 * (the nearest ancestor repeated among its siblings, else the nearest block),
 * teasers grouped by their shared parent (the list). Each list is scored by
 * its teasers' title and lead text; menus and link lists have titles but no
 * leads, page chrome is excluded. A single teaser counts only with a lead.
 */
function listingByRepeatedBlock($: CheerioAPI, pageUrl: string): string[] {
  const page = new URL(pageUrl);
  const lists = new Map<Element, { teasers: Set<Element>; urls: string[] }>();
  $('a[href]').each((_, anchor) => {
    const url = absoluteUrl($(anchor).attr('href'), pageUrl);
    if (!url || DOCUMENT_LINK.test(url)) return;
    const target = new URL(url);
    if (target.host !== page.host || (target.pathname === page.pathname && target.search === page.search)) return;
    if (isInChrome($, anchor)) return;
    const teaser = repeatedAncestor(anchor) ?? ($(anchor).closest(TEASER_BLOCK)[0] as Element | undefined);
    if (!teaser?.parent || teaser.parent.type !== 'tag') return;
    const list = teaser.parent as Element;
    const entry = lists.get(list) ?? { teasers: new Set(), urls: [] };
    entry.teasers.add(teaser);
    entry.urls.push(target.href);
    lists.set(list, entry);
  });
  let best: { urls: string[]; score: number } | undefined;
  for (const entry of lists.values()) {
    const scores = [...entry.teasers].map((teaser) => teaserScore($, teaser));
    if (entry.teasers.size < 2 && scores[0]!.lead < 40) continue;
    const score = scores.reduce((sum, { title, lead }) => sum + title + lead, 0);
    if (!best || score > best.score) best = { urls: entry.urls, score };
  }
  return best ? unique(best.urls) : [];
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

/** Class tokens without numbers: "post-1776 post type-post" and "post-1781 post type-post" are the same kind. */
function signature(el: Element): string {
  const classes = (el.attribs.class ?? '').split(/\s+/).filter((token) => token && !/\d/.test(token)).sort();
  const id = el.attribs.id && !/\d/.test(el.attribs.id) ? `#${el.attribs.id}` : '';
  return `${el.tagName}${id}.${classes.join('.')}`;
}

/** The nearest ancestor (at most four levels up) of `el` that has a sibling of the same kind: one item of a repeated block. */
function repeatedAncestor(el: Element): Element | null {
  let node: Element = el;
  for (let level = 0; level < 4 && node.parent?.type === 'tag'; level++, node = node.parent as Element) {
    const own = signature(node);
    const repeated = (node.parent as Element).children.some((child) => child !== node && child.type === 'tag' && signature(child as Element) === own);
    if (repeated) return node;
  }
  return null;
}

function nextPage($: CheerioAPI, pageUrl: string, pagination: Pagination | undefined): string | null {
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
  const relNext = absoluteUrl($('a[rel~=next], link[rel~=next]').first().attr('href'), pageUrl);
  if (relNext) return relNext;
  const byText = $('a[href]')
    .toArray()
    .find((a) => NEXT_TEXT.test(text($(a))) || NEXT_TEXT.test(($(a).attr('title') ?? '').trim()));
  return byText ? absoluteUrl($(byText).attr('href'), pageUrl) : null;
}

function unique(urls: string[]): string[] {
  return [...new Set(urls)];
}
