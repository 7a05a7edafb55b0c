/**
 * Query parameters of filtered feeds and exports, in the manner of RSSHub's
 * common parameters: `?source=a,b`, `?q=text`, `?exclude=text`, `?since=ISO`,
 * `?until=ISO`, `?topic=id`, `?institution=…`, `?limit=N`. An institution is named by its id
 * (`mops-sosnowiec`), its type (`cus`), its place (`sosnowiec`), its voivodeship (`slaskie`), or
 * several of these at once (`cus slaskie`: every CUS in śląskie). Text matching ignores case and Polish diacritics, and is
 * tolerant of Polish inflection: a word matches words that begin with its
 * stem (see `searchStem`), so "pomoc spoleczna" finds "pomocy społecznej".
 */
import type { Item } from '../store/types.js';
import type { PageQuery } from './index-page.js';
import { DateTime } from 'luxon';
import { foldForSearch } from '../normalize/text.js';
import { WARSAW } from '../normalize/dates.js';
import { TOPIC_LIST } from '../normalize/topics.js';
import { institutionTermError, matchesInstitutionTerm } from '../normalize/institutions.js';

export interface FeedFilter {
  sources: string[];
  /** Every word must occur in the title or text. */
  words: string[];
  /** No word may occur in the title or text. */
  excluded: string[];
  since: Date | null;
  /** Published (else first seen) before this instant; a date alone means to the end of that day. */
  until: Date | null;
  topics: string[];
  institutions: string[];
  limit: number;
}

export interface FilterVocabulary {
  sources: string[];
  /** Known topic ids; when given, unknown ones are refused with the list. */
  topics?: string[];
  /** When true, an institution term that names no type, place, voivodeship, id or source is refused. */
  institutions?: boolean;
}

export const MAX_LIMIT = 1000;
const MAX_TEXT = 200;
export const FILTER_PARAMETERS = ['source', 'q', 'exclude', 'since', 'until', 'topic', 'institution', 'limit'] as const;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The filter a query asks for, or a one-line reason why it is invalid.
 * `defaultLimit` applies without `?limit`; `maxLimit` bounds it (exports: none).
 */
export function parseFeedFilter(
  query: URLSearchParams,
  known: string[] | FilterVocabulary,
  defaultLimit: number,
  maxLimit = MAX_LIMIT,
): { filter: FeedFilter } | { error: string } {
  const vocabulary = Array.isArray(known) ? { sources: known } : known;
  const sources = listParameter(query, 'source');
  const unknown = sources.find((id) => !vocabulary.sources.includes(id));
  if (unknown) return { error: `source: no source with id "${unknown}" (known: ${vocabulary.sources.join(', ')})` };
  const topics = listParameter(query, 'topic');
  const institutions = listParameter(query, 'institution');
  const unknownTopic = vocabulary.topics ? topics.find((id) => !vocabulary.topics!.includes(id)) : undefined;
  if (unknownTopic) return { error: `topic: no topic with id "${unknownTopic}" (known: ${vocabulary.topics!.join(', ')})` };
  for (const term of institutions) {
    const error = vocabulary.institutions ? institutionTermError(term, vocabulary.sources) : null;
    if (error) return { error: `institution: ${error}` };
  }

  for (const name of ['q', 'exclude'] as const) {
    if ((query.get(name) ?? '').length > MAX_TEXT) return { error: `${name}: at most ${MAX_TEXT} characters` };
  }
  const words = (text: string | null) => foldForSearch(text ?? '').split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(searchStem);

  const instants: Record<'since' | 'until', Date | null> = { since: null, until: null };
  for (const name of ['since', 'until'] as const) {
    const value = query.get(name)?.trim() || null; // an empty form field means no filter
    if (value === null) continue;
    // A date or time without an offset is Polish time; "until=2021-11-25" includes that whole day.
    const parsed = ISO_DATE.test(value) ? DateTime.fromISO(value, { zone: WARSAW }) : null;
    if (!parsed?.isValid) return { error: `${name}: "${value}" is not an ISO 8601 date, e.g. 2021-11-25 or 2021-11-25T11:40:00+01:00` };
    instants[name] = (name === 'until' && value.length === 10 ? parsed.plus({ days: 1 }) : parsed).toJSDate();
  }

  let limit = defaultLimit;
  const limitText = query.get('limit')?.trim() || null;
  if (limitText !== null) {
    limit = /^\d+$/.test(limitText) ? Number(limitText) : NaN;
    if (!(limit >= 1 && limit <= maxLimit)) return { error: `limit: must be a whole number from 1${Number.isFinite(maxLimit) ? ` to ${maxLimit}` : ''}` };
  }
  return { filter: { sources, words: words(query.get('q')), excluded: words(query.get('exclude')), ...instants, topics, institutions, limit } };
}

