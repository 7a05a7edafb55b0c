/**
 * Institution mentions resolved through the national gazetteer: the forms
 * texts use (cases, abbreviations with endings, adjectives, words dropped,
 * no Polish letters), several per sentence, the source's own institution
 * only where the type agrees, ids, and the filter terms of ?institution=.
 */
import { describe, expect, it } from 'vitest';
import { institutionNamedBy, institutionOf, institutionsMentioned, matchesInstitutionTerm, type MentionContext } from '../../src/normalize/institutions.js';
import { canonicalInstitutionName } from '../../src/normalize/names.js';

const show = (text: string, context: MentionContext = {}) =>
  institutionsMentioned(text, context).map((ref) => `${ref.type} ${ref.place ?? '-'} ${ref.teryt ?? '-'}`);

describe('institution mentions', () => {
  it.each([
    ['informuje rzecznik MOPS-u w Sosnowcu', ['MOPS Sosnowiec 2475011']],
    ['Miejskim Ośrodkiem Pomocy Społecznej w Sosnowcu', ['MOPS Sosnowiec 2475011']],
    ['dyrektor sosnowieckiego MOPS-u', ['MOPS Sosnowiec 2475011']],
    ['Miejski Ośrodek Pomocy Społecznej Miasta Sosnowca', ['MOPS Sosnowiec 2475011']],
    ['Miejski Osrodek Pomocy Spolecznej w Sosnowcu', ['MOPS Sosnowiec 2475011']],
    ['MOPS w Gdyni i gdyńskiego PCPR', ['MOPS Gdynia 2262011', 'PCPR Gdynia 2262']],
    ['Miejskiego Ośrodka Pomocy Społecznej w Kędzierzynie-Koźlu', ['MOPS Kędzierzyn-Koźle 1603011']],
    ['MOPS w Bielsku-Białej', ['MOPS Bielsko-Biała 2461011']],
    ['Ośrodkowi Pomocy Społecznej Gminy Ełk', ['OPS Ełk 2805022']],
    ['Powiatowe Centrum Pomocy Rodzinie w Mielcu', ['PCPR Mielec 1811']],
    ['Powiatowy Urząd Pracy w Aleksandrowie Kujawskim', ['PUP Aleksandrów Kujawski 0401']],
    ['Centrum Usług Społecznych w Inowrocławiu', ['CUS Inowrocław -']],
    ['Miejskiego Ośrodka Pomocy w Sopocie', ['MOPS Sopot 2264011']],
    ['przez Miejsko Gminny Ośrodek Pomocy Społecznej w Dobczycach', ['MGOPS Dobczyce 1209013']],
    ['skierowanie wystawione przez MGOPS Wiskitki', ['MGOPS Wiskitki 1438053']],
    ['Regionalny Ośrodek Polityki Społecznej w Toruniu', ['ROPS Toruń 04']],
    ['Regionalny Ośrodek Polityki Społecznej Województwa Śląskiego', ['ROPS - 24']],
    ['Domu Pomocy Społecznej Nr 2 w Sosnowcu', ['DPS Sosnowiec 2475011']],
    ['Centrum Integracji Społecznej CISPOL w Polanowicach', ['CIS Polanowice -']],
    ['MOPS w Ostrowcu Św. przyjmuje wnioski', ['MOPS Ostrowiec Świętokrzyski 2607011']],
    ['Ośrodek Pomocy Społecznej Gminy Lubawa i Miejski Ośrodek Pomocy Społecznej w Lubawie', ['OPS Lubawa 2807052', 'MOPS Lubawa 2807021']],
    ['Regionalny Ośrodek Polityki Społecznej Obserwatorium Integracji Społecznej 10-447 Olsztyn', ['ROPS Olsztyn 28']],
    // a type with no place stays a type: no place is guessed
    ['mówi dyrektor OPS Monika Filińska', ['OPS - -']],
    ['Pracownicy MOPS-u apelują', ['MOPS - -']],
    ['Lokalne MOPS-y, GOPS-y, PCPR-y?', ['MOPS - -', 'GOPS - -', 'PCPR - -']],
    // not institutions of the sector
    ['Polski Komitet Pomocy Społecznej i centra usług wspólnych (CUW)', []],
    ['mops i cal pisane małymi literami', []],
  ])('%s', (text, expected) => {
    expect(show(text)).toEqual(expected);
  });

  it('ties a mention without a place to the source only when the types agree', () => {
    const own = institutionOf('GOPS', { city: 'Michałowice', voivodeship: 'mazowieckie' }, 'Gminny Ośrodek Pomocy Społecznej w Michałowicach')!;
    expect(show('pracownicy GOPS-u i PCPR', { own, voivodeship: '14' })).toEqual(['GOPS Michałowice 1421042', 'PCPR - -']);
  });

  it('gives ids by type and place, with the TERYT code where places share a name', () => {
    expect(institutionsMentioned('MOPS w Sosnowcu, GOPS w Michałowicach, ROPS w Krakowie').map((ref) => ref.id)).toEqual(['mops-sosnowiec', 'gops-michalowice', 'rops-krakow']);
    expect(institutionsMentioned('GOPS w Michałowicach', { voivodeship: 'mazowieckie' })[0]!.id).toBe('gops-michalowice-1421042');
  });
});

