/** The dataset item of DESIGN.md, as read back from the store. */
import type { Attachment, ExtractedBy } from '../normalize/article.js';
import type { DatePrecision } from '../normalize/dates.js';

export interface SourceInfo {
  id: string;
  name: string;
  institution: string;
  type: string;
  city: string | null;
  voivodeship: string | null;
  /** TERYT code of the territory the institution serves: configured, else found from its type and city. */
  teryt: string | null;
  url: string;
}

export interface Item {
  id: string;
  url: string;
  title: string;
  published: string | null;
  datePrecision: DatePrecision | null;
  updated: string | null;
  firstSeen: string;
  /** Last time opsfeed saw the item on its site: its page fetched, or its teaser on a listing page. */
  lastSeen: string;
  /** Last fetch of the item's page, which gave (or confirmed) the current text. */
  fetchedAt: string;
  /** When the item's page was found gone from its site (404/410); the item is kept. */
  removedAt: string | null;
  author: string | null;
  summary: string;
  contentHtml: string;
  contentText: string;
  attachments: Attachment[];
  source: SourceInfo;
  institutions: Array<{ id: string; name: string; type: string | null; place: string | null; teryt: string | null }>;
  topics: string[];
  sameAs: string[];
  extractedBy: ExtractedBy;
  /** Fingerprint of the current title and text (see dedupe/url.ts). */
  contentHash: string;
  /** The opsfeed version that extracted the current text (null for items stored before 0.1.0 recorded it). */
  opsfeedVersion: string | null;
  /** Every version of the text, oldest first; the last is the current one. */
  revisions: ItemRevision[];
}

/** One version of an item's text: when it was captured and its fingerprint (and, in exports asking for it, the text). */
export interface ItemRevision {
  capturedAt: string;
  contentHash: string;
  title?: string;
  contentText?: string;
}

export interface Revision {
  itemId: string;
  capturedAt: string;
  title: string;
  contentHash: string;
  contentText: string;
}

export type SaveOutcome = 'new' | 'updated' | 'unchanged';

/** Which extraction layer answered, per field, over the articles of one run: how a broken selector is noticed. */
export interface LayerStats {
  /** Articles extracted in the run. */
  articles: number;
  /** Fields the source has a configured selector for ("listing" for the teaser selector). */
  configured: string[];
  /** Field → layer (or "none") → count; "listing" counts listing pages. */
  fields: Record<string, Record<string, number>>;
}

export interface RunSummary {
  sourceId: string;
  startedAt: string;
  finishedAt: string;
  ok: boolean;
  error: string | null;
  seen: number;
  new: number;
  updated: number;
  unchanged: number;
  failed: number;
  layers: LayerStats | null;
}
