/**
 * Platform presets: what the common platforms of Polish public-sector sites
 * print in every theme, as data. A preset fills in the selectors a source
 * leaves out; the structured and generic layers still stand behind it, so a
 * theme that renames a class falls back to them instead of failing.
 *
 * Only the platforms' own conventions belong here (WordPress's
 * `.entry-content`, Drupal's `.views-row`, Joomla's `dd.published`, the BIP
 * "metryczka"), never one site's class names.
 */
import type { CheerioAPI } from 'cheerio';
import type { ArticleSelectors, PresetName } from '../config/schema.js';
import { Page } from './page.js';

export interface Preset {
  name: Exclude<PresetName, 'auto' | 'none'>;
  /** CSS selectors any of which marks a page as built on this platform. */
  signs: string[];
  listing: { item?: string; link?: string };
  /** The link to the next (older) listing page. */
  next?: string;
  article: ArticleSelectors;
}

export const PRESETS: Preset[] = [
  {
    name: 'wordpress',
    signs: ['meta[name="generator" i][content^="WordPress" i]', 'link[rel="https://api.w.org/"]', 'link[href*="/wp-content/"]', 'script[src*="/wp-includes/"]'],
    listing: { item: 'main article, #main article, #content article.post, article.type-post', link: '.entry-title a, h2 a, h3 a' },
    next: 'a.next.page-numbers, .nav-previous a, .nav-links a[rel=next]',
    article: {
      title: 'article h1.entry-title, h1.entry-title, h1.wp-block-post-title',
      published: 'article time.entry-date.published, article time.published, .entry-meta time[datetime], .wp-block-post-date time',
      author: '.byline .author a, .entry-meta .author a, .author.vcard .fn, .wp-block-post-author__name',
      content: '.entry-content, .wp-block-post-content',
      remove: ['.sharedaddy', '.jp-relatedposts', '.addtoany_share_save_container', '.wp-block-buttons'],
    },
  },
  {
    name: 'drupal',
    signs: ['meta[name="generator" i][content^="Drupal" i]', 'script[src*="/misc/drupal.js"]', '[data-drupal-selector]', 'link[href*="/sites/default/files/"]'],
    listing: { item: '.view-content .views-row', link: '.views-field-title a, .node__title a, .node-title a, h2 a, h3 a' },
    next: '.pager-next a, .pager__item--next a',
    article: {
      title: 'h1#page-title, h1.page-title, h1.node__title',
      published: '[property~="dc:date"][content], .node .submitted time[datetime], .node__meta time[datetime]',
      content: '.field-name-body, .field--name-body',
      remove: ['.links.inline', '.field-type-taxonomy-term-reference'],
    },
  },
  {
    name: 'joomla',
    signs: ['meta[name="generator" i][content*="Joomla" i]', 'script[src*="/media/jui/"]', 'script[src*="/media/system/js/"]'],
    listing: { item: '.blog .items-row .item, .blog .item, .blog-item, .blog-featured .item', link: '.page-header a, h2 a, .item-title a' },
    next: '.pagination-next a, .pagination a[title="Dalej"], .pagination a[title="Następna"], .pagination a[aria-label*="następn" i]',
    article: {
      title: '.item-page [itemprop=headline], .item-page .page-header h2, .item-page h1',
      published: '.item-page dd.published time[datetime], .item-page dd.published',
      author: '.item-page dd.createdby [itemprop=name], .item-page dd.createdby',
      content: '.item-page [itemprop=articleBody]',
      remove: ['dl.article-info', 'ul.pagenav', '.btn-group', '.icons', '.article-info'],
    },
  },
  {
    name: 'bip',
    signs: ['img[alt*="Biuletyn Informacji Publicznej" i]', 'a[href*="bip.gov.pl"]', 'a[href*="gov.pl/web/bip"]', 'meta[name="description" i][content*="Biuletyn Informacji Publicznej" i]'],
    listing: {},
    article: {
      // The "metryczka" (who made, published and changed the text, and when) is read by the labelled-metadata layer.
      remove: ['.metryczka', '#metryczka', '.metryka'],
    },
  },
];

/** The platform whose signs the page shows, if any. */
export function detectPlatform($: CheerioAPI): Preset | null {
  // One pass over the page for every sign at once; then each preset's signs are tried on the few elements found.
  const page = Page.of($);
  const marked = page.select(ALL_SIGNS)!;
  if (!marked.length) return null;
  return PRESETS.find((preset) => preset.signs.some((sign) => marked.some((el) => page.matches(el, sign)))) ?? null;
}

const ALL_SIGNS = PRESETS.flatMap((preset) => preset.signs).join(', ');

/** The preset that applies to this page: the named one, the detected one for `auto`, none for `none`. */
export function presetFor($: CheerioAPI, name: PresetName): Preset | null {
  if (name === 'none') return null;
  if (name === 'auto') return detectPlatform($);
  return PRESETS.find((preset) => preset.name === name) ?? null;
}
