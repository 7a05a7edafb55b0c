/**
 * SQLite through better-sqlite3: the truth every output is rebuilt from.
 * WAL mode, schema versioned with `PRAGMA user_version`, one transaction per
 * stored article.
 */
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { IdentifiedArticle } from '../dedupe/identify.js';
import { ensureDir } from '../files.js';
import type { ListingValidators } from '../crawl/crawler.js';
import type { CachedRobots } from '../crawl/politeness.js';
import type { Item, ItemRevision, Revision, RunSummary, SaveOutcome, SourceInfo } from './types.js';
import { VERSION } from '../meta.js';
import { SAME_STORY, signatureBands, signatureSimilarity } from '../dedupe/similar.js';
import { completeInstitutionRef, type InstitutionRef } from '../normalize/institutions.js';

/** Each entry upgrades the schema by one version; never edit a released entry, append a new one. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE sources (
     id TEXT PRIMARY KEY,
     info TEXT NOT NULL
   );
   CREATE TABLE items (
     id TEXT PRIMARY KEY,
     source_id TEXT NOT NULL REFERENCES sources(id),
     url TEXT NOT NULL,
     title TEXT NOT NULL,
     published TEXT,
     date_precision TEXT,
     updated TEXT,
     first_seen TEXT NOT NULL,
     last_seen TEXT NOT NULL,
     author TEXT,
     summary TEXT NOT NULL,
     content_html TEXT NOT NULL,
     content_text TEXT NOT NULL,
     content_hash TEXT NOT NULL,
     attachments TEXT NOT NULL,
     extracted_by TEXT NOT NULL
   );
   CREATE INDEX items_by_date ON items (coalesce(published, first_seen) DESC);
   CREATE INDEX items_by_source ON items (source_id);
   CREATE INDEX items_by_hash ON items (source_id, content_hash);
   CREATE TABLE item_urls (
     url_key TEXT PRIMARY KEY,
     item_id TEXT NOT NULL REFERENCES items(id)
   );
   CREATE TABLE revisions (
     item_id TEXT NOT NULL REFERENCES items(id),
     captured_at TEXT NOT NULL,
     title TEXT NOT NULL,
     content_html TEXT NOT NULL,
     content_text TEXT NOT NULL,
     content_hash TEXT NOT NULL
   );
   CREATE INDEX revisions_by_item ON revisions (item_id);
   CREATE TABLE runs (
     id INTEGER PRIMARY KEY,
     source_id TEXT NOT NULL,
     started_at TEXT NOT NULL,
     finished_at TEXT NOT NULL,
     ok INTEGER NOT NULL,
     error TEXT,
     seen INTEGER NOT NULL,
     new INTEGER NOT NULL,
     updated INTEGER NOT NULL,
     unchanged INTEGER NOT NULL,
     failed INTEGER NOT NULL
   );
   CREATE TABLE passed_urls (
     url_key TEXT PRIMARY KEY,
     source_id TEXT NOT NULL,
     reason TEXT NOT NULL,
     seen_at TEXT NOT NULL
   );
   CREATE TABLE http_cache (
     url TEXT PRIMARY KEY,
     etag TEXT,
     last_modified TEXT,
     fetched_at TEXT NOT NULL
   );`,
  `ALTER TABLE runs ADD COLUMN layers TEXT;
   CREATE INDEX runs_by_source ON runs (source_id, id DESC);`,
  `CREATE TABLE robots_cache (
     origin TEXT PRIMARY KEY,
     status INTEGER NOT NULL,
     body TEXT NOT NULL,
     fetched_at TEXT NOT NULL
   );
   CREATE INDEX items_by_source_last_seen ON items (source_id, last_seen);`,
  // Provenance: fetched_at is the last fetch of the item's page (what re-checks count from); last_seen now also
  // moves when the item is seen on a listing page; removed_at marks an item whose page is gone from its site.
  `ALTER TABLE items ADD COLUMN fetched_at TEXT;
   UPDATE items SET fetched_at = last_seen;
   ALTER TABLE items ADD COLUMN removed_at TEXT;
   ALTER TABLE items ADD COLUMN opsfeed_version TEXT;
   CREATE INDEX items_by_source_fetched ON items (source_id, fetched_at);`,
  // What an item is about, found at normalisation: topic ids and institutions (JSON arrays).
  `ALTER TABLE items ADD COLUMN topics TEXT NOT NULL DEFAULT '[]';
   ALTER TABLE items ADD COLUMN institutions TEXT;`,
  // Near-duplicates across sources (dedupe/similar.ts): each item's MinHash signature, its bands as lookup
  // keys, and the pairs found to be the same story.
  `CREATE TABLE item_signatures (item_id TEXT PRIMARY KEY REFERENCES items(id), signature TEXT NOT NULL);
   CREATE TABLE item_bands (band TEXT NOT NULL, item_id TEXT NOT NULL REFERENCES items(id), PRIMARY KEY (band, item_id));
   CREATE TABLE same_story (item_id TEXT NOT NULL REFERENCES items(id), other_id TEXT NOT NULL REFERENCES items(id), similarity REAL NOT NULL,
     PRIMARY KEY (item_id, other_id));`,
  // An item's bands and story links are replaced whenever it is saved: without these, each save scanned both tables.
  `CREATE INDEX item_bands_by_item ON item_bands (item_id);
   CREATE INDEX same_story_by_other ON same_story (other_id);`,
  // Publishing resolves a story's other copies (sameAs, by URL) one by one instead of holding every item.
  `CREATE INDEX items_by_url ON items (url);`,
  // A counter of changes to what the published items show, kept by the database itself, so that any writer's
  // change is counted: the service republishes the feeds and the dataset only when it moved (contentVersion).
  `CREATE TABLE content_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
   INSERT INTO content_version VALUES (1, 0);
   ${['sources', 'items', 'revisions', 'same_story']
     .flatMap((table) => ['INSERT', 'UPDATE', 'DELETE'].map((change) => `CREATE TRIGGER ${table}_${change.toLowerCase()}_counted AFTER ${change} ON ${table} BEGIN UPDATE content_version SET version = version + 1; END;`))
     .join('\n   ')}`,
  // Fewer pages written per stored article (40 before): indexes no query uses (items_by_source is a prefix of
  // items_by_hash, items_by_source_last_seen served a re-check rule since replaced), and the bands as a table
  // that is its own index.
  `DROP INDEX items_by_source;
   DROP INDEX items_by_source_last_seen;
   CREATE TABLE item_bands_keyed (band TEXT NOT NULL, item_id TEXT NOT NULL REFERENCES items(id), PRIMARY KEY (band, item_id)) WITHOUT ROWID;
   INSERT INTO item_bands_keyed SELECT band, item_id FROM item_bands;
   DROP TABLE item_bands;
   ALTER TABLE item_bands_keyed RENAME TO item_bands;
   CREATE INDEX item_bands_by_item ON item_bands (item_id);`,
];

/** Run records ending this close together are written in one transaction (`recordRun`). */
const RUNS_WRITE_DELAY_MS = 50;

