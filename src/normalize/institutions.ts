/**
 * Institutions a text mentions, resolved through the national gazetteer:
 * "MOPS-u w Sosnowcu", "Miejskiego Ośrodka Pomocy Społecznej w Sosnowcu" and
 * "sosnowieckiego MOPS-u" all give `{type: MOPS, place: Sosnowiec, teryt}`.
 *
 * A mention is a type (institutions.json: its head words in any case, then
 * its complement; or its abbreviation with a case ending) and, when the text
 * names one, a place: after it ("w Sosnowcu", "Gminy Lubawa", "MOPS Sopot",
 * "10-447 Olsztyn"), or as an adjective before it ("sosnowieckiego MOPS-u").
 * The place becomes a unit of the register by the type's level: a gmina for a
 * MOPS, the powiat whose seat it is for a PCPR, the voivodeship for a ROPS.
 * A type with no place is the source's own institution when the types agree,
 * else a type alone: a place is never guessed.
 */
import institutionData from './institutions.json' with { type: 'json' };
import { gazetteer, placeWords, type Place } from './places.js';
import { collapseWhitespace, foldForSearch } from './text.js';

export type InstitutionLevel = 'gmina' | 'powiat' | 'voivodeship' | 'locality';

export interface InstitutionType {
  abbreviation: string;
  name: string;
  level: InstitutionLevel;
  /** A type that exists once per voivodeship, named for it (MCPS: mazowieckie). */
  voivodeship?: string;
  patterns: string[];
}

export interface InstitutionRef {
  /** `mops-sosnowiec`; the TERYT code is added where another unit has the same name (`gops-michalowice-1421052`); a type alone: `mops`. */
  id: string;
  name: string;
  type?: string | null;
  /** The place's name in the nominative, as the register spells it; null when the text names none. */
  place?: string | null;
  /** The TERYT code of the unit the institution serves (gmina: 7 digits, powiat: 4, voivodeship: 2); null when the place is not one unit. */
  teryt?: string | null;
}

/** What the text leaves implicit, from the article's source. */
export interface MentionContext {
  /** The source's own institution: a mention of its type with no place is this one. */
  own?: InstitutionRef;
  /** The source's voivodeship (name or TERYT code): of two places with one name, the one there. */
  voivodeship?: string | null;
}

export const INSTITUTION_TYPES: readonly InstitutionType[] = institutionData.types as InstitutionType[];
const TYPE_BY_ABBREVIATION = new Map(INSTITUTION_TYPES.map((type) => [foldForSearch(type.abbreviation), type]));
const CASE_ENDINGS = new Set(['u', 'ie', 'em', 'owi', 'y', 'ow', 'ach', 'ami', 'om', 'a']);
/** Words that join a type to its place: "w Sosnowcu", "Gminy Lubawa", "Miasta i Gminy Dobczyce". */
const UNIT_WORDS = new Set(['gminy', 'miasta', 'gmina', 'miasto', 'gminie', 'miescie', 'powiatu']);
const OWNER_PHRASES = institutionData.ownerPhrases.map((phrase) => placeWords(phrase));

interface Token {
  /** Folded: lower case, no diacritics. */
  word: string;
  text: string;
  start: number;
  end: number;
}

interface Pattern {
  type: InstitutionType;
  /** Per word: the folded nominative (its forms match) or, for a complement word, the word itself. */
  words: Array<{ lemma: string; inflects: boolean }>;
}

let patternIndex: Map<string, Pattern[]> | undefined;

/** Patterns by the folded forms of their first word, built on first use. */
function patterns(): Map<string, Pattern[]> {
  if (patternIndex) return patternIndex;
  const index = new Map<string, Pattern[]>();
  const { formsOf } = gazetteer();
  for (const type of INSTITUTION_TYPES) {
    for (const pattern of type.patterns) {
      const [head, complement = ''] = pattern.split('|').map((part) => part.trim());
      const words = [...headWords(head!), ...placeWords(complement).map((lemma) => ({ lemma, inflects: false }))];
      const entry = { type, words };
      for (const form of words[0]!.inflects ? formsOf(words[0]!.lemma) : [words[0]!.lemma]) {
        const list = index.get(form) ?? [];
        list.push(entry);
        index.set(form, list);
      }
    }
  }
  patternIndex = index;
  return index;
}

