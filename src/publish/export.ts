/**
 * Dataset exports: JSON, NDJSON and CSV (RFC 4180, csv-stringify), written
 * as a stream of chunks straight from the store's item iterator, so 100,000
 * items export in bounded memory. The same chunks feed `opsfeed export` and
 * the server's `/export.ndjson` and `/export.csv`.
 */
import { stringify } from 'csv-stringify/sync';
import type { Item } from '../store/types.js';
import type { Store } from '../store/store.js';
import { filterItems, type FeedFilter } from './filters.js';

export const EXPORT_FORMATS = ['json', 'ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  format: ExportFormat;
  filter: FeedFilter;
  /** Earlier versions' full titles and texts, not only their times and fingerprints. */
  revisions?: boolean;
  /** A UTF-8 byte order mark before a CSV, for spreadsheets that need one to read Polish letters. */
  bom?: boolean;
  now?: Date;
}

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
};

/** The export, chunk by chunk. */
export function* exportChunks(store: Store, options: ExportOptions): Generator<string> {
  const items = filterItems(store.items({ revisionTexts: options.revisions ?? false }), options.filter);
  switch (options.format) {
    case 'ndjson':
      for (const item of items) yield `${itemJson(item)}\n`;
      return;
    case 'json': {
      yield `{"generated":${JSON.stringify((options.now ?? new Date()).toISOString())},"items":[`;
      let count = 0;
      for (const item of items) yield `${count++ ? ',' : ''}\n${itemJson(item)}`;
      yield `\n],"count":${count}}\n`;
      return;
    }
    case 'csv':
      yield `${options.bom ? '\ufeff' : ''}${stringify([CSV_COLUMNS.map(([name]) => name)], { record_delimiter: 'windows' })}`;
      for (const item of items) yield stringify([CSV_COLUMNS.map(([, value]) => value(item))], { record_delimiter: 'windows' });
      return;
  }
}

/** One item as JSON, with "<" as \u003c as in every published JSON file. */
function itemJson(item: Item): string {
  return JSON.stringify(item).replace(/</g, '\\u003c');
}

const list = (values: string[]) => values.join(';');

/** CSV columns: the item flattened; lists joined by ";", attachments and revisions as JSON. */
export const CSV_COLUMNS: Array<[name: string, value: (item: Item) => string]> = [
  ['id', (item) => item.id],
  ['url', (item) => item.url],
  ['title', (item) => item.title],
  ['published', (item) => item.published ?? ''],
  ['datePrecision', (item) => item.datePrecision ?? ''],
  ['updated', (item) => item.updated ?? ''],
  ['firstSeen', (item) => item.firstSeen],
  ['lastSeen', (item) => item.lastSeen],
  ['fetchedAt', (item) => item.fetchedAt],
  ['removedAt', (item) => item.removedAt ?? ''],
  ['author', (item) => item.author ?? ''],
  ['summary', (item) => item.summary],
  ['contentText', (item) => item.contentText],
  ['attachments', (item) => JSON.stringify(item.attachments)],
  ['sourceId', (item) => item.source.id],
  ['sourceName', (item) => item.source.name],
  ['institution', (item) => item.source.institution],
  ['institutionType', (item) => item.source.type],
  ['city', (item) => item.source.city ?? ''],
  ['voivodeship', (item) => item.source.voivodeship ?? ''],
  ['teryt', (item) => item.source.teryt ?? ''],
  ['institutions', (item) => list(item.institutions.map((institution) => institution.id))],
  ['topics', (item) => list(item.topics)],
  ['sameAs', (item) => list(item.sameAs)],
  ['extractedByTitle', (item) => item.extractedBy.title],
  ['extractedByPublished', (item) => item.extractedBy.published ?? ''],
  ['extractedByPublishedFrom', (item) => item.extractedBy.publishedFrom ?? ''],
  ['extractedByAuthor', (item) => item.extractedBy.author ?? ''],
  ['extractedByContent', (item) => item.extractedBy.content ?? ''],
  ['contentHash', (item) => item.contentHash],
  ['opsfeedVersion', (item) => item.opsfeedVersion ?? ''],
  ['revisions', (item) => JSON.stringify(item.revisions)],
];
