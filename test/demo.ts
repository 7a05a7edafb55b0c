/**
 * `npm run demo`: opsfeed at work without internet. Serves the fixture sites
 * on 127.0.0.1, points the sources at them and runs the real CLI: a full
 * crawl and publish into output/, with its own database (data/demo.db).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './support/cli.js';
import { REPO_ROOT, fixtureConfig, startFixtureServer } from './support/fixture-server.js';

const DEMO_DELAY_MS = 100;

const server = await startFixtureServer();
try {
  const dataDir = join(REPO_ROOT, 'data');
  mkdirSync(dataDir, { recursive: true });
  const config = join(dataDir, 'demo-sources.json');
  writeFileSync(config, JSON.stringify(fixtureConfig(server.origins, { delayMs: DEMO_DELAY_MS }), null, 2));
  console.log(`demo: fixture sites on ${Object.entries(server.origins).map(([id, origin]) => `${id} ${origin}`).join(', ')}`);
  console.log(`demo: per-host delay ${DEMO_DELAY_MS} ms (real sites get sources.json's settings.delayMs)`);
  const result = await runCli(['crawl', '--backfill', '--config', config, '--db', join(dataDir, 'demo.db'), '--out', join(REPO_ROOT, 'output')]);
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  const out = join(REPO_ROOT, 'output');
  console.log(`\ndemo: the unified feeds:  ${join(out, 'feed.xml')}  ${join(out, 'atom.xml')}  ${join(out, 'feed.json')}`);
  console.log(`demo: the dataset:        ${join(out, 'items.json')}`);
  console.log(`demo: per-source feeds:   ${join(out, 'sources')}/<id>/feed.xml`);
  process.exitCode = result.code ?? 1;
} finally {
  await server.close();
}
