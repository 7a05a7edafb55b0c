import { parseFeed } from '@rowanmanning/feed-parser';
import { describe, expect, it } from 'vitest';
import { renderStatusFeed, runWarnings, sourceHealth } from '../../src/publish/status.js';
import type { LayerStats, RunSummary, SourceInfo } from '../../src/store/types.js';

const SOURCE: SourceInfo = {
  id: 'gops-michalowice',
  name: 'GOPS Michałowice',
  institution: 'Gminny Ośrodek Pomocy Społecznej Gminy Michałowice',
  type: 'GOPS',
  city: 'Michałowice',
  voivodeship: 'mazowieckie', teryt: null,
  url: 'https://gops.michalowice.pl/',
};

const layers = (fields: LayerStats['fields'], configured = ['listing', 'title', 'published', 'content']): LayerStats => ({
  articles: Object.values(fields.title ?? { x: 0 }).reduce((a, b) => a + b, 0),
  configured,
  fields,
});
const healthy = layers({ listing: { selector: 2 }, title: { selector: 6 }, published: { selector: 6 }, content: { selector: 6 } });

let clock = 0;
const run = (overrides: Partial<RunSummary> = {}): RunSummary => {
  clock++;
  const at = `2026-11-${String(clock).padStart(2, '0')}T10:00:00.000Z`;
  return { sourceId: SOURCE.id, startedAt: at, finishedAt: at, ok: true, error: null, seen: 6, new: 0, updated: 0, unchanged: 6, failed: 0, layers: healthy, ...overrides };
};

describe('runWarnings', () => {
  it.each([
    ['a healthy run', run(), []],
    ['a failed run', run({ ok: false, error: 'listing https://gops.michalowice.pl/aktualnosci: HTTP 503' }), ['failing']],
    ['a listing that never had items', run({ ok: false, error: 'listing https://x/: no news items found', layers: null }), ['empty:listing', 'failing']],
    ['a title selector that stopped matching', run({ layers: layers({ ...healthy.fields, title: { heuristic: 5, selector: 1 } }) }), ['layout:title']],
    ['a listing found only by the generic layer', run({ layers: layers({ ...healthy.fields, listing: { heuristic: 2 } }) }), ['layout:listing']],
    ['a zero-config source without dates', run({ layers: layers({ title: { heuristic: 6 }, published: { none: 4, heuristic: 2 }, content: { heuristic: 6 } }, []) }), ['missing:published']],
    ['half the articles by selector is still fine', run({ layers: layers({ ...healthy.fields, title: { heuristic: 3, selector: 3 } }) }), []],
  ])('%s', (_, summary, keys) => {
    expect(runWarnings(summary).map((warning) => warning.key)).toEqual(keys);
  });

  it('tells a listing that stopped yielding items (layout changed) from one that never did', () => {
    const empty = run({ ok: false, error: 'listing https://x/: no news items found', layers: null });
    expect(runWarnings(empty, [run()]).map((warning) => warning.message)).toEqual(['layout changed? the listing page yields no news items', 'the last run failed: listing https://x/: no news items found']);
    expect(runWarnings(empty, [])[0]!.message).toBe('no news items found on the listing page, never yet: is it a news listing? check it with `opsfeed probe URL`');
  });

  it('judges an optional field (author) against its own past: warned only once it used to work', () => {
    const withoutAuthors = run({ layers: layers({ ...healthy.fields, author: { none: 6 } }, ['title', 'author']) });
    expect(runWarnings(withoutAuthors, [run()])).toEqual([]);
    const withAuthors = run({ layers: layers({ ...healthy.fields, author: { selector: 5, none: 1 } }, ['title', 'author']) });
    expect(runWarnings(withoutAuthors, [withAuthors]).map((warning) => warning.key)).toEqual(['layout:author']);
  });

  it('says which layer took over', () => {
    const [warning] = runWarnings(run({ layers: layers({ ...healthy.fields, title: { heuristic: 5, none: 1 } }) }));
    expect(warning!.message).toBe('layout changed? the configured title selector matched 0 of 6 articles (found by heuristic on 5, not found on 1)');
  });
});

describe('sourceHealth', () => {
  it('knows a source that never ran', () => {
    expect(sourceHealth(SOURCE, [])).toMatchObject({ state: 'never-run', lastRun: null, warnings: [] });
  });

  it('counts failures in a row, keeps the last success and dates the problem from its first run', () => {
    const ok = run();
    const failures = [1, 2, 3].map(() => run({ ok: false, error: 'listing https://gops.michalowice.pl/aktualnosci: site unreachable (robots.txt: ETIMEDOUT)', layers: null }));
    const health = sourceHealth(SOURCE, [...failures].reverse().concat(ok));
    expect(health).toMatchObject({
      state: 'failing',
      consecutiveFailures: 3,
      lastSuccess: ok.finishedAt,
      lastError: { at: failures[2]!.startedAt, reason: expect.stringContaining('ETIMEDOUT') },
    });
    expect(health.warnings).toEqual([{ key: 'failing', message: expect.stringMatching(/failed: .*ETIMEDOUT.* \(3 runs in a row\)$/), since: failures[0]!.startedAt }]);
  });

  it('is back to ok after a good run', () => {
    const health = sourceHealth(SOURCE, [run(), run({ ok: false, error: 'x', layers: null })]);
    expect(health).toMatchObject({ state: 'ok', consecutiveFailures: 0, warnings: [], lastError: { reason: 'x' } });
  });
});

describe('renderStatusFeed', () => {
  it('has one item per warning, with a guid that stays while the problem lasts', () => {
    const broken = layers({ ...healthy.fields, title: { heuristic: 6 } });
    const first = run({ layers: broken });
    const second = run({ layers: broken });
    const once = parseFeed(renderStatusFeed([sourceHealth(SOURCE, [first, run()])], 'http://127.0.0.1:8080/'));
    const twice = parseFeed(renderStatusFeed([sourceHealth(SOURCE, [second, first, run()])], 'http://127.0.0.1:8080/'));
    expect(once.items).toHaveLength(1);
    expect(once.items[0]!.title).toBe('GOPS Michałowice: layout changed? the configured title selector matched 0 of 6 articles (found by heuristic on 6)');
    expect(twice.items.map((item) => item.id)).toEqual(once.items.map((item) => item.id));
    expect(parseFeed(renderStatusFeed([sourceHealth(SOURCE, [run()])], 'http://127.0.0.1:8080/')).items).toHaveLength(0);
  });
});
