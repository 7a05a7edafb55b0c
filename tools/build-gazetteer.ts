/**
 * Builds src/normalize/gazetteer.json, the national gazetteer opsfeed resolves
 * place and institution names with:
 *   - the TERYT register (GUS's TERC file: voivodeships, powiats, gminas and
 *     their towns, with codes), tools/data/TERC.csv;
 *   - the localities of Poland (cities and villages with their gmina, from the
 *     national register of geographical names), the `polskie-miejscowosci` package;
 *   - the inflected forms of every word of those names and of the institution
 *     types, from the Polish Hunspell dictionary (the `dictionary-pl` package),
 *     and for words it lacks, the ending rules of tools/place-rules.json.
 *
 * Run it when the register changes: `npm run gazetteer` (the output is committed).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadHunspell, type HunspellDictionary } from './hunspell.js';
import { foldForSearch, matchWords } from '../src/normalize/text.js';
import rules from './place-rules.json' with { type: 'json' };
import institutions from '../src/normalize/institutions.json' with { type: 'json' };

const ROOT = join(dirname(new URL(import.meta.url).pathname), '..', '..');
const OUTPUT = join(ROOT, 'src/normalize/gazetteer.json');

type Rule = [ending: string, forms: string[], locative: string];

interface TercRow {
  woj: string;
  pow: string;
  gmi: string;
  rodz: string;
  name: string;
  kind: string;
  date: string;
}

interface Locality {
  Name: string;
  Type: 'city' | 'village';
  Province: string;
  District: string;
  Commune: string;
}

function readTerc(file: string): TercRow[] {
  const rows: TercRow[] = [];
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/).slice(1)) {
    if (!line.trim()) continue;
    const [woj, pow, gmi, rodz, name, kind, date] = line.split(';');
    rows.push({ woj: woj!, pow: pow!, gmi: gmi!, rodz: rodz!, name: name!, kind: kind!, date: date! });
  }
  return rows;
}

/** The words of a name that inflect: every word before a preposition ("Nowe Miasto nad Pilicą"), each part of a hyphenated word. */
export function nameWords(name: string): Array<{ word: string; inflects: boolean }> {
  const words: Array<{ word: string; inflects: boolean }> = [];
  let fixed = false;
  for (const token of name.split(/\s+/)) {
    if (rules.fixedAfter.includes(token.toLowerCase())) fixed = true;
    const parts = token.split('-');
    // "Miejsko-Gminny": a first part in -o is an adverbial stem that never inflects.
    parts.forEach((part, at) => words.push({ word: part, inflects: !fixed && !(at < parts.length - 1 && /o$/.test(part) && parts.length > 1 && /^\p{Ll}/u.test(parts[at + 1]!)) }));
  }
  return words.filter(({ word }) => word.length > 0);
}

const ADJECTIVE = /(?:[sc]ki|dzki|[sc]ka|dzka|[sc]kie|dzkie|[nwl]y|[nwl]a|[nwl]e|[ck]i|ia|ie|zy|ża|że|ży)$/u;

/** The masculine dictionary forms an adjectival word may have ("Krajeńskie" → "krajeński", "Biała" → "biały", "Nowe" → "nowy"). */
function masculine(word: string): string[] {
  const lower = word.toLowerCase();
  if (/[kg]ie$/.test(lower)) return [lower, lower.slice(0, -1)];
  if (/[kg]a$/.test(lower)) return [lower, `${lower.slice(0, -1)}i`];
  if (/[ae]$/.test(lower)) return [lower, `${lower.slice(0, -1)}y`, `${lower.slice(0, -1)}i`];
  return [lower];
}

function applyRule(word: string, table: Rule[]): { forms: string[]; locative: string } | null {
  for (const [ending, forms, locative] of table) {
    if (!word.endsWith(ending) || word.length <= ending.length + 1) continue;
    const stem = word.slice(0, word.length - ending.length);
    return { forms: [word, ...forms.map((form) => stem + form)], locative: stem + locative };
  }
  return null;
}

/**
 * The locative of a place name by the ending rules alone ("Bielsko-Biała" → "Bielsku-Białej"), as the test of
 * the whole register makes it: adjectival words by the adjective endings, words after a preposition unchanged.
 */
export function ruleLocative(name: string): string {
  let fixed = false;
  return name
    .split(' ')
    .map((token, at, tokens) => {
      if (rules.fixedAfter.includes(token.toLowerCase())) fixed = true;
      if (fixed) return token;
      return token
        .split('-')
        .map((part, index, parts) => {
          if (index < parts.length - 1 && /o$/.test(part) && /^\p{Ll}/u.test(parts[index + 1]!)) return part;
          const adjectival = (at > 0 || (tokens.length > 1 && index === 0)) && ADJECTIVE.test(part);
          return applyRule(part, (adjectival ? rules.adjectives : rules.nouns) as Rule[])?.locative ?? part;
        })
        .join('-');
    })
    .join(' ');
}

