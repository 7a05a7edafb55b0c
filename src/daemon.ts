/**
 * `opsfeed run`, the always-on service: crawls every source at start-up and
 * then on its own schedule, publishes after every run (everything when an item
 * changed, else the sources' health alone), serves HTTP all the
 * while, and takes a changed sources.json (SIGHUP, or the file changing) without
 * a restart. Stopping ends runs between two articles, publishes what was
 * stored and closes the server; the caller closes the database.
 */
import { readFileSync, unwatchFile, watchFile, type Stats } from 'node:fs';
import type { Server } from 'node:http';
import { DateTime } from 'luxon';
import { ConfigError, loadConfig } from './config/load.js';
import type { Config } from './config/schema.js';
import { HostGate } from './crawl/politeness.js';
import { Slots } from './crawl/slots.js';
import type { Logger } from './log.js';
import { ArticleReaders, defaultReaders } from './articles.js';
import { crawlPass } from './pipeline.js';
import { publishAll, publishStatus } from './publish/publish.js';
import { Scheduler, TIME_ZONE, type Job, type RunReason } from './schedule/scheduler.js';
import { closeServer, createOpsfeedServer, listen } from './serve/server.js';
import type { Store } from './store/store.js';

export interface DaemonOptions {
  configPath: string;
  /** The configuration already loaded (and valid) from `configPath`. */
  config: Config;
  store: Store;
  outDir: string;
  host: string;
  port: number;
  log: Logger;
}

export interface Daemon {
  /** Where the HTTP server listens, e.g. "http://127.0.0.1:8080/". */
  url: string;
  /** Reads sources.json again; an invalid file is reported and the running configuration kept. True when applied. */
  reload(reason: string): boolean;
  stop(): Promise<void>;
}

/** Runs that end close together share one publish. */
const PUBLISH_DELAY_MS = 1000;
/** How often the sources file is checked for changes. */
const WATCH_INTERVAL_MS = 2000;

