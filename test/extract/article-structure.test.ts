/**
 * How an article page's structure is read, class by class, on small pages
 * written for each: metadata blocks (label and value in table cells, in
 * dt/dd, in divs, in lines broken by <br>), the site's name against the
 * headline, a date printed in parts, text written in <div>s and <span>s, a
 * BIP record next to its metadata table, and the attachment block after the
 * body.
 */
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/extract/article.js';
import { readLabelledValues } from '../../src/extract/structured.js';
import { normalizeArticle, type NormalizedArticle } from '../../src/normalize/article.js';

const URL_OF_PAGE = 'https://bip.example.pl/artykul/15';
const PROSE = 'Kierownik ośrodka informuje, że od poniedziałku sekretariat przyjmuje wnioski o świadczenia w nowej siedzibie przy ulicy Długiej.';

function extract(html: string, url = URL_OF_PAGE): NormalizedArticle {
  const result = normalizeArticle(extractArticle(load(html), url, {}, 'none'));
  if ('skipped' in result) throw new Error(result.skipped);
  return result.article;
}

describe('label and value pairs of a metadata block', () => {
  it.each([
    {
      name: 'th and td cells of a table',
      html: '<table><tr><th>Data powstania:</th><td>14.09.2009 10:18</td></tr><tr><th>Autor:</th><td>Anna Nowak</td></tr></table>',
      pairs: [
        { label: 'Data powstania', value: '14.09.2009 10:18' },
        { label: 'Autor', value: 'Anna Nowak' },
      ],
    },
    {
      name: 'dt and dd',
      html: '<dl><dt>Wytworzył:</dt><dd>Jan Kowalski</dd><dt>Data wytworzenia:</dt><dd>2021-12-20</dd></dl>',
      pairs: [
        { label: 'Wytworzył', value: 'Jan Kowalski' },
        { label: 'Data wytworzenia', value: '2021-12-20' },
      ],
    },
    {
      name: 'a label div and its value div',
      html: '<div class="pole"><div class="etykieta">Sporządził:</div><div class="wartosc">Ewa Lis</div></div>',
      pairs: [{ label: 'Sporządził', value: 'Ewa Lis' }],
    },
    {
      name: 'lines broken by <br> in a table cell, values in <b>',
      html: '<table><tr><td>Podpisał: <b>Adam Nowak</b><br>Dokument z dnia: <b>02.07.2009</b><br>Dokument oglądany razy: <b>137 066</b><br></td></tr></table>',
      pairs: [
        { label: 'Podpisał', value: 'Adam Nowak' },
        { label: 'Dokument z dnia', value: '02.07.2009' },
        { label: 'Dokument oglądany razy', value: '137 066' },
      ],
    },
    {
      name: 'lines broken by <br> in a div, around a floated block of its own, a value in a link',
      html: '<div id="m"><div style="float:right">Opublikował: <a href="/r"><b>Ewa Lis</b></a><br>Publikacja dnia: <b>13.07.2011</b></div>Podpisał: <b>Ewa Lis</b><br>Dokument z dnia: <b>12.07.2011</b></div>',
      pairs: [
        { label: 'Opublikował', value: 'Ewa Lis' },
        { label: 'Publikacja dnia', value: '13.07.2011' },
        { label: 'Podpisał', value: 'Ewa Lis' },
        { label: 'Dokument z dnia', value: '12.07.2011' },
      ],
    },
    {
      name: 'labels in <strong> and values as text, one line each',
      html: '<p><strong>Autor:</strong> Jan Nowak<br><strong>Data publikacji:</strong> 12.03.2024</p>',
      pairs: [
        { label: 'Autor', value: 'Jan Nowak' },
        { label: 'Data publikacji', value: '12.03.2024' },
      ],
    },
  ])('$name', ({ html, pairs }) => {
    const $ = load(`<html><body><div id="scope">${html}</div></body></html>`);
    const found = readLabelledValues($, $('#scope')[0]!);
    for (const pair of pairs) expect(found).toContainEqual(pair);
    // A line of several pairs is never read as one value.
    expect(found.filter((pair) => pair.value.includes(': '))).toEqual([]);
  });
});

