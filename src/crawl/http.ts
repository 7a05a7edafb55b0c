/**
 * HTTP for the crawl, on undici: the client inside Node's own fetch, used
 * without fetch's WHATWG layers, which cost twice its own work on every
 * request (bench/run.ts: the no-change cycle is one request per source). It
 * serves opsfeed's own requests (robots.txt, a listing's conditional
 * request, a site's feed, probe) and, as `CrawleeHttpClient`, Crawlee's, in
 * place of got-scraping. Redirects are followed here, up to a limit, and
 * compressed bodies decompressed; connections are kept alive per site.
 */
import { PassThrough, pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { BaseHttpClient, HttpRequest, HttpResponse, RedirectHandler, ResponseTypes, StreamingHttpResponse } from '@crawlee/cheerio';
import { Agent, request } from 'undici';

/** Redirects followed before a request fails ("Redirected 10 times"): got's limit, which the crawler had. */
export const MAX_REDIRECTS = 10;

const REDIRECT = new Set([301, 302, 303, 307, 308]);

// One pool of connections for the process, kept a few seconds: a run asks a site for its listing and then its articles.
const dispatcher = new Agent({ keepAliveTimeout: 4000, keepAliveMaxTimeout: 10_000, connections: 4 });

export type Headers = Record<string, string | string[] | undefined>;

export interface HttpAnswer {
  /** The URL after redirects. */
  url: string;
  /** The URLs redirected to, in turn. */
  redirects: URL[];
  status: number;
  /** Lower-case names; after decompression, without content-encoding and content-length. */
  headers: Headers;
  /** The body, decompressed. */
  body: Readable;
}

export interface HttpOptions {
  method?: string;
  headers?: Record<string, string | string[] | undefined>;
  signal?: AbortSignal;
  maxRedirects?: number;
  onRedirect?: (from: { url: string; status: number; headers: Headers }, to: URL) => void;
}

/** A request, its redirects followed; rejects with undici's error (its `code`: ECONNREFUSED, UND_ERR_SOCKET…) or the signal's reason. */
export async function httpRequest(url: string, options: HttpOptions = {}): Promise<HttpAnswer> {
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  const redirects: URL[] = [];
  let current = new URL(url);
  let method = (options.method ?? 'GET').toUpperCase();
  for (;;) {
    const answer = await request(current, {
      dispatcher,
      method: method as 'GET',
      headers: { 'accept-encoding': 'gzip, deflate, br', ...withoutEmpty(options.headers) },
      signal: options.signal,
    });
    const headers = answer.headers as Headers;
    const location = firstValue(headers.location);
    if (!REDIRECT.has(answer.statusCode) || !location) return { url: current.href, redirects, status: answer.statusCode, ...decoded(headers, answer.body) };
    await answer.body.dump();
    if (redirects.length >= maxRedirects) throw new Error(`Redirected ${maxRedirects} times. Aborting.`);
    const next = new URL(location, current);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new Error(`redirected to ${next.protocol} (${next.href}), which is not a web page`);
    options.onRedirect?.({ url: current.href, status: answer.statusCode, headers }, next);
    if (answer.statusCode === 303) method = 'GET';
    redirects.push(next);
    current = next;
  }
}

/** The body as sent, decompressed when the server compressed it (gzip, deflate or brotli, as a browser asks for). */
function decoded(headers: Headers, body: Readable): { headers: Headers; body: Readable } {
  const encoding = firstValue(headers['content-encoding'])?.trim().toLowerCase();
  const decompress = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : null;
  if (!decompress) return { headers, body };
  const { 'content-encoding': _encoding, 'content-length': _length, ...rest } = headers;
  const out = new PassThrough();
  // A broken compressed body fails the read, as a truncated one does.
  pipeline(body, decompress, out, () => {});
  return { headers: rest, body: out };
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function withoutEmpty(headers: HttpOptions['headers']): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) kept[name.toLowerCase()] = value;
  return kept;
}