/** The re-check rule, in one place: recent (published, else first seen) and not fetched since `fetchedBefore`. */
const DUE_FOR_RECHECK = 'coalesce(published, first_seen) >= @recentSince AND fetched_at < @fetchedBefore';

interface ItemRow {
  id: string;
  source_id: string;
  url: string;
  title: string;
  published: string | null;
  date_precision: Item['datePrecision'];
  updated: string | null;
  first_seen: string;
  last_seen: string;
  fetched_at: string | null;
  removed_at: string | null;
  opsfeed_version: string | null;
  topics: string;
  institutions: string | null;
  author: string | null;
  summary: string;
  content_html: string;
  content_text: string;
  content_hash: string;
  attachments: string;
  extracted_by: string;
  source_info: string;
}

export class Store {
  private readonly db: Database.Database;

  constructor(path: string) {
    try {
      if (path !== ':memory:') ensureDir(dirname(path));
      this.db = new Database(path);
    } catch (error) {
      throw new Error(`store: ${path}: cannot open the database (${(error as Error).message})`);
    }
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** A prepared statement, compiled once per Store: preparing on every call was a measured share of a crawl. */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new Error(`store: database schema version ${version} is newer than this opsfeed (${MIGRATIONS.length}); upgrade opsfeed`);
    }
    for (let next = version; next < MIGRATIONS.length; next++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[next]!);
        this.db.pragma(`user_version = ${next + 1}`);
      })();
    }
  }

  /** The source info this Store last saved, by id: a run that saves it unchanged again costs no statement. */
  private readonly savedSources = new Map<string, string>();

  saveSource(info: SourceInfo): void {
    const json = JSON.stringify(info);
    if (this.savedSources.get(info.id) === json) return;
    // Saved at every run, written only when it changed: a read costs no write transaction, and only a real
    // change counts as one (contentVersion).
    const stored = this.sql('SELECT info FROM sources WHERE id = ?').get(info.id) as { info: string } | undefined;
    if (stored?.info !== json) this.sql('INSERT INTO sources (id, info) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET info = excluded.info WHERE info IS NOT excluded.info').run(info.id, json);
    this.savedSources.set(info.id, json);
  }

  /** Remember an article deliberately not stored (e.g. left out by keywords), so incremental crawls treat it as known. */
  markPassed(sourceId: string, urlKeys: string[], reason: string, now: string): void {
    const insert = this.sql(
      'INSERT INTO passed_urls (url_key, source_id, reason, seen_at) VALUES (?, ?, ?, ?) ON CONFLICT (url_key) DO UPDATE SET reason = excluded.reason, seen_at = excluded.seen_at',
    );
    this.db.transaction(() => urlKeys.forEach((key) => insert.run(key, sourceId, reason, now)))();
  }

  /** True when the URL key belongs to a stored item or to an article deliberately passed over. */
  isKnownUrlKey(urlKey: string): boolean {
    return this.itemIdForUrlKey(urlKey) !== null || this.sql('SELECT 1 FROM passed_urls WHERE url_key = ?').get(urlKey) !== undefined;
  }

  /** The item id an URL key (see dedupe/url.ts) belongs to, if stored. */
  itemIdForUrlKey(urlKey: string): string | null {
    const row = this.sql('SELECT item_id FROM item_urls WHERE url_key = ?').get(urlKey) as { item_id: string } | undefined;
    return row?.item_id ?? null;
  }

  /**
   * Store one article in one transaction. The same id (or one of its URLs, or
   * the same text in the same source under another URL) is the same item:
   * unchanged text only refreshes `last_seen`; changed text keeps the old
   * version as a revision and sets `updated`.
   */
  saveArticle(sourceId: string, article: IdentifiedArticle, now: string): { outcome: SaveOutcome; id: string } {
    return this.db.transaction(() => {
      const existingId =
        (this.sql('SELECT id FROM items WHERE id = ?').get(article.id) as { id: string } | undefined)?.id ??
        article.urlKeys.map((key) => this.itemIdForUrlKey(key)).find((id) => id !== null) ??
        (this.sql('SELECT id FROM items WHERE source_id = ? AND content_hash = ?').get(sourceId, article.contentHash) as { id: string } | undefined)?.id;
      const id = existingId ?? article.id;
      const linkUrl = this.sql('INSERT OR IGNORE INTO item_urls (url_key, item_id) VALUES (?, ?)');
      const fields = {
        id,
        source_id: sourceId,
        title: article.title,
        published: article.published,
        date_precision: article.datePrecision,
        author: article.author,
        summary: article.summary,
        content_html: article.contentHtml,
        content_text: article.contentText,
        content_hash: article.contentHash,
        attachments: JSON.stringify(article.attachments),
        extracted_by: JSON.stringify(article.extractedBy),
        version: VERSION,
        topics: JSON.stringify(article.topics),
        institutions: JSON.stringify(article.institutions),
        now,
      };

      if (!existingId) {
        this.sql(
            `INSERT INTO items (id, source_id, url, title, published, date_precision, updated, first_seen, last_seen, fetched_at, author, summary,
               content_html, content_text, content_hash, attachments, extracted_by, opsfeed_version, topics, institutions)
             VALUES (@id, @source_id, @url, @title, @published, @date_precision, NULL, @now, @now, @now, @author, @summary,
               @content_html, @content_text, @content_hash, @attachments, @extracted_by, @version, @topics, @institutions)`,
          )
          .run({ ...fields, url: article.url });
        for (const key of article.urlKeys) linkUrl.run(key, id);
        this.linkSameStories(id, sourceId, article.signature, true);
        return { outcome: 'new' as const, id };
      }

      for (const key of article.urlKeys) linkUrl.run(key, id);
      const old = this.sql('SELECT * FROM items WHERE id = ?').get(id) as ItemRow;
      const changed = old.content_hash !== article.contentHash;
      if (changed) {
        this.sql('INSERT INTO revisions (item_id, captured_at, title, content_html, content_text, content_hash) VALUES (?, ?, ?, ?, ?, ?)')
          .run(id, old.updated ?? old.first_seen, old.title, old.content_html, old.content_text, old.content_hash);
      }
      // Metadata (dates, authors, layers) is refreshed either way, so better extraction reaches stored items.
      this.sql(
          `UPDATE items SET title = @title, published = @published, date_precision = @date_precision, author = @author,
             summary = @summary, content_html = @content_html, content_text = @content_text, content_hash = @content_hash,
             attachments = @attachments, extracted_by = @extracted_by, last_seen = @now, fetched_at = @now,
             removed_at = NULL, opsfeed_version = @version, topics = @topics, institutions = @institutions
             ${changed ? ', updated = @now' : ''}
           WHERE id = @id`,
        )
        .run(fields);
      if (changed || !this.sql('SELECT 1 FROM item_signatures WHERE item_id = ?').get(id)) this.linkSameStories(id, sourceId, article.signature);
      return { outcome: changed ? ('updated' as const) : ('unchanged' as const), id };
    })();
  }

  /** Record the item's signature, and the items of other sources that tell the same story (both ways); `fresh`: a new item, with nothing to replace. */
  private linkSameStories(id: string, sourceId: string, signature: number[] | null, fresh = false): void {
    if (!fresh) {
      for (const table of ['item_signatures', 'item_bands']) this.sql(`DELETE FROM ${table} WHERE item_id = ?`).run(id);
      this.sql('DELETE FROM same_story WHERE item_id = @id OR other_id = @id').run({ id });
    }
    if (!signature) return;
    this.sql('INSERT INTO item_signatures (item_id, signature) VALUES (?, ?)').run(id, JSON.stringify(signature));
    const bands = signatureBands(signature);
    this.sql('INSERT OR IGNORE INTO item_bands (band, item_id) SELECT value, @id FROM json_each(@bands)').run({ id, bands: JSON.stringify(bands) });
    const candidates = this.sql(
        `SELECT DISTINCT s.item_id AS id, s.signature FROM item_bands b JOIN item_signatures s ON s.item_id = b.item_id JOIN items i ON i.id = b.item_id
         WHERE b.band IN (SELECT value FROM json_each(@bands)) AND b.item_id != @id AND i.source_id != @sourceId`,
      )
      .all({ bands: JSON.stringify(bands), id, sourceId }) as Array<{ id: string; signature: string }>;
    const link = this.sql('INSERT OR REPLACE INTO same_story (item_id, other_id, similarity) VALUES (?, ?, ?)');
    for (const candidate of candidates) {
      const similarity = signatureSimilarity(signature, JSON.parse(candidate.signature) as number[]);
      if (similarity < SAME_STORY) continue;
      link.run(id, candidate.id, similarity);
      link.run(candidate.id, id, similarity);
    }
  }

  /** Stored items seen again on a listing page: their `last_seen` moves, their page is not fetched for it. */
  markSeen(urlKeys: string[], now: string): void {
    const update = this.sql('UPDATE items SET last_seen = @now WHERE id = (SELECT item_id FROM item_urls WHERE url_key = @key) AND last_seen < @now');
    this.db.transaction(() => urlKeys.forEach((key) => update.run({ key, now })))();
  }

  /**
   * The item's page is gone from its site (404/410): it is kept and marked, never dropped, and counts as
   * fetched (a re-check waits its turn). 'marked' now, 'already' marked before, 'unknown' when no item has this URL.
   */
  markRemoved(urlKey: string, now: string): 'marked' | 'already' | 'unknown' {
    const itemId = this.itemIdForUrlKey(urlKey);
    if (itemId === null) return 'unknown';
    const marked = this.sql('UPDATE items SET removed_at = coalesce(removed_at, @now), fetched_at = @now WHERE id = @itemId AND removed_at IS NULL').run({ itemId, now });
    if (marked.changes === 0) this.sql('UPDATE items SET fetched_at = @now WHERE id = @itemId').run({ itemId, now });
    return marked.changes > 0 ? 'marked' : 'already';
  }

  /** The validators a listing page was last served with, for a conditional request. */
  httpValidators(url: string): ListingValidators | null {
    const row = this.sql('SELECT etag, last_modified AS lastModified FROM http_cache WHERE url = ?').get(url) as ListingValidators | undefined;
    return row ?? null;
  }

  saveHttpValidators(entries: Array<{ url: string } & ListingValidators>, now: string): void {
    if (!entries.length) return; // a run whose listings all answered 304 has nothing new to keep
    const upsert = this.sql(
      `INSERT INTO http_cache (url, etag, last_modified, fetched_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, fetched_at = excluded.fetched_at`,
    );
    this.db.transaction(() => entries.forEach((entry) => upsert.run(entry.url, entry.etag, entry.lastModified, now)))();
  }

  /** Forget a source's listing validators, so its next run reads the listings in full. */
  forgetHttpValidators(urls: string[]): void {
    const remove = this.sql('DELETE FROM http_cache WHERE url = ?');
    this.db.transaction(() => urls.forEach((url) => remove.run(url)))();
  }

  robotsTxt(origin: string): CachedRobots | null {
    const row = this.sql('SELECT status, body, fetched_at AS fetchedAt FROM robots_cache WHERE origin = ?').get(origin) as CachedRobots | undefined;
    return row ?? null;
  }

  saveRobotsTxt(origin: string, robots: CachedRobots): void {
    this.sql('INSERT INTO robots_cache (origin, status, body, fetched_at) VALUES (?, ?, ?, ?) ON CONFLICT (origin) DO UPDATE SET status = excluded.status, body = excluded.body, fetched_at = excluded.fetched_at')
      .run(origin, robots.status, robots.body, robots.fetchedAt);
  }

  /**
   * A source's articles due for a re-check: published (or first seen) after
   * `recentSince` and last fetched before `fetchedBefore`. Their URLs.
   */
  dueForRecheck(sourceId: string, recentSince: string, fetchedBefore: string): string[] {
    return (
      this.sql(`SELECT url FROM items WHERE source_id = @sourceId AND ${DUE_FOR_RECHECK} ORDER BY fetched_at`)
        .all({ sourceId, recentSince, fetchedBefore }) as Array<{ url: string }>
    ).map((row) => row.url);
  }

  /** True when the article behind this URL key is stored or passed over, and is not due for a re-check. */
  isSettledUrlKey(urlKey: string, recentSince: string, fetchedBefore: string): boolean {
    const itemId = this.itemIdForUrlKey(urlKey);
    if (itemId === null) return this.sql('SELECT 1 FROM passed_urls WHERE url_key = ?').get(urlKey) !== undefined;
    return this.sql(`SELECT 1 FROM items WHERE id = @itemId AND ${DUE_FOR_RECHECK}`).get({ itemId, recentSince, fetchedBefore }) === undefined;
  }

  /** Runs ended but not yet written (`recordRun`). */
  private pendingRuns: RunSummary[] = [];
  private runsTimer: NodeJS.Timeout | undefined;

  /**
   * Records a run. It is written with the runs that end within the next 50 ms, in one transaction: a pass over
   * a thousand unchanged sources otherwise spent a write transaction per source on its record alone. Reading
   * runs (`recentRuns`), and closing, write them first; a crash loses at most those 50 ms of records, which
   * only makes the next run of those sources walk their whole listing again.
   */
  recordRun(run: RunSummary): void {
    this.pendingRuns.push(run);
    this.runsTimer ??= setTimeout(() => {
      try {
        this.writeRuns();
      } catch {
        // kept pending: written with the next run, or by the next read, which then reports the error
      }
    }, RUNS_WRITE_DELAY_MS).unref();
  }

  private writeRuns(): void {
    clearTimeout(this.runsTimer);
    this.runsTimer = undefined;
    if (!this.pendingRuns.length) return;
    const insert = this.sql(
      `INSERT INTO runs (source_id, started_at, finished_at, ok, error, seen, new, updated, unchanged, failed, layers)
       VALUES (@sourceId, @startedAt, @finishedAt, @ok, @error, @seen, @new, @updated, @unchanged, @failed, @layers)`,
    );
    const runs = this.pendingRuns;
    this.db.transaction(() => runs.forEach((run) => insert.run({ ...run, ok: run.ok ? 1 : 0, layers: run.layers ? JSON.stringify(run.layers) : null })))();
    this.pendingRuns = [];
  }

  /** How a source's last run ended, if it ran: whether it failed, and how many pages it could not read. */
  lastRunOutcome(sourceId: string): { ok: boolean; failed: number } | null {
    const pending = this.pendingRuns.filter((run) => run.sourceId === sourceId).pop();
    if (pending) return { ok: pending.ok, failed: pending.failed };
    const row = this.sql('SELECT ok, failed FROM runs WHERE source_id = ? ORDER BY id DESC LIMIT 1').get(sourceId) as { ok: number; failed: number } | undefined;
    return row ? { ok: Boolean(row.ok), failed: row.failed } : null;
  }

  /** A source's most recent runs, newest first. */
  recentRuns(sourceId: string, limit = 20): RunSummary[] {
    this.writeRuns();
    const rows = this.sql(
        `SELECT source_id AS sourceId, started_at AS startedAt, finished_at AS finishedAt, ok, error, seen, new, updated, unchanged, failed, layers
         FROM runs WHERE source_id = ? ORDER BY id DESC LIMIT ?`,
      )
      .all(sourceId, limit) as Array<Omit<RunSummary, 'ok' | 'layers'> & { ok: number; layers: string | null }>;
    return rows.map((row) => ({ ...row, ok: Boolean(row.ok), layers: row.layers ? (JSON.parse(row.layers) as RunSummary['layers']) : null }));
  }

  /**
   * Every item, newest first (by publication date, else first capture), one
   * row at a time, so an export of any size runs in bounded memory.
   * `revisionTexts` adds each earlier version's title and text.
   */
  *items(options: { sourceId?: string; limit?: number; revisionTexts?: boolean } = {}): Generator<Item> {
    // Prepared afresh: a statement being iterated is busy, and two readers (an export streaming while a publish runs) may iterate at once.
    // Two statements, not `@sourceId IS NULL OR …`: with that, SQLite reads and sorts every item even for one source.
    const rows = this.db
      .prepare(
        `SELECT items.*, sources.info AS source_info FROM items JOIN sources ON sources.id = items.source_id
         ${options.sourceId === undefined ? '' : 'WHERE items.source_id = @sourceId'}
         ORDER BY coalesce(items.published, items.first_seen) DESC, items.id
         LIMIT @limit`,
      )
      .iterate({ ...(options.sourceId === undefined ? {} : { sourceId: options.sourceId }), limit: options.limit ?? -1 }) as Iterable<ItemRow>;
    for (const row of rows) yield this.completeItem(row, options.revisionTexts ?? false);
  }

  /** The item at this (canonical) URL, as `items()` gives it, or undefined. */
  itemByUrl(url: string): Item | undefined {
    const row = this.sql('SELECT items.*, sources.info AS source_info FROM items JOIN sources ON sources.id = items.source_id WHERE items.url = ? ORDER BY items.id LIMIT 1').get(url) as ItemRow | undefined;
    return row ? this.completeItem(row, false) : undefined;
  }

  /** An item row with its revisions (oldest first, the current one last) and the other copies of its story. */
  private completeItem(row: ItemRow, revisionTexts: boolean): Item {
    const earlier = this.sql(
      `SELECT captured_at AS capturedAt, content_hash AS contentHash${revisionTexts ? ', title, content_text AS contentText' : ''}
       FROM revisions WHERE item_id = ? ORDER BY captured_at, rowid`,
    ).all(row.id) as ItemRevision[];
    const current = { capturedAt: row.updated ?? row.first_seen, contentHash: row.content_hash, ...(revisionTexts ? { title: row.title, contentText: row.content_text } : {}) };
    const item = toItem(row, [...earlier, current]);
    item.sameAs = (this.sql('SELECT items.url FROM same_story JOIN items ON items.id = same_story.other_id WHERE same_story.item_id = ? ORDER BY items.url').all(row.id) as Array<{ url: string }>).map((other) => other.url);
    return item;
  }

  /** Runs `work` as one transaction: many saves, one commit (a bulk import; the benchmark's generated store). */
  inOneTransaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** Runs `read` on one snapshot of the database: a publish made of many queries sees no run's writes half-way. */
  consistentRead<T>(read: () => T): T {
    return this.db.transaction(read).deferred();
  }

  /** Moves whenever anything an output shows from the items or sources changes (migration 9's triggers). */
  contentVersion(): number {
    return (this.sql('SELECT version FROM content_version').get() as { version: number }).version;
  }

  countItems(): number {
    return (this.sql('SELECT count(*) AS n FROM items').get() as { n: number }).n;
  }

  sources(): SourceInfo[] {
    return (this.sql('SELECT info FROM sources ORDER BY id').all() as Array<{ info: string }>).map((row) => ({ teryt: null, ...(JSON.parse(row.info) as Omit<SourceInfo, 'teryt'>) }) as SourceInfo);
  }

  revisions(itemId: string): Revision[] {
    return this.sql('SELECT item_id AS itemId, captured_at AS capturedAt, title, content_hash AS contentHash, content_text AS contentText FROM revisions WHERE item_id = ? ORDER BY captured_at')
      .all(itemId) as Revision[];
  }

  close(): void {
    this.writeRuns();
    this.db.close();
  }
}

