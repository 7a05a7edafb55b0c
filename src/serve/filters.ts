/**
 * Query parameters of filtered feeds, in the manner of RSSHub's common
 * parameters: `?source=a,b`, `?q=text`, `?exclude=text`, `?since=ISO`,
 * `?limit=N`. Text matching ignores case and Polish diacritics, and is
 * tolerant of Polish inflection: a word matches words that begin with its
 * stem (see `searchStem`), so "pomoc spoleczna" finds "pomocy społecznej".
 */
import type { Item } from '../store/types.js';
import type { PageQuery } from '../publish/index-page.js';
import { foldForSearch } from '../normalize/text.js';

export interface FeedFilter {
  sources: string[];
  /** Every word must occur in the title or text. */
  words: string[];
  /** No word may occur in the title or text. */
  excluded: string[];
  since: Date | null;
  limit: number;
}

export const MAX_LIMIT = 1000;
const MAX_TEXT = 200;
export const FILTER_PARAMETERS = ['source', 'q', 'exclude', 'since', 'limit'] as const;

/** The filter a query asks for, or a one-line reason why it is invalid. */
export function parseFeedFilter(query: URLSearchParams, knownSources: string[], defaultLimit: number): { filter: FeedFilter } | { error: string } {
  const sources = sourceIds(query);
  const unknown = sources.find((id) => !knownSources.includes(id));
  if (unknown) return { error: `source: no source with id "${unknown}" (known: ${knownSources.join(', ')})` };

  for (const name of ['q', 'exclude'] as const) {
    if ((query.get(name) ?? '').length > MAX_TEXT) return { error: `${name}: at most ${MAX_TEXT} characters` };
  }
  const words = (text: string | null) => foldForSearch(text ?? '').split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(searchStem);

  let since: Date | null = null;
  const sinceText = query.get('since')?.trim() || null; // an empty form field means no filter
  if (sinceText !== null) {
    since = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(sinceText) ? new Date(sinceText) : null;
    if (!since || Number.isNaN(since.getTime())) return { error: `since: "${sinceText}" is not an ISO 8601 date, e.g. 2021-11-25 or 2021-11-25T11:40:00+01:00` };
  }

  let limit = defaultLimit;
  const limitText = query.get('limit')?.trim() || null;
  if (limitText !== null) {
    limit = /^\d+$/.test(limitText) ? Number(limitText) : NaN;
    if (!(limit >= 1 && limit <= MAX_LIMIT)) return { error: `limit: must be a whole number from 1 to ${MAX_LIMIT}` };
  }
  return { filter: { sources, words: words(query.get('q')), excluded: words(query.get('exclude')), since, limit } };
}

/**
 * A light stem for inflected Polish: words longer than five letters lose up
 * to three final letters (case endings: -a, -ej, -ych, -ami …), never going
 * below five. "spoleczna" → "spolec", "bezdomnych" → "bezdomn", "pomoc" stays.
 */
export function searchStem(word: string): string {
  return word.length > 5 ? word.slice(0, Math.max(5, word.length - 3)) : word;
}

/** `?source=a,b` and the form's `?source=a&source=b` alike. */
function sourceIds(query: URLSearchParams): string[] {
  return query.getAll('source').flatMap((value) => value.split(',')).map((id) => id.trim()).filter(Boolean);
}

/** The filter as typed, to fill the index page's form again. */
export function pageQuery(query: URLSearchParams): PageQuery {
  const text = (name: string) => (query.get(name) ?? '').slice(0, MAX_TEXT);
  return { sources: [...new Set(sourceIds(query))], q: text('q'), exclude: text('exclude'), since: text('since') };
}

export function isFiltered(query: URLSearchParams): boolean {
  return FILTER_PARAMETERS.some((name) => query.has(name));
}

/** The items the filter lets through, in the order given, at most `limit`. */
export function applyFeedFilter(items: Iterable<Item>, filter: FeedFilter): Item[] {
  const kept: Item[] = [];
  for (const item of items) {
    if (kept.length >= filter.limit) break;
    if (filter.sources.length && !filter.sources.includes(item.source.id)) continue;
    if (filter.since && new Date(item.published ?? item.firstSeen) < filter.since) continue;
    if (filter.words.length || filter.excluded.length) {
      const text = foldForSearch(`${item.title}\n${item.contentText}`);
      const has = (word: string) => new RegExp(`(?<![\\p{L}\\p{N}])${word}`, 'u').test(text);
      if (!filter.words.every(has) || filter.excluded.some(has)) continue;
    }
    kept.push(item);
  }
  return kept;
}
