/**
 * The measured subjects and baselines of bench/run.ts, each run in a fresh
 * process (`node dist/bench/children.js MODE JSON`) so that its peak RSS is
 * its own. Each prints one JSON line: its time (ms, the work only, not the
 * start-up), its peak RSS (MB) and a count of what it did.
 */
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../src/config/load.js';
import { crawlPass } from '../src/pipeline.js';
import { publishAll } from '../src/publish/publish.js';
import { Store } from '../src/store/store.js';
import { REPO_ROOT } from '../test/support/fixture-server.js';
import { generateStore, vocabulary } from './corpus.js';

export interface ChildResult {
  ms: number;
  rssMb: number;
  count?: number;
  publishMs?: number;
}

/** Runs `mode` in a fresh process, alongside this one, and resolves to what it measured. */
export function startChild(mode: string, args: object): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [fileURLToPath(import.meta.url), mode, JSON.stringify(args)], { maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`bench ${mode}: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as ChildResult);
    });
  });
}

/** Runs `mode` in a fresh process and returns what it measured. */
export function runChild(mode: string, args: object, profileDir?: string): ChildResult {
  const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', `${mode}-${Date.now()}.cpuprofile`] : [];
  const child = spawnSync(process.execPath, [...profile, fileURLToPath(import.meta.url), mode, JSON.stringify(args)], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (child.status !== 0) throw new Error(`bench ${mode}: exit ${child.status}\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as ChildResult;
}

/** A sources.json for the corpus: zero-config sources, no per-host delay (loopback), no start-up jitter. */
export function benchConfig(listings: string[], concurrency: number, schedule = '0 3 * * *') {
  return {
    settings: { delayMs: 0, jitterMs: 0, concurrency, schedule },
    sources: listings.map((url, i) => ({ id: `bench-${String(i + 1).padStart(4, '0')}`, name: `Ośrodek testowy ${i + 1}`, url })),
  };
}

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

/** The URLs grouped by host, each host's in order: what one crawler per host would ask. */
function byHost(urls: string[]): string[][] {
  const hosts = new Map<string, string[]>();
  for (const url of urls) {
    const host = new URL(url).host;
    hosts.set(host, [...(hosts.get(host) ?? []), url]);
  }
  return [...hosts.values()];
}

/** `concurrency` workers, each taking the next host's URLs and fetching them one at a time. */
async function fetchAll(hosts: string[][], concurrency: number, request: (url: string) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < hosts.length) for (const url of hosts[next++]!) await request(url);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const modes: Record<string, (args: never) => Promise<ChildResult> | ChildResult> = {
  async crawl(args: { db: string; out: string; listings: string[]; concurrency: number; publish: boolean }) {
    const config = parseConfig(benchConfig(args.listings, args.concurrency));
    const store = new Store(args.db);
    const started = performance.now();
    const reports = await crawlPass(config, store);
    const failed = reports.filter((report) => !report.ok);
    if (failed.length) throw new Error(`${failed.length} sources failed, e.g. ${failed[0]!.id}: ${failed[0]!.error}`);
    const crawled = performance.now();
    if (args.publish) publishAll(store, { outDir: args.out, publicUrl: 'http://127.0.0.1:8080/', feedLimit: config.settings.feedLimit });
    const ms = performance.now() - started;
    const count = store.countItems();
    store.close();
    return { ms, publishMs: performance.now() - crawled, rssMb: peakRssMb(), count };
  },

  async fetch(args: { urlsFile: string; concurrency: number }) {
    const urls = JSON.parse(readFileSync(args.urlsFile, 'utf8')) as string[];
    const started = performance.now();
    await fetchAll(byHost(urls), args.concurrency, async (url) => {
      const response = await fetch(url);
      await response.arrayBuffer();
    });
    return { ms: performance.now() - started, rssMb: peakRssMb(), count: urls.length };
  },

  /** One conditional GET per listing from a fresh process, as a crawl of unchanged sites starts (the ETags are learnt by the parent). */
  async conditional(args: { etagsFile: string; concurrency: number }) {
    const etags = new Map(Object.entries(JSON.parse(readFileSync(args.etagsFile, 'utf8')) as Record<string, string>));
    const started = performance.now();
    await fetchAll(byHost([...etags.keys()]), args.concurrency, async (url) => {
      const response = await fetch(url, { headers: { 'if-none-match': etags.get(url)! } });
      await response.arrayBuffer();
    });
    return { ms: performance.now() - started, rssMb: peakRssMb(), count: etags.size };
  },

  generate(args: { db: string; items: number }) {
    const started = performance.now();
    generateStore(args.db, args.items, vocabulary(REPO_ROOT));
    return { ms: performance.now() - started, rssMb: peakRssMb(), count: args.items };
  },

  publish(args: { db: string; out: string }) {
    const store = new Store(args.db);
    const started = performance.now();
    const result = publishAll(store, { outDir: args.out, publicUrl: 'http://127.0.0.1:8080/', feedLimit: 200 });
    const ms = performance.now() - started;
    store.close();
    return { ms, rssMb: peakRssMb(), count: result.files.length };
  },

  stringify(args: { db: string }) {
    const store = new Store(args.db);
    const started = performance.now();
    const items = [...store.items()];
    const length = JSON.stringify(items).length;
    const ms = performance.now() - started;
    store.close();
    return { ms, rssMb: peakRssMb(), count: length };
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [mode, json] = process.argv.slice(2);
  const run = modes[mode!];
  if (!run) throw new Error(`bench child: unknown mode ${mode}`);
  const result = await run(JSON.parse(json!) as never);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
