#!/usr/bin/env node
/** The `opsfeed` command: parses arguments and dispatches. No logic of its own. */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config/load.js';
import { existsSync } from 'node:fs';
import { SettingsSchema, sourcesJsonSchema, type Config } from './config/schema.js';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ExportFormat } from './publish/export.js';
import type { SourceHealth } from './publish/status.js';
import type { Store } from './store/store.js';
import { VERSION } from './meta.js';
import { formatLogEvent, type LogEvent, type LogFormat } from './log.js';

// Each command loads the stages it uses when it runs: the crawler alone takes half a second to load, which
// `check`, `status` or `export` would otherwise pay.
const stages = {
  crawl: () => import('./pipeline.js'),
  daemon: () => import('./daemon.js'),
  export: () => import('./publish/export.js'),
  filters: () => import('./publish/filters.js'),
  itemSchema: () => import('./publish/item-schema.js'),
  probe: () => import('./probe.js'),
  places: () => import('./source-places.js'),
  publish: () => import('./publish/publish.js'),
  server: () => import('./serve/server.js'),
  status: () => import('./publish/status.js'),
  store: () => import('./store/store.js'),
  write: () => import('./publish/write.js'),
};

const HELP = `opsfeed ${VERSION}: news of Polish social-welfare centres as one feed and dataset

Usage: opsfeed <command> [options]

Commands:
  run                   the service ("npm start"): crawl every source now and then on its
                        schedule, publish after each run, serve HTTP; SIGHUP (or editing
                        the sources file) reloads it, SIGINT/SIGTERM stop cleanly
      --port N          HTTP port (default 8080)
      --host H          address to listen on (default 127.0.0.1: this machine only)
  crawl                 crawl once now, then publish
      --source ID       only this source (repeatable)
      --backfill        walk the whole archive, not only the new pages
  publish               rebuild every output from the database
  serve                 serve the outputs and filtered feeds over HTTP, without crawling
      --port N, --host H  as for run
  status                per-source health: last run, last success, last error, warnings
      --json            as JSON (the same as output/status.json)
  check                 validate the sources file and exit
  probe URL             what opsfeed would read from a news listing before you add it,
                        read as a crawl reads it: platform, feeds, items with every field
                        and the layer that found it, warnings, and a sources.json entry to
                        paste (exit 1: not a listing); uses the sources file's politeness
                        settings if present
      --articles N      articles to fetch and show (default 3)
      --json            the report as JSON
  export                the dataset, streamed from the database (see docs/dataset.md)
      --format F        json (default), ndjson or csv
      --source ID       only this source (repeatable)
      --since D, --until D  published (else first seen) from / before this ISO 8601 date;
                        a date alone for --until includes that day
      --q TEXT          words that must occur (case, diacritics and endings ignored)
      --topic ID        only items about this topic (repeatable)
      --institution TERM  only items concerning this institution (repeatable): an id (mops-sosnowiec),
                        a type (cus), a place (sosnowiec), a voivodeship (slaskie) or several ("cus slaskie")
      --revisions       earlier versions with their full title and text
      --bom             a byte order mark before a CSV, for spreadsheets
      --out FILE        write to FILE (atomically) instead of standard output
  schema [item]         print the JSON Schema of the sources file (sources.schema.json),
                        or of one dataset item (item.schema.json)

Options:
  --config FILE         sources file (default: sources.json)
  --db FILE             database (default: data/opsfeed.db)
  --out DIR             output folder (default: output)
  --log-format F        text (default) or json: one JSON object per line
  -h, --help            this help
  -v, --version         the version

Exit codes: 0 ok, 1 some sources failed, 2 bad usage or bad configuration.`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string', default: 'sources.json' },
        db: { type: 'string', default: 'data/opsfeed.db' },
        out: { type: 'string' },
        format: { type: 'string', default: 'json' },
        since: { type: 'string' },
        until: { type: 'string' },
        q: { type: 'string' },
        topic: { type: 'string', multiple: true },
        institution: { type: 'string', multiple: true },
        revisions: { type: 'boolean', default: false },
        bom: { type: 'boolean', default: false },
        source: { type: 'string', multiple: true },
        backfill: { type: 'boolean', default: false },
        'log-format': { type: 'string', default: 'text' },
        json: { type: 'boolean', default: false },
        articles: { type: 'string', default: '3' },
        port: { type: 'string', default: '8080' },
        host: { type: 'string', default: '127.0.0.1' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.version) return print(VERSION);
  const [command, ...extra] = positionals;
  if (values.help || !command) return print(HELP);
  const operand = command === 'probe' || command === 'schema' ? extra.shift() : undefined;
  const outDir = values.out ?? 'output';
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const format = values['log-format'];
  if (format !== 'text' && format !== 'json') throw new UsageError(`--log-format: must be "text" or "json", not "${format}"`);
  const log = (event: LogEvent) => (event.level === 'error' && format === 'text' ? console.error : console.log)(formatLogEvent(event, format as LogFormat));

  switch (command) {
    case 'check': {
      const config = loadConfig(values.config);
      const { placesOfSources } = await stages.places();
      const { problems, suggestions } = placesOfSources(config.sources, values.config);
      for (const line of problems) console.error(line);
      if (problems.length) return 2;
      print(`config: ${values.config}: ok, ${config.sources.length} sources (${config.sources.map((s) => s.id).join(', ')})`);
      for (const line of suggestions) print(line);
      return 0;
    }
    case 'status': {
      const [{ sourceHealths }, { renderStatusJson }] = await Promise.all([stages.publish(), stages.status()]);
      return withStore(values.db, (store) => {
        const healths = sourceHealths(store);
        print(values.json ? renderStatusJson(healths, new Date()).trimEnd() : describeHealth(healths));
        return healths.some((health) => health.state === 'failing') ? 1 : 0;
      });
    }
    case 'serve':
    case 'run': {
      const config = loadConfig(values.config);
      const port = /^\d+$/.test(values.port) ? Number(values.port) : NaN;
      if (!(port >= 0 && port <= 65535)) throw new UsageError(`--port: "${values.port}" is not a port number`);
      const store = await openStore(values.db);
      const listening = { host: values.host, port, outDir, store, log };
      return command === 'run' ? runService({ ...listening, config, configPath: values.config }) : serve({ ...listening, config });
    }
    case 'schema':
      if (operand !== undefined && operand !== 'item' && operand !== 'sources') throw new UsageError(`schema: "${operand}" is not "sources" or "item"`);
      return print(JSON.stringify(operand === 'item' ? (await stages.itemSchema()).itemJsonSchema() : sourcesJsonSchema(), null, 2));
    case 'export': {
      const [{ EXPORT_FORMATS, exportChunks }, { filterVocabulary, parseFeedFilter }, { writeStreamAtomic }] = await Promise.all([stages.export(), stages.filters(), stages.write()]);
      const format = values.format as ExportFormat;
      if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`--format: "${values.format}" is not one of ${EXPORT_FORMATS.join(', ')}`);
      const query = new URLSearchParams();
      for (const id of values.source ?? []) query.append('source', id);
      for (const id of values.topic ?? []) query.append('topic', id);
      for (const id of values.institution ?? []) query.append('institution', id);
      for (const name of ['since', 'until', 'q'] as const) if (values[name] !== undefined) query.set(name, values[name]!);
      return withStore(values.db, async (store) => {
        const parsed = parseFeedFilter(query, filterVocabulary(store.sources().map((source) => source.id)), Infinity, Infinity);
        if ('error' in parsed) throw new UsageError(`--${parsed.error}`);
        const chunks = exportChunks(store, { format, filter: parsed.filter, revisions: values.revisions, bom: values.bom });
        if (values.out === undefined) await pipeline(Readable.from(chunks), process.stdout, { end: false });
        else await writeStreamAtomic(values.out, Readable.from(chunks));
        return 0;
      });
    }
    case 'probe': {
      if (!operand) throw new UsageError('probe: give the address of a news listing, e.g. opsfeed probe https://mops.example.pl/aktualnosci');
      if (!/^https?:\/\//i.test(operand) || !URL.canParse(operand)) throw new UsageError(`probe: "${operand}" is not an http(s) address`);
      const articles = /^\d+$/.test(values.articles) ? Number(values.articles) : NaN;
      if (!(articles >= 0 && articles <= 50)) throw new UsageError(`--articles: "${values.articles}" is not a number from 0 to 50`);
      const settings = existsSync(values.config) ? loadConfig(values.config).settings : SettingsSchema.parse({});
      const { formatProbe, probe } = await stages.probe();
      const report = await probe(operand, { articles, settings, log: values.json ? undefined : (line) => console.error(line) });
      print(values.json ? JSON.stringify(report, null, 2) : formatProbe(report));
      return report.verdict === 'listing' ? 0 : 1;
    }
    case 'publish': {
      const config = loadConfig(values.config);
      return withStore(values.db, async (store) => publish(store, config, outDir, log));
    }
    case 'crawl': {
      const config = loadConfig(values.config);
      const unknown = (values.source ?? []).filter((id) => !config.sources.some((source) => source.id === id));
      if (unknown.length) throw new UsageError(`--source: no source with id "${unknown[0]}" in ${values.config}`);
      return withStore(values.db, async (store) => {
        const started = Date.now();
        const { crawlPass } = await stages.crawl();
        const reports = await crawlPass(config, store, { sourceIds: values.source, backfill: values.backfill, log });
        await publish(store, config, outDir, log);
        const total = (key: 'new' | 'updated' | 'unchanged' | 'failed') => reports.reduce((sum, report) => sum + report[key], 0);
        const failedSources = reports.filter((report) => !report.ok);
        log({
          level: failedSources.length ? 'warn' : 'info',
          message:
            `done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${total('new')} new, ${total('updated')} updated, ${total('unchanged')} unchanged, ${total('failed')} failed pages; ` +
            `${reports.length - failedSources.length}/${reports.length} sources ok` +
            (failedSources.length ? ` (failed: ${failedSources.map((report) => report.id).join(', ')})` : ''),
        });
        return failedSources.length ? 1 : 0;
      });
    }
    default:
      throw new UsageError(`unknown command "${command}" (try --help)`);
  }
}

