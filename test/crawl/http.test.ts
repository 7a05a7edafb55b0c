/**
 * The crawl's HTTP client against a real server on 127.0.0.1: redirects
 * followed and bounded, compressed bodies decompressed, failures named by
 * their code, the time limit's reason kept, and Crawlee's interface served.
 */
import { createServer, type Server } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrawleeHttpClient, failureOf, httpRequest, plainHeaders, readLimited } from '../../src/crawl/http.js';
import { deadOrigin } from '../support/fixture-server.js';

const PAGE = '<html><body><p>Zażółć gęślą jaźń: komunikat MOPS.</p></body></html>';
let server: Server;
let origin: string;
const seen: Array<{ url: string; method: string; headers: Record<string, unknown> }> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ url: request.url!, method: request.method!, headers: request.headers });
    const [path, query] = request.url!.split('?');
    const hops = Number(new URLSearchParams(query).get('hops') ?? 0);
    const send = (status: number, headers: Record<string, string | string[]>, body: Buffer | string = '') => {
      response.writeHead(status, headers);
      response.end(body);
    };
    if (path === '/hop') return send(302, { location: hops > 1 ? `/hop?hops=${hops - 1}` : '/page' });
    if (path === '/loop') return send(301, { location: '/loop' });
    if (path === '/see-other') return send(303, { location: '/page' });
    if (path === '/to-ftp') return send(302, { location: 'ftp://mops.example/plik' });
    if (path === '/gzip') return send(200, { 'content-encoding': 'gzip', 'content-type': 'text/html' }, gzipSync(PAGE));
    if (path === '/deflate') return send(200, { 'content-encoding': 'deflate' }, deflateSync(PAGE));
    if (path === '/br') return send(200, { 'content-encoding': 'br' }, brotliCompressSync(PAGE));
    if (path === '/cookies') return send(200, { 'set-cookie': ['a=1', 'b=2'], 'content-type': 'text/html' }, PAGE);
    if (path === '/slow') return setTimeout(() => send(200, {}, PAGE), 2000);
    send(200, { 'content-type': 'text/html; charset=utf-8' }, PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const textOf = async (url: string, options = {}) => {
  const answer = await httpRequest(url, options);
  return { ...answer, text: (await readLimited(answer.body, 1 << 20))!.toString('utf8') };
};

describe('httpRequest', () => {
  it('follows redirects and tells where it ended and through what', async () => {
    const answer = await textOf(`${origin}/hop?hops=3`);
    expect(answer).toMatchObject({ status: 200, url: `${origin}/page`, text: PAGE });
    expect(answer.redirects.map((url) => url.pathname + url.search)).toEqual(['/hop?hops=2', '/hop?hops=1', '/page']);
  });

  it('asks a 303 redirect with GET, and refuses a redirect loop and a redirect away from the web', async () => {
    seen.length = 0;
    expect((await textOf(`${origin}/see-other`, { method: 'HEAD' })).text).toBe(PAGE);
    expect(seen.map((request) => request.method)).toEqual(['HEAD', 'GET']);
    await expect(httpRequest(`${origin}/loop`)).rejects.toThrow('Redirected 10 times. Aborting.');
    await expect(httpRequest(`${origin}/to-ftp`)).rejects.toThrow(/redirected to ftp:/);
  });

  it.each(['gzip', 'deflate', 'br'])('decompresses a %s body and drops the encoding and length it came with', async (encoding) => {
    const answer = await textOf(`${origin}/${encoding}`);
    expect(answer.text).toBe(PAGE);
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.headers['content-length']).toBeUndefined();
  });

  it('asks for compressed bodies, and sends the headers it is given, lower-cased', async () => {
    seen.length = 0;
    await textOf(`${origin}/page`, { headers: { 'User-Agent': 'opsfeed/test', 'If-None-Match': '"x"', skipped: undefined } });
    expect(seen[0]!.headers).toMatchObject({ 'user-agent': 'opsfeed/test', 'if-none-match': '"x"', 'accept-encoding': 'gzip, deflate, br' });
    expect(seen[0]!.headers).not.toHaveProperty('skipped');
  });

  it('names a failure by its code, and keeps the reason it was stopped for', async () => {
    expect(failureOf(await httpRequest(`${await deadOrigin()}/`).catch((error: unknown) => error))).toBe('ECONNREFUSED');
    const stop = new AbortController();
    setTimeout(() => stop.abort(new DOMException('no answer within 100 ms', 'TimeoutError')), 100);
    await expect(httpRequest(`${origin}/slow`, { signal: stop.signal })).rejects.toMatchObject({ name: 'TimeoutError', message: 'no answer within 100 ms' });
  });

  it('reads a body up to a limit, and one value per header as fetch gives them', async () => {
    const answer = await httpRequest(`${origin}/cookies`);
    expect(plainHeaders(answer.headers)['set-cookie']).toBe('a=1, b=2');
    expect(await readLimited(answer.body, 10)).toBeNull();
  });
});

describe('CrawleeHttpClient', () => {
  it("serves Crawlee's stream and sendRequest", async () => {
    const client = new CrawleeHttpClient();
    const redirected: string[] = [];
    const response = await client.stream({ url: `${origin}/hop?hops=1`, headers: { 'user-agent': 'opsfeed/test' } }, (from) => redirected.push(from.url));
    expect(response).toMatchObject({ statusCode: 200, url: `${origin}/page` });
    expect(redirected).toEqual([`${origin}/hop?hops=1`]);
    const chunks: Buffer[] = [];
    for await (const chunk of response.stream as AsyncIterable<Buffer>) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(PAGE);
    expect(response.complete).toBe(true);
    const sent = await client.sendRequest({ url: `${origin}/gzip` });
    expect(sent).toMatchObject({ statusCode: 200, body: PAGE });
  });
});
