/**
 * One page fetched on its own, as `opsfeed probe` needs it: the same
 * politeness as a crawl (robots.txt, the per-host pause, the honest
 * User-Agent, a whole-request time limit, the size limit) without a crawler.
 */
import { USER_AGENT } from '../meta.js';
import { decodeHtml } from './charset.js';
import type { HostGate, RobotsPolicy } from './politeness.js';

/** No news article is this large; a bigger page is a mistake or an attack, and is not read. */
export const MAX_PAGE_BYTES = 5 * 1024 * 1024;

export type FetchedText =
  | { ok: true; url: string; status: number; contentType: string; text: string }
  | { ok: false; url: string; status: number | null; contentType: string | null; reason: string };

export async function fetchPage(url: string, context: { gate: HostGate; robots: RobotsPolicy; timeoutMs: number }): Promise<FetchedText> {
  if (!(await context.robots.isAllowed(url))) {
    const reason = context.robots.unreachableReason(url) ?? "the site's robots.txt does not allow opsfeed to read this page";
    return { ok: false, url, status: null, contentType: null, reason };
  }
  await context.gate.wait(url);
  try {
    const response = await fetch(url, { headers: { 'user-agent': USER_AGENT, accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }, redirect: 'follow', signal: AbortSignal.timeout(context.timeoutMs) });
    const contentType = response.headers.get('content-type') ?? '';
    if (!response.ok) {
      await response.body?.cancel();
      return { ok: false, url: response.url, status: response.status, contentType, reason: `HTTP ${response.status}` };
    }
    if (Number(response.headers.get('content-length')) > MAX_PAGE_BYTES) {
      await response.body?.cancel();
      return { ok: false, url: response.url, status: response.status, contentType, reason: `larger than ${MAX_PAGE_BYTES / 1024 / 1024} MB` };
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > MAX_PAGE_BYTES) return { ok: false, url: response.url, status: response.status, contentType, reason: `larger than ${MAX_PAGE_BYTES / 1024 / 1024} MB` };
    return { ok: true, url: response.url, status: response.status, contentType, text: decodeHtml(bytes, contentType) };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${context.timeoutMs} ms` : (cause?.code ?? (error as Error).message);
    return { ok: false, url, status: null, contentType: null, reason };
  } finally {
    context.gate.done(url);
  }
}
