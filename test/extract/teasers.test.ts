/**
 * The generic listing on the kinds of markup real Polish public-sector pages use (the failure classes of
 * ../shared/realworld/pages, each as a small page): what is a news block, what is not, and which date each
 * teaser shows. The real pages themselves are scored by `npm run realworld`.
 */
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { extractListing } from '../../src/extract/listing.js';

const URL_ = 'https://gops.example.pl/';
const listing = (body: string, bodyAttributes = '') =>
  extractListing(load(`<html><head><title>Gmina</title></head><body${bodyAttributes}>${body}</body></html>`), URL_, {
    preset: 'none',
    listing: { urls: [URL_], pagination: undefined, selectors: {}, maxPages: 5 },
  });
const paths = (body: string, bodyAttributes = '') => listing(body, bodyAttributes).articleUrls.map((url) => new URL(url).pathname + new URL(url).hash);

const LEAD = 'Ośrodek informuje mieszkańców o zmianach w wypłacie świadczeń w tym miesiącu.';
const news = (n: number, prefix = 'aktualnosci') =>
  Array.from({ length: n }, (_, i) => `<div class="news"><h3><a href="/${prefix}/${i + 1}">Komunikat ośrodka numer ${i + 1} w sprawie świadczeń</a></h3><span class="date">1${i}.04.2019</span><p>${LEAD}</p></div>`).join('');
const menu = `<ul class="vmenu">${['O nas', 'Kontakt', 'Pomoc społeczna', 'Świadczenia']
  .map((label, i) => `<li><a href="/strona/${i}">${label}</a><ul><li><a href="/strona/${i}/a">Dokumenty i druki do pobrania</a></li><li><a href="/strona/${i}/b">Godziny pracy działu</a></li></ul></li>`)
  .join('')}</ul>`;