/** The words of a type's head: each inflects, but for the first part of "Miejsko-Gminny". */
function headWords(head: string): Array<{ lemma: string; inflects: boolean }> {
  return head.split(/\s+/).flatMap((word) => {
    const parts = placeWords(word);
    return parts.map((lemma, at) => ({ lemma, inflects: !(at < parts.length - 1 && lemma.endsWith('o')) }));
  });
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    tokens.push({ word: foldForSearch(match[0]), text: match[0], start: match.index, end: match.index + match[0].length });
  }
  return tokens;
}

const isCapitalised = (token: Token | undefined) => !!token && /^\p{Lu}/u.test(token.text);
const isAllCaps = (token: Token) => token.text.length >= 2 && token.text === token.text.toUpperCase() && /\p{Lu}/u.test(token.text);
const between = (text: string, a: Token, b: Token) => text.slice(a.end, b.start);

interface TypeMatch {
  type: InstitutionType;
  start: number;
  /** The index of the first token after the mention. */
  next: number;
  abbreviated: boolean;
}

/** The type mentioned at token `at`: the longest pattern, or an abbreviation with its case ending. */
function typeAt(tokens: Token[], text: string, at: number): TypeMatch | null {
  const token = tokens[at]!;
  const { lemmasOf } = gazetteer();
  let best: TypeMatch | null = null;
  for (const pattern of patterns().get(token.word) ?? []) {
    let length = 1;
    for (; length < pattern.words.length; length++) {
      const next = tokens[at + length];
      const expected = pattern.words[length]!;
      if (!next || /[.;:!?()]/.test(between(text, tokens[at + length - 1]!, next))) break;
      if (expected.inflects ? !lemmasOf(next.word).includes(expected.lemma) && next.word !== expected.lemma : next.word !== expected.lemma) break;
    }
    if (length === pattern.words.length && (!best || length > best.next - at)) best = { type: pattern.type, start: at, next: at + length, abbreviated: false };
  }
  if (best) return best;
  // Abbreviations: "MOPS", "MOPS-u", "MOPSu", "CUS-ów"; in capitals as written, or lower case after a place's adjective ("elbląskiego mopsu").
  const abbreviation = abbreviationOf(token);
  if (!abbreviation) return null;
  const written = token.text.slice(0, abbreviation.abbreviation.length);
  const previous = tokens[at - 1];
  if (written !== abbreviation.abbreviation && !(previous && adjectivePlaces(previous.word).length)) return null;
  const following = tokens[at + 1];
  const hyphenEnding = following && between(text, token, following) === '-' && CASE_ENDINGS.has(following.word);
  return { type: abbreviation, start: at, next: at + (hyphenEnding ? 2 : 1), abbreviated: true };
}

function abbreviationOf(token: Token): InstitutionType | null {
  const exact = TYPE_BY_ABBREVIATION.get(token.word);
  if (exact) return exact;
  for (let cut = token.word.length - 1; cut >= 3; cut--) {
    const type = TYPE_BY_ABBREVIATION.get(token.word.slice(0, cut));
    if (type && CASE_ENDINGS.has(token.word.slice(cut))) return type;
  }
  return null;
}

function adjectivePlaces(form: string): string[] {
  const { lemmasOf, placesOfAdjective } = gazetteer();
  return [...new Set(lemmasOf(form).flatMap((lemma) => placesOfAdjective(lemma)))];
}

interface PlaceMatch {
  /** Candidate names (more than one: "Bielsku" is Bielsk's and Bielsko's). */
  names: string[];
  next: number;
  /** How the text joined it to the type: "w X", "Gminy X", "X" directly, or as an adjective. */
  via: 'locative' | 'unit' | 'direct' | 'adjective' | 'address';
  /** The unit word before it, if any ("gminy" or "miasta"). */
  unit?: string;
}

/** The longest place name starting at token `at` ("Bielsku-Białej", "Strzelcach Kraj."), in any case form. */
function placeNameAt(tokens: Token[], text: string, at: number, nominativeOnly = false): { names: string[]; next: number } | null {
  const first = tokens[at];
  if (!first || !isCapitalised(first)) return null;
  const { lemmasOf, namesStartingWith } = gazetteer();
  let best: { names: string[]; next: number } | null = null;
  const firstLemmas = nominativeOnly ? [first.word] : [...new Set([first.word, ...lemmasOf(first.word)])];
  for (const lemma of firstLemmas) {
    for (const candidate of namesStartingWith(lemma)) {
      let length = 1;
      for (; length < candidate.words.length; length++) {
        const token = tokens[at + length];
        const expected = candidate.words[length]!;
        if (!token || !/^[\s-]*$/.test(between(text, tokens[at + length - 1]!, token))) break;
        const abbreviated = text[token.end] === '.' && token.word.length >= 2 && expected.startsWith(token.word);
        const same = nominativeOnly ? token.word === expected : token.word === expected || lemmasOf(token.word).includes(expected);
        if (!same && !abbreviated) break;
      }
      if (length < candidate.words.length) continue;
      if (!best || length > best.next - at) best = { names: [candidate.name], next: at + length };
      else if (length === best.next - at && !best.names.includes(candidate.name)) best.names.push(candidate.name);
    }
  }
  return best;
}

