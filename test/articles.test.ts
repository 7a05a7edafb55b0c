/**
 * Article readers: pages read in worker threads give exactly what they give
 * read on the calling thread; a page that cannot be read says so; a reader
 * that dies fails only the pages it held and is replaced. The threads need
 * the compiled module (dist/, built before the tests by `npm test`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArticlePage, ArticleReaders as Readers } from '../src/articles.js';
import { readArticle, defaultReaders } from '../src/articles.js';
import { REPO_ROOT } from './support/fixture-server.js';
import { fixtureArticlePages } from './support/pages.js';

const COMPILED = join(REPO_ROOT, 'dist', 'src', 'articles.js');

const pageOf = (html: string, i: number): ArticlePage => ({
  html,
  url: `https://mops.example.pl/aktualnosci/${i}`,
  status: 200,
  selectors: {},
  preset: 'auto',
  teaserDates: i % 2 ? ['12.03.2024'] : undefined,
  context: { voivodeship: '12', own: { id: 'mops-krakow', name: 'Miejski Ośrodek Pomocy Społecznej w Krakowie', type: 'MOPS', place: 'Kraków', teryt: '1261011' } },
});

async function compiledReaders(count: number): Promise<Readers> {
  if (!existsSync(COMPILED)) throw new Error(`${COMPILED} is missing: npm test builds it first (npm run build)`);
  const { ArticleReaders } = (await import(COMPILED)) as typeof import('../src/articles.js');
  return new ArticleReaders(count);
}

describe('article readers', () => {
  it('use one thread per core beyond the first, at most two', () => {
    expect([1, 2, 3, 8].map((cores) => defaultReaders(cores))).toEqual([0, 1, 2, 2]);
  });

  it('read every fixture article page in two threads as the calling thread reads it', async () => {
    const pages = fixtureArticlePages(REPO_ROOT).map(pageOf);
    const readers = await compiledReaders(2);
    try {
      const threaded = await Promise.all(pages.map((page) => readers.read(page)));
      expect(threaded).toEqual(pages.map((page) => readArticle(page)));
      expect(threaded.filter((reading) => reading.kind === 'article').length).toBeGreaterThan(80);
    } finally {
      await readers.close();
    }
  });

  it('say which page cannot be read, and which page is no article', async () => {
    const readers = await compiledReaders(1);
    try {
      const deep = `<html><body>${'<div>'.repeat(1500)}tekst${'</div>'.repeat(1500)}</body></html>`;
      expect(await readers.read(pageOf(deep, 0))).toEqual({ kind: 'not-read', reason: 'markup nested more than 1000 levels deep: not read' });
      const login = '<html><body><form><input type="password"></form></body></html>';
      expect(await readers.read(pageOf(login, 0))).toMatchObject({ kind: 'skipped' });
      await expect(readers.read(pageOf('<html><body><p>ucięta', 0))).rejects.toThrow(/truncated page/);
    } finally {
      await readers.close();
    }
  });

  it('fail only the pages a dead reader held, and read the next ones with a new one', async () => {
    const readers = await compiledReaders(1);
    try {
      const [page] = fixtureArticlePages(REPO_ROOT).map(pageOf);
      expect((await readers.read(page!)).kind).toBe('article');
      const held = readers.read(page!);
      await (readers as unknown as { readers: Array<{ worker: { terminate(): Promise<number> } }> }).readers[0]!.worker.terminate();
      await expect(held).rejects.toThrow(/article reader stopped/);
      expect((await readers.read(page!)).kind).toBe('article');
    } finally {
      await readers.close();
    }
    await expect(readers.read(fixtureArticlePages(REPO_ROOT).map(pageOf)[0]!)).rejects.toThrow(/closed/);
  });
});
