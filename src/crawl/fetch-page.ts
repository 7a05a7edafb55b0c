/**
 * One page fetched without a crawler: `opsfeed probe`, a site's feed, and
 * the conditional request that asks whether a listing changed. The same
 * politeness as a crawl (robots.txt, the per-host pause, the honest
 * User-Agent, a whole-request time limit, the size limit).
 */
import { USER_AGENT } from '../meta.js';
import { decodeHtml } from './charset.js';
import { discard, failureOf, httpRequest, plainHeaders, readLimited } from './http.js';
import type { HostGate, RobotsPolicy } from './politeness.js';

/** No news article is this large; a bigger page is a mistake or an attack, and is not read. */
export const MAX_PAGE_BYTES = 5 * 1024 * 1024;

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
    const tooLarge = `larger than ${MAX_PAGE_BYTES / 1024 / 1024} MB`;
    if (Number(headers['content-length']) > MAX_PAGE_BYTES) return refuse(tooLarge);
    const bytes = await readLimited(answer.body, MAX_PAGE_BYTES);
    if (!bytes) return { ok: false, url: answer.url, status: answer.status, contentType, reason: tooLarge, headers };
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
