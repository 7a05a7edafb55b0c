/**
 * An article page → raw fields, each gathered from every layer of DESIGN.md
 * in order: configured selectors, structured data (JSON-LD, microdata, meta
 * tags, `<time datetime>`), then generic heuristics (metadata labels such as
 * "Data publikacji:", text near the headline, the block with the most
 * paragraph text). Normalisation picks the first usable candidate and
 * records its layer.
 */
import type { CheerioAPI } from 'cheerio';
import { isTag, type Element } from 'domhandler';
import type { ArticleSelectors, PresetName } from '../config/schema.js';
import type { Candidate, Layer, RawArticle, RawAttachment } from './types.js';
import { absoluteUrl, applyBaseHref, isInChrome, safeHost } from './dom.js';
import { elementChildren, Page } from './page.js';
import { presetFor } from './presets.js';
import { INLINE_TAGS, readJsonLd, readLabelledValues, readMeta, readMicrodata } from './structured.js';
import { authorLabelRole, isBylineLine, namesABody } from '../lexicon/authors.js';
import { dateLabelKind, hasNonPublicationLabel } from '../lexicon/date-labels.js';
import { isBack, isReadMore, isRelatedHeading, pagePatterns } from '../lexicon/lexicon.js';

const DATE_LIKE = /^\s*(\d{1,4}[.\-/]\d{1,2}[.\-/]\d{1,4}|\d{1,2}\s+\p{L}+\.?\s+\d{4}|\p{L}+\.?\s+\d{1,2},?\s+\d{4})(\s*r\.)?(,?\s*(godz\.\s*)?\d{1,2}:\d{2}(:\d{2})?)?\s*$/u;

const NOT_TEXT = new Set(['script', 'style', 'noscript', 'template']);

/** Elements that start a block of their own: text is its nearest block's. */
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

