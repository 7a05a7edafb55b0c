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

/** True when the element or an ancestor is page chrome (by tag, role, or class/id name). */
export function isInChrome($: CheerioAPI, el: Element): boolean {
  if ($(el).closest(CHROME_SELECTOR).length) return true;
  for (let node: Element | null = el; node && node.type === 'tag'; node = node.parent as Element | null) {
    const name = `${node.attribs.class ?? ''} ${node.attribs.id ?? ''}`;
    if (CHROME_NAME.test(name)) return true;
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
