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
  author: string | null;
  summary: string;
  contentHtml: string;
  contentText: string;
  attachments: Attachment[];
  source: SourceInfo;
  institutions: Array<{ id: string; name: string }>;
  topics: string[];
  sameAs: string[];
  extractedBy: ExtractedBy;
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
