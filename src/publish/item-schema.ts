/**
 * The dataset item as zod: the single definition `item.schema.json` is
 * generated from (`opsfeed schema item`), which exports validate against and
 * docs/dataset.md describes field by field.
 */
import { z } from 'zod';

const isoDateTime = z.iso.datetime({ offset: true });
const layer = z.enum(['selector', 'preset', 'feed', 'listing', 'json-ld', 'microdata', 'opengraph', 'meta', 'time-element', 'heuristic']);

export const ItemSchema = z
  .strictObject({
    id: z.string().regex(/^[0-9a-f]{16}$/).describe('Stable id: 16 hex digits of the SHA-256 of the canonical URL; the same across runs and edits'),
    url: z.url().describe('Canonical URL of the article'),
    title: z.string().min(1).describe('The headline as shown, whitespace collapsed'),
    published: isoDateTime.nullable().describe('Publication date, ISO 8601 with offset (Europe/Warsaw); a date-only source gives midnight; null when the site shows no trustworthy date'),
    datePrecision: z.enum(['day', 'hour', 'minute', 'second']).nullable().describe('How much of `published` the site stated (`hour` for "2 godziny temu")'),
    updated: isoDateTime.nullable().describe('When opsfeed found the text changed after first capture; null if never'),
    firstSeen: isoDateTime.describe('When opsfeed first stored the item (UTC)'),
    lastSeen: isoDateTime.describe('Last time opsfeed saw the item on its site: its page fetched or its teaser on a listing page (UTC)'),
    fetchedAt: isoDateTime.describe("Last fetch of the item's page, which gave or confirmed the current text (UTC)"),
    removedAt: isoDateTime.nullable().describe('When the page was found gone from its site (HTTP 404/410); the item is kept'),
    author: z.string().nullable().describe('Normalised author or signature ("Anna Nowak", "JD"), null when the page names none'),
    summary: z.string().describe('Plain text, the first ~300 characters of the body'),
    contentHtml: z.string().describe('Sanitised article HTML: absolute URLs, no scripts, styles or event handlers'),
    contentText: z.string().describe('Plain text of the body'),
    attachments: z.array(z.strictObject({ url: z.url(), title: z.string(), mimeType: z.string() })).describe('Files linked from the article'),
    source: z
      .strictObject({
        id: z.string(),
        name: z.string(),
        institution: z.string(),
        type: z.string(),
        city: z.string().nullable(),
        voivodeship: z.string().nullable(),
        teryt: z.string().nullable().describe('TERYT code of the territory the institution serves (gmina 7 digits, powiat 4, voivodeship 2)'),
        url: z.url(),
      })
      .describe('The configured source the item was read from'),
    institutions: z
      .array(
        z.strictObject({
          id: z.string().describe('Stable id: type and place ("mops-sosnowiec"), with the TERYT code where another unit shares the name; a type alone ("mops")'),
          name: z.string(),
          type: z.string().nullable().describe('Institution type (MOPS, GOPS, PCPR, …)'),
          place: z.string().nullable().describe('The place named, nominative, as the TERYT register spells it; null when the text names none'),
          teryt: z.string().nullable().describe('TERYT code of the unit the institution serves (gmina 7 digits, powiat 4, voivodeship 2); null when not one unit'),
        }),
      )
      .describe('Canonical institutions the item concerns: the source\'s own first, then those the title and text mention'),
    topics: z.array(z.string()).describe('Topic ids of the sector lexicon'),
    sameAs: z.array(z.url()).describe('URLs of the same news published elsewhere'),
    extractedBy: z
      .strictObject({
        title: layer,
        published: layer.nullable(),
        publishedFrom: z.string().nullable().describe('The label ("Data publikacji") or, without one, the printed form ("day month year") that gave `published`'),
        author: layer.nullable(),
        content: layer.nullable(),
      })
      .describe('The extraction layer that gave each field'),
    contentHash: z.string().regex(/^[0-9a-f]+$/).describe('Fingerprint of the current title and text; changes when the text is edited'),
    opsfeedVersion: z.string().nullable().describe('The opsfeed version that extracted the current text'),
    revisions: z
      .array(
        z.strictObject({
          capturedAt: isoDateTime.describe('When this version was first captured'),
          contentHash: z.string(),
          title: z.string().optional().describe('Only in exports with --revisions'),
          contentText: z.string().optional().describe('Only in exports with --revisions'),
        }),
      )
      .min(1)
      .describe('Every version of the text, oldest first; the last is the current one'),
  })
  .describe('One news item of the opsfeed dataset');

/** The JSON Schema of one exported item (`item.schema.json`). */
export function itemJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(ItemSchema), title: 'opsfeed dataset item' };
}
