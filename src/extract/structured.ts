/** Structured data inside a page: JSON-LD and meta tags (OpenGraph, article:*, Dublin Core). */
import type { CheerioAPI } from 'cheerio';
import { isTag, type AnyNode, type Element } from 'domhandler';
import { collapse, elementChildren, nextElement, Page } from './page.js';

export interface StructuredData {
  headline: string | null;
  datePublished: string | null;
  author: string | null;
}

const ARTICLE_TYPES = new Set(['Article', 'NewsArticle', 'BlogPosting', 'Report', 'WebPage', 'ReportageNewsArticle']);

/** The first article-like JSON-LD object's fields; malformed JSON-LD blocks are ignored. */
export function readJsonLd($: CheerioAPI): StructuredData {
  const found: StructuredData = { headline: null, datePublished: null, author: null };
  const page = Page.of($);
  for (const script of page.select('script[type="application/ld+json"]')!) {
    let data: unknown;
    try {
      data = JSON.parse(page.rawText(script));
    } catch {
      continue;
    }
    for (const node of flatten(data)) {
      const types = ([] as unknown[]).concat(node['@type'] ?? []);
      if (!types.some((type) => typeof type === 'string' && ARTICLE_TYPES.has(type))) continue;
      found.headline ??= stringOf(node.headline) ?? stringOf(node.name);
      found.datePublished ??= stringOf(node.datePublished) ?? stringOf(node.dateCreated);
      found.author ??= authorName(node.author);
    }
  }
  return found;
}

function flatten(data: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(data)) return data.flatMap(flatten);
  if (!data || typeof data !== 'object') return [];
  const node = data as Record<string, unknown>;
  return [node, ...(node['@graph'] ? flatten(node['@graph']) : [])];
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function authorName(value: unknown): string | null {
  if (Array.isArray(value)) return value.map(authorName).find(Boolean) ?? null;
  if (typeof value === 'string') return stringOf(value);
  if (value && typeof value === 'object') return stringOf((value as { name?: unknown }).name);
  return null;
}

/** The content of the first `<meta>` with any of these `property`/`name`/`itemprop` values. */
export function readMeta($: CheerioAPI, names: string[]): string | null {
  const metas = metaContents($);
  for (const name of names) {
    const value = metas.get(name);
    if (value?.trim()) return value.trim();
  }
  return null;
}

const metaIndex = new WeakMap<Page, Map<string, string | undefined>>();

/** Each `property`/`name`/`itemprop` value of the page's `<meta>` tags → the content of the first tag with it; read once per page. */
function metaContents($: CheerioAPI): Map<string, string | undefined> {
  const page = Page.of($);
  let index = metaIndex.get(page);
  if (!index) {
    index = new Map();
    for (const meta of page.named('meta')) {
      for (const attribute of ['property', 'name', 'itemprop']) {
        const key = meta.attribs[attribute];
        if (key !== undefined && !index.has(key)) index.set(key, meta.attribs.content);
      }
    }
    metaIndex.set(page, index);
  }
  return index;
}

/** schema.org microdata (`itemprop`), as Joomla and many CMS templates print it. */
export function readMicrodata($: CheerioAPI): StructuredData {
  // One pass for every itemprop element, then picked by name: five queries over the whole page cost five times as much.
  const page = Page.of($);
  const marked = page.select('[itemprop]')!;
  const first = (name: string) => marked.find((el) => el.attribs.itemprop === name);
  const read = (el: Element | undefined, ...attributes: string[]) => {
    if (!el) return null;
    for (const attribute of attributes) if (el.attribs[attribute] !== undefined) return collapse(el.attribs[attribute]) || null;
    return page.text(el) || null;
  };
  const author = first('author');
  const authorName = author ? page.within(author, marked).find((el) => el.attribs.itemprop === 'name') : undefined;
  return {
    headline: read(first('headline'), 'content'),
    datePublished: read(first('datePublished'), 'content', 'datetime'),
    author: authorName ? read(authorName, 'content') : read(author, 'content'),
  };
}

