/**
 * The real-world scoreboard as a test: every figure of `npm run realworld` on
 * ../shared/realworld/ (real strings and pages nobody on the project wrote)
 * stays at or above its floor in measures.ts, so that nothing slides back.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFiles, MEASURES, scoreCorpus, share } from './measures.js';

const CORPUS = resolve('../shared/realworld');

describe('the real-world corpus', () => {
  const files = corpusFiles(CORPUS, existsSync);

  it('is beside the project, as in CI', () => {
    expect(files, `${CORPUS} must hold strings/strings.json and pages/truth.json`).toEqual({ strings: `${CORPUS}/strings/strings.json`, pages: `${CORPUS}/pages` });
  });

  const scores = files.strings && files.pages ? scoreCorpus(files) : { strings: null, pages: null };
  it.each(MEASURES.map((measure) => [measure.label.trim(), measure] as const))('%s holds its floor', (_label, measure) => {
    const ratio = measure.ratio(scores);
    expect(ratio, 'scored').not.toBeNull();
    expect(ratio!.total, 'strings or pages to score').toBeGreaterThan(0);
    expect(share(ratio!), `${ratio!.right}/${ratio!.total}`).toBeGreaterThanOrEqual(measure.floor);
  });

  it('holds every floor that a target allows at the target once reached', () => {
    const belowTarget = MEASURES.filter((measure) => measure.target !== null && measure.floor < measure.target).filter((measure) => share(measure.ratio(scores)!) >= measure.target!);
    expect(belowTarget.map((measure) => `${measure.id}: floor ${measure.floor}, now ${share(measure.ratio(scores)!).toFixed(2)} ≥ target ${measure.target}`)).toEqual([]);
  });
});
