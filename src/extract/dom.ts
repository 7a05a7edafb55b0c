/** Helpers shared by listing and article extraction: page chrome, links, `<base href>`. */
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { Page } from './page.js';

/** Page chrome: navigation, headers, footers, sidebars, cookie and accessibility panels. Never content. */
const CHROME_TAGS = new Set(['nav', 'header', 'footer', 'aside', 'form']);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary']);
// Not "widget": page builders (Elementor) name every block of the article itself "…-widget-…"; sidebars' widgets sit in asides and sidebars anyway.
const CHROME_NAME = /(^|[\s_-])(nav|navbar|menu|menus|footer|header|sidebar|side|breadcrumbs?|cookies?|wcag|accessibility|dostepnosc|social|share|banner|skip|logo|brand|branding|masthead)([\s_-]|$)/i;

// The article's own region, and what counts as chrome inside it.
const REGION_TAGS = new Set(['article', 'main']);
const CHROME_INSIDE_CONTENT_TAGS = new Set(['nav', 'aside', 'form']);
const CHROME_INSIDE_CONTENT_ROLES = new Set(['navigation', 'complementary']);

// What an element inherits from its ancestors, as bits of one byte (Page.inherited keeps bit 0 for itself).
const IN_REGION = 2; // inside (or itself) an <article>, <main> or role=main
const IN_INSIDE_CHROME = 4; // inside (or itself) navigation, an aside or a form
const CHROME = 8;

function judge(node: Element, parent: number, wrapsPage: (el: Element) => boolean): number {
  const role = node.attribs.role ?? '';
  const isRegion = REGION_TAGS.has(node.name) || role === 'main';
  const isInsideChrome = CHROME_INSIDE_CONTENT_TAGS.has(node.name) || CHROME_INSIDE_CONTENT_ROLES.has(role);
  const inInsideChrome = isInsideChrome || (parent & IN_INSIDE_CHROME) !== 0;
  const parentChrome = (parent & CHROME) !== 0;
  let chrome: boolean;
  if (isRegion) chrome = inInsideChrome || parentChrome;
  else if (parent & IN_REGION) chrome = isInsideChrome || parentChrome;
  else chrome = CHROME_TAGS.has(node.name) || CHROME_ROLES.has(role) || parentChrome || (CHROME_NAME.test(`${node.attribs.class ?? ''} ${node.attribs.id ?? ''}`) && !wrapsPage(node));
  return (isRegion || parent & IN_REGION ? IN_REGION : 0) | (inInsideChrome ? IN_INSIDE_CHROME : 0) | (chrome ? CHROME : 0);
}

/**
 * True when the element is page chrome: inside nav/header/footer/aside (by
 * tag or role) or inside an element whose class or id names chrome. Within
 * an `<article>` or `<main>`, headers, footers and names like "entry-header"
 * belong to the article; only navigation, asides and forms count there.
 */
export function isInChrome($: CheerioAPI, el: Element): boolean {
  const page = Page.of($);
  return (page.inherited(el, 'chrome', (node, parent) => judge(node, parent, (wrapper) => wrapsPage(page, wrapper))) & CHROME) !== 0;
}

/**
 * A wrapper of the page rather than a part of it: `<body>`, or an element holding half the page. Its class
 * may name a chrome word ("sticky-header", "accessibility-contrast") for a style it gives the whole page.
 */
function wrapsPage(page: Page, el: Element): boolean {
  return el.name === 'body' || el.name === 'html' || page.sizeOf(el) * 2 >= page.size;
}

/** A site's host without "www.": "www.mops.pl" and "mops.pl" link to each other as one site. */
export function safeHost(url: URL): string {
  return url.host.replace(/^www\./i, '');
}

export function absoluteUrl(href: string | undefined, baseUrl: string): string | null {
  if (!href) return null;
  const trimmed = href.trim();
  if (!trimmed || /^(javascript|mailto|tel|data):/i.test(trimmed) || trimmed.startsWith('#')) return null;
  try {
    const url = new URL(trimmed, baseUrl);
    return ['http:', 'https:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Resolve the page's links against its `<base href>` (Joomla and many older
 * CMSs print one, and relative links mean it): every `href`/`src` is made
 * absolute once and the `<base>` removed, so that later resolution against the
 * page URL gives what a browser would.
 */
export function applyBaseHref($: CheerioAPI, pageUrl: string): void {
  const page = Page.of($);
  const base = page.select('base[href]')![0];
  if (!base) return;
  const baseUrl = absoluteUrl(base.attribs.href, pageUrl);
  page.remove(base);
  if (!baseUrl || baseUrl === pageUrl) return;
  for (const attribute of ['href', 'src']) {
    for (const el of page.select(`[${attribute}]`)!) {
      const value = el.attribs[attribute]!;
      if (value.startsWith('#')) continue;
      const resolved = absoluteUrl(value, baseUrl);
      if (resolved) el.attribs[attribute] = resolved;
    }
  }
}
