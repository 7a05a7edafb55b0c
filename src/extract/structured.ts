/** Structured data inside a page: JSON-LD and meta tags (OpenGraph, article:*, Dublin Core). */
import type { CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';

export interface StructuredData {
  headline: string | null;
  datePublished: string | null;
  author: string | null;
}

const ARTICLE_TYPES = new Set(['Article', 'NewsArticle', 'BlogPosting', 'Report', 'WebPage', 'ReportageNewsArticle']);

/** The first article-like JSON-LD object's fields; malformed JSON-LD blocks are ignored. */
export function readJsonLd($: CheerioAPI): StructuredData {
  const found: StructuredData = { headline: null, datePublished: null, author: null };
  $('script[type="application/ld+json"]').each((_, script) => {
    let data: unknown;
    try {
      data = JSON.parse($(script).text());
    } catch {
      return;
    }
    for (const node of flatten(data)) {
      const types = ([] as unknown[]).concat(node['@type'] ?? []);
      if (!types.some((type) => typeof type === 'string' && ARTICLE_TYPES.has(type))) continue;
      found.headline ??= stringOf(node.headline) ?? stringOf(node.name);
      found.datePublished ??= stringOf(node.datePublished) ?? stringOf(node.dateCreated);
      found.author ??= authorName(node.author);
    }
  });
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

const metaIndex = new WeakMap<CheerioAPI, Map<string, string | undefined>>();

/** Each `property`/`name`/`itemprop` value of the page's `<meta>` tags → the content of the first tag with it; read once per page. */
function metaContents($: CheerioAPI): Map<string, string | undefined> {
  let index = metaIndex.get($);
  if (!index) {
    index = new Map();
    for (const meta of $('meta').toArray()) {
      for (const attribute of ['property', 'name', 'itemprop']) {
        const key = meta.attribs[attribute];
        if (key !== undefined && !index.has(key)) index.set(key, meta.attribs.content);
      }
    }
    metaIndex.set($, index);
  }
  return index;
}

/** schema.org microdata (`itemprop`), as Joomla and many CMS templates print it. */
export function readMicrodata($: CheerioAPI): StructuredData {
  // One query for every itemprop element, then picked by name: five queries over the whole page cost five times as much.
  const marked = $('[itemprop]').toArray();
  const first = (name: string) => $(marked.filter((el) => el.attribs.itemprop === name).slice(0, 1));
  const date = first('datePublished');
  const author = first('author');
  const authorName = author.find('[itemprop=name]').first();
  const clean = (value: string | undefined) => value?.replace(/[\s\u00a0]+/g, ' ').trim() || null;
  return {
    headline: clean(first('headline').attr('content') ?? first('headline').text()),
    datePublished: clean(date.attr('content') ?? date.attr('datetime') ?? date.text()),
    author: clean(authorName.length ? (authorName.attr('content') ?? authorName.text()) : (author.attr('content') ?? author.text())),
  };
}

/**
 * "Label: value" pairs of a metadata block: two-cell table rows (BIP
 * "metryczka"), `<dt>`/`<dd>` pairs, and single elements reading
 * "Data publikacji: 2021-12-21". Labels lower-cased, without the colon.
 */
export function readLabelledValues($: CheerioAPI, scope: AnyNode): Array<{ label: string; value: string }> {
  const pairs: Array<{ label: string; value: string }> = [];
  const clean = (text: string) => text.replace(/[\s\u00a0]+/g, ' ').trim();
  $(scope).find('tr').each((_, row) => {
    const cells = $(row).children('td, th');
    if (cells.length === 2) pairs.push({ label: clean(cells.eq(0).text()), value: clean(cells.eq(1).text()) });
  });
  $(scope).find('dt').each((_, term) => {
    const value = $(term).next('dd');
    if (value.length) pairs.push({ label: clean($(term).text()), value: clean(value.text()) });
  });
  // A label element followed by its value: "<div class=label>Autor:</div><div>Anna Nowak</div>" (Drupal fields, definition-like spans).
  // The structural tests come before reading the text: an element's text is all its descendants' text.
  $(scope).find('div, span, strong, b, label, th').each((_, el) => {
    if ($(el).children().length > 0) return;
    const label = clean($(el).text());
    const value = $(el).next();
    if (/^[\p{L} ]{3,30}:$/u.test(label) && value.length) pairs.push({ label, value: clean(value.text()) });
  });
  $(scope).find('p, div, span, li, dd, small, em, time').each((_, el) => {
    if ($(el).children('p, div, li').length > 0) return;
    const match = /^([\p{L} ]{3,30}):\s*(.{1,80})$/u.exec(clean($(el).text()));
    if (match) pairs.push({ label: match[1]!, value: match[2]! });
  });
  return pairs.map(({ label, value }) => ({ label: label.replace(/:$/, '').trim().toLowerCase(), value })).filter((pair) => pair.label && pair.value);
}
