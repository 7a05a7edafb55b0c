/** Atomic file output: a reader never sees half a feed. */
import { closeSync, createWriteStream, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
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

/** Like `writeFileAtomic`, for contents made chunk by chunk (items.json of any size): never whole in memory. */
export function writeChunksAtomic(path: string, chunks: Iterable<string>): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  let fd: number | undefined;
  try {
    ensureDir(dirname(path));
    fd = openSync(temporary, 'w');
    let pending = '';
    for (const chunk of chunks) {
      pending += chunk;
      if (pending.length >= 1 << 20) {
        writeSync(fd, pending);
        pending = '';
      }
    }
    writeSync(fd, pending);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    removeLeftover(temporary);
    throw new Error(`publish: ${path}: cannot write (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** A stream written to a temporary file beside `path`, renamed over it once complete: a failed export leaves the old file. */
export async function writeStreamAtomic(path: string, contents: Readable): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    ensureDir(dirname(path));
    await pipeline(contents, createWriteStream(temporary));
    renameSync(temporary, path);
  } catch (error) {
    removeLeftover(temporary);
    throw new Error(`export: ${path}: cannot write (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
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

/** Removes a half-written temporary file; when its folder is unusable (the error being reported) there is none to remove. */
function removeLeftover(temporary: string): void {
  try {
    rmSync(temporary, { force: true });
  } catch {
    // nothing was written there
  }
}