/** The place a mention names after the type: "w Sosnowcu", "Gminy Lubawa", "MOPS Sopot", "Nr 2 w Sosnowcu", "CISPOL w Polanowicach", "10-447 Olsztyn". */
function placeAfter(tokens: Token[], text: string, match: TypeMatch): PlaceMatch | { voivodeship: Place; next: number } | null {
  let at = match.next;
  // Skip what may stand between a type and its place: a number, a name in quotes or capitals, "im. …" patrons, a marshal's office.
  for (let skipped = 0; skipped < 6 && at < tokens.length; skipped++) {
    const token = tokens[at]!;
    const gap = between(text, tokens[at - 1]!, token);
    if (/[.;:!?]/.test(gap.replace(/^\s*\.\s*$/, ''))) return null;
    if (token.word === 'nr' || /^\d+$/.test(token.word) && !/^\d{2}$/.test(token.word)) { at++; continue; }
    if (/["„“”«»]/.test(gap) && !isAbbreviation(token)) { at = closingQuote(tokens, text, at); continue; }
    if (isAllCaps(token) && !isAbbreviation(token) && token.word !== 'w' && !placeNameAt(tokens, text, at)) { at++; continue; }
    if ((token.word === 'urzedu' && tokens[at + 1]?.word === 'marszalkowskiego')) { at += 2; continue; }
    break;
  }
  const token = tokens[at];
  if (!token) return null;
  const gap = between(text, tokens[at - 1]!, token);
  if (/[.;:!?]/.test(gap)) return null;
  if ((token.word === 'w' || token.word === 'we') && token.text === token.word) {
    const place = placeNameAt(tokens, text, at + 1);
    return place ? { ...place, via: 'locative' } : null;
  }
  if (token.word === 'wojewodztwa') {
    const voivodeship = voivodeshipAt(tokens, text, at + 1);
    if (voivodeship) return voivodeship;
  }
  if (UNIT_WORDS.has(token.word) && isCapitalised(token)) {
    let next = at + 1;
    if (tokens[next]?.word === 'i' && UNIT_WORDS.has(tokens[next + 1]?.word ?? '')) next += 2;
    const place = placeNameAt(tokens, text, next);
    return place ? { ...place, via: 'unit', unit: token.word } : null;
  }
  // "… jest jednostką organizacyjną Gminy X": the body that runs it.
  const owner = OWNER_PHRASES.find((phrase) => phrase.every((word, offset) => tokens[at + offset]?.word === word));
  if (owner) return placeAfter(tokens, text, { ...match, next: at + owner.length });
  // "10-447 Olsztyn": the postal address that follows the name, perhaps after the name of a unit in capitals.
  for (let code = at; code < at + 6 && code < tokens.length; code++) {
    const [first, second] = [tokens[code]!, tokens[code + 1]];
    if (/^\d{2}$/.test(first.word) && second && /^\d{3}$/.test(second.word) && between(text, first, second) === '-') {
      const place = placeNameAt(tokens, text, code + 2, true);
      return place ? { ...place, via: 'address' } : null;
    }
    if (!isCapitalised(first)) break;
  }
  if (/^[\s,]*$/.test(gap) && !gap.includes(',')) {
    const place = placeNameAt(tokens, text, at, true);
    if (place && place.names.some((name) => gazetteer().placesNamed(name).some((candidate) => candidate.kind !== 'village'))) return { ...place, via: 'direct' };
  }
  if (gap.trim() === ',' && tokens[at]?.word === 'w') return placeAfter(tokens, text, { ...match, next: at });
  return null;
}

function isAbbreviation(token: Token): boolean {
  return abbreviationOf(token) !== null && token.text.startsWith(token.text.slice(0, 3).toUpperCase());
}

function closingQuote(tokens: Token[], text: string, at: number): number {
  for (let next = at + 1; next < tokens.length && next < at + 8; next++) {
    if (/["„“”«»]/.test(between(text, tokens[next - 1]!, tokens[next]!))) return next;
  }
  return at + 1;
}

function voivodeshipAt(tokens: Token[], text: string, at: number): { voivodeship: Place; next: number } | null {
  const { voivodeshipOfForm } = gazetteer();
  const first = tokens[at];
  if (!first) return null;
  const second = tokens[at + 1];
  if (second && between(text, first, second) === '-') {
    const joined = voivodeshipOfForm(`${first.word}-${second.word}`);
    if (joined) return { voivodeship: joined, next: at + 2 };
  }
  const single = voivodeshipOfForm(first.word);
  return single ? { voivodeship: single, next: at + 1 } : null;
}

export function institutionsMentioned(text: string, context: MentionContext = {}): InstitutionRef[] {
  const flat = collapseWhitespace(text);
  const tokens = tokenize(flat);
  const found = new Map<string, InstitutionRef>();
  for (let at = 0; at < tokens.length; ) {
    const match = typeAt(tokens, flat, at);
    if (!match) {
      at++;
      continue;
    }
    const after = placeAfter(tokens, flat, match);
    let ref: InstitutionRef;
    if (after && 'voivodeship' in after) ref = voivodeshipRef(match.type, after.voivodeship);
    else {
      const before = tokens[at - 1];
      const adjective = before ? adjectivePlaces(before.word) : [];
      const place: PlaceMatch | null = after ?? (adjective.length ? { names: adjective, next: at, via: 'adjective' } : null);
      ref = place ? resolvePlace(match.type, place, context) : typeOnly(match.type, context);
    }
    if (!found.has(ref.id)) found.set(ref.id, ref);
    at = match.next;
  }
  return [...found.values()];
}

function slug(text: string): string {
  return foldForSearch(text).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function typeOnly(type: InstitutionType, context: MentionContext): InstitutionRef {
  if (context.own?.type === type.abbreviation) return context.own;
  if (type.voivodeship) return voivodeshipRef(type, gazetteer().placeByTeryt(type.voivodeship)!);
  return { id: slug(type.abbreviation), name: type.name, type: type.abbreviation, place: null, teryt: null };
}

function voivodeshipRef(type: InstitutionType, voivodeship: Place): InstitutionRef {
  return { id: `${slug(type.abbreviation)}-${slug(voivodeship.name)}`, name: `${type.name} (województwo ${voivodeship.name})`, type: type.abbreviation, place: null, teryt: voivodeship.teryt };
}

/** The units of the type's level a place name can be; the best first. */
function unitsFor(type: InstitutionType, name: string, via: PlaceMatch['via'], unit?: string): Place[] {
  const { placesNamed, powiats, placeByTeryt } = gazetteer();
  const places = placesNamed(name);
  const gminaOf = (place: Place) => (place.kind === 'town' && place.teryt!.endsWith('4') ? placeByTeryt(`${place.teryt!.slice(0, 6)}3`) : place.kind === 'town' ? placeByTeryt(place.teryt!) : place);
  switch (type.level) {
    case 'gmina': {
      const gminas = unique(places.filter((place) => place.kind === 'gmina' || place.kind === 'town').map(gminaOf).filter((place): place is Place => !!place));
      // A MOPS serves a town, a GOPS a rural gmina; "Gminy X" names the gmina, "Miasta X" the town.
      const urban = type.abbreviation.startsWith('M') || unit === 'miasta' || unit === 'miasto';
      const rural = type.abbreviation === 'GOPS' || unit === 'gminy' || unit === 'gmina';
      const rank = (place: Place) => {
        const kind = place.teryt!.slice(-1);
        if (type.abbreviation === 'MGOPS') return kind === '3' ? 0 : 1;
        if (urban && !rural) return kind === '1' ? 0 : kind === '3' ? 1 : 2;
        if (rural && !urban) return kind === '2' ? 0 : kind === '3' ? 1 : 2;
        return 0;
      };
      const best = Math.min(...gminas.map(rank));
      return gminas.filter((place) => rank(place) === best);
    }
    case 'powiat': {
      const seats = powiats.filter((powiat) => powiat.seat === name || powiat.name === name);
      // A PCPR or PUP "w Częstochowie" is the land powiat's; the city has its own MOPS.
      const land = seats.filter((powiat) => Number(powiat.teryt.slice(2)) < 61);
      return land.length ? land : seats;
    }
    case 'voivodeship': {
      const cities = places.filter((place) => place.kind === 'gmina' && place.teryt!.endsWith('1'));
      return unique(cities.map((city) => placeByTeryt(city.teryt!.slice(0, 2))!).filter(Boolean));
    }
    case 'locality': {
      const towns = places.filter((place) => place.kind === 'town');
      const gminas = places.filter((place) => place.kind === 'gmina');
      const villages = places.filter((place) => place.kind === 'village');
      const chosen = towns.length ? towns.map(gminaOf) : gminas.length ? gminas : villages.map((village) => (village.teryt && placeByTeryt(village.teryt)) || village);
      return unique(chosen.filter((place): place is Place => !!place));
    }
  }
  void via;
}

function unique(places: Place[]): Place[] {
  return places.filter((place, index) => places.findIndex((other) => other.teryt === place.teryt && other.name === place.name) === index);
}

function inVoivodeship(place: Place, voivodeship: string | null | undefined): boolean {
  if (!voivodeship) return false;
  const code = /^\d{2}$/.test(voivodeship) ? voivodeship : gazetteer().voivodeships.find((candidate) => candidate.name === foldForSearch(voivodeship).replace(/[^a-z-]/g, '') || foldForSearch(candidate.name) === foldForSearch(voivodeship))?.teryt;
  return !!code && !!place.teryt?.startsWith(code);
}

function resolvePlace(type: InstitutionType, place: PlaceMatch, context: MentionContext, knownTeryt?: string): InstitutionRef {
  // Several names ("Bielsku": Bielsk or Bielsko): those with a unit of the type's level; then those in the source's voivodeship.
  let options = place.names.map((name) => ({ name, units: unitsFor(type, name, place.via, place.unit) }));
  const withUnits = options.filter((option) => option.units.length);
  if (withUnits.length) options = withUnits;
  // "Sosnowcu" folds to the city and to the village Sosnówiec: a town or gmina before a village.
  const settled = options.filter((option) => gazetteer().placesNamed(option.name).some((candidate) => candidate.kind !== 'village'));
  if (settled.length) options = settled;
  if (options.length > 1) {
    const local = options.filter((option) => option.units.some((unit) => inVoivodeship(unit, context.voivodeship)));
    if (local.length) options = local;
  }
  if (options.length !== 1 && !knownTeryt) return typeOnly(type, {});
  const [{ name, units }] = options as [{ name: string; units: Place[] }];
  let chosen = units;
  if (chosen.length > 1) {
    const local = chosen.filter((unit) => inVoivodeship(unit, context.voivodeship));
    if (local.length) chosen = local;
  }
  const teryt = knownTeryt ?? (chosen.length === 1 ? chosen[0]!.teryt : null);
  if (context.own?.type === type.abbreviation && context.own.teryt && teryt === context.own.teryt) return context.own;
  const base = `${slug(type.abbreviation)}-${slug(name)}`;
  return { id: units.length > 1 && teryt ? `${base}-${teryt}` : base, name: `${type.name} (${name})`, type: type.abbreviation, place: name, teryt };
}

/** The institution of a source: its type and place, from its TERYT code (which wins) or its city. */
export function institutionOf(type: string, place: { teryt?: string | null; city?: string | null; voivodeship?: string | null }, name: string): InstitutionRef | null {
  const institutionType = INSTITUTION_TYPES.find((candidate) => candidate.abbreviation === type);
  if (!institutionType) return null;
  const unit = place.teryt ? gazetteer().placeByTeryt(place.teryt) : null;
  const placeName = place.city ?? unit?.name;
  if (!placeName) return null;
  const context = { voivodeship: place.teryt?.slice(0, 2) ?? place.voivodeship };
  return { ...resolvePlace(institutionType, { names: [placeName], next: 0, via: 'direct' }, context, place.teryt ?? undefined), name };
}

/** The type of an institution named in full or by abbreviation at the start of `name` ("MOPS w Krakowie"), with the words it spans. */
export function typeAtStart(name: string): { type: InstitutionType; length: number } | null {
  const flat = collapseWhitespace(name);
  const tokens = tokenize(flat);
  if (!tokens.length) return null;
  const match = typeAt(tokens, flat, 0);
  return match ? { type: match.type, length: tokens[match.next - 1]!.end } : null;
}

/** A stored reference with its type, place and TERYT code (items stored before these were kept have only `id` and `name`). */
export function completeInstitutionRef(ref: InstitutionRef): Required<InstitutionRef> {
  if (ref.type !== undefined && ref.place !== undefined && ref.teryt !== undefined) return ref as Required<InstitutionRef>;
  const type = INSTITUTION_TYPES.find((candidate) => ref.id === slug(candidate.abbreviation) || ref.id.startsWith(`${slug(candidate.abbreviation)}-`));
  const placeSlug = type ? ref.id.slice(slug(type.abbreviation).length + 1).replace(/-\d+$/, '') : '';
  const place = placeSlug ? (placeSlugs().get(placeSlug) ?? null) : null;
  return { id: ref.id, name: ref.name, type: ref.type ?? type?.abbreviation ?? null, place: ref.place ?? place, teryt: ref.teryt ?? null } as Required<InstitutionRef>;
}

let slugs: Map<string, string> | undefined;

/** Place names by their slug ("dabrowa-gornicza" → "Dąbrowa Górnicza"), for ids and filters. */
function placeSlugs(): Map<string, string> {
  if (slugs) return slugs;
  slugs = new Map();
  const { allNames } = gazetteer();
  for (const name of allNames()) if (!slugs.has(slug(name))) slugs.set(slug(name), name);
  return slugs;
}

function termWords(term: string): string[] {
  return foldForSearch(term).split(/[\s+]+/).filter(Boolean);
}

/**
 * True when an institution is what a filter term names: its id, its type ("cus"), its place ("sosnowiec"),
 * its voivodeship ("slaskie"), or all of several words ("cus slaskie": a CUS in śląskie).
 */
export function matchesInstitutionTerm(stored: InstitutionRef, term: string): boolean {
  const ref = completeInstitutionRef(stored);
  return termWords(term).every((word) => {
    if (word === ref.id || (ref.id.startsWith(`${word}-`) && /^\d+$/.test(ref.id.slice(word.length + 1)))) return true;
    if (ref.type && slug(ref.type) === word) return true;
    if (ref.place && slug(ref.place) === word) return true;
    const voivodeship = gazetteer().voivodeships.find((candidate) => slug(candidate.name) === word);
    return !!voivodeship && !!ref.teryt && ref.teryt.startsWith(voivodeship.teryt!);
  });
}

/** Why a filter term names nothing opsfeed knows, or null when it is fine. */
export function institutionTermError(term: string, sourceIds: readonly string[]): string | null {
  if (sourceIds.includes(term)) return null;
  const unknown = termWords(term).find((word) => !knownTermWord(word));
  return unknown === undefined
    ? null
    : `"${unknown}" is no institution type, place, voivodeship or id (e.g. "mops", "sosnowiec", "mops-sosnowiec", "cus slaskie"; types: ${INSTITUTION_TYPES.map((type) => slug(type.abbreviation)).join(', ')})`;
}

function knownTermWord(word: string): boolean {
  const types = INSTITUTION_TYPES.map((type) => slug(type.abbreviation));
  const isPlace = (text: string) => placeSlugs().has(text) || gazetteer().voivodeships.some((voivodeship) => slug(voivodeship.name) === text);
  if (types.includes(word) || isPlace(word)) return true;
  const type = types.find((candidate) => word.startsWith(`${candidate}-`));
  return !!type && isPlace(word.slice(type.length + 1).replace(/-\d+$/, ''));
}

/** "ul. Kilińskiego 5, 41-200 Sosnowiec": the place of the first postal address in a text that the register knows. */
function placeOfAddress(text: string): string | null {
  for (const match of text.matchAll(/\b\d{2}-\d{3}\s+(\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}.-]*){0,2})/gu)) {
    const words = match[1]!.split(/\s+/);
    for (let count = words.length; count >= 1; count--) {
      const name = words.slice(0, count).join(' ');
      if (gazetteer().placesNamed(name).some((place) => place.kind !== 'village')) return name;
    }
  }
  return null;
}

/**
 * The institution a site names as itself, for a sources.json entry: the first mention with a place in its
 * texts, most telling first (its name, the page's title, its footer); else the type it names and the place of
 * its postal address ("MOPS" and "41-200 Sosnowiec").
 */
export function institutionNamedBy(texts: string[], voivodeship?: string | null): InstitutionRef | null {
  let type: string | null = null;
  for (const text of texts) {
    const mentions = institutionsMentioned(text, { voivodeship });
    const placed = mentions.find((ref) => ref.place && ref.teryt);
    if (placed) return placed;
    type ??= mentions[0]?.type ?? null;
  }
  const place = texts.map(placeOfAddress).find(Boolean);
  return type && place ? institutionOf(type, { city: place, voivodeship }, `${INSTITUTION_TYPES.find((candidate) => candidate.abbreviation === type)!.name} (${place})`) : null;
}