describe('news blocks', () => {
  it.each([
    ['a page-wide class naming a chrome word', `<div class="sticky-header accessibility-contrast">${news(3)}</div>`, ' class="sticky-header"', 3],
    ['a vertical menu with submenus beside the news', `<div class="col">${menu}</div><div class="col">${news(3)}</div>`, '', 3],
  ])('%s: the news are found', (_, body, attributes, count) => {
    expect(paths(body, attributes)).toEqual(Array.from({ length: count }, (_, i) => `/aktualnosci/${i + 1}`));
  });

  it('reads every news block of a page: a slider, "Aktualności" and "Komunikaty"', () => {
    const slider = `<div id="newsesSlider"><div class="slide"><a href="/slider/1"><img src="a.jpg" alt="Dzień otwarty w ośrodku pomocy"></a></div><div class="slide"><a href="/slider/2"><img src="b.jpg" alt="Nowe godziny pracy kasy ośrodka"></a></div></div>`;
    const notices = `<p class="header">KOMUNIKATY</p><ul>${[1, 2, 3].map((i) => `<li><a href="/komunikaty/${i}">Komunikat w sprawie wypłaty zasiłków okresowych ${i}</a> <em>0${i}.04.2019</em></li>`).join('')}</ul>`;
    expect(paths(`${slider}<h2>Aktualności</h2><div class="list">${news(2)}</div>${notices}`)).toEqual([
      '/slider/1',
      '/slider/2',
      '/aktualnosci/1',
      '/aktualnosci/2',
      '/komunikaty/1',
      '/komunikaty/2',
      '/komunikaty/3',
    ]);
  });

  it('takes teasers that share no parent: one table each, the date in the cell beside the title', () => {
    const tables = [1, 2, 3].map((i) => `<table class="news"><tr><td><img src="t${i}.jpg"></td><td><b><a href="/art/${i}">Zebranie wiejskie w sołectwie ${i}</a></b> <span>(2019-04-2${i})</span><br>${LEAD}</td></tr></table>`).join('');
    const result = listing(tables);
    expect(result.articleUrls.map((url) => new URL(url).pathname)).toEqual(['/art/1', '/art/2', '/art/3']);
    expect(result.teaserDates[`${URL_}art/2`]).toEqual(['(2019-04-22)']);
  });

  it('gives each teaser the date in the element beside it, before or after its title', () => {
    const after = [1, 2, 3].map((i) => `<div class="title_akt"><a href="/a/${i}">Przerwa w dostawie wody na ulicy ${i}</a></div><div class="data">2019-04-1${i}</div><div class="tresc">${LEAD}</div>`).join('');
    const resultAfter = listing(`<div class="lista">${after}</div>`);
    expect(resultAfter.teaserDates[`${URL_}a/2`]).toEqual(['2019-04-12']);
    const before = [1, 2, 3].map((i) => `<div class="col-2"><p class="datka">2${i}<br>KWI</p></div><div class="col-10"><a href="/k/${i}"><p class="header">Ostrzeżenie meteorologiczne numer ${i} dla powiatu</p></a></div><div class="col-12"><hr></div>`).join('');
    const resultBefore = listing(`<div class="row">${before}</div>`);
    expect(resultBefore.teaserDates[`${URL_}k/3`]).toEqual(['23 KWI']);
  });

  it('reads a date split over spans, and one inside a teaser wrapped whole in its link', () => {
    const split = [1, 2].map((i) => `<article><h2><a href="/?p=${i}">Życzenia komendanta z okazji świąt ${i}</a></h2><div class="date"><span class="month">Kwi</span> <span class="day">1${i}</span><span class="year">2019</span></div></article>`).join('');
    expect(listing(`<main>${split}</main>`).teaserDates[`${URL_}?p=2`]).toEqual(['Kwi 12 2019']);
    const wrapped = [1, 2].map((i) => `<div class="news"><a href="/pl/aktualnosci/${i}"><img src="x.jpg" alt=""><p>2019/04/1${i}</p><p class="header">Rozmawiali o gospodarce wodnej powiatu ${i}</p></a></div>`).join('');
    expect(listing(`<div class="grid">${wrapped}</div>`).teaserDates[`${URL_}pl/aktualnosci/1`]).toEqual(['2019/04/11']);
  });

  it('puts the teaser\'s own stamp before a date in its lead', () => {
    const items = [1, 2].map((i) => `<div class="art"><a href="/art/${i}">Przerwa w dostawie energii elektrycznej ${i}</a><p class="lead">W dniu 15.04.2019 nastąpi przerwa w dostawie prądu.</p><p class="art_date">środa, 12.12.2018 10:4${i}</p></div>`).join('');
    expect(listing(`<div class="lista">${items}</div>`).teaserDates[`${URL_}art/1`]).toEqual(['środa, 12.12.2018 10:41', 'W dniu 15.04.2019 nastąpi przerwa w dostawie prądu.']);
  });

  it('takes the "więcej" link of a teaser whose title is not a link', () => {
    const items = [104, 101].map((id, i) => `<div class="news_01"><div class="news_data">Data dodania<br>2017-03-2${i}</div><p class="boldface">Dzień Strażaka w naszej jednostce ${i}</p><p>${LEAD}</p><div class="zobacz"><ul><li><a href="/news?id=${id}">czytaj więcej &gt;&gt;</a></li></ul></div></div>`).join('');
    const result = listing(`<div class="tresciwy"><h1>Strona główna</h1>${items}<a href="/galeria">Galeria</a><a href="/historia">Historia</a></div>`);
    expect(result.articleUrls.map((url) => new URL(url).search)).toEqual(['?id=104', '?id=101']);
    expect(result.teaserDates[`${URL_}news?id=101`]).toEqual(['Data dodania 2017-03-21']);
  });

  it('lists a story shown in a tab and in the dated list once, at its first place, with the list\'s date', () => {
    const tab = `<div class="pane"><div class="art"><h1><a href="/art/2259/konkurs">Konkurs o bezpiecznym internecie dla dzieci</a></h1><a href="/art/2259/konkurs">więcej...</a></div><div class="art"><h1><a href="/art/2256/zyczenia">Życzenia świąteczne od dyrekcji centrum</a></h1><a href="/art/2256/zyczenia">więcej...</a></div></div>`;
    const list = [2259, 2256, 2253].map((id, i) => `<div class="art"><p class="art_date">1${i}.04.2019 11:54</p><h1><a href="/art/${id}/${['konkurs', 'zyczenia', 'ogloszenie'][i]}">Ogłoszenie centrum pomocy rodzinie numer ${id}</a></h1><p>${LEAD}</p></div>`).join('');
    const result = listing(`${tab}<h2>Aktualności</h2><div class="lista">${list}</div>`);
    expect(result.articleUrls.map((url) => new URL(url).pathname)).toEqual(['/art/2259/konkurs', '/art/2256/zyczenia', '/art/2253/ogloszenie']);
    expect(result.teaserDates[`${URL_}art/2256/zyczenia`]).toEqual(['11.04.2019 11:54']);
  });

  it('takes the page\'s news from another host when every story is there and dated', () => {
    const items = [1, 2, 3].map((i) => `<div class="news"><div class="author">Folie po sianokiszonce ${i} - zbiórka</div><div>opublikowano: 2019-04-2${i}</div><p>${LEAD}</p><a href="http://gmina.cms-provider.example.eu/podglad_newa_n_${i}.html">więcej</a></div>`).join('');
    expect(listing(items).articleUrls).toEqual([1, 2, 3].map((i) => `http://gmina.cms-provider.example.eu/podglad_newa_n_${i}.html`));
  });
});