/** `presetName`: the source's platform preset; `auto` recognises the platform from the page. */
export function extractArticle($: CheerioAPI, pageUrl: string, selectors: ArticleSelectors, presetName: PresetName = 'auto'): RawArticle {
  applyBaseHref($, pageUrl);
  const page = Page.of($);
  const preset = presetFor($, presetName)?.article ?? {};
  const jsonLd = readJsonLd($);
  const microdata = readMicrodata($);
  const pageTitle = documentTitle(page);
  const content = findContent(page, selectors, preset);
  const contentEl = content?.element ?? null;
  const title = findTitle(page, selectors, preset, contentEl, pageTitle, pageUrl);
  const scope = articleScope(page, title.element, contentEl);
  const published: Candidate[] = [];
  const dateOf = (el: Element) => el.attribs.datetime ?? el.attribs.content ?? page.text(el);
  pushSelected(page, selectors.published, published, dateOf, 'selector', true);
  pushSelected(page, preset.published, published, dateOf, 'preset', true);
  push(published, jsonLd.datePublished, 'json-ld');
  push(published, microdata.datePublished, 'microdata');
  push(published, readMeta($, ['article:published_time', 'og:published_time']), 'opengraph');
  push(published, readMeta($, ['date', 'dc.date', 'DC.date', 'dc.date.created', 'DC.Date.Created', 'pubdate', 'publish-date']), 'meta');
  const times = page.named('time').filter((el) => el.attribs.datetime !== undefined);
  const timeEl = [...(scope ? page.within(scope, times) : []), ...times].find((el) => !isInChrome($, el));
  push(published, timeEl?.attribs.datetime, 'time-element');
  // One level above the article: metadata blocks often sit beside the text rather than inside it.
  // Each pair's label read once: what date it names, and whether it names the writer or who entered the text.
  // A label read by two of the readers (a <th> and its row) is looked up once.
  const labelKinds = new Map<string, { date: ReturnType<typeof dateLabelKind>; author: ReturnType<typeof authorLabelRole> }>();
  const kindsOf = (label: string) => {
    let kinds = labelKinds.get(label);
    if (!kinds) labelKinds.set(label, (kinds = { date: dateLabelKind(label), author: authorLabelRole(label) }));
    return kinds;
  };
  const labelled = (scope ? readLabelledValues($, scope.parent ?? scope) : []).map((pair) => ({ ...pair, ...kindsOf(pair.label) }));
  // A BIP "metryczka" or a CMS info line: publication labels first, then the document's own date ("Data wytworzenia").
  // The label goes with its value, so that normalisation reads what kind of date it is and says what gave it.
  for (const kind of ['publication', 'created'] as const) {
    for (const pair of labelled) if (pair.date === kind) push(published, `${pair.label}: ${pair.value}`, 'heuristic');
  }
  for (const nearby of textNearHeadline(page, title.element, contentEl)) push(published, nearby, 'heuristic');

  const author: Candidate[] = [];
  pushSelected(page, selectors.author, author, (el) => page.text(el));
  pushSelected(page, preset.author, author, (el) => page.text(el), 'preset');
  push(author, jsonLd.author, 'json-ld');
  push(author, microdata.author, 'microdata');
  push(author, readMeta($, ['article:author', 'dc.creator', 'DC.creator']), 'meta');
  // The writer first ("Wytworzył", "Autor"), then who entered the text ("Wprowadził", "Opublikował").
  for (const role of ['wrote', 'entered'] as const) {
    for (const pair of labelled) if (pair.author === role) push(author, pair.value, 'heuristic');
  }
  const lineScope = scope ?? page.first('body');
  let authorLine: string | null = null;
  for (const el of lineScope ? page.within(lineScope, page.named('p', 'div', 'span', 'li', 'small', 'em')) : []) {
    const line = page.shortText(el, 119);
    if (line && isBylineLine(line) && !isInChrome($, el)) {
      authorLine = line;
      break;
    }
  }
  push(author, authorLine, 'heuristic');
  // Templates fill <meta name="author"> with the site's owner on every page: a last resort, and never an institution.
  const siteAuthor = readMeta($, ['author']);
  if (siteAuthor && !namesABody(siteAuthor)) push(author, siteAuthor, 'meta');

  const titles: Candidate[] = [];
  if (title.element && title.layer !== 'heuristic') push(titles, page.text(title.element), title.layer);
  push(titles, jsonLd.headline, 'json-ld');
  push(titles, microdata.headline, 'microdata');
  push(titles, readMeta($, ['og:title']), 'opengraph');
  // The site's name (a heading linking to the home page) only after the page's own <title>.
  if (title.element && title.layer === 'heuristic' && !title.siteName) push(titles, page.text(title.element), 'heuristic');
  push(titles, pageTitle, 'heuristic');
  if (title.element && title.siteName) push(titles, page.text(title.element), 'heuristic');

  const canonical = absoluteUrl(page.select('link[rel=canonical]')![0]?.attribs.href, pageUrl);
  return {
    url: pageUrl,
    loginWall: isLoginWall(page, contentEl),
    canonicalUrl: canonical && safeHost(new URL(canonical)) === safeHost(new URL(pageUrl)) ? canonical : null,
    title: titles,
    published,
    author,
    content: content ? { value: cleanContent(page, content.element, title.element, [...(selectors.remove ?? []), ...(preset.remove ?? [])]), layer: content.layer } : null,
    attachments: findAttachments(page, scope ?? contentEl, pageUrl),
  };
}

/**
 * A login page served in place of the article: a password field in the
 * main content, or on a page with no article text of its own. A login box
 * in the sidebar of a real article (common on Joomla sites) does not count.
 */
function isLoginWall(page: Page, contentEl: Element | null): boolean {
  const password = page.select('input[type=password]')!;
  if (!password.length) return false;
  if (!contentEl) return true;
  return password.some((field) => page.contains(contentEl, field) || contentEl === field) || page.text(contentEl).length < 200;
}

function push(list: Candidate[], value: string | null | undefined, layer: Candidate['layer']): void {
  const clean = value?.replace(/[\s\u00a0]+/g, ' ').trim();
  if (clean) list.push({ value: clean, layer });
}

/**
 * The first element the selector matches, read. With `machineReadableFirst` (dates), an element with a
 * `datetime`/`content` attribute wins: in "dd.published, dd.published time[datetime]" the <dd> comes first
 * in document order, but its <time> says the same more precisely.
 */
