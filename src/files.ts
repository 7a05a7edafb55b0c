/** File-system helpers shared by the stages that write files (store, publish). */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Create `dir` and its missing parents, one level at a time. Node's own
 * `mkdirSync(dir, { recursive: true })` can loop forever on pseudo file
 * systems (e.g. a path under /proc); this fails with the first level's error.
 */
export function ensureDir(dir: string): void {
  const missing: string[] = [];
  for (let current = resolve(dir); !existsSync(current); current = dirname(current)) {
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const level of missing) mkdirSync(level);
}
