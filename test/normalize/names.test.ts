import { describe, expect, it } from 'vitest';
import { canonicalInstitutionName, normalizeAuthor, splitTrailingSignature } from '../../src/normalize/names.js';

describe('normalizeAuthor', () => {
  it.each([
    ['Opublikowany przez: Stanowisko ds. promocji', 'Stanowisko ds. promocji'],
    ['Autor: Iwona Radzimirska', 'Iwona Radzimirska'],
    ['(JD)', 'JD'],
    ['  Opublikowała:   Anna\u00a0Kowalska. ', 'Anna Kowalska'],
    ['oprac. Dział Promocji', 'Dział Promocji'],
    ['Redakcja', 'Redakcja'],
    ['admin', null],
    ['Administrator', null],
    ['12345', null],
    ['', null],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeAuthor(raw)).toBe(expected);
  });
});

describe('splitTrailingSignature', () => {
  it.each([
    ['istniejące potrzeby.(JD).', 'istniejące potrzeby.', 'JD'],
    ['Dziękujemy wszystkim. (AB/CD)', 'Dziękujemy wszystkim.', 'AB/CD'],
    ['Prowadzenie Placówki Wsparcia Dziennego (PWD)', 'Prowadzenie Placówki Wsparcia Dziennego (PWD)', null],
    ['Program (PWD) dla dzieci.', 'Program (PWD) dla dzieci.', null],
  ])('%j', (text, rest, signature) => {
    expect(splitTrailingSignature(text)).toEqual({ text: rest, signature });
  });
});

describe('canonicalInstitutionName', () => {
  it.each([
    ['Miejskiego Ośrodka Pomocy Społecznej w Krakowie', 'Miejski Ośrodek Pomocy Społecznej w Krakowie'],
    ['MOPS w Krakowie', 'Miejski Ośrodek Pomocy Społecznej w Krakowie'],
    ['miejski ośrodek pomocy społecznej w Krakowie', 'Miejski Ośrodek Pomocy Społecznej w Krakowie'],
    ['Miejskim Ośrodku Pomocy Społecznej w Sopocie', 'Miejski Ośrodek Pomocy Społecznej w Sopocie'],
    ['Gminnego Ośrodka Pomocy Społecznej Gminy Michałowice', 'Gminny Ośrodek Pomocy Społecznej Gminy Michałowice'],
    ['GOPS Michałowice', 'Gminny Ośrodek Pomocy Społecznej Michałowice'],
    ['ROPS w Krakowie', 'Regionalny Ośrodek Polityki Społecznej w Krakowie'],
    ['Regionalnym Ośrodkiem Polityki Społecznej', 'Regionalny Ośrodek Polityki Społecznej'],
    ['Powiatowego Centrum Pomocy Rodzinie w Pruszkowie', 'Powiatowe Centrum Pomocy Rodzinie w Pruszkowie'],
    ['Miejsko-Gminnego Ośrodka Pomocy Społecznej w Wieliczce', 'Miejsko-Gminny Ośrodek Pomocy Społecznej w Wieliczce'],
    ['Centrum Wspierania  Aktywności Lokalnej CAL', 'Centrum Wspierania Aktywności Lokalnej CAL'],
  ])('%j → %j', (raw, expected) => {
    expect(canonicalInstitutionName(raw)).toBe(expected);
  });
});
