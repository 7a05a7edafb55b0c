/**
 * One page fetched without a crawler: `opsfeed probe`, a site's feed, and
 * the conditional request that asks whether a listing changed. The same
 * politeness as a crawl (robots.txt, the per-host pause, the honest
 * User-Agent, a whole-request time limit), and what the crawler's own
 * requests share with it: the size limit and the types read as pages.
 */
import type { Readable } from 'node:stream';
import { USER_AGENT } from '../meta.js';
import { decodeHtml } from './charset.js';
import { discard, failureOf, httpRequest, plainHeaders, readLimited, type Headers } from './http.js';
import type { HostGate, RobotsPolicy } from './politeness.js';

/** No news article is this large; a bigger page is a mistake or an attack, and is not read. */
export const MAX_PAGE_BYTES = 5 * 1024 * 1024;

/** Why a page past MAX_PAGE_BYTES is not read: the same words from the crawler and from here. */
export const PAGE_TOO_LARGE = `page larger than ${MAX_PAGE_BYTES / 1024 / 1024} MB: not read`;

export type FetchedText =
  | { ok: true; url: string; status: number; contentType: string; text: string; headers: Record<string, string> }
  | { ok: false; url: string; status: number | null; contentType: string | null; reason: string; headers?: Record<string, string> };

export interface FetchContext {
  gate: HostGate;
  robots: RobotsPolicy;
  timeoutMs: number;
  /** Extra request headers, e.g. If-None-Match. */
  headers?: Record<string, string>;
  /** Cuts the request (the daemon's shutdown). */
  signal?: AbortSignal;
}

export async function fetchPage(url: string, context: FetchContext): Promise<FetchedText> {
  if (!(await context.robots.isAllowed(url))) {
    const reason = context.robots.unreachableReason(url) ?? "the site's robots.txt does not allow opsfeed to read this page";
    return { ok: false, url, status: null, contentType: null, reason };
  }
  await context.gate.wait(url);
  // Not AbortSignal.timeout: Node keeps that signal, and the response through it, until the time is up.
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new DOMException(`no answer within ${context.timeoutMs} ms`, 'TimeoutError')), context.timeoutMs);
  // A listener, not AbortSignal.any: the daemon's signal lives as long as the process, and must not collect dependants.
  const stop = () => timeout.abort(new Error('stopped'));
  context.signal?.addEventListener('abort', stop, { once: true });
  if (context.signal?.aborted) stop();
  try {
    const answer = await httpRequest(url, {
      headers: { 'user-agent': USER_AGENT, accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', ...context.headers },
      signal: timeout.signal,
    });
    const headers = plainHeaders(answer.headers);
    const contentType = headers['content-type'] ?? '';
    const refuse = (reason: string): FetchedText => {
      discard(answer.body);
      return { ok: false, url: answer.url, status: answer.status, contentType, reason, headers };
    };
    if (answer.status < 200 || answer.status > 299) return refuse(`HTTP ${answer.status}`);
    const bytes = await readPageBody(answer.body, headers);
    if (!bytes) return { ok: false, url: answer.url, status: answer.status, contentType, reason: PAGE_TOO_LARGE, headers };
    return { ok: true, url: answer.url, status: answer.status, contentType, text: decodeHtml(bytes, contentType), headers };
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${context.timeoutMs} ms` : failureOf(error);
    return { ok: false, url, status: null, contentType: null, reason };
  } finally {
    clearTimeout(timer);
    context.signal?.removeEventListener('abort', stop);
    context.gate.done(url);
  }
}

/**
 * A page's body as every page is read, by the crawler and here: null when it is larger than MAX_PAGE_BYTES
 * (the rest is not read), an error (worth a retry) when it arrives short of its Content-Length.
 */
export async function readPageBody(body: Readable, headers: Headers): Promise<Buffer | null> {
  const declared = Number(headers['content-length']);
  if (declared > MAX_PAGE_BYTES) {
    discard(body);
    return null;
  }
  const bytes = await readLimited(body, MAX_PAGE_BYTES);
  if (!bytes) return null;
  const encoded = headers['content-encoding'] && headers['content-encoding'] !== 'identity';
  if (Number.isFinite(declared) && declared > 0 && !encoded && bytes.length < declared) throw new Error(`truncated page: ${bytes.length} of ${declared} bytes`);
  return bytes;
}

/** The types a crawl reads as pages (Crawlee's HTML and XML types, and text/plain, as the crawler is configured). */
export function isPageType(contentType: string): boolean {
  return /^\s*(text\/(html|xml|plain)|application\/(xhtml\+)?xml)\s*(;|$)/i.test(contentType);
}

/** Why a page of another type is not read, in the crawl's words. */
export function notAPage(contentType: string): string {
  return `not a web page (Content-Type ${contentType.split(';')[0]!.trim() || 'none'}): not read`;
}
