import { describe, expect, it } from 'vitest';
import { collapseWhitespace, FirstWords, foldForSearch, keywordPattern, matchesAnyKeyword, passesKeywordFilter, stripXmlInvalid, summarize } from '../../src/normalize/text.js';
import { htmlToText, sanitizeArticleHtml } from '../../src/normalize/html.js';

describe('text cleanup', () => {
  it('collapses whitespace, non-breaking spaces and soft hyphens', () => {
    expect(collapseWhitespace(' Pomoc\u00a0spo\u00adłeczna \n\t dla\u200b  seniorów ')).toBe('Pomoc społeczna dla seniorów');
  });

  it('strips characters XML cannot carry, including lone surrogates', () => {
    expect(stripXmlInvalid('a\u0000b\u0008c\u001fd\ud800e\uffffftab\tok 😀')).toBe('abcdeftab\tok 😀');
  });

  it('summarises at a word boundary', () => {
    const summary = summarize('słowo '.repeat(100), 50);
    expect(summary.length).toBeLessThanOrEqual(51);
    expect(summary.endsWith('słowo…')).toBe(true);
  });

  it.each([
    ['Pracownicy GOPS-u spotkali się z wójt', ['GOPS*'], true],
    ['Spotkanie w Gminnym Ośrodku Pomocy Społecznej', ['ośrod* pomocy społecznej'], true],
    ['Spotkanie w Gminnym Osrodku Pomocy Spolecznej', ['ośrod* pomocy społecznej'], true],
    ['Utrudnienia w ruchu na DW 719', ['GOPS*', 'senior*'], false],
    ['Seniorzy zapraszają', ['senior*'], true],
    ['Kampania GOPSowska', ['GOPS'], false],
  ])('matchesAnyKeyword(%j, %j) = %s', (text, keywords, expected) => {
    expect(matchesAnyKeyword(text, keywords)).toBe(expected);
  });
});

describe('passesKeywordFilter', () => {
  it.each([
    [{}, true],
    [{ include: ['GOPS*'] }, true],
    [{ include: ['senior*'] }, false],
    [{ exclude: ['przetarg*'] }, true],
    [{ include: ['GOPS*'], exclude: ['zbiórk*'] }, false],
  ])('%j', (filter, expected) => {
    expect(passesKeywordFilter('Zbiórka żywności organizowana przez GOPS-u pracowników', filter)).toBe(expected);
  });
});

describe('sanitizeArticleHtml', () => {
  const base = 'https://mops.krakow.pl/start/1,artykul,x.html';

  it('removes scripts, styles, handlers, iframes, forms and dangerous URLs, and makes URLs absolute', () => {
    const html = sanitizeArticleHtml(
      `<p onclick="steal()">Tekst <a href="/pliki/a.pdf">plik</a> <a href="javascript:alert(1)">zły</a> <img src="data:image/png;base64,AAA"><img src="img/b.png" alt="b"></p>
       <script>alert(1)</script><style>p{}</style><iframe src="https://x.pl"></iframe><form><input name="q"></form><h1>Nagłówek</h1>`,
      base,
    );
    expect(html).not.toMatch(/script|style|onclick|iframe|form|input|javascript:|data:/i);
    expect(html).toContain('<a href="https://mops.krakow.pl/pliki/a.pdf">plik</a>');
    expect(html).toContain('<img src="https://mops.krakow.pl/start/img/b.png" alt="b" />');
    expect(html).toContain('<h2>Nagłówek</h2>');
    expect(html).toContain('<a>zły</a>'); // the text of a link with a dangerous target stays, the target goes
  });

  it('turns HTML into one line of text per block', () => {
    expect(htmlToText('<p>Pierwszy&nbsp;akapit</p><ul><li>jeden</li><li>dwa &amp; trzy</li></ul>')).toBe('Pierwszy akapit\njeden\ndwa & trzy');
  });
});

describe('FirstWords', () => {
  const keywords = ['bezdomn*', 'kryzys* bezdomnosci', '60+', 'Miejsko-Gminny Ośrodek Pomocy Społecznej', 'MOPS*', '*owy', 'ośrodek', 'uchodźc*'];
  const index = new FirstWords([keywords]);
  it.each([
    ['Pomoc dla osób bezdomnych', ['bezdomn*']],
    ['kryzysu bezdomności nie ma', ['bezdomn*', 'kryzys* bezdomnosci']],
    ['Karta Seniora 60+ w MOPS-ie', ['60+', 'MOPS*']],
    // Its first word is there, so its pattern runs (and fails): the index only rules out.
    ['Miejsko-Gminnego Ośrodka', ['Miejsko-Gminny Ośrodek Pomocy Społecznej']],
    ['Miejsko-Gminny Ośrodek Pomocy Społecznej', ['Miejsko-Gminny Ośrodek Pomocy Społecznej', 'ośrodek']],
    ['„Ośrodek” zaprasza', ['ośrodek']],
    ['Допомога біженцям, uchodźcom z Ukrainy', ['uchodźc*']],
    ['nic takiego', []],
  ])('%j may match %j (and "*owy", which rules nothing out)', (text, expected) => {
    const present = index.present(foldForSearch(text));
    expect(keywords.filter((_, i) => present.has(0, i))).toEqual(expect.arrayContaining([...expected, '*owy']));
    expect(keywords.filter((_, i) => present.has(0, i))).toHaveLength(expected.length + 1);
  });

  it('never rules out a keyword whose pattern matches', () => {
    const texts = ['Bezdomni i bezdomne', 'Seniorzy 60+ i 65+', 'placówki opiekuńczo-wychowawcze', 'EFS+ w gminie', 'OIK-u, ŚDS-ie, DPS-ach'];
    const lexicon = ['bezdomn*', '60+', '65+', 'plac* opiekuncz*-wychowawcz*', 'efs+', 'oik*', 'sds*', 'dps*', 'seniorzy'];
    const present = new FirstWords([lexicon]);
    for (const text of texts) {
      const folded = foldForSearch(text);
      const may = present.present(folded);
      lexicon.forEach((keyword, i) => {
        if (keywordPattern(keyword).test(folded)) expect(may.has(0, i), `${keyword} in ${text}`).toBe(true);
      });
    }
  });
});
