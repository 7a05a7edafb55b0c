/**
 * The national gazetteer (src/normalize/gazetteer.json): the register is
 * whole, word forms find their places, and every gmina seat of the register
 * is found again from its locative in "Ośrodek Pomocy Społecznej w …", the
 * locative made by the ending rules and checked against the Hunspell
 * dictionary's forms where the dictionary knows the word.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gazetteer } from '../../src/normalize/places.js';
import { institutionsMentioned } from '../../src/normalize/institutions.js';
import { foldForSearch } from '../../src/normalize/text.js';
import { loadHunspell } from '../../tools/hunspell.js';
import { ruleLocative } from '../../tools/build-gazetteer.js';

describe('the register', () => {
  const { voivodeships, powiats, allNames, placesNamed } = gazetteer();
  const units = [...allNames()].flatMap((name) => placesNamed(name));
  const gminas = units.filter((place) => place.kind === 'gmina');

  it('has every voivodeship, powiat and gmina of TERYT, each with its code', () => {
    expect(voivodeships).toHaveLength(16);
    expect(powiats).toHaveLength(380);
    expect(gminas).toHaveLength(2479);
    expect(units.filter((place) => place.kind === 'town')).toHaveLength(1020);
    expect(gminas.every((gmina) => /^\d{6}[123]$/.test(gmina.teryt!))).toBe(true);
  });

  it.each([
    ['Sosnowiec', 'gmina', '2475011'],
    ['Kędzierzyn-Koźle', 'gmina', '1603011'],
    ['Michałowice', 'gmina', '1421042'],
    ['Ełk', 'gmina', '2805022'],
    ['mielecki', 'powiat', '1811'],
    ['śląskie', 'voivodeship', '24'],
  ])('knows %s (%s %s)', (name, kind, teryt) => {
    expect(placesNamed(name)).toContainEqual(expect.objectContaining({ kind, teryt }));
  });

  it.each([
    ['mielecki', 'Mielec'],
    ['krakowski', 'Kraków'],
    ['grodziski', 'Grodzisk Mazowiecki'],
    ['Sosnowiec', 'Sosnowiec'],
  ])('knows the seat of powiat %s: %s', (powiat, seat) => {
    expect(powiats.filter((candidate) => candidate.name === powiat).map((candidate) => candidate.seat)).toContain(seat);
  });

  it.each([
    ['sosnowcu', 'sosnowiec'],
    ['sosnowca', 'sosnowiec'],
    ['gdyni', 'gdynia'],
    ['kedzierzynie', 'kedzierzyn'],
    ['kozlu', 'kozle'],
    ['bielsku', 'bielsko'],
    ['bialej', 'biala'],
    ['sosnowieckiego', 'sosnowiecki'],
    ['gdynskiego', 'gdynski'],
    ['inowroclawiu', 'inowroclaw'],
    ['wiskitkach', 'wiskitki'],
  ])('reads %s as a form of %s', (form, lemma) => {
    expect(gazetteer().lemmasOf(form)).toContain(lemma);
  });

  it.each([
    ['sosnowiecki', ['Sosnowiec']],
    ['gdynski', ['Gdynia']],
    ['cedynski', ['Cedynia']],
    ['sredzki', ['Środa Śląska', 'Środa Wielkopolska']],
  ])('knows the place of the adjective %s', (adjective, places) => {
    expect(gazetteer().placesOfAdjective(adjective)).toEqual(places);
  });
});

describe('every gmina seat of the register', () => {
  const { allNames, placesNamed } = gazetteer();
  const gminas = [...allNames()].flatMap((name) => placesNamed(name)).filter((place) => place.kind === 'gmina');
  const dictionary = loadHunspell(join('node_modules/dictionary-pl/index.aff'), join('node_modules/dictionary-pl/index.dic'));

  const locative = ruleLocative;

  it('is found again from its locative in "Ośrodek Pomocy Społecznej w …" (share printed; at least 0.98)', () => {
    let found = 0;
    let unique = 0;
    const misses: string[] = [];
    for (const gmina of gminas) {
      const text = `Ośrodek Pomocy Społecznej w ${locative(gmina.name)}`;
      const [mention] = institutionsMentioned(text, { voivodeship: gmina.teryt!.slice(0, 2) });
      if (mention?.place === gmina.name) {
        found++;
        if (mention.teryt === gmina.teryt) unique++;
      } else misses.push(`${gmina.name} (${text}): ${mention?.place ?? 'nothing'}`);
    }
    console.log(`gmina seats found from their locative: ${found}/${gminas.length} = ${(found / gminas.length).toFixed(3)}; with their own TERYT code: ${unique}; misses: ${misses.slice(0, 12).join('; ')}`);
    expect(found / gminas.length).toBeGreaterThanOrEqual(0.98);
  });

  it('has a locative by the rules that the dictionary agrees with, where the dictionary knows the name (share printed)', () => {
    let known = 0;
    let agreed = 0;
    for (const gmina of gminas) {
      if (/[\s-]/.test(gmina.name)) continue;
      const forms = dictionary.forms(gmina.name);
      if (forms.length < 2) continue;
      known++;
      if (forms.map(foldForSearch).includes(foldForSearch(locative(gmina.name)))) agreed++;
    }
    console.log(`one-word gmina names the dictionary inflects: ${known}; their rule locative among the dictionary's forms: ${agreed} = ${(agreed / known).toFixed(3)}`);
    expect(agreed / known).toBeGreaterThanOrEqual(0.9);
  });
});
