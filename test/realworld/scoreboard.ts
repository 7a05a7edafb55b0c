/**
 * `npm run realworld`: opsfeed scored on real Polish strings and pages that
 * nobody on the project wrote (../shared/realworld/ beside the project, or
 * any folder in its format with `--corpus DIR`). Prints one table, every
 * measure against its target, and every miss below it (expected vs got).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { corpusFiles, MEASURES, scoreCorpus, share } from './measures.js';

const HELP = `Usage: npm run realworld -- [options]

Scores the built project on a corpus of real strings (strings/strings.json)
and pages (pages/truth.json and the pages), as described in the corpus's
README files.

Options:
  --corpus DIR       the corpus folder (default: ../shared/realworld); DIR may
                     also be a strings or a pages folder alone
  --fetched-at ISO   when the pages were fetched: a stamp without a year and a
                     header clock are read against it (default: none)
  --json             print the figures and misses as JSON instead of the table
  --no-misses        print the table alone
  -h, --help         this text
`;

function main(): number {
  let args;
  try {
    args = parseArgs({
      options: {
        corpus: { type: 'string', default: '../shared/realworld' },
        'fetched-at': { type: 'string' },
        json: { type: 'boolean', default: false },
        'no-misses': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`realworld: ${(error as Error).message} (see --help)`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const dir = resolve(args.corpus);
  const fetchedAt = args['fetched-at'];
  if (fetchedAt !== undefined && Number.isNaN(Date.parse(fetchedAt))) {
    console.error(`realworld: --fetched-at: "${fetchedAt}" is not an ISO 8601 date`);
    return 2;
  }
  const files = corpusFiles(dir, existsSync);
  if (!files.strings && !files.pages) {
    console.error(`realworld: ${dir}: no strings/strings.json or pages/truth.json (nor strings.json or truth.json) there`);
    return 2;
  }
  const scores = scoreCorpus(files, { fetchedAt });
  const rows = MEASURES.map((measure) => ({ measure, ratio: measure.ratio(scores) })).filter((row) => row.ratio && row.ratio.total > 0);
  const misses = [
    ...(scores.strings?.misses ?? []).map((miss) => ({ where: miss.measure, text: miss.text, expected: miss.expected, got: miss.got })),
    ...(scores.pages?.misses ?? []).map((miss) => ({ where: `${miss.measure} (${miss.page})`, text: '', expected: miss.expected, got: miss.got })),
  ];

  if (args.json) {
    const figures = Object.fromEntries(rows.map(({ measure, ratio }) => [measure.id, { ...ratio!, score: Number(share(ratio!).toFixed(4)), target: measure.target }]));
    console.log(JSON.stringify({ corpus: dir, figures, misses }, null, 2));
    return 0;
  }
  console.log(`opsfeed on real Polish strings and pages: ${dir}${fetchedAt ? ` (pages fetched ${fetchedAt})` : ''}\n`);
  console.log('| measure | score | right / total | target |');
  console.log('| --- | --- | --- | --- |');
  for (const { measure, ratio } of rows) {
    const score = share(ratio!);
    const mark = measure.target === null ? '' : score >= measure.target ? ' (met)' : ' (not yet)';
    console.log(`| ${measure.label} | ${score.toFixed(2)} | ${ratio!.right}/${ratio!.total} | ${measure.target === null ? '' : `≥ ${measure.target.toFixed(2)}${mark}`} |`);
  }
  if (!args['no-misses']) {
    console.log(`\nMisses (${misses.length}):`);
    for (const miss of misses) console.log(`- ${miss.where}: ${miss.text ? `${JSON.stringify(miss.text)}: ` : ''}expected ${miss.expected}; got ${miss.got}`);
  }
  return 0;
}

process.exitCode = main();
