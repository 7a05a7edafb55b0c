/**
 * One page fetched without a crawler: `opsfeed probe`, a site's feed, and
 * the conditional request that asks whether a listing changed. The same
 * politeness as a crawl (robots.txt, the per-host pause, the honest
 * User-Agent, a whole-request time limit, the size limit).
 */
import { USER_AGENT } from '../meta.js';
import { decodeHtml } from './charset.js';
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
    const response = await fetch(url, {
      headers: { 'user-agent': USER_AGENT, accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', ...context.headers },
      redirect: 'follow',
      signal: timeout.signal,
    });
    const contentType = response.headers.get('content-type') ?? '';
    const headers = Object.fromEntries(response.headers);
    const refuse = async (reason: string): Promise<FetchedText> => {
      await response.body?.cancel();
      return { ok: false, url: response.url, status: response.status, contentType, reason, headers };
    };
    if (!response.ok) return refuse(`HTTP ${response.status}`);
    if (Number(response.headers.get('content-length')) > MAX_PAGE_BYTES) return refuse(`larger than ${MAX_PAGE_BYTES / 1024 / 1024} MB`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > MAX_PAGE_BYTES) return { ok: false, url: response.url, status: response.status, contentType, reason: `larger than ${MAX_PAGE_BYTES / 1024 / 1024} MB`, headers };
    return { ok: true, url: response.url, status: response.status, contentType, text: decodeHtml(bytes, contentType), headers };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${context.timeoutMs} ms` : (cause?.code ?? (error as Error).message);
    return { ok: false, url, status: null, contentType: null, reason };
  } finally {
    clearTimeout(timer);
    context.signal?.removeEventListener('abort', stop);
    context.gate.done(url);
  }
}
