/**
 * The page index answers as cheerio does: on every fixture page, each
 * selector of the presets and of extraction, document-wide and within
 * elements, gives the elements cheerio gives, in the same order; texts,
 * text starts, containment and removal agree with a walk of the tree.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio';
import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/extract/presets.js';
import { collapse, directText, Page } from '../../src/extract/page.js';
import { REPO_ROOT } from '../support/fixture-server.js';

function fixturePages(): Array<{ name: string; html: string }> {
  const pages: Array<{ name: string; html: string }> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.html') && statSync(path).size < 1_000_000) pages.push({ name: path.slice(REPO_ROOT.length + 1), html: readFileSync(path, 'latin1') });
    }
  };
  walk(join(REPO_ROOT, 'test', 'fixtures'));
  return pages;
}

const PAGES = fixturePages();

// The presets' selectors, and the shapes of selector configured sources use: lists, combinators, attributes, pseudo-classes.
const SELECTORS = [
  ...new Set([
    ...PRESETS.flatMap((preset) => [...preset.signs, preset.listing.item, preset.listing.link, preset.next, ...Object.values(preset.article).flat()]),
    'p, div, td, li, blockquote',
    'head title',
    'link[rel=canonical]',
    'input[type=password]',
    '[itemprop]',
    'script[type="application/ld+json"]',
    'base[href]',
    '#content .article h1',
    'main article.post',
    "a[href*='/aktualnosci/']",
    'ul > li:first-child a',
    'h2 + p',
    'div:not(.menu) p',
    'article:has(time)',
    'p:contains("MOPS")',
    // Ancestors and siblings that may lie beyond a scope, where cheerio stops.
    'body p',
    'html a',
    'div > p',
    'li + li a',
    'h1 ~ p',
    'div div a',
    ':root p',
    'div :scope',
    'li:first',
    'div:eq(1)',
    '*',
  ]),
].filter((selector): selector is string => typeof selector === 'string');

describe('Page', () => {
  it(`selects what cheerio selects on ${PAGES.length} fixture pages, ${SELECTORS.length} selectors, document-wide and within elements`, () => {
    let compared = 0;
    for (const { name, html } of PAGES) {
      const $ = load(html);
      const page = Page.of($);
      const scopes = [$('html')[0], $('body')[0], $('main, article, #content, .content')[0], $('div')[3]].filter((el): el is Element => el !== undefined);
      for (const selector of SELECTORS) {
        expect(page.select(selector), `${name}: ${selector}`).toEqual($(selector).toArray());
        for (const scope of scopes) expect(page.select(selector, scope), `${name}: ${selector} within <${scope.name}>`).toEqual($(scope).find(selector).toArray());
        compared += 1 + scopes.length;
      }
      // The body being cut down answers as a copy of it would: its own root, nothing above it.
      const body = $('body')[0] as Element;
      const copy = $(body).clone()[0] as Element;
      const markup = (elements: readonly Element[] | null) => elements?.map((el) => $.html(el));
      page.cutDown(body, () => {
        for (const selector of SELECTORS) expect(markup(page.select(selector, body)), `${name}: ${selector} in the body cut down`).toEqual(markup($(copy).find(selector).toArray()));
      });
      compared += SELECTORS.length;
      for (const el of ($('body *').toArray() as Element[]).slice(0, 50)) {
        for (const scope of scopes) expect(page.contains(scope, el), name).toBe($(scope).find(el).length > 0);
      }
    }
    expect(compared).toBeGreaterThan(PAGES.length * SELECTORS.length);
  });

  it('gives null for what is not a selector, as cheerio throws', () => {
    const page = Page.of(load('<p>a</p>'));
    expect(page.select('p[')).toBeNull();
    expect(page.select('<<')).toBeNull();
    expect(page.select(undefined)).toBeNull();
    expect(page.matches(page.named('p')[0]!, 'p[')).toBe(false);
  });

  it('reads texts, text starts and own texts as cheerio and the tree say', () => {
    for (const { name, html } of PAGES.slice(0, 40)) {
      const $ = load(html);
      const page = Page.of($);
      for (const el of $('*').toArray() as Element[]) {
        const full = collapse($(el).text());
        expect(page.text(el), name).toBe(full);
        for (const length of [0, 1, 12, 40, 119]) expect(page.textStart(el, length), `${name} ${length}`).toBe(full.slice(0, length));
        expect(page.shortText(el, 112), name).toBe(full.length <= 112 ? full : null);
        expect(page.ownText(el)).toBe(directText(el));
      }
    }
  });

  it('knows what is inside what, and what comes after, by position', () => {
    const $ = load('<body><div id=a><p id=b>x</p><p id=c><span id=d>y</span></p></div><p id=e>z</p></body>');
    const page = Page.of($);
    const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map((id) => $(`#${id}`)[0] as Element);
    expect(page.contains(a!, d!)).toBe(true);
    expect(page.contains(a!, a!)).toBe(false);
    expect(page.contains(b!, d!)).toBe(false);
    expect(page.contains(a!, e!)).toBe(false);
    expect(page.within(a!).map((el) => el.attribs.id)).toEqual(['b', 'c', 'd']);
    expect(page.within(a!, page.named('p')).map((el) => el.attribs.id)).toEqual(['b', 'c']);
    expect(page.closest(d!, 'div')).toBe(a);
    const visited: string[] = [];
    page.walkFrom(a!, (el) => {
      visited.push(el.attribs.id!);
      if (el === c) return 'skip';
    });
    expect(visited).toEqual(['a', 'b', 'c']);
  });

  it('forgets what is removed, and reads texts anew', () => {
    const $ = load('<body><div id=a>one <span id=b>two <i>three</i></span> four</div></body>');
    const page = Page.of($);
    const [a, b] = [$('#a')[0] as Element, $('#b')[0] as Element];
    expect(page.text(a)).toBe('one two three four');
    page.remove(b);
    expect(page.text(a)).toBe('one four');
    expect(page.select('i')).toEqual([]);
    expect(page.isRemoved($(b).find('i')[0] as Element)).toBe(true);
    expect($.html()).not.toContain('three');
  });

  it('cuts elements out while it works, and leaves the page whole', () => {
    const $ = load('<body><div id=a><p>keep <b>this</b></p><script>drop()</script><p>and <i>cut</i></p></div></body>');
    const page = Page.of($);
    const a = $('#a')[0] as Element;
    const before = $.html();
    const inside = page.cutDown(a, (cut) => {
      expect(a.parent).toBeNull();
      cut(page.select('script', a)![0]!);
      cut(page.select('i', a)![0]!);
      expect(page.select('script, i', a)).toEqual([]);
      expect(page.text(a)).toBe('keep thisand');
      return $(a).html();
    });
    expect(inside).toBe('<p>keep <b>this</b></p><p>and </p>');
    expect($.html()).toBe(before);
    expect(page.text(a)).toBe('keep thisdrop()and cut');
    expect(page.select('script')).toHaveLength(1);
    expect(() => page.cutDown(a, () => { throw new Error('broken'); })).toThrow('broken');
    expect($.html()).toBe(before);
  });
});
