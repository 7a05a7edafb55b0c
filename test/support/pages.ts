/** Fixture pages read straight from disk, decoded as the fixture server would serve them. */
import { readFileSync } from 'node:fs';
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