const LABEL_TAGS = new Set(['div', 'span', 'strong', 'b', 'label', 'th']);
/** Elements that run inside a line of text: a line broken by `<br>` goes on through them. */
export const INLINE_TAGS = new Set(['a', 'abbr', 'b', 'big', 'cite', 'em', 'font', 'i', 'label', 'mark', 'nobr', 's', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u']);
const LABEL_LINE = /^([\p{L}() ]{3,45}):\s*(.{1,80})$/u;
const LINE_TAGS = new Set(['p', 'div', 'span', 'li', 'dd', 'small', 'em', 'time']);
const BLOCK_CHILDREN = new Set(['p', 'div', 'li']);

function hasElementChild(el: Element): boolean {
  return el.children.some((child) => child.type === 'tag' || child.type === 'script' || child.type === 'style');
}

function hasChildNamed(el: Element, names: Set<string>): boolean {
  return el.children.some((child) => (child.type === 'tag' || child.type === 'script' || child.type === 'style') && names.has((child as Element).name));
}

/**
 * The lines of text with a colon that `<br>`s break an element's content into, read through its inline elements
 * ("Podpisał: <b>Anna Nowak</b><br>Publikacja dnia: <b>04.01.2010</b>" gives two lines). A block child
 * ends a line and is not read: its own lines are its own.
 */
function brokenLines(el: Element): string[] {
  const lines: string[] = [];
  let line = '';
  // Only a line with a colon can be "Label: value".
  const end = () => {
    const text = line.includes(':') ? collapse(line) : '';
    if (text) lines.push(text);
    line = '';
  };
  const read = (parent: Element) => {
    for (const child of parent.children) {
      if (child.type === 'text') line += child.data;
      else if (!isTag(child) || child.type !== 'tag') continue; // comments, scripts and styles are no text
      else if (child.name === 'br') end();
      else if (INLINE_TAGS.has(child.name)) read(child);
      else end();
    }
  };
  read(el);
  end();
  return lines;
}

/**
 * "Label: value" pairs of a metadata block: two-cell table rows (BIP
 * "metryczka"), `<dt>`/`<dd>` pairs, lines broken by `<br>` ("Podpisał:
 * <b>Anna Nowak</b><br>Publikacja dnia: <b>04.01.2010</b>", in a table cell
 * or a div), and single elements reading "Data publikacji: 2021-12-21".
 * Labels as printed, without the colon.
 */
export function readLabelledValues($: CheerioAPI, scope: AnyNode): Array<{ label: string; value: string }> {
  const page = Page.of($);
  const pairs: Array<{ label: string; value: string }> = [];
  for (const row of page.within(scope, page.named('tr'))) {
    const cells = elementChildren(row).filter((cell) => cell.name === 'td' || cell.name === 'th');
    if (cells.length === 2) pairs.push({ label: page.text(cells[0]), value: page.text(cells[1]) });
  }
  for (const term of page.within(scope, page.named('dt'))) {
    const value = nextElement(term);
    if (value?.name === 'dd') pairs.push({ label: page.text(term), value: page.text(value) });
  }
  // Elements whose text <br>s break into lines, each line read alone; an inline element inside another's line is read with it.
  const brokenPairs: typeof pairs = [];
  const broken = new Set<Element>();
  for (const br of page.within(scope, page.named('br'))) {
    const parent = br.parent;
    if (!parent || !isTag(parent) || broken.has(parent)) continue;
    broken.add(parent);
    if (INLINE_TAGS.has(parent.name) && parent.parent && isTag(parent.parent) && parent.parent.children.some((child) => isTag(child) && child.name === 'br')) continue;
    for (const line of brokenLines(parent)) {
      const match = LABEL_LINE.exec(line);
      if (match) brokenPairs.push({ label: match[1]!, value: match[2]! });
    }
  }
  // A label element followed by its value ("<div class=label>Autor:</div><div>Anna Nowak</div>": Drupal fields,
  // definition-like spans), then single elements reading "Label: value". Both read the same elements' texts, up to
  // 127 characters: a label of at most 45 letters ("Data wprowadzenia dokumentu do BIP", "Zredagował(a)"), a colon, a
  // space and a value of at most 80. The structural tests come before reading the text: an element's text is all its
  // descendants' text.
  const labelPairs: typeof pairs = [];
  const linePairs: typeof pairs = [];
  for (const el of page.within(scope, page.named('div', 'span', 'strong', 'b', 'label', 'th', 'p', 'li', 'dd', 'small', 'em', 'time'))) {
    const labelKind = LABEL_TAGS.has(el.name) && !hasElementChild(el);
    // An element with lines of its own was read line by line above.
    const lineKind = LINE_TAGS.has(el.name) && !hasChildNamed(el, BLOCK_CHILDREN) && !broken.has(el);
    if (!labelKind && !lineKind) continue;
    const short = page.shortText(el, 127);
    if (short === null) continue;
    const value = labelKind && short.length <= 46 && /^[\p{L}() ]{3,45}:$/u.test(short) ? nextElement(el) : null;
    if (value) labelPairs.push({ label: short, value: page.text(value) });
    const match = lineKind ? LABEL_LINE.exec(short) : null;
    if (match) linePairs.push({ label: match[1]!, value: match[2]! });
  }
  pairs.push(...labelPairs, ...brokenPairs, ...linePairs);
  return pairs.map(({ label, value }) => ({ label: label.replace(/:$/, '').trim(), value })).filter((pair) => pair.label && pair.value);
}