describe('BIP records and their metadata', () => {
  it.each([
    {
      name: 'a metadata table after the text: its date and time, the text ending before it and what follows it',
      html: `<div id="strona"><div class="art"><p class="art_date">2009-09-14 11:18:16</p><h1 class="art_title"><a href="/art/id/1">Dane kontaktowe</a></h1>
        <p>${PROSE}</p><p>Wnioski można składać także pocztą.</p>
        <h2>Informacje o artykule</h2>
        <table id="artinfo"><tr><th>Autor:</th><td></td></tr><tr><th>Data powstania:</th><td>14.09.2009 10:18</td></tr><tr><th>Data ostatniej modyfikacji:</th><td>19.03.2012 12:15</td></tr><tr><th>Liczba wyświetleń:</th><td>224189</td></tr></table>
        <h2>Artykuły archiwalne</h2><table><tr><th>Lp.</th><th>Tytuł</th><th>Data modyfikacji</th></tr><tr><td>1</td><td><a href="/art/id/509">Dane kontaktowe</a></td><td>19.03.2012 12:13</td></tr></table>
        </div></div>`,
      title: 'Dane kontaktowe',
      published: '2009-09-14T10:18:00+02:00',
      author: null,
      bodyStart: 'Kierownik ośrodka informuje',
      bodyEnd: 'Wnioski można składać także pocztą.',
    },
    {
      name: 'a record of addresses and numbers, too little prose for a body: the block beside its metadata table',
      html: `<div id="strona"><div class="art"><h1 class="art_title">Dane kontaktowe</h1>
        <h3>Ośrodek Pomocy Społecznej</h3><p>ul. Długa 1, 22-400 Zamość</p><p>NIP 922-10-69-526</p><p>tel. 84 638 33 31</p>
        <table><tr><th>Wytworzył:</th><td>Anna Nowak</td></tr><tr><th>Data wytworzenia:</th><td>01.02.2019</td></tr></table></div></div>`,
      title: 'Dane kontaktowe',
      published: '2019-02-01T00:00:00+01:00',
      author: 'Anna Nowak',
      bodyStart: 'Ośrodek Pomocy Społecznej',
      bodyEnd: 'tel. 84 638 33 31',
    },
    {
      name: 'a metryczka of lines broken by <br>, beside the text, under a site name that links home',
      html: `<div id="main"><div id="head"><h1><a href="index.php"><span>BIP Gminnego Ośrodka</span></a></h1></div>
        <div id="content"><h2>Godziny pracy</h2><div class="incontent"><p>${PROSE}</p></div>
        <div id="metryczka"><table><tr><td>Podpisał: <b>Adam Nowak</b><br>Dokument z dnia: <b>02.07.2009</b><br></td>
        <td>Opublikował: <b><a href="index.php?id=40">Ewa Lis</a></b><br>Publikacja dnia: <b>04.01.2010</b><br></td></tr></table></div></div></div>`,
      title: 'Godziny pracy',
      published: '2010-01-04T00:00:00+01:00',
      author: 'Adam Nowak',
      bodyStart: 'Kierownik ośrodka informuje',
      bodyEnd: 'przy ulicy Długiej.',
    },
    {
      name: 'metadata in dt and dd after the text',
      html: `<div id="tresc"><h1>Nabór na stanowisko</h1><p>${PROSE}</p>
        <dl class="metryka"><dt>Wytworzył:</dt><dd>Jan Kowalski</dd><dt>Data wytworzenia:</dt><dd>2021-12-20</dd><dt>Data udostępnienia:</dt><dd>2021-12-21 10:05</dd></dl></div>`,
      title: 'Nabór na stanowisko',
      published: '2021-12-21T10:05:00+01:00',
      author: 'Jan Kowalski',
      bodyStart: 'Kierownik ośrodka informuje',
      bodyEnd: 'przy ulicy Długiej.',
    },
    {
      name: 'metadata in label and value divs',
      html: `<div id="tresc"><h1>Nabór na stanowisko</h1><p>${PROSE}</p>
        <div class="metryka"><div class="wiersz"><span class="l">Sporządził:</span><span class="v">Ewa Lis</span></div>
        <div class="wiersz"><span class="l">Data publikacji:</span><span class="v">05.03.2020</span></div></div></div>`,
      title: 'Nabór na stanowisko',
      published: '2020-03-05T00:00:00+01:00',
      author: 'Ewa Lis',
      bodyStart: 'Kierownik ośrodka informuje',
      bodyEnd: 'przy ulicy Długiej.',
    },
  ])('$name', ({ html, title, published, author, bodyStart, bodyEnd }) => {
    const article = extract(`<html><head><title>BIP</title></head><body>${html}</body></html>`);
    expect({ title: article.title, published: article.published, author: article.author }).toEqual({ title, published, author });
    const text = article.contentText.replace(/\s+/g, ' ');
    expect(text.startsWith(bodyStart), text).toBe(true);
    expect(text.endsWith(bodyEnd), text).toBe(true);
  });
});

