/**
 * `npm run bench` (`-- --quick` for a smoke run of under 2 minutes, `--large`
 * to add 2,500 sources): opsfeed's costs, each as a ratio against a baseline
 * measured by this same run on the same machine. A synthetic corpus built
 * from the fixture sites' pages (bench/corpus.ts) is served on loopback, one
 * 127.1.x.y address per source, with the per-host delay set to 0.
 * - full crawl, S sources × A articles, through the whole pipeline and a
 *   publish, against fetching the same URLs with Node's fetch at the same
 *   concurrency; at several S to show growth;
 * - no-change cycle: the same corpus again, against one conditional GET per listing;
 * - extraction on one core against `cheerio.load` alone;
 * - publish of N items against `JSON.stringify` of the same items;
 * - memory of one daemon over many no-change cycles.
 * Every measured subject runs in a fresh child process, so its peak RSS is
 * its own. Prints a Markdown table; asserts nothing about time.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'cheerio';
import { extractArticle } from '../src/extract/article.js';
import { normalizeArticle } from '../src/normalize/article.js';
import { institutionsMentioned } from '../src/normalize/institutions.js';
import { institutionsMentioned as threePlaceInstitutions } from './baseline/institutions-three-places.js';
import { REPO_ROOT } from '../test/support/fixture-server.js';
import { fixtureArticlePages } from '../test/support/pages.js';
import type { CorpusReply, CorpusRequest, CorpusStats } from './corpus-server.js';
import { benchConfig, runChild, startChild, type ChildResult } from './children.js';

interface Row {
  measure: string;
  subject: string;
  baseline: string;
  ratio: string;
}

interface Plan {
  quick: boolean;
  articles: number;
  growth: number[];
  concurrency: number;
  publishItems: number;
  daemonCycles: number;
  extractionSeconds: number;
  /** Where the crawl children write their CPU profiles (`--profile DIR`), if anywhere. */
  profileDir?: string;
}

/** The run's plan from its options (`--help` lists them); a bad option is an error naming it. */
function plan(args: string[]): Plan | 'help' {
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean', default: false },
      large: { type: 'boolean', default: false },
      sources: { type: 'string' },
      articles: { type: 'string' },
      concurrency: { type: 'string' },
      profile: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  // At least two articles: with one teaser, the listings of some templates are not found as listings (one family's sources fail).
  const count = (name: 'sources' | 'articles' | 'concurrency', fallback: number, least = 1) => {
    const value = values[name] === undefined ? fallback : Number(values[name]);
    if (!Number.isInteger(value) || value < least) throw new Error(`--${name} must be a whole number of at least ${least}, not "${values[name]}"`);
    return value;
  };
  const quick = values.quick;
  return {
    quick,
    articles: count('articles', quick ? 10 : 20, 2),
    growth: values.sources ? [count('sources', 1000)] : quick ? [20, 60] : [100, 300, 1000, ...(values.large ? [2500] : [])],
    concurrency: count('concurrency', 16),
    publishItems: quick ? 3000 : 100_000,
    // Past 50: V8 lets the old generation fill for about 100 quiet cycles before it collects, so 50 show half a sawtooth.
    daemonCycles: quick ? 10 : 150,
    extractionSeconds: quick ? 0.5 : 5,
    profileDir: values.profile,
  };
}

