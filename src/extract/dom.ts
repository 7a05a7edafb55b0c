/** Small cheerio helpers shared by listing and article extraction. */
import type { CheerioAPI, Cheerio } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

/** Page chrome: navigation, headers, footers, sidebars, cookie and accessibility panels. Never content. */
export const CHROME_SELECTOR = [
  'nav', 'header', 'footer', 'aside', 'form', '[role=navigation]', '[role=banner]', '[role=contentinfo]', '[role=complementary]',
].join(',');
export const CHROME_NAME = /(^|[\s_-])(nav|navbar|menu|menus|footer|header|sidebar|side|breadcrumbs?|cookies?|wcag|accessibility|dostepnosc|social|share|widget|banner|skip)([\s_-]|$)/i;

export function text($el: Cheerio<AnyNode>): string {
  return $el.text().replace(/[\s\u00a0]+/g, ' ').trim();
}

const CONTENT_REGION = 'article, main, [role=main]';
const CHROME_INSIDE_CONTENT = 'nav, aside, form, [role=navigation], [role=complementary]';

/**
 * True when the element is page chrome: inside nav/header/footer/aside (by
 * tag or role) or inside an element whose class or id names chrome. Within
 * an `<article>` or `<main>`, headers, footers and names like "entry-header"
 * belong to the article; only navigation, asides and forms count there.
 */
export function isInChrome($: CheerioAPI, el: Element): boolean {
  const region = $(el).closest(CONTENT_REGION)[0];
  for (let node: Element | null = el; node && node.type === 'tag'; node = node.parent as Element | null) {
    if (node === region) return $(node).closest(CHROME_INSIDE_CONTENT).length > 0 || (node.parent?.type === 'tag' && isInChrome($, node.parent as Element));
    if ($(node).is(region ? CHROME_INSIDE_CONTENT : CHROME_SELECTOR)) return true;
    if (!region && CHROME_NAME.test(`${node.attribs.class ?? ''} ${node.attribs.id ?? ''}`)) return true;
  }
  return false;
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

/** Selecting with a configured selector must not throw on a selector cheerio cannot parse. */
export function safeSelect($: CheerioAPI, selector: string | undefined): Cheerio<Element> | null {
  if (!selector) return null;
  try {
    return $(selector) as Cheerio<Element>;
  } catch {
    return null;
  }
}
