/** opsfeed's own name, version and home page, read once from package.json (works from src/ and from dist/src/). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function readPackage(): { version: string; homepage: string } {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string; homepage: string };
      if (pkg.name === 'opsfeed') return pkg;
    }
  }
  throw new Error('opsfeed: package.json not found above the program');
}

const pkg = readPackage();
export const VERSION = pkg.version;
export const HOMEPAGE = pkg.homepage;
/** The honest User-Agent every request carries. */
export const USER_AGENT = `opsfeed/${VERSION} (+${HOMEPAGE})`;
