/**
 * Peak memory of a dataset export: a generated store of N items (default
 * 100,000; `--items N`), exported in each format by a fresh process, against
 * the baseline of a process that only reads the same rows from SQLite. Run
 * with `npm run bench:export`. Prints a table; asserts nothing about time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from '../src/store/store.js';
import { REPO_ROOT } from '../test/support/fixture-server.js';
import { generateStore, vocabulary } from './corpus.js';

const LIMIT_MB = 256;

/** Runs this file as a child in `mode` and returns its peak RSS in MB. */
function peakRssMb(db: string, mode: string): number {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, db], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`${mode}: ${child.stderr}`);
  return Number(child.stdout.trim());
}

async function child(mode: string, db: string): Promise<void> {
  const store = new Store(db);
  if (mode === 'read') {
    let n = 0;
    for (const item of store.items()) n += item.title.length;
    if (n < 0) throw new Error('unreachable');
  } else {
    const { exportChunks } = await import('../src/publish/export.js');
    const { parseFeedFilter } = await import('../src/publish/filters.js');
    const parsed = parseFeedFilter(new URLSearchParams(), { sources: store.sources().map((s) => s.id) }, Infinity, Infinity);
    if ('error' in parsed) throw new Error(parsed.error);
    let bytes = 0;
    for (const chunk of exportChunks(store, { format: mode as 'json' | 'ndjson' | 'csv', filter: parsed.filter })) bytes += chunk.length;
    if (bytes === 0) throw new Error('empty export');
  }
  store.close();
  process.stdout.write(`${(process.resourceUsage().maxRSS / 1024).toFixed(1)}\n`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1]!, args[2]!);
  const count = args[0] === '--items' ? Number(args[1]) : 100_000;
  const dir = mkdtempSync(join(tmpdir(), 'opsfeed-bench-export-'));
  const db = join(dir, 'bench.db');
  try {
    const started = Date.now();
    generateStore(db, count, vocabulary(REPO_ROOT));
    console.log(`generated a store of ${count} items in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const baseline = peakRssMb(db, 'read');
    console.log('| export | peak RSS | vs reading the rows only |');
    console.log('| --- | --- | --- |');
    console.log(`| (baseline: read every item) | ${baseline} MB | 1.00 |`);
    let worst = 0;
    for (const format of ['ndjson', 'json', 'csv']) {
      const peak = peakRssMb(db, format);
      worst = Math.max(worst, peak);
      console.log(`| ${format} | ${peak} MB | ${(peak / baseline).toFixed(2)} |`);
    }
    console.log(worst <= LIMIT_MB ? `peak ${worst} MB: within the ${LIMIT_MB} MB target` : `peak ${worst} MB: OVER the ${LIMIT_MB} MB target`);
    if (worst > LIMIT_MB) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