/**
 * Every form of one word of a place name: the dictionary's (the word as written, lower-cased, or its
 * adjective's), and the rules' (the dictionary lists some names without their forms, "Inowrocław").
 */
function wordForms(dictionary: HunspellDictionary, word: string, position: number): { forms: string[]; fromDictionary: boolean } {
  const found = new Set<string>([word]);
  for (const candidate of [word, word.toLowerCase(), ...(position > 0 || ADJECTIVE.test(word) ? masculine(word) : [])]) {
    for (const form of dictionary.forms(candidate)) found.add(form);
  }
  const fromDictionary = found.size > 1;
  // A later word that looks adjectival is one ("Kujawski"); a first word may be either ("Jelenia Góra", "Jastrzębia").
  const adjectival = ADJECTIVE.test(word);
  const tables = position > 0 ? [adjectival ? rules.adjectives : rules.nouns] : adjectival ? [rules.nouns, rules.adjectives] : [rules.nouns];
  for (const table of tables) for (const form of applyRule(word, table as Rule[])?.forms ?? []) found.add(form);
  return { forms: [...found], fromDictionary };
}

/** Forms as stored: the folded forms, the longest common stem first ("sosnow|iec|ca|cowi|cem|cu"). */
function encodeForms(forms: Iterable<string>): string {
  const list = [...new Set([...forms].map(foldForSearch))].sort();
  let stem = list[0] ?? '';
  for (const form of list) while (!form.startsWith(stem)) stem = stem.slice(0, -1);
  return [stem, ...list.map((form) => form.slice(stem.length))].join('|');
}