describe('not news', () => {
  it.each([
    ['a change register linking every row to one page', `<div class="rejestrZmian">${[1, 2, 3, 4].map((i) => `<div class="BRB"><span>0${i} czerwca 2018 00:16</span> <a href="/redakcja">Bożena Nowak</a> - Aktualizacja danych stanowiska numer ${i}.</div>`).join('')}</div>`],
    ['an events calendar', `<div class="ki_top"><span>Kalendarium imprez</span></div><div class="ki_body">${[1, 2, 3].map((i) => `<div class="ki_item"><a href="/impreza,${i}.html"><span class="ki_date">1${i} Maja 2019</span><span class="ki_info">Festiwal piosenki wojskowej ${i}</span></a></div>`).join('')}</div>`],
    ['a menu with submenus', menu],
    [
      'a submenu under a menu entry named "Aktualności"',
      `<ul class="menu"><li><a href="/kat/id/37">Kontakt</a></li><li><a href="/kat/id/51">Aktualności</a><ul>${['Kierownik ośrodka pomocy społecznej', 'Dział świadczeń rodzinnych i alimentacyjnych', 'Dział pomocy środowiskowej i usług'].map((label, i) => `<li><a href="/kat/id/${60 + i}">${label}</a></li>`).join('')}</ul></li></ul>`,
    ],
    ['partners\' logos linking to other sites', [1, 2, 3].map((i) => `<a class="reklamy" href="http://partner${i}.example.com/" title="Szkoła Podstawowa w Gminie ${i}"><img src="l${i}.jpg" alt="Szkoła Podstawowa w Gminie ${i}"></a>`).join('')],
    ['a list of recently modified documents', `<table><tr><th>Lp.</th><th>Tytuł</th><th>Data modyfikacji</th></tr>${[1, 2, 3].map((i) => `<tr><td>${i}</td><td><a href="/art/id/${i}">Dane kontaktowe</a></td><td>19.03.2012 12:1${i}</td></tr>`).join('')}</table>`],
    ['another site\'s news box', `<div class="box">${[1, 2, 3].map((i) => `<div class="item"><a href="http://inny${i}.example.gov.pl/news/${i}">Komunikat ministerstwa o zmianie przepisów ${i}</a> 1${i}.04.2019</div>`).join('')}</div>`],
    ['a page of one link back home', `<main><h1>Strona nie istnieje</h1><p>Przepraszamy, strona o podanym adresie nie istnieje. Prosimy przejść do strony głównej urzędu miasta.</p><a href="http://www.miasto.example.pl/">Strona główna Urzędu Miasta Ostrołęki</a></main>`],
  ])('%s gives no item', (_, body) => {
    expect(listing(body).articleUrls).toEqual([]);
  });
});