function pushSelected(
  page: Page,
  selector: string | undefined,
  list: Candidate[],
  read: (el: Element) => string | undefined,
  layer: Layer = 'selector',
  machineReadableFirst = false,
): void {
  const matched = page.select(selector) ?? [];
  const el = (machineReadableFirst ? matched.find((candidate) => candidate.attribs.datetime || candidate.attribs.content) : undefined) ?? matched[0];
  if (el) push(list, read(el), layer);
}

/**
 * The headline: the configured element, else an `<h1>` outside chrome (one
 * in the article or the page title first), else the nearest `<h2>`/`<h3>`
 * before the body (templates that keep `<h1>` for the site name), else a
 * line of bold text standing alone before it. An `<h1>` that is the site's
 * name (it links to the home page, or reads as `og:site_name`) comes last.
 */
function findTitle(
  page: Page,
  selectors: ArticleSelectors,
  preset: ArticleSelectors,
  content: Element | null,
  pageTitle: string | null,
  pageUrl: string,
): { element: Element | null; layer: 'selector' | 'preset' | 'heuristic'; siteName?: boolean } {
  const configured = page.select(selectors.title)?.find((el) => page.text(el));
  if (configured) return { element: configured, layer: 'selector' };
  const fromPreset = page.select(preset.title)?.find((el) => page.text(el));
  if (fromPreset) return { element: fromPreset, layer: 'preset' };
  const all = page.named('h1').filter((el) => page.text(el) && !isInChrome(page.$, el));
  const siteName = readMeta(page.$, ['og:site_name'])?.toLowerCase() ?? null;
  const names = all.filter((el) => linksHome(page, el, pageUrl) || page.text(el).toLowerCase() === siteName);
  const headings = names.length ? all.filter((el) => !names.includes(el)) : all;
  const lowerTitle = pageTitle?.toLowerCase() ?? '';
  const inMain = headings.find((el) => page.closest(el, 'article, main, [role=main]'));
  const inTitle = headings.find((el) => lowerTitle.includes(page.text(el).toLowerCase()));
  const found = inMain ?? inTitle ?? headings[0] ?? (content ? nearestHeadingBefore(page, content) : null);
  if (found) return { element: found, layer: 'heuristic' };
  const name = names.find((el) => lowerTitle.includes(page.text(el).toLowerCase())) ?? names[0];
  return name ? { element: name, layer: 'heuristic', siteName: true } : { element: null, layer: 'heuristic' };
}

// A home page's path: a folder's index file ("/index.php", "/bip/default.aspx") or the site's root.
const INDEX_PATH = /^(.*\/)(?:index|default|start)\.(?:php\d?|s?html?|aspx?|jsp)$/i;

/**
 * A heading that is a link to the home page, or inside one: the site's name or logo, not a headline. The home
 * page is the site's root, or the index file of a folder holding the page ("index.php" from "/index.php?id=35").
 */
function linksHome(page: Page, heading: Element, pageUrl: string): boolean {
  const link = page.closest(heading, 'a[href]') ?? page.within(heading, page.named('a')).find((a) => a.attribs.href !== undefined);
  const url = link ? absoluteUrl(link.attribs.href, pageUrl) : null;
  if (!url) return false;
  const [target, here] = [new URL(url), new URL(pageUrl)];
  if (safeHost(target) !== safeHost(here) || target.search) return false;
  const folder = INDEX_PATH.exec(target.pathname)?.[1];
  return target.pathname === '/' || (folder !== undefined && here.pathname.startsWith(folder));
}

/** The last `<h2>`/`<h3>` before the body's first paragraph of prose (legacy layouts keep the headline inside the content cell). */
function nearestHeadingBefore(page: Page, content: Element): Element | null {
  const firstProse = page.within(content, page.named('p')).find((p) => page.text(p).length >= 40) ?? content;
  const body = page.first('body');
  if (!body) return null;
  // Headings in the body up to the first paragraph of prose (all of them when it is not inside the body).
  const limit = page.contains(body, firstProse) ? page.indexOf(firstProse) : Infinity;
  let found: Element | null = null;
  for (const el of page.within(body, page.named('h2', 'h3'))) {
    if (page.indexOf(el) >= limit) break;
    if (page.text(el) && !isInChrome(page.$, el)) found = el;
  }
  if (found) return found;
  // No heading: a line of bold text alone in its block ("<td><strong>Title</strong></td>"), near the body (in the
  // block three levels above it at most: a table row before the body's cell).
  let near = content;
  for (let up = 0; up < 3 && near.parent?.type === 'tag' && (near.parent as Element).name !== 'body'; up++) near = near.parent as Element;
  // Each tag's elements apart: a list of several tags would be drawn from the whole page.
  for (const name of ['strong', 'b']) {
    for (const el of page.within(near, page.named(name))) {
      if (page.indexOf(el) >= limit) break;
      if ((!found || page.indexOf(el) > page.indexOf(found)) && isBoldHeadline(page, el)) found = el;
    }
  }
  return found;
}

