/**
 * A fetched page's HTML → its tree, refusing what cannot be read: a page cut
 * off in transit (worth fetching again) and markup nested too deep to walk
 * (not). Used wherever a page is parsed: the crawler for listings, and the
 * article readers (src/articles.ts), which may run in a worker thread, so
 * this module loads cheerio alone.
 */
import { load, type CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';

/** Real pages nest a few dozen levels; parsers and extraction must not be walked into thousands. */
export const MAX_DEPTH = 1000;

/** A page that is read no further: reported once, never fetched again in the run. */
export class PageNotRead extends Error {}

/** The page's tree; an error for a page cut off in transit (worth a retry), a PageNotRead for one nested too deep to read. */
export function parsePage(html: string, status: number): CheerioAPI {
  assertWhole(html, status);
  const $ = load(html);
  if (treeDepth($.root()[0]!) > MAX_DEPTH) throw new PageNotRead(`markup nested more than ${MAX_DEPTH} levels deep: not read`);
  return $;
}

/** An error (worth a retry) for a page that arrived cut off in transit. */
export function assertWhole(html: string, status: number): void {
  if (status === 200 && isCutHtml(html)) throw new Error(`truncated page: ${html.length} characters, the HTML stops before </body></html>`);
}

/** How deep the element tree goes, walked without recursion. */
export function treeDepth(root: AnyNode): number {
  let deepest = 0;
  const stack: Array<[AnyNode, number]> = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    if ('children' in node) for (const child of node.children) if (child.type === 'tag') stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * An HTML document cut off in transit: it opened <html> or <body> but never
 * closed either. Complete pages close at least one of them, even on old
 * hand-made sites; a fragment without either is left alone.
 */
export function isCutHtml(html: string): boolean {
  const opened = /<(html|body)[\s>]/i.test(html);
  return opened && !/<\/(body|html)\s*>/i.test(html);
}