function main(): void {
  const tercFile = join(ROOT, 'tools/data/TERC.csv');
  const terc = readTerc(tercFile);
  const localitiesDir = join(ROOT, 'node_modules/polskie-miejscowosci');
  const localities = JSON.parse(readFileSync(join(localitiesDir, 'data.json'), 'utf8')) as Locality[];
  const dictionaryDir = join(ROOT, 'node_modules/dictionary-pl');
  const dictionary = loadHunspell(join(dictionaryDir, 'index.aff'), join(dictionaryDir, 'index.dic'));
  const versionOf = (dir: string) => (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;

  const voivodeships = terc.filter((row) => !row.pow).map((row) => [row.woj, row.name.toLowerCase()] as [string, string]);
  const voivodeshipByName = new Map(voivodeships.map(([code, name]) => [name, code]));
  const gminas = terc.filter((row) => ['1', '2', '3'].includes(row.rodz)).map((row) => ({ code: `${row.woj}${row.pow}${row.gmi}${row.rodz}`, name: row.name, rodz: row.rodz }));
  // Towns: urban gminas and the towns of urban-rural ones.
  const towns = terc.filter((row) => row.rodz === '1' || row.rodz === '4').map((row) => ({ code: `${row.woj}${row.pow}${row.gmi}${row.rodz}`, name: row.name }));
  const powiatRows = terc.filter((row) => row.pow && !row.gmi);

  // A powiat's seat: the powiat of a city is the city; otherwise the town of the powiat whose adjective is the powiat's name.
  const powiats = powiatRows.map((row) => {
    const code = `${row.woj}${row.pow}`;
    if (row.kind.startsWith('miasto')) return { code, name: row.name, seat: row.name };
    const inPowiat = towns.filter((town) => town.code.startsWith(code));
    const named = (town: { name: string }) => adjectivesOf(dictionary, town.name).includes(row.name);
    const seat =
      inPowiat.find(named) ??
      // A land powiat run from a city with powiat rights: "krakowski" from Kraków.
      towns.find((town) => town.code.startsWith(row.woj) && town.code.slice(2, 4) >= '61' && named(town)) ??
      // A compound name ("kędzierzyńsko-kozielski", "nowosolski"): the town whose consonants begin it longest.
      inPowiat
        .map((town) => ({ town, shared: sharedPrefix(consonants(town.name), consonants(row.name)) }))
        .sort((a, b) => b.shared - a.shared)
        .find(({ shared }) => shared >= 4)?.town;
    return { code, name: row.name, seat: seat?.name ?? null };
  });

  // Villages and towns of the register of localities, placed in their gmina by voivodeship, powiat and gmina name.
  const gminaByKey = new Map<string, string>();
  const rodzOf: Record<string, string> = { 'gmina miejska': '1', 'gmina wiejska': '2', 'gmina miejsko-wiejska': '3', 'obszar wiejski w gminie miejsko-wiejskiej': '3' };
  const powiatName = new Map(powiats.map((powiat) => [powiat.code, powiat.name]));
  for (const gmina of gminas) {
    const voivodeship = voivodeships.find(([code]) => code === gmina.code.slice(0, 2))![1];
    gminaByKey.set(`${voivodeship}|${powiatName.get(gmina.code.slice(0, 4))}|${gmina.name}|${gmina.rodz}`, gmina.code);
  }
  const gminaByName = new Map([...gminaByKey].map(([key, code]) => [key.slice(0, key.lastIndexOf('|')), code]));
  const villages: Array<{ code: string | null; name: string }> = [];
  // A village's code is its gmina's.
  let unplaced = 0;
  for (const locality of localities) {
    if (locality.Type !== 'village') continue;
    const [, communeName, communeKind] = /^(.*)-(gmina .*|obszar .*)$/.exec(locality.Commune) ?? [];
    // A gmina whose kind changed since (a village given town rights) is found by its name alone.
    const code = gminaByKey.get(`${locality.Province}|${locality.District}|${communeName}|${rodzOf[communeKind ?? ''] ?? ''}`) ?? gminaByName.get(`${locality.Province}|${locality.District}|${communeName}`) ?? null;
    if (!code) unplaced++;
    villages.push({ code, name: locality.Name });
  }

  // Forms of every word of every name, and of the institution types' head words.
  const forms = new Map<string, Set<string>>();
  let fromDictionary = 0;
  let fromRules = 0;
  const addName = (name: string) => {
    nameWords(name).forEach(({ word, inflects }, position) => {
      const key = foldForSearch(word);
      const set = forms.get(key) ?? new Set([key]);
      if (inflects) {
        const found = wordForms(dictionary, word, position);
        if (found.fromDictionary) fromDictionary++;
        else fromRules++;
        for (const form of found.forms) set.add(form);
      }
      forms.set(key, set);
    });
  };
  const names = new Set([...gminas, ...towns, ...villages].map((place) => place.name));
  for (const name of names) addName(name);

  // Adjectives of places ("sosnowiecki" → Sosnowiec), from the dictionary, and the powiats' names for their seats.
  const adjectives = new Map<string, Set<string>>();
  const linkAdjective = (adjective: string, place: string) => {
    const key = foldForSearch(adjective);
    adjectives.set(key, (adjectives.get(key) ?? new Set()).add(place));
    const set = forms.get(key) ?? new Set([key]);
    for (const form of dictionary.forms(adjective)) set.add(form);
    forms.set(key, set);
  };
  for (const name of new Set([...gminas, ...towns].map((place) => place.name))) {
    for (const adjective of adjectivesOf(dictionary, name)) linkAdjective(adjective, name);
  }
  for (const powiat of powiats) if (powiat.seat && powiat.name !== powiat.seat && !powiat.name.includes(' ')) linkAdjective(powiat.name, powiat.seat);
  const voivodeshipForms = new Map<string, string>();
  for (const [code, name] of voivodeships) {
    // "kujawsko-pomorskie": the last part inflects ("kujawsko-pomorskiego").
    const prefix = name.includes('-') ? name.slice(0, name.lastIndexOf('-') + 1) : '';
    voivodeshipForms.set(foldForSearch(name), code);
    for (const candidate of masculine(name.slice(prefix.length))) for (const form of dictionary.forms(candidate)) voivodeshipForms.set(foldForSearch(prefix + form), code);
  }

  // Institution types: every form of their head words.
  const typeWords = new Set<string>();
  const types = institutions.types as Array<{ patterns: string[]; extraForms?: Record<string, string[]> }>;
  for (const type of types) {
    for (const pattern of type.patterns) {
      const head = pattern.split('|')[0]!.trim();
      for (const word of nameWords(head)) {
        if (!word.inflects) continue;
        const key = foldForSearch(word.word);
        const set = forms.get(key) ?? new Set([key]);
        for (const candidate of masculine(word.word)) for (const form of dictionary.forms(candidate)) set.add(form);
        for (const form of type.extraForms?.[word.word] ?? []) set.add(form);
        forms.set(key, set);
        typeWords.add(key);
      }
    }
  }

  const placesByName = new Map<string, string[]>();
  const addPlace = (name: string, code: string) => placesByName.set(name, [...(placesByName.get(name) ?? []), code]);
  for (const [code, name] of voivodeships) addPlace(name, `w${code}`);
  for (const powiat of powiats) addPlace(powiat.name, `p${powiat.code}`);
  for (const gmina of gminas) addPlace(gmina.name, `g${gmina.code}`);
  for (const town of towns) addPlace(town.name, `t${town.code}`);
  for (const village of villages) addPlace(village.name, `v${village.code ?? ''}`);
  const namesByFirstWord = new Map<string, string[]>();
  for (const name of placesByName.keys()) {
    const first = matchWords(name)[0]!;
    namesByFirstWord.set(first, [...(namesByFirstWord.get(first) ?? []), name]);
  }

  const stems = new Map<string, string[]>();
  for (const [key, set] of [...forms].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [stem, ...endings] = encodeForms(set).split('|');
    stems.set(stem!, [...(stems.get(stem!) ?? []), `${key}|${endings.join('|')}|`]);
  }

  const date = terc[0]?.date ?? '';
  const gazetteer = {
    $comment:
      'Generated by tools/build-gazetteer.ts (npm run gazetteer); do not edit. Places: the TERYT register (TERC) and the localities of the national register of geographical names; word forms: the Polish Hunspell dictionary, else tools/place-rules.json. See docs/dataset.md.',
    sources: {
      register: `GUS TERYT, TERC file as of ${date} (tools/data/TERC.csv, see tools/data/README.md)`,
      localities: `polskie-miejscowosci ${versionOf(localitiesDir)} (PRNG, cities and villages as of 2021-05-11, CC BY)`,
      dictionary: `dictionary-pl ${versionOf(dictionaryDir)} (Polish Hunspell dictionary of the sjp.pl project)`,
    },
    registerDate: date,
    voivodeships,
    powiats: powiats.map((powiat) => [powiat.code, powiat.name, powiat.seat]),
    gminas: gminas.map((gmina) => [gmina.code, gmina.name]),
    // Every place by the first word of its name, folded: its name, kinds and codes in one string
    // ("sosnowiec": "Sosnowiec g2475011 t2475011 v3026043|Sosnówiec v2602063"; a village without a code is "v"),
    // read as needed rather than turned into objects at start.
    places: Object.fromEntries(
      [...namesByFirstWord].sort(([a], [b]) => (a < b ? -1 : 1)).map(([word, list]) => [word, list.map((name) => [name, ...placesByName.get(name)!].join(' ')).join('|')]),
    ),
    adjectives: Object.fromEntries([...adjectives].sort().map(([key, places]) => [key, [...places]])),
    voivodeshipForms: Object.fromEntries([...voivodeshipForms].sort()),
    // Every word's folded forms by the stem they share: "sosnow": "sosnowiec|ca|cowi|cem|cu|iec|" (the word, then
    // its endings), several words of one stem apart by ";". A form is found by cutting it into a stem and an ending.
    stems: Object.fromEntries([...stems].sort(([a], [b]) => (a < b ? -1 : 1)).map(([stem, entries]) => [stem, entries.join(';')])),
    typeWords: Object.fromEntries([...typeWords].sort().map((key) => [key, encodeForms(forms.get(key)!)])),
  };
  writeFileSync(OUTPUT, `${JSON.stringify(gazetteer)}\n`);
  console.log(
    `gazetteer: ${voivodeships.length} voivodeships, ${powiats.length} powiats (${powiats.filter((p) => !p.seat).length} without a seat found), ${gminas.length} gminas, ${towns.length} towns, ${villages.length} villages (${unplaced} not placed in a gmina); ` +
      `words ${forms.size} (${fromDictionary} found in the dictionary, ${fromRules} by the rules alone), adjectives ${adjectives.size}; register as of ${date}; ${OUTPUT}`,
  );
  void voivodeshipByName;
}

function consonants(name: string): string {
  return foldForSearch(name).replace(/[^a-z]|[aeiouy]/g, '');
}

function sharedPrefix(a: string, b: string): number {
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  return at;
}

/** The adjectives the dictionary knows for a place name, by the derivation endings of the rules ("Sosnowiec" → "sosnowiecki"). */
export function adjectivesOf(dictionary: HunspellDictionary, name: string): string[] {
  const first = name.split(/[\s-]/)[0]!.toLowerCase();
  const found: string[] = [];
  for (const [ending, adjective] of rules.derivations as Array<[string, string]>) {
    if (!first.endsWith(ending)) continue;
    const candidate = first.slice(0, first.length - ending.length) + adjective;
    if (candidate !== first && dictionary.has(candidate) && !found.includes(candidate)) found.push(candidate);
  }
  return found;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) main();
