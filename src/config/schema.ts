/** The sources.json schema. Site knowledge lives in the file; this module only says what a valid file is. */
import { z } from 'zod';
import { validate as validateCron } from 'node-cron';

const cssSelector = z.string().trim().min(1, 'must be a non-empty CSS selector');
const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL');
const cron = z.string().trim().refine((value) => validateCron(value), 'must be a valid cron expression, e.g. "*/30 * * * *"');

export const PaginationSchema = z.union([
  z.strictObject({
    /** A link to the next listing page, e.g. `a[rel=next]` or `.pager .next a`. */
    next: cssSelector,
  }),
  z.strictObject({
    /** The query parameter that numbers listing pages (`?page=2`). */
    param: z.string().trim().min(1),
    /** The number of the second listing page: many sites count from 1 (`?page=1` is the second page). */
    second: z.number().int().min(0).default(2),
  }),
]);

export const ListingSelectorsSchema = z.strictObject({
  /** One element per news teaser. */
  item: cssSelector.optional(),
  /** The article link inside a teaser (default: the first link to a page). */
  link: cssSelector.optional(),
});

export const ArticleSelectorsSchema = z.strictObject({
  title: cssSelector.optional(),
  published: cssSelector.optional(),
  author: cssSelector.optional(),
  content: cssSelector.optional(),
  /** Elements inside the content to drop (view counters, share buttons, "Zobacz także"). */
  remove: z.array(cssSelector).optional(),
});

export const INSTITUTION_TYPES = ['MOPS', 'GOPS', 'MGOPS', 'MOPR', 'PCPR', 'ROPS', 'CUS', 'DPS', 'gmina', 'miasto', 'inne'] as const;

export const SourceSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be lower-case letters, digits and dashes, e.g. "mops-krakow"'),
  name: z.string().trim().min(1),
  institution: z.string().trim().min(1),
  type: z.enum(INSTITUTION_TYPES),
  city: z.string().trim().min(1),
  voivodeship: z.string().trim().min(1),
  /** The institution's home page. */
  url: httpUrl,
  listing: z.strictObject({
    urls: z.array(httpUrl).min(1, 'needs at least one listing URL'),
    pagination: PaginationSchema.optional(),
    selectors: ListingSelectorsSchema.default({}),
    /** Upper bound on listing pages per listing URL in a backfill. */
    maxPages: z.number().int().min(1).max(10_000).default(200),
  }),
  article: ArticleSelectorsSchema.default({}),
  schedule: cron.optional(),
  /** Keep only items whose title or text contains one of these (case and diacritics ignored, `*` = any letters). */
  include: z.array(z.string().trim().min(1)).optional(),
  /** Drop items whose title or text contains one of these. */
  exclude: z.array(z.string().trim().min(1)).optional(),
  enabled: z.boolean().default(true),
});

export const SettingsSchema = z.strictObject({
  /** Minimum pause between two requests to the same host. Municipal servers: keep it ≥ 1000. */
  delayMs: z.number().int().min(0).default(1000),
  /** Timeout of one HTTP request. */
  timeoutMs: z.number().int().min(100).default(30_000),
  /** Retries of a request after a 5xx, 429 or timeout. */
  maxRetries: z.number().int().min(0).max(10).default(3),
  /** First backoff pause before a retry; doubled on each further retry. */
  retryBackoffMs: z.number().int().min(0).default(2000),
  /** Default cron schedule of a source (time zone Europe/Warsaw). */
  schedule: cron.default('*/30 * * * *'),
  /** Public URL of the feeds, used for self links (`atom:link rel=self`). */
  publicUrl: httpUrl.default('http://127.0.0.1:8080/'),
  /** Items per published feed. */
  feedLimit: z.number().int().min(1).max(10_000).default(200),
});

export const ConfigFileSchema = z.strictObject({
  $schema: z.string().optional(),
  settings: SettingsSchema.default(SettingsSchema.parse({})),
  sources: z.array(SourceSchema).min(1, 'needs at least one source'),
});

/**
 * Ids used twice, as paths and messages. Checked on the raw input apart from
 * the schema, because zod skips refinements once any field is invalid and
 * `opsfeed check` should report every problem at once.
 */
export function duplicateSourceIds(json: unknown): Array<{ path: Array<string | number>; message: string }> {
  const sources = (json as { sources?: unknown } | null)?.sources;
  if (!Array.isArray(sources)) return [];
  const seen = new Map<unknown, number>();
  const problems: Array<{ path: Array<string | number>; message: string }> = [];
  sources.forEach((source: unknown, index) => {
    const id = (source as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    const first = seen.get(id);
    if (first !== undefined) problems.push({ path: ['sources', index, 'id'], message: `duplicates the id of sources[${first}]` });
    else seen.set(id, index);
  });
  return problems;
}

export type Source = z.infer<typeof SourceSchema>;
export type Settings = z.infer<typeof SettingsSchema>;
export type Config = z.infer<typeof ConfigFileSchema>;
export type Pagination = z.infer<typeof PaginationSchema>;
export type ArticleSelectors = z.infer<typeof ArticleSelectorsSchema>;
