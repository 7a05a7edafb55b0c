import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodeHtml } from '../../src/crawl/charset.js';

// Only characters both legacy encodings have (iso-8859-2 has no en dash).
const POLISH = 'Zażółć gęślą jaźń - Gminny Ośrodek Pomocy Społecznej, Michałowice, ĄĆĘŁŃÓŚŹŻ';
const page = (meta: string) => `<html><head>${meta}<title>GOPS</title></head><body><p>${POLISH}</p></body></html>`;

describe('decodeHtml', () => {
  it.each([
    ['windows-1250, charset only in <meta http-equiv>', 'windows-1250', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1250">', 'text/html'],
    ['windows-1250, charset only in <meta charset>', 'windows-1250', '<meta charset="windows-1250">', 'text/html'],
    ['windows-1250, charset in the header', 'windows-1250', '', 'text/html; charset=windows-1250'],
    ['iso-8859-2, charset only in <meta>', 'iso-8859-2', '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">', 'text/html'],
    ['iso-8859-2, charset in the header', 'iso-8859-2', '', 'text/html; charset=ISO-8859-2'],
    ['utf-8 with the header', 'utf-8', '', 'text/html; charset=utf-8'],
    ['utf-8 declared nowhere', 'utf-8', '', null],
    ['windows-1250 declared nowhere (sniffed: not valid UTF-8)', 'windows-1250', '', 'text/html'],
  ])('%s', (_, encoding, meta, contentType) => {
    const bytes = iconv.encode(page(meta), encoding);
    expect(decodeHtml(bytes, contentType)).toContain(POLISH);
  });

  it('prefers the header over a contradicting <meta>', () => {
    const bytes = iconv.encode(page('<meta charset="windows-1250">'), 'iso-8859-2');
    expect(decodeHtml(bytes, 'text/html; charset=iso-8859-2')).toContain(POLISH);
  });
});
