/** Loading sources.json with one readable line per problem. */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ConfigFileSchema, duplicateSourceIds, type Config } from './schema.js';

/** A configuration that cannot be used; `problems` holds one line each, ready to print. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

export function loadConfig(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`config: ${path}: cannot read file (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`config: ${path}: not valid JSON (${(error as Error).message})`]);
  }
  return parseConfig(json, path);
}

export function parseConfig(json: unknown, path = 'sources.json'): Config {
  const result = ConfigFileSchema.safeParse(json);
  const issues = [...(result.success ? [] : result.error.issues), ...duplicateSourceIds(json)];
  if (issues.length || !result.success) throw new ConfigError(issues.map((issue) => describeIssue(issue, json, path)));
  return result.data;
}

/** "config: sources.json: sources[2] (mops-sopot).listing.urls[0]: must be an absolute http(s) URL" */
function describeIssue(issue: Pick<z.core.$ZodIssue, 'path' | 'message'>, json: unknown, path: string): string {
  let where = '';
  let node: unknown = json;
  for (const key of issue.path) {
    where += typeof key === 'number' ? `[${key}]` : `${where ? '.' : ''}${String(key)}`;
    node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined;
    if (typeof key === 'number' && issue.path[0] === 'sources' && where === `sources[${key}]`) {
      const id = node && typeof node === 'object' ? (node as { id?: unknown }).id : undefined;
      if (typeof id === 'string') where += ` (${id})`;
    }
  }
  return `config: ${path}: ${where || '(top level)'}: ${issue.message}`;
}
