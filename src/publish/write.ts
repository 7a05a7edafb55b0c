/** Atomic file output: a reader never sees half a feed. */
import { renameSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { ensureDir } from '../files.js';

export function writeFileAtomic(path: string, contents: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    ensureDir(dirname(path));
    writeFileSync(temporary, contents);
    renameSync(temporary, path);
  } catch (error) {
    throw new Error(`publish: ${path}: cannot write (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/**
 * JSON for a published file: indented, one final newline, and "<" written as
 * \u003c (the same string to every JSON parser), so that no output carries
 * a literal tag, even when a page's text spells one out.
 */
export function publishedJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(/</g, '\\u003c')}\n`;
}
