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
 * The generic listing: links grouped by the repeated element that holds them
 * (a teaser), teasers grouped by their shared parent (the list). The list
 * with the most teaser text wins; menus and footers are excluded as chrome.
 */
function listingByRepeatedBlock($: CheerioAPI, pageUrl: string): string[] {
  const page = new URL(pageUrl);
  const lists = new Map<Element, { teasers: Set<Element>; urls: string[]; titleChars: number }>();
  $('a[href]').each((_, anchor) => {
    const url = absoluteUrl($(anchor).attr('href'), pageUrl);
    if (!url || DOCUMENT_LINK.test(url)) return;
    const target = new URL(url);
    if (target.host !== page.host || target.pathname === page.pathname) return;
    if (isInChrome($, anchor)) return;
    const teaser = repeatedAncestor(anchor);
    if (!teaser?.parent) return;
    const list = teaser.parent as Element;
    const entry = lists.get(list) ?? { teasers: new Set(), urls: [], titleChars: 0 };
    entry.teasers.add(teaser);
    entry.urls.push(target.href);
    entry.titleChars += Math.min(text($(anchor)).length, 200);
    lists.set(list, entry);
  });
  let best: { teasers: Set<Element>; urls: string[]; titleChars: number } | undefined;
  for (const entry of lists.values()) {
    if (entry.teasers.size < 2) continue;
    if (!best || entry.titleChars > best.titleChars) best = entry;
  }
  return best ? unique(best.urls) : [];
}

/** The nearest ancestor of `el` that has a sibling of the same tag and class: one item of a repeated block. */
function repeatedAncestor(el: Element): Element | null {
  for (let node: Element | null = el; node?.parent && node.parent.type === 'tag'; node = node.parent as Element) {
    const signature = `${node.tagName}.${node.attribs.class ?? ''}`;
    const siblings = (node.parent as Element).children.filter(
      (child): child is Element => child.type === 'tag' && child !== node && `${child.tagName}.${child.attribs.class ?? ''}` === signature,
    );
    if (siblings.length) return node;
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