function toItem(row: ItemRow, revisions: ItemRevision[]): Item {
  // Sources recorded before their TERYT code was kept have none.
  const source = { teryt: null, ...(JSON.parse(row.source_info) as Omit<SourceInfo, 'teryt'>) } as SourceInfo;
  return {
    id: row.id,
    url: row.url,
    title: row.title,
    published: row.published,
    datePrecision: row.date_precision,
    updated: row.updated,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    fetchedAt: row.fetched_at ?? row.last_seen,
    removedAt: row.removed_at,
    author: row.author,
    summary: row.summary,
    contentHtml: row.content_html,
    contentText: row.content_text,
    attachments: JSON.parse(row.attachments) as Item['attachments'],
    source,
    // Items stored before institutions were found carry their source's.
    institutions: (row.institutions ? (JSON.parse(row.institutions) as InstitutionRef[]) : [{ id: source.id, name: source.institution }]).map(completeInstitutionRef),
    topics: JSON.parse(row.topics) as string[],
    sameAs: [],
    // Items stored before the label of their date was kept have none.
    extractedBy: { publishedFrom: null, ...(JSON.parse(row.extracted_by) as Partial<Item['extractedBy']>) } as Item['extractedBy'],
    contentHash: row.content_hash,
    opsfeedVersion: row.opsfeed_version,
    revisions,
  };
}