/**
 * A light stem for inflected Polish: words longer than five letters lose up
 * to three final letters (case endings: -a, -ej, -ych, -ami …), never going
 * below five. "spoleczna" → "spolec", "bezdomnych" → "bezdomn", "pomoc" stays.
 */
export function searchStem(word: string): string {
  return word.length > 5 ? word.slice(0, Math.max(5, word.length - 3)) : word;
}

/** What a filter may name: the store's sources, the topics of the lexicon, and institutions by the gazetteer. */
export function filterVocabulary(sourceIds: string[]): FilterVocabulary {
  return { sources: sourceIds, topics: TOPIC_LIST.map((topic) => topic.id), institutions: true };
}

/** `?source=a,b` and the form's `?source=a&source=b` alike. */
function listParameter(query: URLSearchParams, name: string): string[] {
  return query.getAll(name).flatMap((value) => value.split(',')).map((id) => id.trim()).filter(Boolean);
}

/** The filter as typed, to fill the index page's form again. */
export function pageQuery(query: URLSearchParams): PageQuery {
  const text = (name: string) => (query.get(name) ?? '').slice(0, MAX_TEXT);
  return { sources: [...new Set(listParameter(query, 'source'))], q: text('q'), exclude: text('exclude'), since: text('since') };
}

export function isFiltered(query: URLSearchParams): boolean {
  return FILTER_PARAMETERS.some((name) => query.has(name));
}

/** The items the filter lets through, in the order given, at most `limit`. */
export function applyFeedFilter(items: Iterable<Item>, filter: FeedFilter): Item[] {
  return [...filterItems(items, filter)];
}

/** The same, one item at a time: an export of any size runs in bounded memory. */
export function* filterItems(items: Iterable<Item>, filter: FeedFilter): Generator<Item> {
  let kept = 0;
  for (const item of items) {
    if (kept >= filter.limit) return;
    if (!itemMatches(item, filter)) continue;
    kept++;
    yield item;
  }
}

/** True when the filter lets `item` through (its limit aside). */
export function itemMatches(item: Item, filter: FeedFilter): boolean {
  if (filter.sources.length && !filter.sources.includes(item.source.id)) return false;
  const date = new Date(item.published ?? item.firstSeen);
  if (filter.since && date < filter.since) return false;
  if (filter.until && date >= filter.until) return false;
  if (filter.topics.length && !filter.topics.some((topic) => item.topics.includes(topic))) return false;
  if (filter.institutions.length && !filter.institutions.some((term) => term === item.source.id || item.institutions.some((institution) => matchesInstitutionTerm(institution, term)))) return false;
  if (filter.words.length || filter.excluded.length) {
    const text = foldForSearch(`${item.title}\n${item.contentText}`);
    const has = (word: string) => new RegExp(`(?<![\\p{L}\\p{N}])${word}`, 'u').test(text);
    if (!filter.words.every(has) || filter.excluded.some(has)) return false;
  }
  return true;
}