export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const { store, log, configPath } = options;
  let config = options.config;
  let configText = readText(configPath);
  // One gate for the daemon's life: the pause between requests to a host holds across runs too.
  let gate = new HostGate(config.settings.delayMs);
  // …and one cap on sources crawled at once, whatever their schedules; and one set of article readers (threads).
  let slots = new Slots(config.settings.concurrency);
  const readers = new ArticleReaders(config.settings.articleThreads ?? defaultReaders());

  // The content version the outputs show: runs that stored nothing republish only the sources' health.
  let publishedVersion: number | undefined;
  const publisher = coalesce(() => {
    try {
      const publishOptions = { outDir: options.outDir, publicUrl: config.settings.publicUrl, feedLimit: config.settings.feedLimit };
      const unchanged = publishedVersion === store.contentVersion();
      const result = unchanged ? publishStatus(store, publishOptions) : publishAll(store, publishOptions);
      publishedVersion = result.contentVersion;
      log({ level: 'info', message: unchanged ? `published the sources' health (${result.files.length} files); no item changed` : `published ${result.items} items (${result.files.length} files)` });
    } catch (error) {
      log({ level: 'error', message: `publish failed: ${(error as Error).message}` });
    }
  }, PUBLISH_DELAY_MS);

  async function runSource(id: string, reason: RunReason, signal: AbortSignal): Promise<void> {
    const started = Date.now();
    log({ level: 'info', source: id, message: `run started (${reason})` });
    const [report] = await crawlPass(config, store, { sourceIds: [id], log, signal, gate, slots, readers });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (!report || signal.aborted) {
      log({ level: 'info', source: id, message: `run interrupted after ${seconds} s; what it stored is kept` });
      return;
    }
    const next = scheduler.nextRun(id);
    log({ level: 'info', source: id, message: `run finished in ${seconds} s; next run ${next ? warsawTime(next) : 'not scheduled'}` });
    publisher.request();
  }

  const scheduler = new Scheduler(runSource, { jitterMs: config.settings.jitterMs, log });
  const server: Server = createOpsfeedServer({ outDir: options.outDir, store, settings: () => config.settings, log });
  const url = await listen(server, options.host, options.port);
  log({ level: 'info', message: `serving at ${url} (index page, feed.xml, atom.xml, feed.json, items.json, status.json, opml.xml, sources/<id>/…)` });

  publisher.flush(true); // outputs from what is stored already, before the first crawl ends
  const startUp = scheduler.setJobs(jobsOf(config));
  log({ level: 'info', message: `${startUp.length} sources scheduled (time zone ${TIME_ZONE}, random pause up to ${config.settings.jitterMs} ms); crawling all of them now` });
  for (const id of startUp) void scheduler.trigger(id, 'start-up');

  function reload(reason: string): boolean {
    configText = readText(configPath);
    let next: Config;
    try {
      next = loadConfig(configPath);
    } catch (error) {
      const problems = error instanceof ConfigError ? error.problems : [(error as Error).message];
      for (const problem of problems) log({ level: 'error', message: problem });
      log({ level: 'error', message: `${configPath} not reloaded (${reason}): ${problems.length} problem(s); the running configuration stays` });
      return false;
    }
    if (next.settings.delayMs !== config.settings.delayMs) gate = new HostGate(next.settings.delayMs);
    if (next.settings.concurrency !== config.settings.concurrency) slots = new Slots(next.settings.concurrency);
    // settings.articleThreads takes effect at the next start: runs under way hold the threads they read with.
    if (next.settings.articleThreads !== config.settings.articleThreads) log({ level: 'warn', message: `${configPath}: settings.articleThreads changes at the next start of the service` });
    config = next;
    publishedVersion = undefined; // names, URLs and feed lengths may have changed: the next publish rebuilds everything
    const added = scheduler.setJobs(jobsOf(config), { jitterMs: config.settings.jitterMs, log });
    log({
      level: 'info',
      message: `${configPath} reloaded (${reason}): ${scheduler.jobIds().length} sources scheduled${added.length ? `; crawling the new ones now: ${added.join(', ')}` : ''}`,
    });
    for (const id of added) void scheduler.trigger(id, 'added');
    return true;
  }

  const onFileChange = (current: Stats, previous: Stats) => {
    if (current.mtimeMs === previous.mtimeMs || readText(configPath) === configText) return;
    reload('file changed');
  };
  watchFile(configPath, { interval: WATCH_INTERVAL_MS, persistent: false }, onFileChange);

  return {
    url,
    reload,
    async stop() {
      unwatchFile(configPath, onFileChange);
      await scheduler.stop();
      await readers.close();
      publisher.flush();
      await closeServer(server);
    },
  };
}

/** One job per enabled source; sources on one host share its queue. */
function jobsOf(config: Config): Job[] {
  return config.sources
    .filter((source) => source.enabled)
    .map((source) => ({ id: source.id, cron: source.schedule ?? config.settings.schedule, host: new URL(source.listing.urls[0]!).host }));
}

/** "2026-11-22T23:30:00+01:00": the time a Polish operator reads, with its offset. */
function warsawTime(date: Date): string {
  return DateTime.fromJSDate(date).setZone(TIME_ZONE).toISO({ suppressMilliseconds: true }) ?? date.toISOString();
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** `request()` runs `work` once after `delayMs`, however often it is called meanwhile; `flush()` runs a pending one now. */
function coalesce(work: () => void, delayMs: number) {
  let timer: NodeJS.Timeout | undefined;
  return {
    request() {
      timer ??= setTimeout(() => {
        timer = undefined;
        work();
      }, delayMs);
    },
    /** Runs pending work now (or, with `always`, even when none is pending). */
    flush(always = false) {
      if (!timer && !always) return;
      clearTimeout(timer);
      timer = undefined;
      work();
    },
  };
}
