/**
 * `node --expose-gc dist/bench/heap-check.js [CYCLES]`: whether the pipeline
 * keeps anything per run. 20 synthetic sources are crawled once, then
 * crawled again (nothing changed) and published CYCLES times (default 300)
 * in this one process, with one HostGate and one Slots as the daemon keeps
 * them; every 50 cycles the heap is measured after a forced collection.
 * A leak shows as a heap that grows with the cycles.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../src/config/load.js';
import { HostGate } from '../src/crawl/politeness.js';
import { Slots } from '../src/crawl/slots.js';
import { crawlPass } from '../src/pipeline.js';
import { publishAll } from '../src/publish/publish.js';
import { Store } from '../src/store/store.js';
import { benchConfig } from './children.js';
import type { CorpusReply } from './corpus-server.js';

const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) {
  console.error('heap-check: run with node --expose-gc');
  process.exit(2);
}
const cycles = Number(process.argv[2] ?? 300);
const corpus = fork(fileURLToPath(new URL('./corpus-server.js', import.meta.url)), ['20', '5'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const ready = await new Promise<CorpusReply>((resolve) => corpus.once('message', resolve));
if (ready.type !== 'ready') throw new Error('corpus server: no ready message');
const dir = mkdtempSync(join(tmpdir(), 'opsfeed-heap-'));
const config = parseConfig(benchConfig(ready.listings, 16));
const store = new Store(join(dir, 'heap.db'));
const shared = { gate: new HostGate(0), slots: new Slots(16) };
try {
  await crawlPass(config, store, shared);
  console.log('| cycle | heap after GC | RSS |\n| --- | --- | --- |');
  for (let cycle = 1; cycle <= cycles; cycle++) {
    // One run per source, as the daemon's scheduler starts them.
    for (const source of config.sources) await crawlPass(config, store, { ...shared, sourceIds: [source.id] });
    publishAll(store, { outDir: join(dir, 'out'), publicUrl: 'http://127.0.0.1:8080/', feedLimit: 200 });
    if (cycle % 50 === 0 || cycle === cycles) {
      collect();
      collect();
      const memory = process.memoryUsage();
      console.log(`| ${cycle} | ${(memory.heapUsed / 2 ** 20).toFixed(1)} MB | ${(memory.rss / 2 ** 20).toFixed(0)} MB |`);
    }
  }
} finally {
  corpus.disconnect();
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
