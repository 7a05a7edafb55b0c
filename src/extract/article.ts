/**
 * An article page → raw fields, each gathered from every layer of DESIGN.md
 * in order: configured selectors, structured data (JSON-LD, microdata, meta
 * tags, `<time datetime>`), then generic heuristics (metadata labels such as
 * "Data publikacji:", text near the headline, the block with the most
 * paragraph text). Normalisation picks the first usable candidate and
 * records its layer.
 */
import type { CheerioAPI, Cheerio } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { ArticleSelectors, PresetName } from '../config/schema.js';
import type { Candidate, Layer, RawArticle, RawAttachment } from './types.js';
import { absoluteUrl, applyBaseHref, directText, isInChrome, safeHost, safeSelect, text } from './dom.js';
import { presetFor } from './presets.js';
import { readJsonLd, readLabelledValues, readMeta, readMicrodata } from './structured.js';

const ATTACHMENT_LINK = /\.(pdf|docx?|odt|xlsx?|ods|rtf|zip|rar|7z|pptx?|odp|txt|csv)(\?|#|$)/i;
// Text around the headline that is a widget, not a publication date: the header clock, name days, "last modified" footers.
const NOT_PUBLICATION = /aktualny czas|dzi[sś](iaj)? jest|imieniny|ostatni[aej]* (modyfikacj|aktualizacj|zmian)|zmodyfikowan|data modyfikacji|aktualizacja:/i;
const AUTHOR_LINE = /^(opublikowan[ya] przez|opublikował[a]?|napisane przez|napisał[a]?|autor(ka)?|dodał[a]?|wprowadził[a]?|przygotował[a]?|wytworzył[a]?|opracował[a]?|oprac(owanie|\.))\s*:?/i;
// Labels of metadata blocks (BIP "metryczka", CMS info lines), best first.
const PUBLISHED_LABELS = [/^data publikacji$/, /^(data )?(opublikowan[oiay]|opublikowania)$/, /^data (dodania|utworzenia)$/, /^(dodano|utworzono)$/, /^data wytworzenia$/, /^data$/];
const AUTHOR_LABELS = [
  /^autor(ka)?( (tekstu|informacji|dokumentu))?$/,
  /^((informację|dokument) )?(wytworzył[a]?|sporządził[a]?)( (informację|dokument))?$/,
  /^(napisane przez|napisał[a]?|opracował[a]?|opracowanie)$/,
  /^(opublikował[a]?|opublikowan[ya] przez|wprowadził[a]?( informację)?|dodał[a]?)$/,
];
// An office as <meta name="author">: the site's owner, not the article's author.
const INSTITUTION_NAME = /(^|\s)(urz[aą]d|o[sś]rodek|gmina|gminy|miasto|miasta|starostwo|powiat|centrum|biuro|wydzia[lł]|sp[oó][lł]ka|m?g?ops|mopr|pcpr|rops|cus)(\s|$)/i;
export const RELATED_HEADING = /^(zobacz (też|także|rownież|również)|czytaj (też|także|również)|powiązane|podobne (artykuły|wpisy)|udostępnij|inne aktualności)\b/i;
const READ_MORE = /^(czytaj dalej|czytaj wi[eę]cej|wi[eę]cej\.*|zobacz wi[eę]cej|powr[oó]t|wr[oó][cć])\s*(\.{2,3}|…|»|›)?$/i;
const DATE_LIKE = /^\s*(\d{1,4}[.\-/]\d{1,2}[.\-/]\d{1,4}|\d{1,2}\s+\p{L}+\s+\d{4})(\s*r\.)?(,?\s*(godz\.\s*)?\d{1,2}:\d{2}(:\d{2})?)?\s*$/u;

/** `presetName`: the source's platform preset; `auto` recognises the platform from the page. */
export function extractArticle($: CheerioAPI, pageUrl: string, selectors: ArticleSelectors, presetName: PresetName = 'auto'): RawArticle {
  applyBaseHref($, pageUrl);
  const preset = presetFor($, presetName)?.article ?? {};
  const jsonLd = readJsonLd($);
  const microdata = readMicrodata($);
  const content = findContent($, selectors, preset);
  const contentEl = content?.element ?? null;
  const title = findTitle($, selectors, preset, contentEl);
  const scope = articleScope($, title.element, contentEl);
  const published: Candidate[] = [];
  const dateOf = (el: Element) => el.attribs.datetime ?? el.attribs.content ?? text($(el));
  pushSelected($, selectors.published, published, dateOf, 'selector', true);
  pushSelected($, preset.published, published, dateOf, 'preset', true);
  push(published, jsonLd.datePublished, 'json-ld');
  push(published, microdata.datePublished, 'microdata');
  push(published, readMeta($, ['article:published_time', 'og:published_time']), 'opengraph');
  push(published, readMeta($, ['date', 'dc.date', 'DC.date', 'dc.date.created', 'DC.Date.Created', 'pubdate', 'publish-date']), 'meta');
  const timeEl = [...(scope ? $(scope).find('time[datetime]').toArray() : []), ...$('time[datetime]').toArray()].find((el) => !isInChrome($, el));
  push(published, timeEl ? $(timeEl).attr('datetime') : null, 'time-element');
  // One level above the article: metadata blocks often sit beside the text rather than inside it.
  const labelled = scope ? readLabelledValues($, scope.parent ?? scope) : [];
  for (const value of valuesFor(labelled, PUBLISHED_LABELS)) push(published, value, 'heuristic');
  for (const nearby of textNearHeadline($, title.element, contentEl)) push(published, nearby, 'heuristic');

  const author: Candidate[] = [];
  pushSelected($, selectors.author, author, (el) => text($(el)));
  pushSelected($, preset.author, author, (el) => text($(el)), 'preset');
  push(author, jsonLd.author, 'json-ld');
  push(author, microdata.author, 'microdata');
  push(author, readMeta($, ['article:author', 'dc.creator', 'DC.creator']), 'meta');
  for (const value of valuesFor(labelled, AUTHOR_LABELS)) push(author, value, 'heuristic');
  let authorLine: string | null = null;
  for (const el of $(scope ?? 'body').find('p, div, span, li, small, em').toArray()) {
    const line = text($(el));
    if (line.length < 120 && AUTHOR_LINE.test(line) && !isInChrome($, el)) {
      authorLine = line;
      break;
    }
  }
  push(author, authorLine, 'heuristic');
  // Templates fill <meta name="author"> with the site's owner on every page: a last resort, and never an institution.
  const siteAuthor = readMeta($, ['author']);
  if (siteAuthor && !INSTITUTION_NAME.test(siteAuthor)) push(author, siteAuthor, 'meta');

  const titles: Candidate[] = [];
  if (title.element && title.layer !== 'heuristic') push(titles, text($(title.element)), title.layer);
  push(titles, jsonLd.headline, 'json-ld');
  push(titles, microdata.headline, 'microdata');
  push(titles, readMeta($, ['og:title']), 'opengraph');
  if (title.element && title.layer === 'heuristic') push(titles, text($(title.element)), 'heuristic');
  push(titles, documentTitle($), 'heuristic');

  const canonical = absoluteUrl($('link[rel=canonical]').attr('href'), pageUrl);
  return {
    url: pageUrl,
    loginWall: isLoginWall($, contentEl),
    canonicalUrl: canonical && safeHost(new URL(canonical)) === safeHost(new URL(pageUrl)) ? canonical : null,
    title: titles,
    published,
    author,
    content: content ? { value: cleanContent($, content.element, title.element, [...(selectors.remove ?? []), ...(preset.remove ?? [])]), layer: content.layer } : null,
    attachments: findAttachments($, scope ?? contentEl, pageUrl),
  };
}

/**
 * A login page served in place of the article: a password field in the
 * main content, or on a page with no article text of its own. A login box
 * in the sidebar of a real article (common on Joomla sites) does not count.
 */
function isLoginWall($: CheerioAPI, contentEl: Element | null): boolean {
  const password = $('input[type=password]').toArray();
  if (!password.length) return false;
  if (!contentEl) return true;
  return password.some((field) => $(contentEl).find(field).length > 0 || contentEl === field) || text($(contentEl)).length < 200;
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
  $: CheerioAPI,
  selector: string | undefined,
  list: Candidate[],
  read: (el: Element) => string | undefined,
  layer: Layer = 'selector',
  machineReadableFirst = false,
): void {
  const matched = safeSelect($, selector)?.toArray() ?? [];
  const el = (machineReadableFirst ? matched.find((candidate) => candidate.attribs.datetime || candidate.attribs.content) : undefined) ?? matched[0];
  if (el) push(list, read(el), layer);
}

/** The values of every pair whose label matches, in the order of `labels` (best first). */
function valuesFor(pairs: Array<{ label: string; value: string }>, labels: RegExp[]): string[] {
  return labels.flatMap((label) => pairs.filter((pair) => label.test(pair.label)).map((pair) => pair.value));
}

/**
 * The headline: the configured element, else an `<h1>` outside chrome (one
 * in the article or the page title first), else the nearest `<h2>`/`<h3>`
 * before the body (templates that keep `<h1>` for the site name).
 */
function findTitle(
  $: CheerioAPI,
  selectors: ArticleSelectors,
  preset: ArticleSelectors,
  content: Element | null,
): { element: Element | null; layer: 'selector' | 'preset' | 'heuristic' } {
  const configured = safeSelect($, selectors.title)?.toArray().find((el) => text($(el)));
  if (configured) return { element: configured, layer: 'selector' };
  const fromPreset = safeSelect($, preset.title)?.toArray().find((el) => text($(el)));
  if (fromPreset) return { element: fromPreset, layer: 'preset' };
  const headings = $('h1').toArray().filter((el) => text($(el)) && !isInChrome($, el));
  const pageTitle = documentTitle($)?.toLowerCase() ?? '';
  const inMain = headings.find((el) => $(el).closest('article, main, [role=main]').length);
  const inTitle = headings.find((el) => pageTitle.includes(text($(el)).toLowerCase()));
  const beforeContent = content ? nearestHeadingBefore($, content) : null;
  return { element: inMain ?? inTitle ?? headings[0] ?? beforeContent, layer: 'heuristic' };
}

/** The last `<h2>`/`<h3>` before the body's first paragraph of prose (legacy layouts keep the headline inside the content cell). */
function nearestHeadingBefore($: CheerioAPI, content: Element): Element | null {
  const firstProse = $(content).find('p').toArray().find((p) => text($(p)).length >= 40) ?? content;
  let found: Element | null = null;
  for (const el of $('body *').toArray()) {
    if (el === firstProse) break;
    if ((el.tagName === 'h2' || el.tagName === 'h3') && text($(el)) && !isInChrome($, el)) found = el;
  }
  return found;
}

function documentTitle($: CheerioAPI): string | null {
  const title = text($('head title'));
  return title ? title.split(/\s+[|–—-]\s+/)[0]!.trim() || null : null;
}

/** The configured body, the preset's, or the element holding the most paragraph text outside page chrome. */
function findContent($: CheerioAPI, selectors: ArticleSelectors, preset: ArticleSelectors): { element: Element; layer: Layer } | null {
  const configured = safeSelect($, selectors.content)?.first()[0];
  if (configured) return { element: configured, layer: 'selector' };
  const fromPreset = safeSelect($, preset.content)?.first()[0];
  if (fromPreset) return { element: fromPreset, layer: 'preset' };
  const element = mostProse($);
  return element ? { element, layer: 'heuristic' } : null;
}

function mostProse($: CheerioAPI): Element | null {
  const scores = new Map<Element, number>();
  $('p, div, td, li, blockquote').each((_, el) => {
    // Cheapest test first: most elements hold too little text of their own to count.
    const ownText = el.tagName === 'p' ? text($(el)) : directText(el);
    if (ownText.length < 25 || isInChrome($, el)) return;
    if ($(el).find('a').text().length > ownText.length / 2) return;
    // A paragraph counts for its block; a list item for the block holding its list, so that an article of
    // paragraphs and a long bulleted list is taken whole, not the list alone.
    const listParent = el.tagName === 'li' ? (el.parent as Element | null) : null;
    const scored = el.tagName === 'p' ? (el.parent as Element | null) : listParent ? ((listParent.parent as Element | null) ?? listParent) : el;
    if (!scored || scored.type !== 'tag') return;
    scores.set(scored, (scores.get(scored) ?? 0) + ownText.length);
    const grand = scored.parent as Element | null;
    if (grand?.type === 'tag') scores.set(grand, (scores.get(grand) ?? 0) + ownText.length / 3);
  });
  let best: Element | null = null;
  let bestScore = 50; // characters of prose: less is a caption, not an article
  for (const [el, score] of scores) if (score > bestScore) [best, bestScore] = [el, score];
  return best;
}

/** The smallest element holding both the headline and the body: where the date, author and attachments live. */
function articleScope($: CheerioAPI, title: Element | null, content: Element | null): Element | null {
  if (!title || !content) return content;
  for (let node: Element | null = content; node && node.type === 'tag'; node = node.parent as Element | null) {
    if ($(node).find(title).length || node === title) return node.tagName === 'body' ? content : node;
  }
  return content;
}

/**
 * Date-looking strings around the headline, nearest first: up to a few text
 * blocks before it and everything between it and the body. Never inside the
 * body (event dates), never in page chrome or clock / name-day widgets.
 */
function textNearHeadline($: CheerioAPI, title: Element | null, content: Element | null): string[] {
  if (!title) return [];
  const blocks = textBlocks($, $('body')[0] ?? $.root()[0]!);
  const titleIndex = blocks.findIndex((block) => block.el === title || $(title).find(block.el).length > 0);
  if (titleIndex < 0) return [];
  const inContent = (el: Element) => content !== null && (el === content || $(content).find(el).length > 0);
  // When the body element also holds the headline (a page wrapper), the text starts at its first paragraph after the headline.
  const wrapsTitle = content !== null && $(content).find(title).length > 0;
  const isBodyText = (el: Element, text: string) =>
    inContent(el) && (!wrapsTitle || el.tagName === 'p' || $(el).closest('p').length > 0 || text.length >= 80);
  const nearby: Array<{ text: string; distance: number }> = [];
  for (let i = Math.max(0, titleIndex - 4); i < Math.min(blocks.length, titleIndex + 12); i++) {
    const block = blocks[i]!;
    if (i > titleIndex && isBodyText(block.el, block.text)) break;
    if (i === titleIndex || (inContent(block.el) && !wrapsTitle) || isInChrome($, block.el)) continue;
    // A widget's label may sit in the element around the date ("Aktualny czas <strong>środa, …</strong>").
    const around = text($(block.el).parent());
    if (NOT_PUBLICATION.test(text($(block.el))) || (around.length <= 200 && NOT_PUBLICATION.test(around))) continue;
    nearby.push({ text: block.text, distance: Math.abs(i - titleIndex) });
  }
  return nearby.sort((a, b) => a.distance - b.distance).map((entry) => entry.text);
}

/** Elements with their own text, in document order. */
function textBlocks($: CheerioAPI, root: AnyNode): Array<{ el: Element; text: string }> {
  const blocks: Array<{ el: Element; text: string }> = [];
  const walk = (node: AnyNode) => {
    if (node.type !== 'tag' && node.type !== 'root') return;
    const el = node as Element;
    if (node.type === 'tag' && ['script', 'style', 'noscript', 'template'].includes(el.tagName)) return;
    if (node.type === 'tag') {
      const own = directText(el);
      if (own) blocks.push({ el, text: own });
    }
    for (const child of el.children ?? []) walk(child);
  };
  walk(root);
  return blocks;
}

/** Body HTML without what is not the article's text: the headline, date lines, counters, read-more and related links. */
function cleanContent($: CheerioAPI, contentEl: Element, title: Element | null, remove: string[]): string {
  const body = $(contentEl).clone();
  body.find('script, style, noscript, iframe, form, nav, button').remove();
  for (const selector of remove) {
    try {
      body.find(selector).remove();
    } catch {
      // an unparsable selector is reported by `opsfeed check`; extraction goes on without it
    }
  }
  if (title) body.find(title.tagName).filter((_, el) => text($(el)) === text($(title))).remove();
  body.find('h1, h2, h3, h4, p, div, strong').filter((_, el) => RELATED_HEADING.test(text($(el)))).each((_, el) => {
    $(el).nextAll().remove();
    $(el).remove();
  });
  body.find('a').filter((_, el) => READ_MORE.test(text($(el)))).remove();
  body.find('p, div, span, small').filter((_, el) => AUTHOR_LINE.test(text($(el))) && text($(el)).length < 120).remove();
  // Metadata tables (BIP "metryczka": Wytworzył / Data publikacji / ...) describe the text, they are not part of it.
  body
    .find('table')
    .filter((_, table) => {
      const labels = $(table).find('tr').toArray().map((row) => text($(row).children('td, th').first()).replace(/:$/, '').toLowerCase());
      return labels.length > 0 && labels.filter((label) => [...PUBLISHED_LABELS, ...AUTHOR_LABELS].some((pattern) => pattern.test(label))).length >= labels.length / 2;
    })
    .remove();
  // Date lines, view counters and clock or name-day widgets above the first paragraph belong to the header, not the text.
  const firstText = body.find('p').first()[0] ?? body.find('*').toArray().find((el) => directText(el).length >= 40);
  if (firstText) {
    for (const el of body.find('div, span, p, time, small, ul').toArray()) {
      if (el === firstText) break;
      const own = text($(el));
      const isLeaf = $(el).children().length === 0;
      if ((isLeaf && (DATE_LIKE.test(own) || /^\d{1,7}$/.test(own))) || (own.length < 160 && NOT_PUBLICATION.test(own))) $(el).remove();
    }
  }
  return body.html() ?? '';
}

function findAttachments($: CheerioAPI, scope: Element | null, pageUrl: string): RawAttachment[] {
  const seen = new Set<string>();
  const attachments: RawAttachment[] = [];
  const links: Cheerio<Element> = scope ? $(scope).find('a[href]') : $('a[href]');
  links.each((_, a) => {
    const url = absoluteUrl($(a).attr('href'), pageUrl);
    if (!url || !ATTACHMENT_LINK.test(new URL(url).pathname) || seen.has(url) || isInChrome($, a)) return;
    seen.add(url);
    attachments.push({ url, title: text($(a)) || $(a).attr('title')?.trim() || fileNameOf(url) });
  });
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
