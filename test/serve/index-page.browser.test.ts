/**
 * The index page in a real browser: Debian's Chromium, driven by
 * playwright-core, against the real server on 127.0.0.1. The page renders
 * the items, the search box and the source filter work (without any
 * JavaScript of the page's own), axe-core finds no accessibility violation,
 * and the browser logs no error. A screenshot is kept in test-results/.
 *
 * `.ci/run` installs chromium; on a machine without it the test is skipped,
 * except in CI.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { crawlPass } from '../../src/pipeline.js';
import { publishAll } from '../../src/publish/publish.js';
import { closeServer, createOpsfeedServer, listen } from '../../src/serve/server.js';
import { applyFeedFilter, parseFeedFilter } from '../../src/publish/filters.js';
import { withoutLaterCopies } from '../support/stories.js';
import { Store } from '../../src/store/store.js';
import { REPO_ROOT, fixtureConfig, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(REPO_ROOT, 'test-results');
// Without the background-networking flags Chromium keeps calling home, which a closed network refuses.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let fixtures: FixtureServer;
let store: Store;
let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  fixtures = await startFixtureServer();
  const work = mkdtempSync(join(tmpdir(), 'opsfeed-browser-'));
  store = new Store(join(work, 'db.sqlite'));
  await crawlPass(parseConfig(fixtureConfig(fixtures.origins)), store);
  publishAll(store, { outDir: join(work, 'output'), publicUrl: 'http://127.0.0.1:8080/', feedLimit: 200 });
  server = createOpsfeedServer({ outDir: join(work, 'output'), store, settings: () => ({ publicUrl: 'http://127.0.0.1:8080/', feedLimit: 200 }) });
  base = await listen(server, '127.0.0.1', 0);
  if (existsSync(CHROMIUM)) browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (server) await closeServer(server);
  store?.close();
  await fixtures?.close();
});

/** A page that records every console error, uncaught exception and failed request. */
async function openPage(javaScriptEnabled = true): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 }, locale: 'pl-PL' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`));
  return { page, errors };
}

const shownTitles = (page: Page) => page.locator('main article h3 a').allTextContents();

/** What the server's own filter lets through: the oracle for the page. */
function expectedTitles(query: string): string[] {
  const parsed = parseFeedFilter(new URLSearchParams(query), store.sources().map((source) => source.id), 100);
  if ('error' in parsed) throw new Error(parsed.error);
  // Across sources each story once (see test/support/stories.ts); one source keeps its own copies.
  const matching = applyFeedFilter(store.items(), { ...parsed.filter, limit: Infinity });
  return (parsed.filter.sources.length === 1 ? matching : withoutLaterCopies(matching)).slice(0, parsed.filter.limit).map((item) => item.title);
}

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('the index page in Chromium', () => {
  it('renders the items grouped by day, with no console errors and no accessibility violations', async () => {
    const { page, errors } = await openPage();
    await page.goto(base);
    await expect.poll(() => page.title()).toBe('Aktualności ośrodków pomocy społecznej – opsfeed');
    const all = withoutLaterCopies([...store.items()]).map((item) => item.title);
    expect(await shownTitles(page)).toEqual(all);
    expect(await page.locator('main section.day h2').count()).toBeGreaterThan(5);
    await expect.poll(() => page.getByRole('heading', { name: 'Subskrybuj' }).isVisible()).toBe(true);
    expect(await page.locator('aside.health tbody tr').count()).toBe(store.sources().length);

    const axeSource = createRequire(import.meta.url)('axe-core').source as string;
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run: () => Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> } }).axe.run();
      return result.violations.map((violation) => `${violation.id} (${violation.nodes.length})`);
    });
    expect(violations).toEqual([]);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'index-page.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('filters with the search box and the source checkboxes, without JavaScript', async () => {
    // The page has no script of its own; with JavaScript off the form must work all the same.
    const { page, errors } = await openPage(false);
    await page.goto(base);
    await page.getByLabel('Szukaj w tytułach i treści').fill('pomoc spoleczna');
    await page.getByLabel('Szukaj w tytułach i treści').press('Enter');
    await page.waitForURL(/\?.*q=pomoc\+spoleczna/);
    const found = expectedTitles('q=pomoc spoleczna');
    expect(found.length).toBeGreaterThan(1);
    expect(found.length).toBeLessThan([...store.items()].length);
    expect(await shownTitles(page)).toEqual(found);
    expect(await page.getByLabel('Szukaj w tytułach i treści').inputValue()).toBe('pomoc spoleczna');

    await page.getByLabel('MOPS Sopot').check();
    await page.getByRole('button', { name: 'Filtruj' }).click();
    await page.waitForURL(/source=mops-sopot/);
    const sopot = expectedTitles('q=pomoc spoleczna&source=mops-sopot');
    expect(sopot.length).toBeGreaterThan(0);
    expect(await shownTitles(page)).toEqual(sopot);
    expect(await page.locator('aside.subscribe a', { hasText: 'RSS' }).first().getAttribute('href')).toBe('feed.xml?source=mops-sopot&q=pomoc+spoleczna');

    await page.getByRole('link', { name: 'Wyczyść filtr' }).click();
    await page.waitForURL(base);
    expect(await shownTitles(page)).toHaveLength(withoutLaterCopies([...store.items()]).length);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'index-page-filtered.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});

