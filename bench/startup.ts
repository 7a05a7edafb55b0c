/**
 * What loading the national gazetteer adds to a process's start-up, for
 * bench/run.ts: `node dist/bench/startup.js gazetteer` imports the
 * institution finder and resolves one mention (which loads the gazetteer);
 * `… baseline` imports the text helpers and folds one string. Each prints
 * one JSON line: the time since the process started (ms) and its RSS (MB).
 */
const mode = process.argv[2];
if (mode === 'gazetteer') {
  const { institutionsMentioned } = await import('../src/normalize/institutions.js');
  if (institutionsMentioned('Miejski Ośrodek Pomocy Społecznej w Sosnowcu')[0]?.teryt !== '2475011') throw new Error('startup: the gazetteer did not resolve');
} else if (mode === 'baseline') {
  const { foldForSearch } = await import('../src/normalize/text.js');
  if (foldForSearch('Miejski Ośrodek Pomocy Społecznej w Sosnowcu') !== 'miejski osrodek pomocy spolecznej w sosnowcu') throw new Error('startup: folding failed');
} else throw new Error(`startup: unknown mode ${mode}`);
console.log(JSON.stringify({ ms: performance.now(), rssMb: process.memoryUsage().rss / 1e6 }));