const benchStarted = Date.now();
const progress = (message: string) => process.stderr.write(`bench [${((Date.now() - benchStarted) / 1000).toFixed(0)} s]: ${message}\n`);
const mb = (value: number) => `${value.toFixed(0)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Rounds of each, interleaved (whichever has run least time goes next) until each has run `seconds`; returns each one's rate (runs per second). */
function compareRates<K extends string>(seconds: number, runs: Record<K, () => void>): Record<K, number> {
  const names = Object.keys(runs) as K[];
  const spent = Object.fromEntries(names.map((name) => [name, 0])) as Record<K, number>;
  const count = Object.fromEntries(names.map((name) => [name, 0])) as Record<K, number>;
  for (const name of names) runs[name](); // warm-up: JIT and caches, not counted
  for (;;) {
    const name = names.reduce((least, other) => (spent[other] < spent[least] ? other : least));
    if (spent[name] >= seconds * 1000) break;
    const started = performance.now();
    runs[name]();
    spent[name] += performance.now() - started;
    count[name]++;
  }
  return Object.fromEntries(names.map((name) => [name, (count[name] * 1000) / spent[name]])) as Record<K, number>;
}

/**
 * Extraction alone, and with normalisation, of the fixture article pages, each against cheerio.load alone; and
 * normalisation with the national gazetteer against the same with the three-place institution table it replaced.
 */
function extraction(plan: Plan): Row[] {
  const pages = fixtureArticlePages(REPO_ROOT);
  const url = 'https://example.pl/aktualnosci/1';
  const texts = pages.map((html) => {
    const normalised = normalizeArticle(extractArticle(load(html), url, {}));
    return 'article' in normalised ? `${normalised.article.title}\n${normalised.article.contentText}` : '';
  });
  const rates = compareRates(plan.extractionSeconds, {
    parse: () => pages.forEach((html) => load(html)),
    extract: () => pages.forEach((html) => extractArticle(load(html), url, {})),
    normalise: () => pages.forEach((html) => normalizeArticle(extractArticle(load(html), url, {}))),
    gazetteer: () => texts.forEach((text) => institutionsMentioned(text, {})),
    threePlaces: () => texts.forEach((text) => threePlaceInstitutions(text, {})),
  });
  const perSecond = (rate: number) => `${(rate * pages.length).toFixed(0)} pages/s`;
  const baseline = `${perSecond(rates.parse)} (cheerio.load alone)`;
  // Per round of all pages: normalisation alone is (extraction + normalisation) − extraction; the former cost swaps
  // the gazetteer's institution finding for the three-place table's.
  const normalising = 1 / rates.normalise - 1 / rates.extract;
  const former = normalising - 1 / rates.gazetteer + 1 / rates.threePlaces;
  const perPage = (seconds: number) => `${((seconds * 1000) / pages.length).toFixed(2)} ms/page`;
  return [
    { measure: `extraction, ${pages.length} fixture article pages, one core`, subject: perSecond(rates.extract), baseline, ratio: (rates.parse / rates.extract).toFixed(2) },
    { measure: 'extraction + normalisation, the same pages', subject: perSecond(rates.normalise), baseline, ratio: (rates.parse / rates.normalise).toFixed(2) },
    {
      measure: 'normalisation alone, institutions through the national gazetteer',
      subject: perPage(normalising),
      baseline: `${perPage(former)} (with the three-place table it replaced)`,
      ratio: (normalising / former).toFixed(2),
    },
  ];
}

/** Start-up of a process that loads the gazetteer and resolves one mention, against one that folds a string: medians of alternating runs. */
function gazetteerStartup(): Row[] {
  const script = join(REPO_ROOT, 'dist', 'bench', 'startup.js');
  const run = (mode: string) => {
    const child = spawnSync(process.execPath, [script, mode], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`bench startup ${mode}: ${child.stderr}`);
    return JSON.parse(child.stdout.trim()) as { ms: number; rssMb: number };
  };
  const runs = { gazetteer: [] as Array<{ ms: number; rssMb: number }>, baseline: [] as Array<{ ms: number; rssMb: number }> };
  for (let round = 0; round < 7; round++) for (const mode of ['baseline', 'gazetteer'] as const) runs[mode].push(run(mode));
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
  const [ms, baseMs] = [median(runs.gazetteer.map((r) => r.ms)), median(runs.baseline.map((r) => r.ms))];
  const [rss, baseRss] = [median(runs.gazetteer.map((r) => r.rssMb)), median(runs.baseline.map((r) => r.rssMb))];
  return [
    { measure: 'start-up, loading the gazetteer and resolving one mention: time', subject: `${ms.toFixed(0)} ms (+${(ms - baseMs).toFixed(0)} ms)`, baseline: `${baseMs.toFixed(0)} ms (a process that folds one string)`, ratio: (ms / baseMs).toFixed(2) },
    { measure: 'start-up, loading the gazetteer: RSS', subject: `${mb(rss)} (+${mb(rss - baseRss)})`, baseline: `${mb(baseRss)} (the same process)`, ratio: (rss / baseRss).toFixed(2) },
  ];
}

/** The corpus server in its own process, serving `sources` sources of `articles` articles. */
class Corpus {
  private constructor(
    private readonly child: ChildProcess,
    readonly listings: string[],
  ) {}

  static async start(sources: number, articles: number): Promise<Corpus> {
    const child = fork(fileURLToPath(new URL('./corpus-server.js', import.meta.url)), [String(sources), String(articles)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ready = await new Promise<CorpusReply>((resolve, reject) => {
      child.once('message', (message: CorpusReply) => resolve(message));
      child.once('exit', (code) => reject(new Error(`corpus server exited with ${code}`)));
    });
    if (ready.type !== 'ready') throw new Error('corpus server: no ready message');
    return new Corpus(child, ready.listings);
  }

  async stats(urls = false): Promise<CorpusStats> {
    const reply = new Promise<CorpusReply>((resolve) => this.child.once('message', resolve));
    this.child.send({ type: 'stats', urls } satisfies CorpusRequest);
    const message = await reply;
    if (message.type !== 'stats') throw new Error('corpus server: no stats');
    return message.stats;
  }

  reset(): void {
    this.child.send({ type: 'reset' } satisfies CorpusRequest);
  }

  stop(): void {
    this.child.disconnect();
  }
}

interface CrawlMeasure {
  sources: number;
  crawl: ChildResult;
  fetch: ChildResult;
  requests: number;
}

async function fullCrawl(corpus: Corpus, plan: Plan, sources: number, dir: string): Promise<CrawlMeasure> {
  const db = join(dir, `crawl-${sources}.db`);
  corpus.reset();
  progress(`full crawl: ${sources} sources × ${plan.articles} articles at concurrency ${plan.concurrency}`);
  const crawl = runChild('crawl', { db, out: join(dir, `out-${sources}`), listings: corpus.listings.slice(0, sources), concurrency: plan.concurrency, publish: true }, plan.profileDir);
  const stats = await corpus.stats(true);
  const urlsFile = join(dir, `urls-${sources}.json`);
  writeFileSync(urlsFile, JSON.stringify(stats.urls));
  progress(`fetch-only baseline: ${stats.urls.length} URLs`);
  const fetch = runChild('fetch', { urlsFile, concurrency: plan.concurrency });
  return { sources, crawl, fetch, requests: stats.requests };
}

function crawlRows(measure: CrawlMeasure, articles: number): Row[] {
  const { sources, crawl, fetch } = measure;
  const pages = fetch.count!;
  return [
    {
      measure: `full crawl, ${sources} × ${articles}: time (fetch, extract, normalise, dedupe, store, publish)`,
      subject: `${seconds(crawl.ms)} (${(pages / (crawl.ms / 1000)).toFixed(0)} pages/s; ${crawl.count} of ${sources * articles} items stored; publish ${seconds(crawl.publishMs ?? 0)})`,
      baseline: `${seconds(fetch.ms)} (${(pages / (fetch.ms / 1000)).toFixed(0)} pages/s; fetch only, ${pages} pages)`,
      ratio: (crawl.ms / fetch.ms).toFixed(2),
    },
    {
      measure: `full crawl, ${sources} × ${articles}: peak RSS`,
      subject: mb(crawl.rssMb),
      baseline: `${mb(fetch.rssMb)} (fetch only)`,
      ratio: (crawl.rssMb / fetch.rssMb).toFixed(2),
    },
  ];
}

async function noChangeCycle(corpus: Corpus, plan: Plan, sources: number, dir: string): Promise<Row[]> {
  const db = join(dir, `crawl-${sources}.db`);
  corpus.reset();
  progress(`no-change cycle: ${sources} sources`);
  const crawl = runChild('crawl', { db, out: join(dir, `out-${sources}`), listings: corpus.listings.slice(0, sources), concurrency: plan.concurrency, publish: false }, plan.profileDir);
  const stats = await corpus.stats();
  // The baseline's process starts as the crawl's does, with no connection open: the ETags are learnt here.
  const etagsFile = join(dir, `etags-${sources}.json`);
  const etags: Record<string, string> = {};
  for (const url of corpus.listings.slice(0, sources)) {
    const response = await fetch(url);
    await response.arrayBuffer();
    etags[url] = response.headers.get('etag') ?? '';
  }
  writeFileSync(etagsFile, JSON.stringify(etags));
  corpus.reset();
  const conditional = runChild('conditional', { etagsFile, concurrency: plan.concurrency });
  const baselineStats = await corpus.stats();
  return [
    {
      measure: `no-change cycle, ${sources} sources: requests per source`,
      subject: `${(stats.requests / sources).toFixed(2)} (${stats.notModified} answered 304, ${stats.articles} articles fetched)`,
      baseline: `${(baselineStats.conditional / sources).toFixed(2)} (one conditional GET per listing)`,
      ratio: (stats.requests / baselineStats.conditional).toFixed(2),
    },
    {
      measure: `no-change cycle, ${sources} sources: time (crawl pass, no publish)`,
      subject: seconds(crawl.ms),
      baseline: `${seconds(conditional.ms)} (one conditional GET per listing)`,
      ratio: (crawl.ms / conditional.ms).toFixed(2),
    },
  ];
}

function publish(plan: Plan, dir: string): Row[] {
  const db = join(dir, 'publish.db');
  progress(`publish: ${plan.publishItems} items`);
  const baseline = runChild('stringify', { db });
  const subject = runChild('publish', { db, out: join(dir, 'publish-out') });
  const items = plan.publishItems.toLocaleString('en');
  return [
    { measure: `publish, every output from ${items} items: time`, subject: seconds(subject.ms), baseline: `${seconds(baseline.ms)} (JSON.stringify of the items)`, ratio: (subject.ms / baseline.ms).toFixed(2) },
    { measure: `publish, ${items} items: peak RSS`, subject: mb(subject.rssMb), baseline: `${mb(baseline.rssMb)} (JSON.stringify of the items)`, ratio: (subject.rssMb / baseline.rssMb).toFixed(2) },
  ];
}

/** RSS of a process from /proc, in MB. */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** CPU seconds a process has used so far (user + system), from /proc; Linux counts them in 1/100 s. */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The real daemon (`opsfeed run`) on an already crawled store, every source due every second; RSS sampled after each cycle. */
async function daemonMemory(corpus: Corpus, plan: Plan, sources: number, dir: string): Promise<Row> {
  const db = join(dir, 'daemon.db');
  copyFileSync(join(dir, `crawl-${sources}.db`), db);
  const config = join(dir, 'daemon-sources.json');
  writeFileSync(config, JSON.stringify(benchConfig(corpus.listings.slice(0, sources), plan.concurrency, '* * * * * *')));
  corpus.reset();
  progress(`daemon: ${plan.daemonCycles} no-change cycles of ${sources} sources in one process`);
  const cli = fileURLToPath(new URL('../src/cli.js', import.meta.url));
  const daemon = fork(cli, ['run', '--config', config, '--db', db, '--out', join(dir, 'daemon-out'), '--port', '0', '--log-format', 'json'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const samples: number[] = [];
  const cpu: number[] = [];
  try {
    while (samples.length < plan.daemonCycles) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (daemon.exitCode !== null) throw new Error(`daemon exited with ${daemon.exitCode}`);
      const { listings } = await corpus.stats();
      while (samples.length < Math.floor(listings / sources) && samples.length < plan.daemonCycles) {
        samples.push(rssOf(daemon.pid!));
        cpu.push(cpuSecondsOf(daemon.pid!));
      }
    }
  } finally {
    daemon.kill('SIGTERM');
    await new Promise((resolve) => daemon.once('exit', resolve));
  }
  const settled = samples[Math.min(4, samples.length - 1)]!;
  const last = samples[samples.length - 1]!;
  const every = Math.max(1, Math.floor(samples.length / 10));
  const along = samples.map((rss, i) => ((i + 1) % every === 0 ? `${i + 1}: ${rss.toFixed(0)}` : '')).filter(Boolean);
  // Trend and CPU over the later cycles, once start-up (the first crawl's publish, module loading) is behind.
  const later = Math.floor(samples.length / 3);
  const cpuPerCycle = cpu.length > 1 ? (cpu[cpu.length - 1]! - cpu[later]!) / Math.max(1, cpu.length - 1 - later) : 0;
  return {
    measure: `daemon, ${plan.daemonCycles} no-change cycles × ${sources} sources: RSS after the last cycle`,
    subject: `${mb(last)} (MB after cycle ${along.join(', ')}; highest ${mb(Math.max(...samples))}; trend over cycles ${later + 1}–${samples.length}: ${slope(samples.slice(later)).toFixed(2)} MB per cycle; CPU ${(cpuPerCycle * 1000).toFixed(0)} ms per cycle, crawl and publish)`,
    baseline: `${mb(settled)} (after cycle ${Math.min(5, samples.length)})`,
    ratio: (last / settled).toFixed(2),
  };
}

/** Least-squares slope of `values` against their index: how much they grow per step. */
function slope(values: number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((a, b) => a + b, 0) / n;
  let covariance = 0;
  let variance = 0;
  values.forEach((y, x) => {
    covariance += (x - meanX) * (y - meanY);
    variance += (x - meanX) ** 2;
  });
  return covariance / variance;
}

const USAGE = `npm run bench [-- OPTIONS]: opsfeed's speed and memory against baselines run by the same process

  --quick            a smoke run of under 2 minutes (small corpus, short rounds), as CI runs it
  --large            add a full crawl of 2,500 sources to the growth table
  --sources N        one full crawl of N sources instead of the growth series
  --articles N       articles per source, at least 2 (default 20; --quick: 10)
  --concurrency N    sources crawled at once, and fetch-only workers (default 16)
  --profile DIR      CPU profiles of the crawl processes into DIR; read them with
                     node dist/bench/profile-summary.js DIR/<file>.cpuprofile
  --help             this text

