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
import { readJsonLd, readLabelledValues, readMeta, readMicrodata } from './structured.js';
import { authorLabelRole, isBylineLine, namesABody } from '../lexicon/authors.js';
import { dateLabelKind, hasNonPublicationLabel } from '../lexicon/date-labels.js';
import { isBack, isReadMore, isRelatedHeading, pagePatterns } from '../lexicon/lexicon.js';

const DATE_LIKE = /^\s*(\d{1,4}[.\-/]\d{1,2}[.\-/]\d{1,4}|\d{1,2}\s+\p{L}+\s+\d{4})(\s*r\.)?(,?\s*(godz\.\s*)?\d{1,2}:\d{2}(:\d{2})?)?\s*$/u;

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
  const title = findTitle(page, selectors, preset, contentEl, pageTitle);
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
  const labelled = (scope ? readLabelledValues($, scope.parent ?? scope) : []).map((pair) => ({ ...pair, date: dateLabelKind(pair.label), author: authorLabelRole(pair.label) }));
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
  if (title.element && title.layer === 'heuristic') push(titles, page.text(title.element), 'heuristic');
  push(titles, pageTitle, 'heuristic');

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
 * before the body (templates that keep `<h1>` for the site name).
 */
function findTitle(
  page: Page,
  selectors: ArticleSelectors,
  preset: ArticleSelectors,
  content: Element | null,
  pageTitle: string | null,
): { element: Element | null; layer: 'selector' | 'preset' | 'heuristic' } {
  const configured = page.select(selectors.title)?.find((el) => page.text(el));
  if (configured) return { element: configured, layer: 'selector' };
  const fromPreset = page.select(preset.title)?.find((el) => page.text(el));
  if (fromPreset) return { element: fromPreset, layer: 'preset' };
  const headings = page.named('h1').filter((el) => page.text(el) && !isInChrome(page.$, el));
  const lowerTitle = pageTitle?.toLowerCase() ?? '';
  const inMain = headings.find((el) => page.closest(el, 'article, main, [role=main]'));
  const inTitle = headings.find((el) => lowerTitle.includes(page.text(el).toLowerCase()));
  const beforeContent = content ? nearestHeadingBefore(page, content) : null;
  return { element: inMain ?? inTitle ?? headings[0] ?? beforeContent, layer: 'heuristic' };
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
  return found;
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
  const element = mostProse(page);
  return element ? { element, layer: 'heuristic' } : null;
}

function mostProse(page: Page): Element | null {
  const scores = new Map<Element, number>();
  const anchors = page.named('a');
  for (const el of page.named('p', 'div', 'td', 'li', 'blockquote')) {
    // Cheapest test first: most elements hold too little text of their own to count.
    const ownText = el.tagName === 'p' ? page.text(el) : page.ownText(el);
    if (ownText.length < 25 || isInChrome(page.$, el)) continue;
    const linkText = page.within(el, anchors).reduce((sum, a) => sum + page.rawText(a).length, 0);
    if (linkText > ownText.length / 2) continue;
    // A paragraph counts for its block; a list item for the block holding its list, so that an article of
    // paragraphs and a long bulleted list is taken whole, not the list alone.
    const listParent = el.tagName === 'li' ? (el.parent as Element | null) : null;
    const scored = el.tagName === 'p' ? (el.parent as Element | null) : listParent ? ((listParent.parent as Element | null) ?? listParent) : el;
    if (!scored || scored.type !== 'tag') continue;
    scores.set(scored, (scores.get(scored) ?? 0) + ownText.length);
    const grand = scored.parent as Element | null;
    if (grand?.type === 'tag') scores.set(grand, (scores.get(grand) ?? 0) + ownText.length / 3);
  }
  let best: Element | null = null;
  let bestScore = 50; // characters of prose: less is a caption, not an article
  for (const [el, score] of scores) if (score > bestScore) [best, bestScore] = [el, score];
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

const NOT_TEXT = new Set(['script', 'style', 'noscript', 'template']);

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
    const own = page.ownText(el);
    if (own && !hidden(el)) blocks.unshift({ el, text: own });
  }
  let titleAt = -1;
  page.walkFrom(
    title,
    (el) => {
      if (el.type !== 'tag' || NOT_TEXT.has(el.tagName)) return 'skip';
      const own = page.ownText(el);
      if (!own) return;
      blocks.push({ el, text: own });
      if (titleAt < 0) titleAt = blocks.length - 1;
      else if (blocks.length - 1 - titleAt >= 11) return 'stop';
    },
    body,
  );
  return blocks;
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
    // Metadata tables (BIP "metryczka": Wytworzył / Data publikacji / ...) describe the text, they are not part of it.
    drop(
      page.within(body, page.named('table')).filter((table) => {
        const labels = page.within(table, page.named('tr')).map((row) => {
          const cell = elementChildren(row).find((child) => child.name === 'td' || child.name === 'th');
          return page.text(cell).replace(/:$/, '');
        });
        const isMetadata = (label: string) => dateLabelKind(label) !== null || authorLabelRole(label) !== null;
        return labels.length > 0 && labels.filter(isMetadata).length >= labels.length / 2;
      }),
    );
    // Date lines, view counters and clock or name-day widgets above the first paragraph belong to the header, not the text.
    const firstText = page.within(body, page.named('p'))[0] ?? page.within(body).find((el) => page.ownText(el).length >= 40);
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

function findAttachments(page: Page, scope: Element | null, pageUrl: string): RawAttachment[] {
  const seen = new Set<string>();
  const attachments: RawAttachment[] = [];
  const anchors = page.named('a').filter((a) => a.attribs.href !== undefined);
  for (const a of scope ? page.within(scope, anchors) : anchors) {
    const url = absoluteUrl(a.attribs.href, pageUrl);
    if (!url || !pagePatterns().attachment.test(new URL(url).pathname) || seen.has(url) || isInChrome(page.$, a)) continue;
    seen.add(url);
    attachments.push({ url, title: page.text(a) || a.attribs.title?.trim() || fileNameOf(url) });
  }
  return attachments;
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