/** A `<strong>`/`<b>` that is the whole text of its block, reads as a title (not a label, a date or a number) and is outside chrome. */
function isBoldHeadline(page: Page, el: Element): boolean {
  const text = page.shortText(el, 200);
  if (!text || text.length < 4 || text.endsWith(':') || DATE_LIKE.test(text) || !/\p{L}{3}/u.test(text)) return false;
  let block = el.parent as Element | null;
  while (block && block.type === 'tag' && INLINE_TAGS.has(block.name)) block = block.parent as Element | null;
  return !!block && block.type === 'tag' && page.shortText(block, 200) === text && !isInChrome(page.$, el);
}

function documentTitle(page: Page): string | null {
  const title = page.text(page.select('head title')!);
  return title ? title.split(/\s+[|–—-]\s+/)[0]!.trim() || null : null;
}

/** The configured body, the preset's, or the element holding the most paragraph text outside page chrome. */
function findContent(page: Page, selectors: ArticleSelectors, preset: ArticleSelectors): { element: Element; layer: Layer } | null {
  const configured = page.select(selectors.content)?.[0];
  if (configured) return { element: configured, layer: 'selector' };
  const fromPreset = page.select(preset.content)?.[0];
  if (fromPreset) return { element: fromPreset, layer: 'preset' };
  // Too little prose anywhere (a BIP record of addresses and numbers): the block holding the record's metadata table.
  const element = mostProse(page) ?? besideMetadata(page);
  return element ? { element, layer: 'heuristic' } : null;
}

/** The block holding a metadata table (a BIP "metryczka") together with other text: the record it describes. */
function besideMetadata(page: Page): Element | null {
  for (const block of [...page.named('table'), ...page.named('dl')]) {
    if (isInChrome(page.$, block) || !isMetadataBlock(page, block)) continue;
    const parent = block.parent as Element | null;
    if (parent?.type === 'tag' && parent.name !== 'body' && page.text(parent).length > page.text(block).length) return parent;
  }
  return null;
}

/**
 * A table or definition list of labelled values (BIP "metryczka": Wytworzył / Data wytworzenia / Data publikacji / …):
 * at least two of its labels, and at least half of them, name a date or an author.
 */
function isMetadataBlock(page: Page, block: Element): boolean {
  const labelled = block.name === 'dl' ? page.within(block, page.named('dt')) : page.within(block, page.named('tr'));
  let [known, unknown] = [0, 0];
  for (const el of labelled) {
    const cell = block.name === 'dl' ? el : (elementChildren(el).find((child) => child.name === 'td' || child.name === 'th') ?? el);
    const label = page.textStart(cell, 60).replace(/:$/, '');
    if (label !== '' && (dateLabelKind(label) !== null || authorLabelRole(label) !== null)) known++;
    // More than half are other labels (a layout table, a list of figures): no need to read the rest.
    else if (++unknown > labelled.length / 2) return false;
  }
  return known >= 2 && known >= labelled.length / 2;
}

/**
 * The length of the text of an element outside the blocks, links and bold text inside it, whitespace collapsed:
 * "<div><span>Tekst</span> <a>link</a><div>…</div></div>" counts "Tekst". Text in the spans and fonts of an editor
 * is the block's own; as in an element's own text, a link's text is not (what is linked is weighed apart), nor is
 * bold text (a lead, a heading or a label: a block all in <strong> is no body). Counted, not read into a string:
 * every block of the page is asked.
 */