describe('the headline against the site name', () => {
  it.each([
    {
      name: 'an <h1> linking to the home page is the site name; the <h2> over the text is the headline',
      html: `<div id="top"><h1><a href="/">Gminny Ośrodek Pomocy Społecznej</a></h1></div><div id="tresc"><h2>Dyżur w sobotę</h2><p>${PROSE}</p></div>`,
      title: 'Dyżur w sobotę',
    },
    {
      name: 'the home page as index.php on the same site without www',
      html: `<div id="top"><h1><a href="https://example.pl/index.php"><span>SmodBIP</span></a></h1></div><div id="tresc"><h1>Informacje podstawowe</h1><p>${PROSE}</p></div>`,
      url: 'https://www.example.pl/',
      title: 'Informacje podstawowe',
    },
    {
      name: 'an <h1> reading as og:site_name',
      head: '<meta property="og:site_name" content="MOPS Przykładowo">',
      html: `<div id="top"><h1>MOPS Przykładowo</h1></div><div id="tresc"><h3>Zbiórka darów</h3><p>${PROSE}</p></div>`,
      title: 'Zbiórka darów',
    },
    {
      name: 'a headline in <strong> alone in its table cell',
      html: `<h1><a href="/index.html">Urząd Gminy</a></h1><table><tr><td><strong>Zebranie wiejskie</strong></td></tr><tr><td><p>${PROSE}</p><p>${PROSE}</p></td></tr></table>`,
      title: 'Zebranie wiejskie',
    },
    {
      name: 'a headline linking to its own page stays the headline',
      html: `<div id="tresc"><h1><a href="/artykul/15">Dyżur w sobotę</a></h1><h2>Informacja</h2><p>${PROSE}</p></div>`,
      title: 'Dyżur w sobotę',
    },
    {
      name: 'the site name as the last resort, after the page title',
      html: `<div id="top"><h1><a href="/">Urząd Gminy</a></h1></div><div id="tresc"><p>${PROSE}</p></div>`,
      pageTitle: 'Dyżur w sobotę | Urząd Gminy',
      title: 'Dyżur w sobotę',
    },
  ])('$name', ({ html, head, url, pageTitle, title }) => {
    const article = extract(`<html><head><title>${pageTitle ?? 'BIP'}</title>${head ?? ''}</head><body>${html}</body></html>`, url ?? URL_OF_PAGE);
    expect(article.title).toBe(title);
  });
});

describe('a date printed in parts', () => {
  it.each([
    { name: 'month, day and year in spans', date: '<span class="month">Wrz</span> <span class="day">02</span> <span class="year">2010</span>', published: '2010-09-02T00:00:00+02:00' },
    { name: 'day, month and year in spans with dots between', date: '<span>02</span>.<span>09</span>.<span>2010</span>', published: '2010-09-02T00:00:00+02:00' },
    { name: 'day, month name and year in <b> and <span>', date: '<b>14</b> <span>marca</span> <span>2024</span>', published: '2024-03-14T00:00:00+01:00' },
  ])('$name above the headline', ({ date, published }) => {
    const article = extract(`<html><body><div class="post"><p class="date">${date}</p><h2 class="title">Zbiórka darów</h2><div class="entry"><p>${PROSE}</p></div></div></body></html>`);
    expect(article.published).toBe(published);
  });

  it('is not taken from short parts that are no date', () => {
    const article = extract(`<html><body><div class="post"><p class="tags"><span>MOPS</span> <span>GOPS</span></p><h2>Zbiórka darów</h2><div class="entry"><p>${PROSE}</p></div></div></body></html>`);
    expect(article.published).toBeNull();
  });
});

