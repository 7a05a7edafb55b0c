/** Fixture pages read straight from disk, decoded as the fixture server would serve them. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, type CheerioAPI } from 'cheerio';
import { FIXTURE_SITES } from './fixture-server.js';

export const FIXTURE_ORIGIN = 'https://fixture.example';

export function fixturePage(site: string, route: string): { $: CheerioAPI; url: string } {
  const manifest = JSON.parse(readFileSync(join(FIXTURE_SITES, site, 'site.json'), 'utf8')) as { routes: Record<string, string> };
  const file = manifest.routes[route];
  if (!file) throw new Error(`fixture ${site}: no route ${route}`);
  const html = readFileSync(join(FIXTURE_SITES, site, file), 'utf8').replaceAll('{{origin}}', FIXTURE_ORIGIN);
  return { $: load(html), url: `${FIXTURE_ORIGIN}${route}` };
}

/** Every article page of the fixture sites and families (listing pages left out), as HTML text. */
export function fixtureArticlePages(root: string): string[] {
  const pages: string[] = [];
  for (const group of ['sites', 'families']) {
    for (const site of readdirSync(join(root, 'test', 'fixtures', group))) {
      const manifest = JSON.parse(readFileSync(join(root, 'test', 'fixtures', group, site, 'site.json'), 'utf8')) as { routes: Record<string, string | { file: string }> };
      const listings = new Set(['aktualnosci', 'komunikaty', 'kategoria', 'pomoc-spoleczna', 'index.php?dzial=aktualnosci']);
      for (const [route, target] of Object.entries(manifest.routes)) {
        const file = typeof target === 'string' ? target : target.file;
        const last = route.split('/').filter(Boolean).pop() ?? '';
        if (!file.endsWith('.html') || listings.has(last) || /[?&](page|strona|str|start|p)=|\/(page|strona)\/\d|\/\d+$/.test(route)) continue;
        pages.push(readFileSync(join(root, 'test', 'fixtures', group, site, file), 'utf8'));
      }
    }
  }
  return [...new Set(pages)];
}