function inlineTextLength(page: Page, el: Element): number {
  if (!el.children.some((child) => child.type === 'tag' && !NOT_INLINE.has((child as Element).name))) return page.ownText(el).length;
  counted = 0;
  afterSpace = true;
  longest = 0;
  countInline(el);
  // Short pieces, each in an element of its own ("<span>28 Lipca 2019</span><span>Festiwal</span>"), are a list's item, not prose.
  if (longest < 60) return 0;
  return afterSpace && counted > 0 ? counted - 1 : counted;
}

// The longest text met while counting, trimmed.
let longest = 0;

// The count so far, and whether it ends in a space (or nothing yet): collapsed, a run of spaces is one, none leads.
let counted = 0;
let afterSpace = true;

function countInline(el: Element): void {
  for (const child of el.children) {
    if (child.type === 'text') {
      const data = child.data;
      longest = Math.max(longest, data.trim().length);
      for (let i = 0; i < data.length; i++) {
        const space = isSpace(data.charCodeAt(i));
        if (!space || !afterSpace) counted++;
        afterSpace = space;
      }
    } else if (child.type === 'tag' && !NOT_INLINE.has(child.name)) countInline(child);
    else if (child.type === 'tag' && child.name === 'br' && !afterSpace) {
      counted++;
      afterSpace = true;
    }
  }
}

/** The whitespace that `\s` collapses, as character codes: ASCII spaces, no-break and the Unicode spaces. */
function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 160 || (code >= 0x2000 && code <= 0x200a) || code === 0x1680 || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** What an element's inline text does not go into: blocks, links, bold text, line breaks and what is no text. */
const NOT_INLINE = new Set([...BLOCK_TAGS, ...NOT_TEXT, 'a', 'b', 'strong', 'br']);

/** A block with no block inside it but rules: one paragraph of text, whatever its tag. */
function isOneParagraph(el: Element): boolean {
  return !el.children.some((child) => isTag(child) && BLOCK_TAGS.has(child.name));
}

function mostProse(page: Page): Element | null {
  const scores = new Map<Element, number>();
  const anchors = page.named('a');
  for (const el of page.named('p', 'div', 'td', 'li', 'blockquote')) {
    // Cheapest test first: most elements hold too little text of their own to count.
    // A block's text is what is in it outside the blocks inside it: text in <span>s and <font>s is the block's own.
    const ownLength = el.tagName === 'p' ? page.text(el).length : inlineTextLength(page, el);
    if (ownLength < 25 || isInChrome(page.$, el)) continue;
    const linkText = page.within(el, anchors).reduce((sum, a) => sum + page.rawText(a).length, 0);
    if (linkText > ownLength / 2) continue;
    // A paragraph counts for its block; a list item for the block holding its list, so that an article of
    // paragraphs and a long bulleted list is taken whole, not the list alone.
    const listParent = el.tagName === 'li' ? (el.parent as Element | null) : null;
    const scored = el.tagName === 'p' ? (el.parent as Element | null) : listParent ? ((listParent.parent as Element | null) ?? listParent) : el;
    if (!scored || scored.type !== 'tag') continue;
    scores.set(scored, (scores.get(scored) ?? 0) + ownLength);
    const grand = scored.parent as Element | null;
    if (grand?.type === 'tag') scores.set(grand, (scores.get(grand) ?? 0) + ownLength / 3);
  }
  let best: Element | null = null;
  let bestScore = 50; // characters of prose: less is a caption, not an article
  for (const [el, score] of scores) if (score > bestScore) [best, bestScore] = [el, score];
  // One paragraph written as a <div> among others like it ("<div>…</div><div>…</div>" from an editor that makes no <p>):
  // the text is all of them, in the block holding them. A sibling counts as a paragraph from 80 characters: shorter
  // lines beside the text are its date, its counters, its lead.
  const parent = best?.parent as Element | null | undefined;
  if (best && best.name === 'div' && isOneParagraph(best) && parent?.type === 'tag' && parent.name !== 'body') {
    let others = 0;
    for (const sibling of elementChildren(parent)) {
      if (sibling === best || isInChrome(page.$, sibling)) continue;
      const prose = sibling.name === 'p' ? page.text(sibling).length : sibling.name === 'div' && isOneParagraph(sibling) ? (scores.get(sibling) ?? 0) : 0;
      if (prose >= 80) others += prose;
    }
    if (others >= bestScore / 3) best = parent;
  }
  return best;
}

