/**
 * `npm run fixtures [-- --chaos SEED] [-- --no-validators]`: the fixture sites
 * on 127.0.0.1 for trying opsfeed by hand, with the same fault injection the
 * tests use. Writes data/fixture-sources.json pointing at them, prints each
 * request as it arrives, and runs until Ctrl-C.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, fixtureConfig, startFixtureServer } from './support/fixture-server.js';

const { values } = parseArgs({ options: { chaos: { type: 'string' }, 'no-validators': { type: 'boolean', default: false } } });
const chaos = values.chaos === undefined ? undefined : { seed: Number(values.chaos), rates: { '503': 0.2, slow: 0.1, truncated: 0.05, reset: 0.05 } };
if (chaos && !Number.isInteger(chaos.seed)) {
  console.error(`fixtures: --chaos: "${values.chaos}" is not a whole number (the random seed)`);
  process.exit(2);
}
const server = await startFixtureServer({ chaos, validators: !values['no-validators'] });
const config = join(REPO_ROOT, 'data', 'fixture-sources.json');
mkdirSync(join(REPO_ROOT, 'data'), { recursive: true });
writeFileSync(config, JSON.stringify(fixtureConfig(server.origins, { delayMs: 100, timeoutMs: 2000 }), null, 2));
for (const [id, origin] of Object.entries(server.origins)) console.log(`fixtures: ${id.padEnd(18)} ${origin}`);
console.log(chaos ? `fixtures: faults on: 20% 503, 10% slow (3 s), 5% truncated or cut, 5% reset; seed ${chaos.seed}` : 'fixtures: no faults (add -- --chaos 42)');
console.log(`fixtures: try  node dist/src/cli.js crawl --config ${config} --db data/fixtures.db`);
let logged = 0;
setInterval(() => {
  for (const request of server.requests.slice(logged)) console.log(`fixtures: ${request.site} ${request.method} ${request.path} ${request.status}${request.fault ? ` (${request.fault})` : ''}${request.conditional ? ' conditional' : ''}`);
  logged = server.requests.length;
}, 200);
process.on('SIGINT', () => void server.close().then(() => process.exit(0)));
