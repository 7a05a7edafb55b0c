/**
 * The national gazetteer (gazetteer.json, built by tools/build-gazetteer.ts):
 * every voivodeship, powiat, gmina, town and village of Poland with its TERYT
 * code, and every form of the words of their names ("Sosnowcu", "Bielsku-Białej",
 * "sosnowieckiego"), folded for matching. Loaded once, on first use: commands
 * that never read an article never pay for it.
 */
import data from './gazetteer.json' with { type: 'json' };
import { foldForSearch, matchWords } from './text.js';

export type PlaceKind = 'voivodeship' | 'powiat' | 'gmina' | 'town' | 'village';

/**
 * A unit of the register, or a locality placed in its gmina: `teryt` is the voivodeship's (2 digits), the
 * powiat's (4) or the gmina's (7, its kind last); null for a village whose gmina the register no longer has.
 */
export interface Place {
  name: string;
  kind: PlaceKind;
  teryt: string | null;
}

export interface Powiat extends Place {
  teryt: string;
  /** The town the powiat is run from, when the register's names show it. */
  seat: string | null;
}

/** A place name as words: the folded nominative of each word, in order. */
interface PlaceName {
  name: string;
  words: string[];
}

export interface Gazetteer {
  registerDate: string;
  sources: Record<string, string>;
  voivodeships: Array<Place & { teryt: string }>;
  powiats: Powiat[];
  /** Every place name of the gazetteer. */
  allNames(): Iterable<string>;
  /** Every place with this name, of every kind. */
  placesNamed(name: string): Place[];
  /** Folded nominative words a folded word can be a form of ("sosnowcu" → ["sosnowiec"]). */
  lemmasOf(form: string): readonly string[];
  /** Every folded form of a word of the institution types ("osrodek" → "osrodka", "osrodkowi" …). */
  formsOf(lemma: string): string[];
  /** The place names whose first word is this folded nominative. */
  namesStartingWith(lemma: string): readonly PlaceName[];
  /** The places a folded adjective lemma names ("sosnowiecki" → ["Sosnowiec"]). */
  placesOfAdjective(lemma: string): readonly string[];
  /** The voivodeship whose folded name, in any form, this is ("slaskiego" → śląskie). */
  voivodeshipOfForm(form: string): Place | null;
  /** The gmina a 7-digit code names, or the voivodeship / powiat of a shorter one. */
  placeByTeryt(code: string): Place | null;
}

let loaded: Gazetteer | undefined;
/** No case ending of a place or type word is longer ("owicami", "skiemu"). */
const LONGEST_ENDING = 12;

export function gazetteer(): Gazetteer {
  loaded ??= loadGazetteer();
  return loaded;
}

export { matchWords as placeWords } from './text.js';

function loadGazetteer(): Gazetteer {
  // Every form of every word, as the stem the word's forms share and an ending: looked up in the parsed data as it
  // is. Indexes built from it at start held a quarter of a million strings and cost a third of a second.
  const stems = data.stems as Record<string, string>;
  const lemmasOf = (form: string): string[] => {
    const found: string[] = [];
    for (let cut = form.length; cut >= 1 && cut >= form.length - LONGEST_ENDING; cut--) {
      const stem = form.slice(0, cut);
      if (!Object.hasOwn(stems, stem)) continue;
      const ending = `|${form.slice(cut)}|`;
      for (const entry of stems[stem]!.split(';')) {
        const bar = entry.indexOf('|');
        const lemma = entry.slice(0, bar);
        if (entry.indexOf(ending, bar) >= 0 && !found.includes(lemma)) found.push(lemma);
      }
    }
    return found;
  };
  const kinds: Record<string, PlaceKind> = { w: 'voivodeship', p: 'powiat', g: 'gmina', t: 'town', v: 'village' };
  const places = data.places as Record<string, string>;
  // "Sosnowiec g2475011 t2475011 v3026043": a name, then the kind and code of each place of that name.
  const entriesOf = (word: string): string[][] => (Object.hasOwn(places, word) ? places[word]!.split('|').map((entry) => entry.split(' ')) : []);
  const codesOf = (entry: string[]) => entry.slice(entry.findIndex((part) => /^[wpgtv]\d*$/.test(part)));
  const nameOf = (entry: string[]) => entry.slice(0, entry.length - codesOf(entry).length).join(' ');
  const placesNamed = (name: string): Place[] => {
    const entry = entriesOf(matchWords(name)[0] ?? '').find((candidate) => nameOf(candidate) === name);
    return entry ? codesOf(entry).map((code) => ({ name, kind: kinds[code[0]!]!, teryt: code.slice(1) || null })) : [];
  };
  const voivodeships = data.voivodeships.map(([teryt, name]) => ({ name: name!, kind: 'voivodeship' as const, teryt: teryt! }));
  const powiats = (data.powiats as Array<[string, string, string | null]>).map(([teryt, name, seat]) => ({ name, kind: 'powiat' as const, teryt, seat }));
  const byCode = new Map<string, Place>([...voivodeships, ...powiats].map((place) => [place.teryt, place]));
  for (const [teryt, name] of data.gminas) byCode.set(teryt!, { name: name!, kind: 'gmina', teryt: teryt! });
  const names = new Map<string, PlaceName[]>();
  const namesStartingWith = (lemma: string): PlaceName[] => {
    let list = names.get(lemma);
    if (!list) {
      list = entriesOf(lemma).map((entry) => {
        const name = nameOf(entry);
        return { name, words: matchWords(name) };
      });
      names.set(lemma, list);
    }
    return list;
  };
  const voivodeshipForms = data.voivodeshipForms as Record<string, string>;
  const adjectives = data.adjectives as Record<string, string[]>;
  const none: never[] = [];
  return {
    registerDate: data.registerDate,
    sources: data.sources,
    voivodeships,
    powiats,
    allNames: () => Object.keys(places).flatMap((word) => entriesOf(word).map(nameOf)),
    placesNamed,
    lemmasOf,
    formsOf: (lemma) => {
      const encoded = (data.typeWords as Record<string, string>)[lemma];
      if (!encoded) return [lemma];
      const [stem, ...endings] = encoded.split('|');
      return endings.map((ending) => stem + ending);
    },
    namesStartingWith,
    placesOfAdjective: (lemma) => adjectives[lemma] ?? none,
    voivodeshipOfForm: (form) => (Object.hasOwn(voivodeshipForms, form) ? (byCode.get(voivodeshipForms[form]!) ?? null) : null),
    placeByTeryt: (code) => byCode.get(code) ?? null,
  };
}
