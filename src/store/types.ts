/** The dataset item of DESIGN.md, as read back from the store. */
import type { Attachment, ExtractedBy } from '../normalize/article.js';
import type { DatePrecision } from '../normalize/dates.js';

export interface SourceInfo {
  id: string;
  name: string;
  institution: string;
  type: string;
  city: string;
  voivodeship: string;
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
}