/** The smallest element holding both the headline and the body: where the date, author and attachments live. */
function articleScope(page: Page, title: Element | null, content: Element | null): Element | null {
  if (!title || !content) return content;
  for (let node: Element | null = content; node && node.type === 'tag'; node = node.parent as Element | null) {
    if (page.contains(node, title) || node === title) return node.tagName === 'body' ? content : node;
  }
  return content;
}

/**
 * Date-looking strings around the headline, nearest first: up to a few text
 * blocks before it and everything between it and the body. Never inside the
 * body (event dates), never in page chrome or clock / name-day widgets.
 */
function textNearHeadline(page: Page, title: Element | null, content: Element | null): string[] {
  const blocks = blocksAround(page, title);
  const titleIndex = blocks.findIndex((block) => block.el === title || page.contains(title!, block.el));
  if (titleIndex < 0) return [];
  const inContent = (el: Element) => content !== null && (el === content || page.contains(content, el));
  // When the body element also holds the headline (a page wrapper), the text starts at its first paragraph after the headline.
  const wrapsTitle = content !== null && page.contains(content, title!);
  const isBodyText = (el: Element, text: string) => inContent(el) && (!wrapsTitle || el.tagName === 'p' || page.closest(el, 'p') !== null || text.length >= 80);
  const nearby: Array<{ text: string; distance: number }> = [];
  for (let i = Math.max(0, titleIndex - 4); i < Math.min(blocks.length, titleIndex + 12); i++) {
    const block = blocks[i]!;
    if (i > titleIndex && isBodyText(block.el, block.text)) break;
    if (i === titleIndex || (inContent(block.el) && !wrapsTitle) || isInChrome(page.$, block.el)) continue;
    // A widget's label may sit in the element around the date ("Aktualny czas <strong>środa, …</strong>").
    const parent = block.el.parent;
    const around = parent?.type === 'tag' ? page.shortText(parent as Element, 200) : null;
    if (hasNonPublicationLabel(page.text(block.el)) || (around !== null && hasNonPublicationLabel(around))) continue;
    nearby.push({ text: block.text, distance: Math.abs(i - titleIndex) });
  }
  return nearby.sort((a, b) => a.distance - b.distance).map((entry) => entry.text);
}

/**
 * The body's elements with their own text, in document order, from four before the headline's to eleven after
 * it: the text around the headline, read no further. None for a headline outside the body's text.
 */
function blocksAround(page: Page, title: Element | null): Array<{ el: Element; text: string }> {
  const body = page.first('body');
  // Not text: scripts, styles and what is in them.
  const hidden = (el: Element) => {
    for (let node: Element | null = el; node && node !== body; node = node.parent as Element | null) if (node.type !== 'tag' || NOT_TEXT.has(node.tagName)) return true;
    return false;
  };
  if (!title || !body || !(title === body || page.contains(body, title)) || hidden(title)) return [];
  const blocks: Array<{ el: Element; text: string }> = [];
  const earlier = page.before(title, body);
  for (let i = earlier.length - 1; i >= 0 && blocks.length < 4; i--) {
    const el = earlier[i]!;
    // A date printed in parts is read whole, at the element holding the parts (which comes before them).
    const own = page.ownText(el);
    const parent = el.parent as Element | null;
    if (own && parent?.type === 'tag' && !page.contains(parent, title) && datePartsText(page, parent) !== null) continue;
    const text = mayHoldDateParts(page, el) ? (datePartsText(page, el) ?? own) : own;
    if (text && !hidden(el)) blocks.unshift({ el, text });
  }
  let titleAt = -1;
  page.walkFrom(
    title,
    (el) => {
      if (el.type !== 'tag' || NOT_TEXT.has(el.tagName)) return 'skip';
      const own = page.ownText(el);
      const parts = el !== title && mayHoldDateParts(page, el) ? datePartsText(page, el) : null;
      if (parts !== null) {
        blocks.push({ el, text: parts });
        if (titleAt < 0) titleAt = blocks.length - 1;
        return blocks.length - 1 - titleAt >= 11 ? 'stop' : 'skip';
      }
      if (!own) return;
      blocks.push({ el, text: own });
      if (titleAt < 0) titleAt = blocks.length - 1;
      else if (blocks.length - 1 - titleAt >= 11) return 'stop';
    },
    body,
  );
  return blocks;
}