async function publish(store: Store, config: Config, outDir: string, log: (event: LogEvent) => void): Promise<number> {
  const { publishAll } = await stages.publish();
  const result = publishAll(store, { outDir, publicUrl: config.settings.publicUrl, feedLimit: config.settings.feedLimit });
  log({ level: 'info', message: `published ${result.items} items to ${resolve(outDir)}/ (${result.files.length} files: feed.xml, atom.xml, feed.json, items.json, status.json, status.xml, opml.xml, sources/*/)` });
  return 0;
}

async function openStore(path: string): Promise<Store> {
  const { Store } = await stages.store();
  try {
    return new Store(path);
  } catch (error) {
    throw new UsageError(`--db: ${(error as Error).message}`);
  }
}

async function withStore(path: string, work: (store: Store) => number | Promise<number>): Promise<number> {
  const store = await openStore(path);
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

interface Listening {
  host: string;
  port: number;
  outDir: string;
  store: Store;
  config: Config;
  log: (event: LogEvent) => void;
}

/** Serve until SIGINT or SIGTERM, then close the server and the database. */
async function serve({ host, port, outDir, store, config, log }: Listening): Promise<number> {
  const { closeServer, createOpsfeedServer, listen } = await stages.server();
  const server = createOpsfeedServer({ outDir, store, settings: () => config.settings, log });
  let url: string;
  try {
    url = await listen(server, host, port);
  } catch (error) {
    store.close();
    throw new UsageError(`serve: ${(error as Error).message}`);
  }
  log({ level: 'info', message: `serving ${resolve(outDir)}/ at ${url} (index page, feed.xml, atom.xml, feed.json, items.json, status.json, opml.xml, sources/<id>/…)` });
  await stopSignal(log);
  await closeServer(server);
  store.close();
  return 0;
}

/** The daemon until SIGINT or SIGTERM; SIGHUP reloads the sources file. */
async function runService({ host, port, outDir, store, config, log, configPath }: Listening & { configPath: string }): Promise<number> {
  let daemon;
  try {
    const { startDaemon } = await stages.daemon();
    daemon = await startDaemon({ configPath, config, store, outDir, host, port, log });
  } catch (error) {
    store.close();
    throw new UsageError(`run: ${(error as Error).message}`);
  }
  const reload = () => daemon.reload('SIGHUP');
  process.on('SIGHUP', reload);
  await stopSignal(log);
  process.off('SIGHUP', reload);
  await daemon.stop();
  store.close();
  log({ level: 'info', message: 'stopped; database closed' });
  return 0;
}

/** Resolves on the first SIGINT or SIGTERM; a second one, or 10 s without a clean stop, exits at once (SQLite stays consistent). */
function stopSignal(log: (event: LogEvent) => void): Promise<void> {
  return new Promise((resolvePromise) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(1);
      stopping = true;
      log({ level: 'info', message: `${signal}: stopping (a run in progress ends after the article being stored)` });
      setTimeout(() => {
        log({ level: 'error', message: 'not stopped within 10 s: exiting now' });
        process.exit(1);
      }, 10_000).unref();
      resolvePromise();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** One block per source: state and last run, then its warnings indented. */
function describeHealth(healths: SourceHealth[]): string {
  if (!healths.length) return 'no source has been crawled yet (run "opsfeed crawl")';
  const width = Math.max(...healths.map((health) => health.id.length));
  return healths
    .map((health) => {
      const run = health.lastRun ? `last run ${health.lastRun}: ${health.lastRunSeen} seen, ${health.lastRunNew} new; last success ${health.lastSuccess ?? 'never'}` : 'never run';
      const failures = health.consecutiveFailures ? `; ${health.consecutiveFailures} failed run(s) in a row` : '';
      const lines = [`${health.id.padEnd(width)}  ${health.state.toUpperCase().padEnd(9)}  ${run}${failures}`];
      for (const warning of health.warnings) lines.push(`${' '.repeat(width + 2)}! ${warning.message} (since ${warning.since})`);
      return lines.join('\n');
    })
    .join('\n');
}

function print(text: string): number {
  console.log(text);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) console.error(problem);
      process.exit(2);
    }
    if (error instanceof UsageError) {
      console.error(`opsfeed: ${error.message}`);
      process.exit(2);
    }
    // One line for the user; the stack only when asked for (OPSFEED_DEBUG=1).
    console.error(`opsfeed: ${process.env.OPSFEED_DEBUG ? ((error as Error).stack ?? String(error)) : ((error as Error).message ?? String(error))}`);
    process.exit(1);
  },
);
