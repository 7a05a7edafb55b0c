/** A raw extracted article → the normalised article: one value per field, with the layer that gave it. */
import { lookup as mimeLookup } from 'mime-types';
import type { Candidate, Layer, RawArticle } from '../extract/types.js';
import { readPublicationDate, type DatePrecision, type ParsedDate } from './dates.js';
import { htmlToText, sanitizeArticleHtml } from './html.js';
import { normalizeAuthor, splitTrailingSignature } from './bylines.js';
import { plainText, stripMarkupRemnants, summarize } from './text.js';
import { topicsOf } from './topics.js';
import { institutionsMentioned, type InstitutionRef, type MentionContext } from './institutions.js';

export interface Attachment {
  url: string;
  title: string;
  mimeType: string;
}

export interface ExtractedBy {
  title: Layer;
  published: Layer | null;
  /** The label ("Data publikacji") or, without one, the printed form ("day month year") that gave the publication date. */
  publishedFrom: string | null;
  author: Layer | null;
  content: Layer | null;
}

export interface NormalizedArticle {
  url: string;
  canonicalUrl: string | null;
  title: string;
  published: string | null;
  datePrecision: DatePrecision | null;
  author: string | null;
  summary: string;
  contentHtml: string;
  contentText: string;
  attachments: Attachment[];
  extractedBy: ExtractedBy;
  /** Topic ids of the sector lexicon (topics.json). */
  topics: string[];
  /** The source's own institution, then the institutions the title and text mention (institutions.json). */
  institutions: InstitutionRef[];
}

/** The article's source, for what the text leaves implicit ("GOPS-u" means the source's own). */
export interface ArticleContext extends MentionContext {
  own?: InstitutionRef;
  /** When the page was fetched: "wczoraj", "2 godziny temu" and a stamp without a year are read against it. */
  fetchedAt?: string;
}

export type NormalizeResult = { article: NormalizedArticle; warnings: string[] } | { skipped: string };

export function normalizeArticle(raw: RawArticle, context: ArticleContext = {}): NormalizeResult {
  const warnings: string[] = [];
  if (raw.loginWall) return { skipped: 'a login form, not an article (the page asks for a password)' };
  const title = firstUsable(raw.title, (value) => plainText(value) || null);
  if (!title) return { skipped: 'no title found' };

  const published = pickPublished(raw.published, warnings, context.fetchedAt ?? null);

  let contentHtml = raw.content ? sanitizeArticleHtml(raw.content.value, raw.url) : '';
  let signature: string | null = null;
  const split = splitSignatureFromHtml(contentHtml);
  if (split.signature) [contentHtml, signature] = [split.html, split.signature];
  const contentText = stripMarkupRemnants(htmlToText(contentHtml));
  if (!contentText) warnings.push('no article text found');

  const author = firstUsable(raw.author, normalizeAuthor) ?? (signature ? { value: signature, layer: 'heuristic' as Layer } : null);

  return {
    article: {
      url: raw.url,
      canonicalUrl: raw.canonicalUrl,
      title: title.value,
      published: published?.value.iso ?? null,
      datePrecision: published?.value.precision ?? null,
      author: author?.value ?? null,
      summary: summarize(contentText),
      contentHtml,
      contentText,
      attachments: raw.attachments.map((attachment) => ({
        url: attachment.url,
        title: plainText(attachment.title.replace(/^[\w.+-]+\/[\w.+-]+ icon/i, '')) || attachment.url,
        mimeType: mimeLookup(new URL(attachment.url).pathname) || 'application/octet-stream',
      })),
      extractedBy: {
        title: title.layer,
        published: published?.layer ?? null,
        publishedFrom: published?.value.from ?? null,
        author: author?.layer ?? null,
        content: raw.content?.layer ?? null,
      },
      topics: topicsOf(title.value, contentText),
      institutions: uniqueById([...(context.own ? [context.own] : []), ...institutionsMentioned(`${title.value}\n${contentText}`, context)]),
    },
    warnings,
  };
}

function firstUsable<T>(candidates: Candidate[], convert: (value: string) => T | null): { value: T; layer: Layer } | null {
  for (const candidate of candidates) {
    const value = convert(candidate.value);
    if (value !== null) return { value, layer: candidate.layer };
  }
  return null;
}

/**
 * The first publication date of the page's own layers, read as a line of metadata (so "Dodano: 12.03.2024 przez
 * Jan Kowalski" gives its date, and a clock, a "last modified" stamp or an event never does); the teaser's date on
 * the listing only when the page shows none. A later layer that names another day is reported, since it may mean
 * a broken selector; one that names the same day more precisely ("14 marca 2024" shown, `article:published_time`
 * with the minute) gives the time.
 */
function pickPublished(candidates: Candidate[], warnings: string[], fetchedAt: string | null): { value: PublishedDate; layer: Layer } | null {
  // Layers often repeat one string (JSON-LD, OpenGraph and <time> giving the same timestamp): each is read once.
  const read = new Map<string, PublishedDate | null>();
  const parse = (value: string) => {
    if (!read.has(value)) {
      const date = readPublicationDate(value, { now: fetchedAt });
      read.set(value, date ? { iso: date.iso, precision: date.precision, from: date.label ?? date.form } : null);
    }
    return read.get(value)!;
  };
  let chosen = firstUsable(candidates.filter((candidate) => candidate.layer !== 'listing'), parse) ?? firstUsable(candidates.filter((candidate) => candidate.layer === 'listing'), parse);
  if (!chosen) {
    warnings.push('no publication date found');
    return null;
  }
  const day = chosen.value.iso.slice(0, 10);
  const seenLayers = new Set<Layer>([chosen.layer]);
  for (const candidate of candidates) {
    if (seenLayers.has(candidate.layer) || candidate.layer === 'heuristic' || candidate.layer === 'listing') continue;
    const other = parse(candidate.value);
    if (!other) continue;
    seenLayers.add(candidate.layer);
    if (other.iso.slice(0, 10) !== day) {
      warnings.push(`publication date: ${chosen.layer} says ${day}, ${candidate.layer} says ${other.iso.slice(0, 10)}`);
    } else if (PRECISION_RANK[other.precision] > PRECISION_RANK[chosen.value.precision]) {
      chosen = { value: other, layer: candidate.layer };
    }
  }
  return chosen;
}

/** A publication date with what gave it: its label, or the form it was printed in. */
type PublishedDate = ParsedDate & { from: string };

const PRECISION_RANK: Record<ParsedDate['precision'], number> = { day: 0, hour: 1, minute: 2, second: 3 };

/** "(JD)" closing the last paragraph of sanitised HTML: the editor's initials, an author, not text. */
function splitSignatureFromHtml(html: string): { html: string; signature: string | null } {
  const closing = /((?:<\/[a-z0-9]+>\s*)*)$/i.exec(html)?.[1] ?? '';
  const { text, signature } = splitTrailingSignature(html.slice(0, html.length - closing.length));
  if (!signature) return { html, signature: null };
  return { html: (text + closing).replace(/<p>\s*<\/p>/g, '').trim(), signature };
}

function uniqueById(refs: InstitutionRef[]): InstitutionRef[] {
  return refs.filter((ref, index) => refs.findIndex((other) => other.id === ref.id) === index);
}