/**
 * The text of a date printed in parts, one element each ("<p class=date><span>Wrz</span> <span>02</span>
 * <span>2010</span></p>" gives "Wrz 02 2010"): a small element with no words of its own whose children are two
 * to five short elements with no elements inside, the whole holding a digit. Null for any other element.
 */
function datePartsText(page: Page, el: Element): string | null {
  if (!mayHoldDateParts(page, el)) return null;
  let parts = 0;
  for (const child of el.children) {
    if (child.type === 'text') {
      if (!SEPARATORS.test(child.data)) return null;
    } else if (child.type === 'tag') {
      const only = child.children.length === 1 ? child.children[0]! : null;
      if (++parts > 5 || only?.type !== 'text' || only.data.length > 40 || !/\S/.test(only.data)) return null;
    }
  }
  if (parts < 2) return null;
  const text = page.shortText(el, 40);
  return text && /\d/.test(text) ? text : null;
}

/** Text that is nothing but what stands between the parts of a date. */
const SEPARATORS = /^[\s,./-]*$/;

/** The cheap test first: two to five parts with text between them are two to eleven children; then no words of its own. */
function mayHoldDateParts(page: Page, el: Element): boolean {
  return el.children.length >= 2 && el.children.length <= 11 && SEPARATORS.test(page.ownText(el));
}

/** Body HTML without what is not the article's text: the headline, date lines, counters, read-more and related links. */
function cleanContent(page: Page, body: Element, title: Element | null, remove: string[]): string {
  const headline = title ? page.text(title) : null;
  // Cut down in place, and put back afterwards: the page itself still answers for the attachments and for whoever reads it next.
  return page.cutDown(body, (cut) => {
    const drop = (elements: readonly Element[]) => elements.forEach(cut);
    drop(page.select('script, style, noscript, iframe, form, nav, button', body)!);
    for (const selector of remove) drop(page.select(selector, body) ?? []);
    if (title) drop(page.within(body, page.named(title.tagName)).filter((el) => page.text(el) === headline));
    // The headings' alternatives are all shorter than 20 characters: the first 40 of an element's text tell.
    for (const el of page.within(body, page.named('h1', 'h2', 'h3', 'h4', 'p', 'div', 'strong')).filter((el) => isRelatedHeading(page.textStart(el, 40)))) {
      // What follows a "Zobacz także" heading is the related links, not the article.
      if (page.isRemoved(el) || !el.parent) continue;
      const siblings = el.parent.children;
      drop([...siblings.slice(siblings.indexOf(el) + 1).filter(isTag), el]);
    }
    drop(page.within(body, page.named('a')).filter((el) => isReadMore(page.text(el)) || isBack(page.text(el))));
    drop(page.within(body, page.named('p', 'div', 'span', 'small')).filter((el) => isBylineLine(page.shortText(el, 119) ?? '')));
    // Metadata tables (BIP "metryczka": Wytworzył / Data publikacji / ...) describe the text, they are not part of it. One
    // after the text closes it: its heading ("Informacje o artykule") and what follows (archived versions, print links) go too.
    for (const block of [...page.within(body, page.named('table')), ...page.within(body, page.named('dl'))]) {
      if (page.isRemoved(block) || !isMetadataBlock(page, block)) continue;
      if (hasTextBefore(page, block, body, 40)) {
        const heading = previousElement(block);
        if (heading && /^h[1-6]$/.test(heading.name) && (page.shortText(heading, 80) ?? '') !== '') cut(heading);
        for (let node: Element = block; node !== body && node.parent?.type === 'tag'; node = node.parent as Element) {
          const siblings = elementChildren(node.parent as Element);
          drop(siblings.slice(siblings.indexOf(node) + 1));
        }
      }
      cut(block);
    }
    // Date lines, view counters and clock or name-day widgets above the first paragraph belong to the header, not the text.
    const firstText =
      page.within(body, page.named('p')).find((p) => {
        const text = page.textStart(p, 80);
        return text !== '' && !DATE_LIKE.test(text);
      }) ?? page.within(body).find((el) => page.ownText(el).length >= 40);
    if (firstText) {
      for (const el of page.within(body, page.named('div', 'span', 'p', 'time', 'small', 'ul'))) {
        if (el === firstText) break;
        if (page.isRemoved(el)) continue;
        const own = page.text(el);
        const isLeaf = elementChildren(el).length === 0;
        if ((isLeaf && (DATE_LIKE.test(own) || /^\d{1,7}$/.test(own))) || (own.length < 160 && hasNonPublicationLabel(own))) cut(el);
      }
    }
    return page.$(body).html() ?? '';
  });
}

