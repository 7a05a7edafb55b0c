/**
 * The index page, for people who would rather look than read XML: the
 * latest items grouped by day, a filter form that works without JavaScript
 * (it submits the same query parameters the feeds take), the feed URLs to
 * subscribe to, and the health of every source. Server-rendered, Polish,
 * every value escaped; no script at all.
 */
import escapeHtml from 'escape-html';
import type { Item, SourceInfo } from '../store/types.js';
import { VERSION } from '../meta.js';
import type { SourceHealth } from './status.js';

/** The filter as the reader typed it, to fill the form and build "this view" feed URLs. */
export interface PageQuery {
  sources: string[];
  q: string;
  exclude: string;
  since: string;
}

export interface IndexPageInput {
  /** Already filtered and limited, newest first. */
  items: Item[];
  sources: SourceInfo[];
  healths: SourceHealth[];
  query: PageQuery;
  /** Public URL of the server (ending in "/"), for the addresses shown to copy into a reader. */
  publicUrl: string;
  /** A rejected query parameter, shown instead of the items. */
  error?: string;
}

export const EMPTY_QUERY: PageQuery = { sources: [], q: '', exclude: '', since: '' };

const TIME_ZONE = 'Europe/Warsaw';
const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const dayHeading = new Intl.DateTimeFormat('pl-PL', { timeZone: TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const clock = new Intl.DateTimeFormat('pl-PL', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' });
const dateAndTime = new Intl.DateTimeFormat('pl-PL', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });

const STATE_LABELS: Record<SourceHealth['state'], string> = {
  ok: 'działa',
  warning: 'uwaga',
  failing: 'błąd',
  'never-run': 'jeszcze nie pobrano',
};

const FEEDS = [
  ['feed.xml', 'RSS'],
  ['atom.xml', 'Atom'],
  ['feed.json', 'JSON Feed'],
] as const;

export function renderIndexPage(input: IndexPageInput): string {
  const { query } = input;
  const filtered = queryString(query) !== '';
  const view = filtered ? `?${queryString(query)}` : '';
  return `<!doctype html>
<html lang="pl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${filtered ? 'Wyniki filtra – ' : ''}Aktualności ośrodków pomocy społecznej – opsfeed</title>
${FEEDS.map(([file, label]) => `<link rel="alternate" type="${FEED_TYPES[file]}" title="${label}${filtered ? ' (ten widok)' : ''}" href="${escapeHtml(file + view)}">`).join('\n')}
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#wiadomosci">Przejdź do wiadomości</a>
<header>
<h1>Aktualności ośrodków pomocy społecznej</h1>
<p>Wiadomości ze stron ${input.sources.length} ${plural(input.sources.length, 'ośrodka', 'ośrodków', 'ośrodków')} w jednym miejscu, z datą, źródłem i odnośnikiem do oryginału.</p>
</header>
<main id="wiadomosci">
${renderFilterForm(input)}
${input.error ? `<p class="error" role="alert">Nieprawidłowy filtr: ${escapeHtml(input.error)}</p>` : renderItems(input.items, filtered)}
</main>
${renderSubscribe(input, view)}
${renderHealth(input.healths)}
<footer>
<p>opsfeed ${escapeHtml(VERSION)}: treści pochodzą ze stron wymienionych ośrodków; każda wiadomość prowadzi do oryginału. Dane: <a href="items.json">items.json</a>, stan: <a href="status.json">status.json</a>.</p>
</footer>
</body>
</html>
`;
}

const FEED_TYPES: Record<string, string> = {
  'feed.xml': 'application/rss+xml',
  'atom.xml': 'application/atom+xml',
  'feed.json': 'application/feed+json',
};

/** The query string of a filter, empty when nothing is filtered. */
export function queryString(query: PageQuery): string {
  const parameters = new URLSearchParams();
  if (query.sources.length) parameters.set('source', query.sources.join(','));
  for (const name of ['q', 'exclude', 'since'] as const) if (query[name].trim()) parameters.set(name, query[name].trim());
  return parameters.toString();
}

function renderFilterForm({ sources, query }: IndexPageInput): string {
  const checkboxes = sources
    .map(
      (source) =>
        `<li><label><input type="checkbox" name="source" value="${escapeHtml(source.id)}"${query.sources.includes(source.id) ? ' checked' : ''}> ${escapeHtml(source.name)}</label></li>`,
    )
    .join('\n');
  return `<form class="filters" role="search" method="get" action="./" aria-label="Filtr wiadomości">
<div class="field"><label for="q">Szukaj w tytułach i treści</label>
<input type="search" id="q" name="q" value="${escapeHtml(query.q)}" maxlength="200" placeholder="np. pomoc społeczna"></div>
<div class="field"><label for="exclude">Bez wiadomości zawierających</label>
<input type="text" id="exclude" name="exclude" value="${escapeHtml(query.exclude)}" maxlength="200"></div>
<div class="field"><label for="since">Opublikowane od dnia</label>
<input type="date" id="since" name="since" value="${escapeHtml(query.since)}"></div>
<fieldset><legend>Źródła (żadne zaznaczone: wszystkie)</legend>
<ul class="sources">
${checkboxes}
</ul></fieldset>
<div class="actions"><button type="submit">Filtruj</button> <a href="./">Wyczyść filtr</a></div>
</form>`;
}

function renderItems(items: Item[], filtered: boolean): string {
  const count = `<p class="count" role="status">${items.length ? `${filtered ? 'Pasujące wiadomości' : 'Najnowsze wiadomości'}: ${items.length}.` : filtered ? 'Żadna wiadomość nie pasuje do filtra.' : 'Nie ma jeszcze żadnych wiadomości: pierwsze pobranie trwa albo się nie udało (zob. stan źródeł).'}</p>`;
  const days = new Map<string, Item[]>();
  for (const item of items) {
    const key = dayKey.format(new Date(item.published ?? item.firstSeen));
    days.set(key, [...(days.get(key) ?? []), item]);
  }
  const sections = [...days].map(([key, dayItems]) => {
    const heading = dayHeading.format(new Date(dayItems[0]!.published ?? dayItems[0]!.firstSeen));
    return `<section class="day" aria-labelledby="dzien-${key}">
<h2 id="dzien-${key}">${escapeHtml(heading)}</h2>
<ul class="items">
${dayItems.map(renderItem).join('\n')}
</ul>
</section>`;
  });
  return [count, ...sections].join('\n');
}

function renderItem(item: Item): string {
  const date = item.published
    ? `<time datetime="${escapeHtml(item.published)}">${item.datePrecision === 'day' ? 'w ciągu dnia' : escapeHtml(clock.format(new Date(item.published)))}</time>`
    : `data publikacji nieznana, pobrano <time datetime="${escapeHtml(item.firstSeen)}">${escapeHtml(dateAndTime.format(new Date(item.firstSeen)))}</time>`;
  const author = item.author ? ` · ${escapeHtml(item.author)}` : '';
  return `<li><article class="item">
<h3><a href="${escapeHtml(item.url)}">${escapeHtml(item.title)}</a></h3>
<p class="meta"><span class="source">${escapeHtml(item.source.name)}</span> · ${date}${author}</p>
${item.summary ? `<p class="summary">${escapeHtml(item.summary)}</p>` : ''}
</article></li>`;
}

function renderSubscribe({ sources, publicUrl }: IndexPageInput, view: string): string {
  const links = (prefix: string, suffix = '') =>
    FEEDS.map(([file, label]) => `<a href="${escapeHtml(prefix + file + suffix)}">${label}</a>`).join(' · ');
  const address = (path: string) => `<code>${escapeHtml(publicUrl + path)}</code>`;
  const perSource = sources
    .map((source) => `<li>${escapeHtml(source.name)}: ${links(`sources/${source.id}/`)}<br>${address(`sources/${source.id}/feed.xml`)}</li>`)
    .join('\n');
  return `<aside class="subscribe" aria-labelledby="subskrybuj">
<h2 id="subskrybuj">Subskrybuj</h2>
<p>Skopiuj adres kanału do czytnika (Feedly, Inoreader, Thunderbird, NetNewsWire…). Nowe wiadomości pojawią się w nim same.</p>
${view ? `<h3>Ten widok (z filtrem)</h3>\n<p>${links('', view)}<br>${address(`feed.xml${view}`)}</p>` : ''}
<h3>Wszystkie ośrodki</h3>
<p>${links('')}<br>${address('feed.xml')}</p>
<h3>Poszczególne ośrodki</h3>
<ul class="feeds">
${perSource}
</ul>
<p>Wszystkie kanały naraz: <a href="opml.xml">plik OPML</a> do importu w czytniku. Ostrzeżenia o niedziałających źródłach: <a href="status.xml">kanał stanu źródeł</a>.</p>
</aside>`;
}

function renderHealth(healths: SourceHealth[]): string {
  const when = (iso: string | null) => (iso ? `<time datetime="${escapeHtml(iso)}">${escapeHtml(dateAndTime.format(new Date(iso)))}</time>` : '–');
  const rows = healths
    .map((health) => {
      const notes = health.warnings.map((warning) => warning.message);
      return `<tr>
<th scope="row"><a href="${escapeHtml(health.url)}">${escapeHtml(health.name)}</a></th>
<td><span class="state state-${health.state}">${STATE_LABELS[health.state]}</span>${health.consecutiveFailures > 1 ? ` (${health.consecutiveFailures} razy z rzędu)` : ''}</td>
<td>${when(health.lastRun)}</td>
<td>${when(health.lastSuccess)}</td>
<td>${health.lastRun ? `${health.lastRunNew} z ${health.lastRunSeen}` : '–'}</td>
<td>${notes.length ? `<ul>${notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>` : '–'}</td>
</tr>`;
    })
    .join('\n');
  return `<aside class="health" aria-labelledby="stan">
<h2 id="stan">Stan źródeł</h2>
<div class="table"><table>
<caption>Ostatnie pobranie każdego źródła; „uwaga” i „błąd” wyjaśnia ostatnia kolumna.</caption>
<thead><tr><th scope="col">Źródło</th><th scope="col">Stan</th><th scope="col">Ostatnie pobranie</th><th scope="col">Ostatni sukces</th><th scope="col">Nowe / widziane</th><th scope="col">Uwagi</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="6">Żadne źródło nie zostało jeszcze pobrane.</td></tr>'}
</tbody>
</table></div>
</aside>`;
}

function plural(n: number, one: string, few: string, many: string): string {
  const rule = new Intl.PluralRules('pl-PL').select(n);
  return rule === 'one' ? one : rule === 'few' ? few : many;
}

// Colours checked for WCAG AA contrast (4.5:1 or more) on their backgrounds.
const STYLE = `
:root { color-scheme: light; --text: #1a1a1a; --muted: #4d4d4d; --link: #0645ad; --line: #d0d0d0; --accent: #f3f5f9; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 0 1rem 2rem; font: 1rem/1.5 system-ui, sans-serif; color: var(--text); background: #fff;
  display: grid; gap: 0 2rem; grid-template-columns: minmax(0, 1fr); }
@media (min-width: 60rem) { body { grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); } header, footer, .health { grid-column: 1 / -1; } }
a { color: var(--link); }
a:focus, input:focus, button:focus { outline: 3px solid #b35c00; outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
header { border-bottom: 1px solid var(--line); }
h1 { font-size: 1.6rem; margin: 1rem 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
h2::first-letter { text-transform: uppercase; }
h3 { font-size: 1rem; margin: 0; }
.filters { background: var(--accent); padding: 1rem; margin-top: 1rem; display: grid; gap: .75rem; }
.field label, legend { display: block; font-weight: 600; }
input[type=search], input[type=text], input[type=date] { width: 100%; max-width: 30rem; padding: .4rem; font: inherit; border: 1px solid #767676; }
fieldset { border: 1px solid var(--line); margin: 0; }
.sources, .items, .feeds { list-style: none; padding: 0; margin: 0; }
.sources { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; }
.actions a { margin-left: 1rem; }
button { font: inherit; padding: .4rem 1.2rem; background: #0645ad; color: #fff; border: 0; cursor: pointer; }
.item { padding: .6rem 0; border-bottom: 1px solid var(--line); }
.meta { color: var(--muted); margin: .1rem 0; font-size: .9rem; }
.summary { margin: .25rem 0 0; }
.subscribe { font-size: .95rem; }
.subscribe code { font-size: .8rem; word-break: break-all; }
.feeds li { margin-bottom: .5rem; }
.table { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
caption { text-align: left; color: var(--muted); padding-bottom: .25rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
td ul { margin: 0; padding-left: 1rem; }
.state { font-weight: 600; padding: 0 .3rem; }
.state-ok { color: #0b6b2a; } .state-warning { color: #8a4b00; } .state-failing { color: #b00020; } .state-never-run { color: var(--muted); }
.error { color: #b00020; font-weight: 600; }
footer { border-top: 1px solid var(--line); margin-top: 2rem; color: var(--muted); font-size: .9rem; }
`;
