import { describe, expect, it } from 'vitest';
import { canonicalUrlKey, cleanUrl, itemIdForUrl } from '../../src/dedupe/url.js';

describe('cleanUrl', () => {
  it.each([
    ['HTTPS://MOPS.Krakow.PL:443/start/211528,artykul,x.html#top', 'https://mops.krakow.pl/start/211528,artykul,x.html'],
    ['https://mopssopot.pl/?p=1776&utm_source=fb&fbclid=abc', 'https://mopssopot.pl/?p=1776'],
    ['http://www.michalowice.pl:80/a?b=2&a=1', 'http://www.michalowice.pl/a?a=1&b=2'],
    ['https://gops.michalowice.pl/aktualnosci;jsessionid=ABC123?page=70', 'https://gops.michalowice.pl/aktualnosci?page=70'],
    ['https://gops.michalowice.pl/aktualnosci?PHPSESSID=1f2e&page=88', 'https://gops.michalowice.pl/aktualnosci?page=88'],
    ['https://mops.krakow.pl//start//1,artykul,x.html', 'https://mops.krakow.pl/start/1,artykul,x.html'],
    ['https://mopssopot.pl/?utm_medium=email', 'https://mopssopot.pl/'],
  ])('%s → %s', (input, expected) => {
    expect(cleanUrl(input)).toBe(expected);
  });
});

describe('canonicalUrlKey', () => {
  it.each([
    ['https://www.mops.krakow.pl/aktualnosci/', 'mops.krakow.pl/aktualnosci'],
    ['http://mops.krakow.pl/aktualnosci', 'mops.krakow.pl/aktualnosci'],
    ['http://wwww.gops.michalowice.pl/index.html', 'gops.michalowice.pl/'],
    ['https://gops.michalowice.pl/aktualnosci/index.php?page=2', 'gops.michalowice.pl/aktualnosci?page=2'],
    ['https://mopssopot.pl/?p=1776', 'mopssopot.pl/?p=1776'],
    ['https://mopssopot.pl/dzien-pracownika-socjalnego/?utm_source=fb#comments', 'mopssopot.pl/dzien-pracownika-socjalnego'],
    ['https://www.michalowice.pl/dzieje-sie/aktualnosci/komunikaty/rok-2026/x,p2027957373', 'michalowice.pl/dzieje-sie/aktualnosci/komunikaty/rok-2026/x,p2027957373'],
    ['https://mops.krakow.pl/Start/A.html', 'mops.krakow.pl/Start/A.html'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalUrlKey(input)).toBe(expected);
  });
});

describe('itemIdForUrl', () => {
  it('is the same for every spelling of one URL and differs between URLs', () => {
    const id = itemIdForUrl('https://mops.krakow.pl/start/211528,artykul,x.html');
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(itemIdForUrl('http://www.mops.krakow.pl/start/211528,artykul,x.html?utm_source=fb#top')).toBe(id);
    expect(itemIdForUrl('https://mops.krakow.pl/start/211529,artykul,x.html')).not.toBe(id);
  });
});
