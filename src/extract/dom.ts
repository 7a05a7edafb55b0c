/** Small cheerio helpers shared by listing and article extraction. */
import type { CheerioAPI, Cheerio } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { collapse, Page } from './page.js';

/** Page chrome: navigation, headers, footers, sidebars, cookie and accessibility panels. Never content. */
const CHROME_TAGS = new Set(['nav', 'header', 'footer', 'aside', 'form']);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary']);
export const CHROME_SELECTOR = [...CHROME_TAGS, ...[...CHROME_ROLES].map((role) => `[role=${role}]`)].join(',');
// Not "widget": page builders (Elementor) name every block of the article itself "…-widget-…"; sidebars' widgets sit in asides and sidebars anyway.
export const CHROME_NAME = /(^|[\s_-])(nav|navbar|menu|menus|footer|header|sidebar|side|breadcrumbs?|cookies?|wcag|accessibility|dostepnosc|social|share|banner|skip|logo|brand|branding|masthead)([\s_-]|$)/i;

// The article's own region, and what counts as chrome inside it.
const REGION_TAGS = new Set(['article', 'main']);
const CHROME_INSIDE_CONTENT_TAGS = new Set(['nav', 'aside', 'form']);
const CHROME_INSIDE_CONTENT_ROLES = new Set(['navigation', 'complementary']);

export function text($el: Cheerio<AnyNode>): string {
  return collapse($el.text());
}

interface ChromeFacts {
  /** Inside (or itself) an <article>, <main> or role=main. */
  inRegion: boolean;
  /** Inside (or itself) navigation, an aside or a form. */
  inInsideChrome: boolean;
  chrome: boolean;
}

// Judged once per element and kept, so a page nested 10,000 deep costs one pass, not one walk per element.
const judged = new WeakMap<Element, ChromeFacts>();
const NO_PARENT: ChromeFacts = { inRegion: false, inInsideChrome: false, chrome: false };

function parentElement(node: Element): Element | null {
  return node.parent?.type === 'tag' ? (node.parent as Element) : null;
}

function judge(node: Element, parent: ChromeFacts): ChromeFacts {
  const role = node.attribs.role ?? '';
  const isRegion = REGION_TAGS.has(node.name) || role === 'main';
  const isInsideChrome = CHROME_INSIDE_CONTENT_TAGS.has(node.name) || CHROME_INSIDE_CONTENT_ROLES.has(role);
  const inInsideChrome = isInsideChrome || parent.inInsideChrome;
  let chrome: boolean;
  if (isRegion) chrome = inInsideChrome || parent.chrome;
  else if (parent.inRegion) chrome = isInsideChrome || parent.chrome;
  else chrome = CHROME_TAGS.has(node.name) || CHROME_ROLES.has(role) || CHROME_NAME.test(`${node.attribs.class ?? ''} ${node.attribs.id ?? ''}`) || parent.chrome;
  return { inRegion: isRegion || parent.inRegion, inInsideChrome, chrome };
}

/**
 * True when the element is page chrome: inside nav/header/footer/aside (by
 * tag or role) or inside an element whose class or id names chrome. Within
 * an `<article>` or `<main>`, headers, footers and names like "entry-header"
 * belong to the article; only navigation, asides and forms count there.
 */
export function isInChrome(_$: CheerioAPI, el: Element): boolean {
  // Walk up to the first element already judged, then judge downwards (no recursion: any depth is fine).
  const chain: Element[] = [];
  for (let node: Element | null = el; node && !judged.has(node); node = parentElement(node)) chain.push(node);
  for (const node of chain.reverse()) {
    const parent = parentElement(node);
    judged.set(node, judge(node, parent ? judged.get(parent)! : NO_PARENT));
  }
  return judged.get(el)?.chrome ?? false;
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

/** Selecting with a configured selector must not throw on a selector cheerio cannot parse. */
export function safeSelect($: CheerioAPI, selector: string | undefined): Cheerio<Element> | null {
  if (!selector) return null;
  try {
    return $(selector) as Cheerio<Element>;
  } catch {
    return null;
  }
}
