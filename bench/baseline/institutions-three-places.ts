/**
 * The institution finder opsfeed had before the national gazetteer (three places, named entries), kept
 * unchanged as the baseline of the bench row that compares normalising an article with and without the
 * gazetteer (bench/run.ts). Not used by opsfeed.
 */
/**
 * Institutions an article mentions, from the gazetteer (institutions.json,
 * data). A mention is a type's name in any inflected form ("Miejskiego
 * Ośrodka Pomocy Społecznej") or its abbreviation with a case ending
 * ("MOPS-u", "MOPS-ie", "ŚDS"). It is tied to a named institution by a place
 * after it ("… w Krakowie", "MOPS Sopot") or an adjective before it
 * ("sopockiego MOPS-u"); with no place, by the article's own source: the
 * institution of that type in the source's city ("GOPS-u" on the Michałowice
 * sites), or for a regional one in its voivodeship ("Regionalny Ośrodek
 * Polityki Społecznej" on a Kraków site). Generic kinds (DPS, ŚDS, OIK, CAL,
 * CIS, KIS, PCPR) without a named entry are given as the kind.
 */
import gazetteer from './institutions-three-places.json' with { type: 'json' };
import { collapseWhitespace, FirstWords, foldForSearch, keywordPattern } from '../../src/normalize/text.js';

export interface InstitutionRef {
  id: string;
  name: string;
}

/** Where an article comes from: its source's city, voivodeship and institution type. */
export interface MentionContext {
  city?: string | null;
  voivodeship?: string | null;
}

interface GazetteerType {
  abbreviation: string;
  name: string;
  forms: string[];
  generic?: boolean;
}

interface GazetteerEntry {
  id: string;
  type: string;
  name: string;
  city: string;
  voivodeship: string;
  places: string[];
}

const TYPES = gazetteer.types as GazetteerType[];
const ENTRIES = gazetteer.institutions as GazetteerEntry[];
// Regional bodies answer for their voivodeship; the rest for their city.
const REGIONAL = new Set(['ROPS', 'MCPS']);

/**
 * The gazetteer's patterns, compiled on first use: a hundred Unicode-class patterns cost a tenth of a second,
 * which every command paid at start, also those that never read an article (`check`, `status`).
 */
let patterns:
  | {
      places: Map<GazetteerEntry, { after: RegExp[]; before: RegExp[] }>;
      mentions: Array<{ type: GazetteerType; pattern: RegExp; caseSensitiveAbbreviation: string }>;
      firstWords: FirstWords;
    }
  | undefined;

function gazetteerPatterns(): NonNullable<typeof patterns> {
  patterns ??= (() => {
    const places = new Map(
      ENTRIES.map((entry) => [
        entry,
        {
          after: entry.places.map((place) => new RegExp(`^\\s*${keywordPattern(place).source}`, 'u')),
          before: entry.places.map((place) => new RegExp(`${keywordPattern(place).source}\\s*$`, 'u')),
        },
      ]),
    );
    // One pattern per type: every inflected form, and the abbreviation with an optional case ending.
    const mentions = TYPES.map((type) => {
      const names = type.forms.map((form) => keywordPattern(form).source);
      const abbreviation = foldForSearch(type.abbreviation);
      const short = `(?<![\\p{L}\\p{N}])${abbreviation}(?:-?(?:u|ie|em|owi|y|ow|ach|ami))?(?![\\p{L}\\p{N}])`;
      return { type, pattern: new RegExp(`${names.map((name) => `(?:${name})`).join('|')}|${short}`, 'gu'), caseSensitiveAbbreviation: type.abbreviation };
    });
    // Every match begins with one of its forms' first words, or with the abbreviation (and its case ending).
    const firstWords = new FirstWords(TYPES.map((type) => [...type.forms, `${foldForSearch(type.abbreviation)}*`]));
    return { places, mentions, firstWords };
  })();
  return patterns;
}

export function institutionsMentioned(text: string, context: MentionContext): InstitutionRef[] {
  const flat = collapseWhitespace(text);
  const folded = foldForSearch(flat);
  const { mentions, firstWords } = gazetteerPatterns();
  // A type none of whose first words the text has is skipped without running its pattern.
  const present = firstWords.present(folded);
  const found = new Map<string, InstitutionRef>();
  for (const [typeAt, { type, pattern, caseSensitiveAbbreviation }] of mentions.entries()) {
    if (!present.any(typeAt)) continue;
    // exec on the pattern itself, not matchAll: matchAll copies the pattern, and the copy of a large Unicode
    // pattern is compiled anew unless V8 still has it cached, which between the pages of a crawl it often has not.
    pattern.lastIndex = 0;
    for (let match = pattern.exec(folded); match; match = pattern.exec(folded)) {
      const index = match.index;
      // An abbreviation counts only in capitals as written ("CAL", not "cal"; "MOPS-u", not "mops").
      const original = flat.slice(index, index + match[0].length);
      if (match[0].length <= caseSensitiveAbbreviation.length + 4 && !original.startsWith(caseSensitiveAbbreviation)) continue;
      const end = index + match[0].length;
      const resolved = resolve(type, { after: folded.slice(end, end + 40), afterAsWritten: flat.slice(end, end + 40), before: folded.slice(Math.max(0, index - 30), index) }, context);
      if (resolved && !found.has(resolved.id)) found.set(resolved.id, resolved);
    }
  }
  return [...found.values()];
}

function resolve(type: GazetteerType, around: { after: string; afterAsWritten: string; before: string }, context: MentionContext): InstitutionRef | null {
  const ofType = ENTRIES.filter((entry) => entry.type === type.abbreviation);
  const { places } = gazetteerPatterns();
  const byPlace = ofType.find((entry) => {
    const { after, before } = places.get(entry)!;
    return after.some((place) => place.test(around.after)) || before.some((place) => place.test(around.before));
  });
  if (byPlace) return { id: byPlace.id, name: byPlace.name };
  // "MOPS w Gdyni": another town's institution, not the source's own ("MOPS w ramach projektu" names no place).
  const placeNamed = /^\s*we?\s+\p{Lu}/u.test(around.afterAsWritten);
  const local = placeNamed ? undefined : ofType.find((entry) => (REGIONAL.has(entry.type) ? entry.voivodeship === context.voivodeship : entry.city === context.city));
  if (local) return { id: local.id, name: local.name };
  return type.generic ? { id: foldForSearch(type.abbreviation), name: type.name } : null;
}

/** The gazetteer entry of a source's own institution, by its type and city or by its official name, if there is one. */
export function gazetteerEntryFor(type: string, city: string | null | undefined, name?: string): InstitutionRef | null {
  const entry = ENTRIES.find((candidate) => candidate.type === type && candidate.city === city) ?? ENTRIES.find((candidate) => candidate.name === name);
  return entry ? { id: entry.id, name: entry.name } : null;
}

/** Every institution an item can name: the gazetteer's named ones, then the generic kinds. */
export const KNOWN_INSTITUTIONS: InstitutionRef[] = [
  ...ENTRIES.map((entry) => ({ id: entry.id, name: entry.name })),
  ...TYPES.filter((type) => type.generic).map((type) => ({ id: foldForSearch(type.abbreviation), name: type.name })),
];
