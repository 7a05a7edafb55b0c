/**
 * Synthetic corpora for the benchmarks, built from the fixture sites' own
 * pages so that extraction meets the markup it meets in the tests:
 * - `SyntheticSite`: a fixture family's listing and article page turned into
 *   templates; any number of sources × articles rendered from them, each
 *   article with its own title and text (a seeded generator over the
 *   fixtures' own words, so no two articles are near-duplicates);
 * - `generateStore`: a store of N items as a crawl would leave it;
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio';
import iconv from 'iconv-lite';
import { Store } from '../src/store/store.js';
import { identifyArticle } from '../src/dedupe/identify.js';
import type { NormalizedArticle } from '../src/normalize/article.js';
import { seededRandom } from '../test/support/fixture-server.js';
import { fixtureArticlePages } from '../test/support/pages.js';

const FAMILIES = (root: string) => join(root, 'test', 'fixtures', 'families');
/** The one family whose listing holds no teasers (its links come from its feed): not a listing template. */
const NOT_TEMPLATES = new Set(['script-listing']);
const ORIGIN = 'http://template.invalid';

interface Manifest {
  encoding: string;
  contentType: string;
  routes: Record<string, string | { file: string }>;
}
interface Expected {
  listing: string;
  items: Array<{ path: string; title: string }>;
}

/** A page split around its placeholders (`@@TITLE@@`, `@@HREF@@`, `@@PARAGRAPH@@`, `@@TEASERS@@`), each kept as an element. */
type Template = string[];
const PLACEHOLDER = /(@@(?:TITLE|HREF|PARAGRAPH|TEASERS)@@)/;

export interface SiteTemplate {
  family: string;
  encoding: string;
  contentType: string;
  listingPath: string;
  /** The listing page, with the place of all its teasers. */
  listing: Template;
  /** One teaser, with its link's href and its title. */
  teaser: Template;
  /** The article page, with its title and each body paragraph. */
  article: Template;
  /** The path of the template's first article, made unique per article by `articlePath`. */
  articlePathPattern: string;
  robots: string;
}

function readFile(path: string, encoding: string): string {
  return iconv.decode(readFileSync(path), encoding);
}

