import { describe, expect, it } from 'vitest';
import { parseFeedFilter, searchStem } from '../../src/publish/filters.js';

describe('searchStem', () => {
  it.each([
    ['pomoc', 'pomoc'],
    ['gops', 'gops'],
    ['spoleczna', 'spolec'],
    ['bezdomnych', 'bezdomn'],
    ['seniorow', 'senio'],
    ['pomocy', 'pomoc'],
  ])('%s → %s', (word, stem) => {
    expect(searchStem(word)).toBe(stem);
  });
});

describe('parseFeedFilter', () => {
  const parse = (query: string) => parseFeedFilter(new URLSearchParams(query), ['mops-krakow', 'mops-sopot'], 200);

  it('folds diacritics and stems the words of q and exclude', () => {
    expect(parse('q=Pomoc Społeczna&exclude=Przetargi')).toEqual({
      filter: { sources: [], words: ['pomoc', 'spolec'], excluded: ['przeta'], since: null, until: null, topics: [], institutions: [], limit: 200 },
    });
  });

  it('reads sources, since and limit', () => {
    expect(parse('source=mops-sopot,mops-krakow&since=2021-11-25T11:40:00%2B01:00&limit=5')).toEqual({
      filter: { sources: ['mops-sopot', 'mops-krakow'], words: [], excluded: [], since: new Date('2021-11-25T10:40:00Z'), until: null, topics: [], institutions: [], limit: 5 },
    });
  });

  it('reads a date alone as Polish midnight', () => {
    expect(parse('since=2021-07-01')).toMatchObject({ filter: { since: new Date('2021-06-30T22:00:00Z') } });
  });

  it('reads until (a date alone includes that day), topics and institutions, and checks them against the known ids', () => {
    const vocabulary = { sources: ['mops-sopot'], topics: ['seniorzy', 'bezdomnosc'], institutions: true };
    const parsed = parseFeedFilter(new URLSearchParams('until=2021-11-25&topic=seniorzy,bezdomnosc&institution=mops-sopot'), vocabulary, 200);
    expect(parsed).toEqual({
      filter: { sources: [], words: [], excluded: [], since: null, until: new Date('2021-11-25T23:00:00Z'), topics: ['seniorzy', 'bezdomnosc'], institutions: ['mops-sopot'], limit: 200 },
    });
    expect(parseFeedFilter(new URLSearchParams('topic=sport'), vocabulary, 200)).toEqual({ error: 'topic: no topic with id "sport" (known: seniorzy, bezdomnosc)' });
    expect(parseFeedFilter(new URLSearchParams('limit=5000'), vocabulary, Infinity, Infinity)).toMatchObject({ filter: { limit: 5000 } });
  });

  it.each([['mops'], ['sosnowiec'], ['mops-sosnowiec'], ['cus slaskie'], ['CUS+śląskie'], ['gops-michalowice-1421042'], ['pcpr mielec'], ['mops-sopot']])('takes institution=%s (a type, place, voivodeship, id or source)', (term) => {
    expect(parseFeedFilter(new URLSearchParams({ institution: term }), { sources: ['mops-sopot'], institutions: true }, 200)).toMatchObject({ filter: { institutions: [term] } });
  });

  it.each([['mopsik'], ['cus atlantyda'], ['mops-atlantyda']])('refuses institution=%s, naming the word and the types', (term) => {
    const parsed = parseFeedFilter(new URLSearchParams({ institution: term }), { sources: ['mops-sopot'], institutions: true }, 200);
    expect(parsed).toEqual({ error: expect.stringMatching(/^institution: ".*" is no institution type, place, voivodeship or id .*types: mops, gops/) });
  });

  it.each([['source=mops-gdansk'], ['since=25.11.2021'], ['since=2021-13-45'], ['limit=-1'], ['limit=1e3'], [`exclude=${'x'.repeat(201)}`]])('rejects %s', (query) => {
    expect(parse(query)).toEqual({ error: expect.any(String) });
  });
});
