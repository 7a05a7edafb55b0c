/** The sources.json schema. Site knowledge lives in the file; this module only says what a valid file is. */
import { z } from 'zod';
import { validate as validateCron } from 'node-cron';
import institutions from '../normalize/institutions.json' with { type: 'json' };

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
    next: cssSelector.describe('CSS selector of the link to the next listing page, e.g. "a[rel=next]" or ".pager .next a"'),
  }),
  z.strictObject({
    param: z.string().trim().min(1).describe('The query parameter that numbers listing pages, e.g. "page" for ?page=2'),
    second: z.number().int().min(0).default(2).describe('The number of the second listing page: some sites count from 1 (?page=1 is the second page)'),
  }),
]);

export const ListingSelectorsSchema = z.strictObject({
  item: cssSelector.optional().describe('CSS selector matching one element per news teaser'),
  link: cssSelector.optional().describe('CSS selector of the article link inside a teaser (default: its first link to a page)'),
});

export const ArticleSelectorsSchema = z.strictObject({
  title: cssSelector.optional(),
  published: cssSelector.optional(),
  author: cssSelector.optional(),
  content: cssSelector.optional(),
  remove: z.array(cssSelector).optional().describe('Elements inside the content to drop (view counters, share buttons, related links)'),
});

/** The sector's institution types (institutions.json), and a gmina's or town's office or anything else. */
export const INSTITUTION_TYPES = [...institutions.types.map((type) => type.abbreviation), 'gmina', 'miasto', 'inne'] as unknown as [string, ...string[]];

/** Platforms with a preset (src/extract/presets.ts); `auto` recognises the platform from each page. */
export const PRESET_NAMES = ['auto', 'wordpress', 'drupal', 'joomla', 'bip', 'none'] as const;

const SourceFields = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be lower-case letters, digits and dashes, e.g. "mops-krakow"'),
  name: z.string().trim().min(1),
  url: httpUrl.describe("The institution's home page; when `listing` is left out, the news listing itself"),
  institution: z.string().trim().min(1).optional().describe('Official name of the institution; default: the name'),
  type: z.enum(INSTITUTION_TYPES).default('inne'),
  city: z.string().trim().min(1).optional(),
  voivodeship: z.string().trim().min(1).optional(),
  teryt: z
    .string()
    .regex(/^\d{2}(\d{2}(\d{3})?)?$/, 'must be a TERYT code: 7 digits for a gmina (e.g. "1421052"), 4 for a powiat, 2 for a voivodeship')
    .optional()
    .describe('TERYT code of the territory the institution serves (gmina: 7 digits with its kind, powiat: 4, voivodeship: 2); `opsfeed check` suggests it'),
  preset: z
    .enum(PRESET_NAMES)
    .default('auto')
    .describe('Platform preset giving default selectors under your own: "auto" (default) recognises WordPress, Drupal, Joomla and BIP pages; "none" uses only your selectors and the generic layers'),
  listing: z
    .strictObject({
      urls: z.array(httpUrl).min(1, 'needs at least one listing URL').optional().describe('News listing pages; default: the source url'),
      pagination: PaginationSchema.optional().describe('How to reach older listing pages; default: found on the page (rel=next, "Następna", "»", numbered pagers)'),
      selectors: ListingSelectorsSchema.default({}),
      maxPages: z.number().int().min(1).max(10_000).default(200).describe('Upper bound on listing pages followed from one listing URL'),
    })
    .optional(),
  article: ArticleSelectorsSchema.default({}),
  schedule: cron.optional().describe('Cron schedule of this source (time zone Europe/Warsaw); default: settings.schedule'),
  include: z.array(z.string().trim().min(1)).optional().describe('Keep only items whose title or text contains one of these (case and diacritics ignored, * = any letters)'),
  exclude: z.array(z.string().trim().min(1)).optional().describe('Drop items whose title or text contains one of these'),
  enabled: z.boolean().default(true),
});

/**
 * A source. Only `id`, `name` and `url` are required: without `listing`,
 * `url` is the news listing and the layers find everything else.
 */
export const SourceSchema = SourceFields.transform(({ listing, institution, ...source }) => ({
  ...source,
  institution: institution ?? source.name,
  listing: {
    urls: listing?.urls ?? [source.url],
    pagination: listing?.pagination,
    selectors: listing?.selectors ?? {},
    maxPages: listing?.maxPages ?? 200,
  },
}));

export const SettingsSchema = z.strictObject({
  delayMs: z.number().int().min(0).default(1000).describe('Minimum pause between two requests to the same host, in ms; municipal servers: keep it at 1000 or more'),
  timeoutMs: z.number().int().min(100).default(30_000).describe('Timeout of one HTTP request, in ms'),
  maxRetries: z.number().int().min(0).max(10).default(3).describe('Retries of a request after a 5xx, 429 or timeout'),
  retryBackoffMs: z.number().int().min(0).default(2000).describe('First backoff pause before a retry, in ms; doubled on each further retry'),
  recheckDays: z.number().min(0).max(36_500).default(7).describe('Articles published (or first seen) within this many days are fetched again to catch edits; older ones are never fetched twice'),
  recheckEveryHours: z.number().min(0).max(24 * 365).default(24).describe('How often such a recent article is fetched again, at most'),
  concurrency: z.number().int().min(1).max(1000).default(16).describe('Sources crawled at the same time, each still one request at a time to its host; bounds memory and CPU on a small machine'),
  articleThreads: z.number().int().min(0).max(16).optional().describe('Worker threads that read article pages (parse, extract, normalise) while the main thread fetches and stores; default one per core beyond the first, at most 2; 0 reads them on the main thread'),
  runBudgetSeconds: z.number().int().min(1).max(86_400).default(900).describe("Longest a source's run may take; what is left waits for the next run, so one slow site cannot hold up the others"),
  schedule: cron.default('*/30 * * * *').describe('Default cron schedule of a source (time zone Europe/Warsaw)'),
  jitterMs: z.number().int().min(0).max(3_600_000).default(60_000).describe('Each scheduled run waits a random pause of up to this many ms, so sources on the same schedule do not all start together'),
  publicUrl: httpUrl.default('http://127.0.0.1:8080/').describe('Public URL where output/ is served, for the feeds\' self links'),
  feedLimit: z.number().int().min(1).max(10_000).default(200).describe('Items per published feed'),
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

export type Source = z.output<typeof SourceSchema>;
export type SourceInput = z.input<typeof SourceSchema>;
export type PresetName = (typeof PRESET_NAMES)[number];
export type Settings = z.infer<typeof SettingsSchema>;
export type Config = z.infer<typeof ConfigFileSchema>;
export type Pagination = z.infer<typeof PaginationSchema>;
export type ArticleSelectors = z.infer<typeof ArticleSelectorsSchema>;

/** The JSON Schema of sources.json, for editors (`"$schema": "./sources.schema.json"`). */
export function sourcesJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(ConfigFileSchema, { io: 'input' }), title: 'opsfeed sources.json' };
}
