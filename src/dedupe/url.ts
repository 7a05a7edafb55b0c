/** URL identity: the same article reached through different URLs is one item. */
import { createHash } from 'node:crypto';

// Query parameters that never change what a page shows: trackers and session ids.
const NOISE_PARAMS = /^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|yclid|igshid|phpsessid|sid|sessionid|jsessionid|cfid|cftoken|s_cid)$/i;
const INDEX_FILE = /\/(index|default)\.(html?|php|aspx?)$/i;

/**
 * The URL to show and link: fragment, tracker and session parameters,
 * default port and `;jsessionid=` path parameters removed; scheme and host
 * lower-cased. Still a working URL.
 */
export function cleanUrl(input: string): string {
  const url = new URL(input);
  url.hash = '';
  url.pathname = url.pathname.replace(/;jsessionid=[^/]*/i, '').replace(/\/{2,}/g, '/');
  for (const key of [...url.searchParams.keys()]) if (NOISE_PARAMS.test(key)) url.searchParams.delete(key);
  url.searchParams.sort();
  let href = url.href; // URL already lower-cases scheme and host and drops default ports
  if (!url.searchParams.size) href = href.replace(/\?$/, '');
  return href;
}

/**
 * The identity key of a URL: `cleanUrl` plus no scheme, no `www.`, no
 * trailing slash, no `index.html`. Two URLs with the same key are the same page.
 */
export function canonicalUrlKey(input: string): string {
  const url = new URL(cleanUrl(input));
  const host = url.host.replace(/^www+\./, '');
  const path = url.pathname.replace(INDEX_FILE, '/').replace(/\/+$/, '') || '/';
  return `${host}${path}${url.search}`;
}

/** The stable item id: derived from the canonical URL key only, so it survives edits and re-crawls. */
export function itemIdForUrl(input: string): string {
  return createHash('sha256').update(canonicalUrlKey(input)).digest('hex').slice(0, 16);
}

/** A fingerprint of an article's text, insensitive to whitespace and case. */
export function contentFingerprint(text: string): string {
  return createHash('sha256').update(text.replace(/\s+/g, ' ').trim().toLowerCase()).digest('hex').slice(0, 32);
}
