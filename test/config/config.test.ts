import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../src/config/load.js';

describe('sources.json', () => {
  it('the shipped file is valid and holds the four sources', () => {
    const config = loadConfig('sources.json');
    expect(config.sources.map((source) => source.id)).toEqual(['mops-krakow', 'mops-sopot', 'gops-michalowice', 'michalowice-gmina']);
    expect(config.settings.delayMs).toBeGreaterThanOrEqual(1000);
    expect(config.sources.find((source) => source.id === 'michalowice-gmina')?.include?.length).toBeGreaterThan(0);
  });

  it('reports every problem at once, one line each, naming the source and the field', () => {
    const json = JSON.parse(readFileSync('sources.json', 'utf8'));
    json.sources[1].listing.urls[0] = 'mopssopot.pl/aktualnosci';
    json.sources[2].type = 'OŚRODEK';
    json.sources[3].schedule = 'every hour';
    json.sources[0].id = 'mops-sopot';
    let problems: string[] = [];
    try {
      parseConfig(json, 'test.json');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      problems = (error as ConfigError).problems;
    }
    expect(problems).toHaveLength(4);
    expect(problems).toContainEqual('config: test.json: sources[1] (mops-sopot).listing.urls[0]: must be an absolute http(s) URL');
    expect(problems.find((line) => line.startsWith('config: test.json: sources[2] (gops-michalowice).type:'))).toBeDefined();
    expect(problems).toContainEqual('config: test.json: sources[3] (michalowice-gmina).schedule: must be a valid cron expression, e.g. "*/30 * * * *"');
    expect(problems).toContainEqual('config: test.json: sources[1] (mops-sopot).id: duplicates the id of sources[0]');
  });

  it('names the file when it is not JSON', () => {
    expect(() => parseConfig(undefined, 'x.json')).toThrow(ConfigError);
    expect(() => loadConfig('package-lock-does-not-exist.json')).toThrow(/config: package-lock-does-not-exist\.json: cannot read file \(ENOENT\)/);
  });
});

describe('sources.schema.json', () => {
  it('is the JSON Schema generated from the zod schema (regenerate with `npx opsfeed schema > sources.schema.json`)', async () => {
    const { sourcesJsonSchema } = await import('../../src/config/schema.js');
    expect(JSON.parse(readFileSync('sources.schema.json', 'utf8'))).toEqual(sourcesJsonSchema());
    expect(JSON.parse(readFileSync('sources.json', 'utf8')).$schema).toBe('./sources.schema.json');
  });
});

describe('item.schema.json', () => {
  it('is the JSON Schema generated from the zod item schema (regenerate with `npx opsfeed schema item > item.schema.json`)', async () => {
    const { itemJsonSchema } = await import('../../src/publish/item-schema.js');
    expect(JSON.parse(readFileSync('item.schema.json', 'utf8'))).toEqual(itemJsonSchema());
  });
});
