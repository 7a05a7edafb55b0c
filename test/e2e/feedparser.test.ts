/**
 * Debian's python3-feedparser, a widely used feed reader library, reads our
 * RSS and Atom feeds with bozo == 0 (no well-formedness or encoding problem).
 * Debian's version (6.0.x) predates its JSON Feed support, so the JSON Feed
 * is read by an npm feed reader in crawl.test.ts instead. `.ci/run` installs
 * python3-feedparser; on a machine without it the test is skipped, except in CI.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/store/types.js';
import { withoutLaterCopies } from '../support/stories.js';
import { runCli } from '../support/cli.js';
import { fixtureConfig, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const PYTHON = '/usr/bin/python3';
const hasFeedparser = spawnSync(PYTHON, ['-c', 'import feedparser'], { encoding: 'utf8' }).status === 0;
const CHECK = `
import json, sys, feedparser
result = {}
for name in sys.argv[2:]:
    parsed = feedparser.parse(sys.argv[1] + '/' + name)
    result[name] = {
        'bozo': int(parsed.bozo), 'error': str(parsed.get('bozo_exception', '')), 'version': parsed.version,
        'entries': len(parsed.entries), 'ids': sorted(e.get('id', '') for e in parsed.entries),
        'titles': [e.get('title', '') for e in parsed.entries],
        'authors': [e.get('author', '') for e in parsed.entries],
    }
print(json.dumps(result))
`;

let server: FixtureServer;
let out: string;

describe.skipIf(!hasFeedparser && !process.env.CI)('python3-feedparser reads the published feeds', () => {
  beforeAll(async () => {
    server = await startFixtureServer();
    const work = mkdtempSync(join(tmpdir(), 'opsfeed-feedparser-'));
    out = join(work, 'output');
    const config = join(work, 'sources.json');
    writeFileSync(config, JSON.stringify(fixtureConfig(server.origins)));
    const result = await runCli(['crawl', '--config', config, '--db', join(work, 'db.sqlite'), '--out', out]);
    expect(result.code).toBe(0);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('with bozo == 0 for RSS and Atom, every item once', () => {
    expect(hasFeedparser).toBe(true); // in CI the library must be there
    const files = ['feed.xml', 'atom.xml', 'sources/gops-michalowice/feed.xml', 'sources/mops-sopot/atom.xml'];
    const run = spawnSync(PYTHON, ['-c', CHECK, out, ...files], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as Record<string, { bozo: number; error: string; version: string; entries: number; ids: string[]; titles: string[]; authors: string[] }>;
    const all = (JSON.parse(readFileSync(join(out, 'items.json'), 'utf8')) as { items: Item[] }).items;
    // The GOPS fixture's "Dzień Pracownika Socjalnego 2021" is also on the municipality portal: one story, shown once.
    const items = withoutLaterCopies(all);
    expect(all.length - items.length).toBe(1);
    expect(report['feed.xml']).toMatchObject({ bozo: 0, error: '', version: 'rss20', entries: items.length });
    expect(report['atom.xml']).toMatchObject({ bozo: 0, error: '', version: 'atom10', entries: items.length });
    expect(report['feed.xml']!.ids).toEqual(items.map((item) => item.id).sort());
    expect(report['feed.xml']!.titles).toEqual(items.map((item) => item.title));
    expect(report['feed.xml']!.titles.join('\n')).toContain('Wypożyczalnia sprzętu pielęgnacyjno-wspomagającego');
    for (const file of ['feed.xml', 'atom.xml']) expect(report[file]!.authors).toEqual(items.map((item) => item.author ?? item.source.name));
    expect(report['sources/gops-michalowice/feed.xml']).toMatchObject({ bozo: 0, error: '', version: 'rss20', entries: 6 });
    expect(report['sources/mops-sopot/atom.xml']).toMatchObject({ bozo: 0, error: '', version: 'atom10', entries: 6 });
  });
});
