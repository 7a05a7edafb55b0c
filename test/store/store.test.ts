/**
 * The store on a real SQLite file: run records written together yet read
 * back at once, unchanged sources written no more, and a database of the
 * previous schema version upgraded with its near-duplicate bands kept.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { identifyArticle } from '../../src/dedupe/identify.js';
import { signatureBands } from '../../src/dedupe/similar.js';
import type { NormalizedArticle } from '../../src/normalize/article.js';
import { MIGRATIONS, Store } from '../../src/store/store.js';
import type { RunSummary } from '../../src/store/types.js';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'opsfeed-store-')), 'db.sqlite');

const SOURCE = { id: 'mops-a', name: 'MOPS A', institution: 'Miejski Ośrodek Pomocy Społecznej A', type: 'MOPS', city: 'A', voivodeship: null, teryt: null, url: 'https://a.example/' };

function run(sourceId: string, ok: boolean, failed = 0): RunSummary {
  return { sourceId, startedAt: '2026-12-01T10:00:00.000Z', finishedAt: '2026-12-01T10:00:01.000Z', ok, error: ok ? null : 'listing: HTTP 503', seen: 3, new: 1, updated: 0, unchanged: 2, failed, layers: null };
}

function article(id: number, text: string): NormalizedArticle {
  return {
    url: `https://a.example/aktualnosci/${id}`,
    canonicalUrl: null,
    title: `Komunikat ${id}`,
    published: '2026-11-30T10:00:00+01:00',
    datePrecision: 'minute',
    author: null,
    summary: text.slice(0, 100),
    contentHtml: `<p>${text}</p>`,
    contentText: text,
    attachments: [],
    extractedBy: { title: 'selector', published: 'selector', publishedFrom: 'Data publikacji', author: null, content: 'selector' },
    topics: [],
    institutions: [],
  };
}

const LONG_TEXT =
  'Miejski Ośrodek Pomocy Społecznej informuje, że od poniedziałku punkt wydawania żywności działa w nowej siedzibie przy ulicy Długiej, ' +
  'w godzinach od ósmej do szesnastej, a osoby starsze i niepełnosprawne mogą umówić dostawę paczki do domu telefonicznie pod numerem ośrodka.';

describe('Store', () => {
  it('writes run records together, yet reads back the last one at once and every one after a read or close', () => {
    const path = fresh();
    const store = new Store(path);
    store.recordRun(run('mops-a', true));
    store.recordRun(run('mops-a', false, 2));
    // Not yet in the database, but the outcome of the last run is known.
    expect(new Database(path).prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 0 });
    expect(store.lastRunOutcome('mops-a')).toEqual({ ok: false, failed: 2 });
    expect(store.lastRunOutcome('mops-b')).toBeNull();
    expect(store.recentRuns('mops-a').map((summary) => summary.ok)).toEqual([false, true]);
    store.recordRun(run('mops-b', true));
    store.close();
    expect(new Database(path).prepare('SELECT source_id AS id FROM runs ORDER BY id').all()).toEqual([{ id: 'mops-a' }, { id: 'mops-a' }, { id: 'mops-b' }]);
  });

  it('writes a source only when it changed, and counts only that as a change', () => {
    const store = new Store(fresh());
    store.saveSource(SOURCE);
    const version = store.contentVersion();
    store.saveSource({ ...SOURCE });
    expect(store.contentVersion()).toBe(version);
    store.saveSource({ ...SOURCE, name: 'MOPS A (nowa nazwa)' });
    expect(store.contentVersion()).toBeGreaterThan(version);
    expect(store.sources()[0]!.name).toBe('MOPS A (nowa nazwa)');
    store.close();
  });

  it(`upgrades a database of schema ${MIGRATIONS.length - 1}, keeping the bands that find the same story elsewhere`, () => {
    const path = fresh();
    // A database as the previous opsfeed left it: every migration but the last, and one stored item with its bands.
    const old = new Database(path);
    for (const migration of MIGRATIONS.slice(0, -1)) old.exec(migration);
    old.pragma(`user_version = ${MIGRATIONS.length - 1}`);
    const first = identifyArticle(article(1, LONG_TEXT), 'https://a.example/aktualnosci/1');
    old.prepare('INSERT INTO sources (id, info) VALUES (?, ?)').run(SOURCE.id, JSON.stringify(SOURCE));
    old
      .prepare(
        `INSERT INTO items (id, source_id, url, title, first_seen, last_seen, fetched_at, summary, content_html, content_text, content_hash, attachments, extracted_by)
         VALUES (?, ?, ?, ?, '2026-11-30', '2026-11-30', '2026-11-30', '', '', ?, ?, '[]', '{}')`,
      )
      .run(first.id, SOURCE.id, first.url, first.title, first.contentText, first.contentHash);
    old.prepare('INSERT INTO item_signatures (item_id, signature) VALUES (?, ?)').run(first.id, JSON.stringify(first.signature));
    for (const band of signatureBands(first.signature!)) old.prepare('INSERT INTO item_bands (band, item_id) VALUES (?, ?)').run(band, first.id);
    old.close();

    const store = new Store(path);
    const upgraded = new Database(path);
    expect(upgraded.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(upgraded.prepare("SELECT name FROM sqlite_master WHERE name IN ('items_by_source', 'items_by_source_last_seen')").all()).toEqual([]);
    expect(upgraded.prepare('SELECT count(*) AS n FROM item_bands').get()).toEqual({ n: 16 });
    // The same story from another source finds the old item through the kept bands.
    store.saveSource({ ...SOURCE, id: 'gmina-a', url: 'https://gmina-a.example/' });
    const copy = identifyArticle({ ...article(2, LONG_TEXT), url: 'https://gmina-a.example/komunikaty/2' }, 'https://gmina-a.example/komunikaty/2');
    store.saveArticle('gmina-a', copy, '2026-12-01T10:00:00.000Z');
    expect(store.itemByUrl(first.url)!.sameAs).toEqual([copy.url]);
    store.close();
  });
});
