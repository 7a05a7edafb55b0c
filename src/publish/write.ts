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