The table goes to standard output, progress to standard error. docs/benchmarks.md explains each row.`;

async function main(): Promise<void> {
  let settings: Plan | 'help';
  try {
    settings = plan(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${(error as Error).message} (see npm run bench -- --help)`);
    process.exit(2);
  }
  if (settings === 'help') return console.log(USAGE);
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'opsfeed-bench-'));
  const rows: Row[] = [];
  let corpus: Corpus | undefined;
  try {
    progress('extraction');
    rows.push(...extraction(settings));
    progress('gazetteer start-up');
    rows.push(...gazetteerStartup());
    const largest = Math.max(...settings.growth);
    corpus = await Corpus.start(largest, settings.articles);
    const crawls: CrawlMeasure[] = [];
    for (const sources of settings.growth) crawls.push(await fullCrawl(corpus, settings, sources, dir));
    rows.push(...crawlRows(crawls[crawls.length - 1]!, settings.articles));
    rows.push(...(await noChangeCycle(corpus, settings, largest, dir)));
    // The publish benchmark's store is generated while the daemon runs: the daemon's memory is measured, not its time.
    progress(`generating a store of ${settings.publishItems} items for the publish benchmark, alongside`);
    const generated = startChild('generate', { db: join(dir, 'publish.db'), items: settings.publishItems });
    rows.push(await daemonMemory(corpus, settings, Math.min(...settings.growth), dir));
    corpus.stop();
    corpus = undefined;
    await generated;
    rows.push(...publish(settings, dir));
    printTable(settings, rows, crawls);
  } finally {
    corpus?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nbench finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function printTable(plan: Plan, rows: Row[], crawls: CrawlMeasure[]): void {
  console.log(`\nopsfeed benchmarks${plan.quick ? ' (--quick)' : ''}: Node ${process.version}, ${spawnSync('nproc').stdout?.toString().trim()} cores, per-host delay 0 (loopback), concurrency ${plan.concurrency}, ${new Date().toISOString()}\n`);
  console.log('| measure | opsfeed | baseline | ratio |');
  console.log('| --- | --- | --- | --- |');
  for (const row of rows) console.log(`| ${row.measure} | ${row.subject} | ${row.baseline} | ${row.ratio} |`);
  console.log('\ngrowth of the full crawl with the number of sources:\n');
  console.log('| sources | pages | crawl + publish | per source | fetch only | ratio | peak RSS | requests |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const { sources, crawl, fetch, requests } of crawls) {
    console.log(`| ${sources} | ${fetch.count} | ${seconds(crawl.ms)} | ${(crawl.ms / sources).toFixed(0)} ms | ${seconds(fetch.ms)} | ${(crawl.ms / fetch.ms).toFixed(2)} | ${mb(crawl.rssMb)} | ${requests} |`);
  }
}

await main();