describe('a source institution', () => {
  it.each([
    ['MOPS', { city: 'Kraków' }, 'mops-krakow', '1261011'],
    ['GOPS', { city: 'Michałowice', voivodeship: 'mazowieckie' }, 'gops-michalowice-1421042', '1421042'],
    ['GOPS', { teryt: '1206082' }, 'gops-michalowice-1206082', '1206082'],
    ['PCPR', { city: 'Mielec' }, 'pcpr-mielec', '1811'],
  ])('%s %o is %s', (type, place, id, teryt) => {
    expect(institutionOf(type, place, 'x')).toMatchObject({ id, teryt });
  });
});

describe('the institution a site names as itself', () => {
  it.each([
    [['MOPS Sosnowiec', 'Aktualności - Miejski Ośrodek Pomocy Społecznej w Sosnowcu'], 'mops-sosnowiec 2475011'],
    [['Strona główna', 'Aktualności', 'Miejski Ośrodek Pomocy Rodzinie ul. Kilińskiego 5, 76-200 Słupsk tel. 59 842 00 00'], 'mopr-slupsk 2263011'],
    [['Gminny Ośrodek Pomocy Społecznej', 'ul. Szkolna 1, 05-816 Michałowice'], 'gops-michalowice -'],
    [['Aktualności', 'Urząd Miasta, ul. Długa 1, 81-000 Gdynia'], null],
  ])('%o → %s', (texts, expected) => {
    const institution = institutionNamedBy(texts);
    expect(institution ? `${institution.id} ${institution.teryt ?? '-'}` : null).toBe(expected);
  });
});

describe('filter terms', () => {
  const cus = { id: 'cus-katowice', name: 'Centrum Usług Społecznych (Katowice)', type: 'CUS', place: 'Katowice', teryt: '2469011' };
  it.each([
    ['cus', true],
    ['CUS', true],
    ['katowice', true],
    ['slaskie', true],
    ['cus slaskie', true],
    ['cus+śląskie', true],
    ['cus-katowice', true],
    ['mops', false],
    ['cus mazowieckie', false],
  ])('%s → %s', (term, matches) => {
    expect(matchesInstitutionTerm(cus, term)).toBe(matches);
  });

  it('reads items stored with only an id and a name', () => {
    expect(matchesInstitutionTerm({ id: 'mops-sopot', name: 'Miejski Ośrodek Pomocy Społecznej w Sopocie' }, 'mops sopot')).toBe(true);
  });
});

describe('canonicalInstitutionName', () => {
  it.each([
    ['Miejskiego Ośrodka Pomocy Społecznej w Krakowie', 'Miejski Ośrodek Pomocy Społecznej w Krakowie'],
    ['MOPS w Krakowie', 'Miejski Ośrodek Pomocy Społecznej w Krakowie'],
    ['Gminnemu Ośrodkowi Pomocy Społecznej w Michałowicach', 'Gminny Ośrodek Pomocy Społecznej w Michałowicach'],
    ['Urząd Miasta Sopotu', 'Urząd Miasta Sopotu'],
  ])('%s → %s', (raw, expected) => {
    expect(canonicalInstitutionName(raw)).toBe(expected);
  });
});
