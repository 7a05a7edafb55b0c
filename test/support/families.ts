/**
 * The fixture families (test/fixtures/families/<id>/): ten sites modelled on
 * the platforms of Polish public-sector sites, each with `expected.json`, a
 * table written by hand of what a reader sees on each article. Scoring
 * compares crawled items with that table.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './fixture-server.js';

export const FAMILY_SITES = join(REPO_ROOT, 'test', 'fixtures', 'families');

export interface ExpectedItem {
  /** Path and query of the article on its site. */
  path: string;
  title: string;
  published: string;
  /** The author as the page shows it, or null when it shows none. */
  author: string | null;
}

export interface Family {
  id: string;
  name: string;
  /** Path and query of the news listing. */
  listing: string;
  items: ExpectedItem[];
}

export function families(): Family[] {
  return readdirSync(FAMILY_SITES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ id: entry.name, ...(JSON.parse(readFileSync(join(FAMILY_SITES, entry.name, 'expected.json'), 'utf8')) as Omit<Family, 'id'>) }));
}

export interface Found {
  url: string;
  title: string;
  published: string | null;
  author: string | null;
}

export interface Counts {
  expected: number;
  found: number;
  matched: number;
  titles: number;
  dates: number;
  /** Expected items that show an author, and how many of those were found with exactly that author. */
  withAuthor: number;
  authors: number;
  /** Items whose page shows no author but which were given one. */
  inventedAuthors: number;
  misses: string[];
}

export interface Scores {
  recall: number;
  precision: number;
  title: number;
  date: number;
  author: number;
}

/** Match found items to the expected table by path and query, and count what agrees. */
export function countFamily(family: Family, found: Found[]): Counts {
  const byPath = new Map(found.map((item) => [pathOf(item.url), item]));
  const counts: Counts = { expected: family.items.length, found: found.length, matched: 0, titles: 0, dates: 0, withAuthor: 0, authors: 0, inventedAuthors: 0, misses: [] };
  for (const expected of family.items) {
    const item = byPath.get(expected.path);
    if (expected.author) counts.withAuthor++;
    if (!item) {
      counts.misses.push(`${family.id}: not found: ${expected.path}`);
      continue;
    }
    counts.matched++;
    const check = (ok: boolean, field: string, got: unknown, want: unknown) => {
      if (!ok) counts.misses.push(`${family.id} ${expected.path}: ${field} ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
      return ok ? 1 : 0;
    };
    counts.titles += check(item.title === expected.title, 'title', item.title, expected.title);
    counts.dates += check(item.published === expected.published, 'published', item.published, expected.published);
    if (expected.author) counts.authors += check(item.author === expected.author, 'author', item.author, expected.author);
    else counts.inventedAuthors += 1 - check(item.author === null, 'author', item.author, null);
  }
  for (const item of found) if (!family.items.some((expected) => expected.path === pathOf(item.url))) counts.misses.push(`${family.id}: not an article: ${pathOf(item.url)}`);
  return counts;
}

export function sumCounts(all: Counts[]): Counts {
  return all.reduce(
    (sum, c) => ({
      expected: sum.expected + c.expected,
      found: sum.found + c.found,
      matched: sum.matched + c.matched,
      titles: sum.titles + c.titles,
      dates: sum.dates + c.dates,
      withAuthor: sum.withAuthor + c.withAuthor,
      authors: sum.authors + c.authors,
      inventedAuthors: sum.inventedAuthors + c.inventedAuthors,
      misses: [...sum.misses, ...c.misses],
    }),
    { expected: 0, found: 0, matched: 0, titles: 0, dates: 0, withAuthor: 0, authors: 0, inventedAuthors: 0, misses: [] },
  );
}

export function scores(c: Counts): Scores {
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  return {
    recall: ratio(c.matched, c.expected),
    precision: ratio(c.matched, c.found),
    title: ratio(c.titles, c.matched),
    date: ratio(c.dates, c.matched),
    author: ratio(c.authors, c.withAuthor),
  };
}

/** One row of the printed table: "wp-yoast  6/6  recall 1.00 …". */
export function formatRow(label: string, c: Counts): string {
  const s = scores(c);
  const f = (n: number) => n.toFixed(2);
  return `${label.padEnd(18)} items ${String(c.matched).padStart(2)}/${String(c.expected).padEnd(3)} found ${String(c.found).padStart(3)}  recall ${f(s.recall)}  precision ${f(s.precision)}  title ${f(s.title)}  date ${f(s.date)}  author ${f(s.author)} (${c.authors}/${c.withAuthor}, ${c.inventedAuthors} invented)`;
}

function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}