/** Reads a body to its end, or null as soon as it passes `limit` bytes (the rest is not read). */
export async function readLimited(body: Readable, limit: number): Promise<Buffer | null> {
  const { bytes, whole } = await readUpTo(body, limit);
  return whole ? bytes : null;
}

/** The body's first `limit` bytes at most; `whole` when it ended within them (else the rest is not read). */
export async function readUpTo(body: Readable, limit: number): Promise<{ bytes: Buffer; whole: boolean }> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    length += chunk.length;
    if (length > limit) {
      body.destroy();
      return { bytes: Buffer.concat(chunks).subarray(0, limit), whole: false };
    }
  }
  return { bytes: Buffer.concat(chunks), whole: true };
}

/** Lets go of a body not to be read: an undici body is read off (the connection is kept), a decompressing one closed. */
export function discard(body: Readable): void {
  const dump = (body as Readable & { dump?: () => Promise<void> }).dump;
  if (dump) dump.call(body).catch(() => {});
  else body.destroy();
}

/** What a failed request is called in reports: its code (ECONNREFUSED, UND_ERR_SOCKET…), else its message. */
export function failureOf(error: unknown): string {
  const { code, cause, message } = error as { code?: string; cause?: { code?: string; message?: string }; message?: string };
  return code ?? cause?.code ?? cause?.message ?? message ?? String(error);
}

/** One value per header, as fetch's Headers give them (several joined by ", "). */
export function plainHeaders(headers: Headers): Record<string, string> {
  const plain: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) plain[name] = Array.isArray(value) ? value.join(', ') : value;
  return plain;
}

/**
 * Crawlee's HTTP client interface on `httpRequest`. The crawler gives every request opsfeed's User-Agent and
 * a signal that ends it (crawler.ts); cookies and generated browser headers are not used, so neither is here.
 */
export class CrawleeHttpClient implements BaseHttpClient {
  async stream(crawleeRequest: HttpRequest, onRedirect?: RedirectHandler): Promise<StreamingHttpResponse> {
    const redirectUrls: URL[] = [];
    const answer = await httpRequest(String(crawleeRequest.url), {
      method: crawleeRequest.method,
      headers: crawleeRequest.headers,
      signal: crawleeRequest.signal,
      maxRedirects: crawleeRequest.maxRedirects,
      onRedirect: (from, to) => {
        redirectUrls.push(to);
        onRedirect?.({ redirectUrls: [...redirectUrls], url: from.url, statusCode: from.status, headers: from.headers, trailers: {}, complete: true }, { url: to, headers: {} });
      },
    });
    const response: StreamingHttpResponse = {
      stream: answer.body,
      request: crawleeRequest,
      redirectUrls: answer.redirects,
      url: answer.url,
      statusCode: answer.status,
      headers: answer.headers,
      trailers: {},
      complete: false,
      // Not counted: listening to the body's data would start it flowing before the crawler reads it.
      downloadProgress: { percent: 0, transferred: 0 },
      uploadProgress: { percent: 1, transferred: 0 },
    };
    answer.body.once('end', () => (response.complete = true));
    return response;
  }

  async sendRequest<TResponseType extends keyof ResponseTypes = 'text'>(crawleeRequest: HttpRequest<TResponseType>): Promise<HttpResponse<TResponseType>> {
    const response = await this.stream(crawleeRequest as HttpRequest);
    const chunks: Buffer[] = [];
    for await (const chunk of response.stream as AsyncIterable<Buffer>) chunks.push(chunk);
    const bytes = Buffer.concat(chunks);
    const type = crawleeRequest.responseType ?? 'text';
    const body = type === 'buffer' ? bytes : type === 'json' ? JSON.parse(bytes.toString('utf8')) : bytes.toString(crawleeRequest.encoding ?? 'utf8');
    const { stream: _stream, downloadProgress: _download, uploadProgress: _upload, ...rest } = response;
    return { ...rest, complete: true, body } as HttpResponse<TResponseType>;
  }
}