describe('the body', () => {
  it('is all the paragraphs written as <div>s with text in <span>s, not one of them', () => {
    const article = extract(`<html><body><div class="art"><h1>Ochrona danych</h1><div class="c"><span><strong>Urząd Pracy</strong><br>ul. Długa 4</span>
      <div align="justify"><span>Pierwszy akapit: ${PROSE}</span></div><div align="justify"><span>Drugi akapit: ${PROSE}</span></div></div></div></body></html>`);
    const text = article.contentText.replace(/\s+/g, ' ');
    expect(text.startsWith('Urząd Pracy ul. Długa 4')).toBe(true);
    expect(text).toContain('Pierwszy akapit');
    expect(text.endsWith('przy ulicy Długiej.')).toBe(true);
  });

  it('is not a lead all in <strong> beside it, nor a short line of metadata', () => {
    const article = extract(`<html><body><div class="article"><h1>Konsultacje strategii</h1>
      <div class="meta"><span>Data publikacji: 24.01.2024, godz. 09:30</span> <span>Wyświetleń: 1845</span></div>
      <div class="lead"><strong>Rozpoczęły się konsultacje projektu Strategii Rozwiązywania Problemów Społecznych na lata 2024–2030.</strong></div>
      <div class="body"><p>Uwagi można zgłaszać za pomocą formularza do 15 lutego 2024 r.</p><p>Źródło: Wydział Polityki Społecznej</p></div></div></body></html>`);
    expect(article.contentText.replace(/\s+/g, ' ')).toBe('Uwagi można zgłaszać za pomocą formularza do 15 lutego 2024 r. Źródło: Wydział Polityki Społecznej');
  });
});

describe('attachments', () => {
  const page = (after: string) => `<html><body><div id="tresc"><h1>Nabór wniosków</h1><p>${PROSE}</p><p>${PROSE}</p><p>Wzór: <a href="/pliki/wzor.docx">wzór wniosku</a></p></div>${after}
    <div id="footer"><a href="/pliki/deklaracja-dostepnosci.pdf">Deklaracja dostępności</a></div></body></html>`;

  it.each([
    {
      name: 'a "Załączniki" block just after the body',
      after: '<div class="clear"></div><h3>Załączniki</h3><ul class="zalaczniki"><li><a href="/pliki/wniosek.pdf">Wniosek</a> (PDF, 120 KB)</li><li><a href="/pliki/regulamin.odt">Regulamin</a> (ODT, 20 KB)</li></ul>',
      urls: ['/pliki/wzor.docx', '/pliki/wniosek.pdf', '/pliki/regulamin.odt'],
    },
    {
      name: 'a block of attachments with its heading inside',
      after: '<div class="pliki"><strong>Pliki do pobrania:</strong><br><a href="/pliki/wniosek.pdf">Wniosek</a><br><a href="/pliki/lista.xls">Lista</a></div>',
      urls: ['/pliki/wzor.docx', '/pliki/wniosek.pdf', '/pliki/lista.xls'],
    },
    {
      name: 'no block after the body: the links in the body alone',
      after: '',
      urls: ['/pliki/wzor.docx'],
    },
    {
      name: 'another story after the body: its documents are not the article\'s',
      after: `<div class="inne"><h3>Inne aktualności</h3><p>${PROSE} <a href="/pliki/inny.pdf">Plan</a></p></div>`,
      urls: ['/pliki/wzor.docx'],
    },
  ])('$name', ({ after, urls }) => {
    const article = extract(page(after), 'https://example.pl/aktualnosci/3');
    expect(article.attachments.map((attachment) => new URL(attachment.url).pathname)).toEqual(urls);
  });
});

describe('what is no body', () => {
  it('an events calendar of short items in spans, however long the list', () => {
    const items = Array.from({ length: 40 }, (_, i) => `<div class="ki_item"><img src="e${i}.jpg" alt=""><span class="ki_date">${(i % 28) + 1} maja 2019</span><span class="ki_info">Festiwal piosenki i tańca ludowego ${i}</span></div>`).join('');
    const result = normalizeArticle(extractArticle(load(`<html><body><h1>Strona nie istnieje</h1><div class="ki_body"><div id="pane3">${items}</div></div></body></html>`), URL_OF_PAGE, {}, 'none'));
    expect('article' in result ? result.article.contentText : '').toBe('');
  });
});
