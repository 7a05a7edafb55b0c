/** Structured data inside a page: JSON-LD and meta tags (OpenGraph, article:*, Dublin Core). */
import type { CheerioAPI } from 'cheerio';

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
  for (const name of names) {
    const value = $(`meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`).first().attr('content');
    if (value?.trim()) return value.trim();
  }
  return null;
}
