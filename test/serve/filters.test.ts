import { describe, expect, it } from 'vitest';
import { parseFeedFilter, searchStem } from '../../src/serve/filters.js';

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
      filter: { sources: [], words: ['pomoc', 'spolec'], excluded: ['przeta'], since: null, limit: 200 },
    });
  });

  it('reads sources, since and limit', () => {
    expect(parse('source=mops-sopot,mops-krakow&since=2021-11-25T11:40:00%2B01:00&limit=5')).toEqual({
      filter: { sources: ['mops-sopot', 'mops-krakow'], words: [], excluded: [], since: new Date('2021-11-25T10:40:00Z'), limit: 5 },
    });
  });

  it.each([['source=mops-gdansk'], ['since=25.11.2021'], ['since=2021-13-45'], ['limit=-1'], ['limit=1e3'], [`exclude=${'x'.repeat(201)}`]])('rejects %s', (query) => {
    expect(parse(query)).toEqual({ error: expect.any(String) });
  });
});