function routeFile(route: string | { file: string }): string {
  return typeof route === 'string' ? route : route.file;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `html` with the title put in its placeholder, split into a template. */
function template(html: string, title: string): Template {
  return html.replaceAll(escapeHtml(title), '@@TITLE@@').replaceAll(title, '@@TITLE@@').split(PLACEHOLDER);
}

/** A template with each placeholder given by `fill`. */
function render(parts: Template, fill: (placeholder: string) => string): string {
  return parts.map((part) => (PLACEHOLDER.test(part) ? fill(part) : part)).join('');
}

/** One fixture family as templates; null when its pages do not have the shape a template needs. */
export function readSiteTemplate(root: string, family: string): SiteTemplate | null {
  const dir = join(FAMILIES(root), family);
  const manifest = JSON.parse(readFileSync(join(dir, 'site.json'), 'utf8')) as Manifest;
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
  const [first, second] = expected.items;
  const listingRoute = manifest.routes[expected.listing];
  const articleRoute = first && manifest.routes[first.path];
  if (!first || !second || !listingRoute || !articleRoute) return null;

  // The listing: the teasers are the children of the element holding the first two articles' links.
  const $ = load(readFile(join(dir, routeFile(listingRoute)), manifest.encoding).replaceAll('{{origin}}', ORIGIN));
  const pointsTo = (path: string) => (_: number, element: unknown) => {
    const href = $(element as never).attr('href');
    return href !== undefined && new URL(href, `${ORIGIN}${expected.listing}`).href === `${ORIGIN}${path}`;
  };
  const link0 = $('a').filter(pointsTo(first.path)).first();
  const link1 = $('a').filter(pointsTo(second.path)).first();
  if (!link0.length || !link1.length) return null;
  let teaser = link0;
  while (teaser.parent().length && !teaser.parent().find(link1).length) teaser = teaser.parent();
  const holder = teaser.parent();
  const itemPaths = expected.items.map((item) => item.path);
  const teasers = holder.children().filter((_, child) => itemPaths.some((path) => $(child).find('a').filter(pointsTo(path)).length > 0));
  teaser.find('a').filter(pointsTo(first.path)).attr('href', '@@HREF@@');
  const teaserTemplate = template($.html(teaser), first.title);
  teasers.first().before('@@TEASERS@@');
  teasers.remove();
  const listing = $.html().split(PLACEHOLDER);
  if (!teaserTemplate.includes('@@HREF@@') || !teaserTemplate.includes('@@TITLE@@') || !listing.includes('@@TEASERS@@')) return null;

  // The article: its title, and every paragraph of body length, become placeholders.
  const a = load(readFile(join(dir, routeFile(articleRoute)), manifest.encoding).replaceAll('{{origin}}', ORIGIN));
  a('p')
    .filter((_, p) => a(p).text().trim().length >= 40 && !a(p).find('a').length)
    .each((_, p) => void a(p).text('@@PARAGRAPH@@'));
  // Its own URL (canonical link, og:url) becomes the generated article's, or every article would claim to be this one.
  const article = template(a.html().replaceAll(`${ORIGIN}${first.path}`, '@@HREF@@'), first.title);
  if (!article.includes('@@PARAGRAPH@@') || !article.includes('@@TITLE@@')) return null;
  return {
    family,
    encoding: manifest.encoding,
    contentType: manifest.contentType,
    listingPath: expected.listing,
    listing,
    teaser: teaserTemplate,
    article,
    articlePathPattern: first.path,
    robots: readFileSync(join(dir, 'robots.txt'), 'utf8').replace(/^crawl-delay:.*$/gim, ''),
  };
}

/** Every family that makes a template, in name order. */
export function siteTemplates(root: string): SiteTemplate[] {
  return readdirSync(FAMILIES(root))
    .filter((family) => !NOT_TEMPLATES.has(family))
    .sort()
    .flatMap((family) => readSiteTemplate(root, family) ?? []);
}

/** Words of the fixture articles, the vocabulary of generated texts. */
export function vocabulary(root: string): string[] {
  const words = new Set<string>();
  for (const html of fixtureArticlePages(root)) {
    for (const word of load(html)('p').text().split(/\s+/)) if (/^\p{L}{3,}$/u.test(word)) words.add(word.toLowerCase());
  }
  return [...words].sort();
}

/** The path of article `index` of a site, shaped like the template's own article paths. */
export function articlePath(template: SiteTemplate, index: number): string {
  const pattern = template.articlePathPattern;
  if (/\d/.test(pattern)) return pattern.replace(/\d+/, String(100_000 + index));
  return pattern.replace(/([^/?=]+)(\/?)$/, `$1-${index}$2`);
}

/** Renders the pages of one synthetic source: `articles` articles, newest first, all on one listing page. */
export class SyntheticSite {
  readonly articlePaths: string[];
  private readonly index = new Map<string, number>();

  constructor(
    readonly template: SiteTemplate,
    private readonly words: string[],
    private readonly seed: number,
    articles: number,
  ) {
    this.articlePaths = Array.from({ length: articles }, (_, i) => articlePath(template, i));
    this.articlePaths.forEach((path, i) => this.index.set(path, i));
  }

  articleIndex(route: string): number | undefined {
    return this.index.get(route);
  }

  title(index: number): string {
    const random = seededRandom(this.seed * 7919 + index);
    const words = Array.from({ length: 4 + Math.floor(random() * 5) }, () => this.words[Math.floor(random() * this.words.length)]!);
    return `${words.join(' ').replace(/^./, (c) => c.toUpperCase())} (${index + 1})`;
  }

  listingHtml(origin: string): string {
    const teasers = this.articlePaths
      .map((path, i) => render(this.template.teaser, (placeholder) => (placeholder === '@@HREF@@' ? `${origin}${path}` : escapeHtml(this.title(i)))))
      .join('\n');
    return render(this.template.listing, () => teasers).replaceAll(ORIGIN, origin);
  }

  articleHtml(origin: string, index: number): string {
    const href = `${origin}${this.articlePaths[index]}`;
    const random = seededRandom(this.seed * 104_729 + index);
    const title = escapeHtml(this.title(index));
    const html = render(this.template.article, (placeholder) => {
      if (placeholder === '@@TITLE@@') return title;
      if (placeholder === '@@HREF@@') return href;
      const sentences = Array.from({ length: 2 + Math.floor(random() * 3) }, () => {
        const words = Array.from({ length: 8 + Math.floor(random() * 10) }, () => this.words[Math.floor(random() * this.words.length)]!);
        return `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
      });
      return escapeHtml(sentences.join(' '));
    });
    return html.replaceAll(ORIGIN, origin);
  }

  encode(html: string): Buffer {
    return iconv.encode(html, this.template.encoding);
  }
}

/** A store of `count` items over three sources, as a crawl would leave it; every text its own. */
export function generateStore(path: string, count: number, words: string[]): void {
  const store = new Store(path);
  const sources = ['mops-krakow', 'mops-sopot', 'gops-michalowice'];
  for (const id of sources) store.saveSource({ id, name: id, institution: `Ośrodek ${id}`, type: 'MOPS', city: null, voivodeship: null, teryt: null, url: `https://${id}.example/` });
  const random = seededRandom(1);
  const sentence = () => `${Array.from({ length: 12 }, () => words[Math.floor(random() * words.length)]).join(' ')}.`;
  // Commits of 1,000 saves each: a crawl commits every article, which would make generating 100,000 take minutes.
  for (let start = 0; start < count; start += 1000) store.inOneTransaction(() => saveGenerated(start, Math.min(start + 1000, count)));
  store.close();

  function saveGenerated(from: number, to: number): void {
    for (let i = from; i < to; i++) saveOne(i);
  }

  function saveOne(i: number): void {
    const day = new Date(Date.UTC(2015, 0, 1) + (i % 3650) * 86_400_000).toISOString().slice(0, 10);
    const paragraphs = Array.from({ length: 4 }, () => Array.from({ length: 3 }, sentence).join(' '));
    const text = paragraphs.join('\n\n');
    const article: NormalizedArticle = {
      url: `https://${sources[i % 3]}.example/aktualnosci/${i}`,
      canonicalUrl: null,
      title: `Komunikat nr ${i} w sprawie pomocy społecznej`,
      published: `${day}T10:00:00+01:00`,
      datePrecision: 'minute',
      author: i % 4 ? 'Anna Nowak' : null,
      summary: text.slice(0, 120),
      contentHtml: paragraphs.map((p) => `<p>${p}</p>`).join(''),
      contentText: text,
      attachments: i % 10 ? [] : [{ url: `https://${sources[i % 3]}.example/pliki/${i}.pdf`, title: 'Wniosek', mimeType: 'application/pdf' }],
      extractedBy: { title: 'selector', published: 'selector', publishedFrom: 'day-month-year', author: 'heuristic', content: 'selector' },
      topics: i % 2 ? ['seniorzy'] : [],
      institutions: [{ id: sources[i % 3]!, name: `Ośrodek ${sources[i % 3]}` }],
    };
    // No signature: every generated text is its own, so there are no stories to link, and computing them would only slow the generation.
    store.saveArticle(sources[i % 3]!, { ...identifyArticle(article, article.url), signature: null }, new Date(Date.UTC(2024, 0, 1, 0, 0, i % 60)).toISOString());
  }
}