/** Whether the elements of `scope` before `el` hold at least `length` characters of text of their own. */
function hasTextBefore(page: Page, el: Element, scope: Element, length: number): boolean {
  let total = 0;
  for (const before of page.before(el, scope)) {
    if (NOT_TEXT.has(before.name) || page.contains(before, el)) continue;
    total += page.ownText(before).length;
    if (total >= length) return true;
  }
  return false;
}

/** The previous element sibling of `el`. */
function previousElement(el: Element): Element | null {
  for (let node = el.prev; node; node = node.prev) if (isTag(node)) return node;
  return null;
}

/**
 * The documents the article links to: in its scope, and in an attachment block just after it (a BIP "Załączniki"
 * list beside the text rather than in it); never in page chrome.
 */
function findAttachments(page: Page, scope: Element | null, pageUrl: string): RawAttachment[] {
  const seen = new Set<string>();
  const attachments: RawAttachment[] = [];
  const anchors = page.named('a').filter((a) => a.attribs.href !== undefined);
  const { attachment } = pagePatterns();
  // A document's path ends in its extension, so its href does, before any query or fragment: most links are ruled out unparsed.
  const isDocument = (a: Element) => {
    if (!attachment.test(a.attribs.href!.trim())) return false;
    const url = absoluteUrl(a.attribs.href, pageUrl);
    return url !== null && attachment.test(new URL(url).pathname);
  };
  const linked = scope ? [...page.within(scope, anchors), ...attachmentBlocksAfter(page, scope, anchors, isDocument).flatMap((block) => page.within(block, anchors))] : anchors;
  for (const a of linked) {
    if (!isDocument(a)) continue;
    const url = absoluteUrl(a.attribs.href, pageUrl)!;
    if (seen.has(url) || isInChrome(page.$, a)) continue;
    seen.add(url);
    attachments.push({ url, title: page.text(a) || a.attribs.title?.trim() || fileNameOf(url) });
  }
  return attachments;
}

/**
 * The blocks just after the article that hold its attachments: its next siblings, past empty ones and a short
 * heading ("Załączniki:"), as long as each holds document links and little text besides their names.
 */
function attachmentBlocksAfter(page: Page, scope: Element, anchors: readonly Element[], isDocument: (a: Element) => boolean): Element[] {
  const blocks: Element[] = [];
  let looked = 0;
  for (let node = scope.next; node && looked < 6; node = node.next) {
    if (!isTag(node) || NOT_TEXT.has(node.name)) continue;
    looked++;
    if (isInChrome(page.$, node)) break;
    // At most 80 characters, and 200 more for each of up to 20 documents.
    const text = page.shortText(node, 4080);
    if (text === null) break;
    const links = page.within(node, anchors);
    const documents = links.filter(isDocument);
    if (text.length > 80 + 200 * documents.length) break;
    if (!documents.length) {
      // An empty block, or a heading of the list below; anything else ends the article's surroundings.
      if (text.length <= 40 && !links.length) continue;
      break;
    }
    const names = documents.reduce((sum, a) => sum + page.text(a).length, 0);
    if (text.length - names > 40 + 40 * documents.length) break;
    blocks.push(node);
  }
  return blocks;
}

/** The last path segment, decoded when it is valid percent-encoding (legacy sites use latin-2 escapes that are not). */
function fileNameOf(url: string): string {
  const segment = new URL(url).pathname.split('/').pop() || url;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
