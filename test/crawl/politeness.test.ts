import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { HostGate, MAX_CRAWL_DELAY_MS, RobotsPolicy } from '../../src/crawl/politeness.js';
import { MAX_PAGE_BYTES } from '../../src/crawl/fetch-page.js';
import { deadOrigin } from '../support/fixture-server.js';

let server: Server | undefined;

/** A site on 127.0.0.1 whose robots.txt answers with `status` and `body`. */
async function siteWithRobots(status: number, body: string): Promise<string> {
  server = createServer((_, response) => {
    response.writeHead(status, { 'content-type': 'text/plain' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('RobotsPolicy', () => {
  it('applies the rules of the opsfeed group and its Crawl-delay', async () => {
    const origin = await siteWithRobots(200, 'User-agent: *\nDisallow: /\n\nUser-agent: opsfeed\nDisallow: /prywatne/\nCrawl-delay: 2\n');
    const gate = new HostGate(100);
    const robots = new RobotsPolicy(gate, { timeoutMs: 2000 });
    expect(await robots.isAllowed(`${origin}/aktualnosci`)).toBe(true);
    expect(await robots.isAllowed(`${origin}/prywatne/notatka`)).toBe(false);
    expect(gate.delayFor(new URL(origin).host)).toBe(2000);
  });

  it('applies the rules before the page limit of a robots.txt too large to read whole', async () => {
    const filler = `# ${'x'.repeat(98)}\n`.repeat(Math.ceil((MAX_PAGE_BYTES + 1024) / 100));
    const origin = await siteWithRobots(200, `User-agent: *\nDisallow: /prywatne/\n${filler}Disallow: /aktualnosci\n`);
    const robots = new RobotsPolicy(new HostGate(0), { timeoutMs: 5000 });
    expect(await robots.isAllowed(`${origin}/prywatne/notatka`)).toBe(false);
    // The rule past the limit is not read.
    expect(await robots.isAllowed(`${origin}/aktualnosci`)).toBe(true);
  });

  it('caps a very long Crawl-delay', async () => {
    const origin = await siteWithRobots(200, 'User-agent: *\nCrawl-delay: 3600\n');
    const gate = new HostGate(100);
    await new RobotsPolicy(gate, { timeoutMs: 2000 }).isAllowed(`${origin}/`);
    expect(gate.delayFor(new URL(origin).host)).toBe(MAX_CRAWL_DELAY_MS);
  });

  it('allows everything when robots.txt is missing (4xx)', async () => {
    const origin = await siteWithRobots(404, 'Not found');
    const robots = new RobotsPolicy(new HostGate(0), { timeoutMs: 2000 });
    expect(await robots.isAllowed(`${origin}/aktualnosci`)).toBe(true);
    expect(robots.unreachableReason(`${origin}/aktualnosci`)).toBeNull();
  });

  it('allows nothing when robots.txt answers 5xx or not at all (RFC 9309), and says why', async () => {
    const origin = await siteWithRobots(503, 'Service unavailable');
    const robots = new RobotsPolicy(new HostGate(0), { timeoutMs: 2000 });
    expect(await robots.isAllowed(`${origin}/aktualnosci`)).toBe(false);
    expect(robots.unreachableReason(`${origin}/x`)).toBe('robots.txt answered HTTP 503');

    const dead = await deadOrigin();
    expect(await robots.isAllowed(`${dead}/aktualnosci`)).toBe(false);
    expect(robots.unreachableReason(dead)).toMatch(/^site unreachable \(robots\.txt: ECONNREFUSED\)$/);
  });
});

describe('HostGate', () => {
  it('serves callers of one host in order, each after the pause, and other hosts at once', async () => {
    const gate = new HostGate(80);
    const starts: Array<[string, number]> = [];
    const t0 = Date.now();
    await Promise.all(
      ['http://a.example/1', 'http://a.example/2', 'http://b.example/1', 'http://a.example/3'].map(async (url) => {
        await gate.wait(url);
        starts.push([url, Date.now() - t0]);
      }),
    );
    const a = starts.filter(([url]) => url.startsWith('http://a.')).map(([, at]) => at);
    expect(starts.map(([url]) => url).filter((url) => url.startsWith('http://a.'))).toEqual(['http://a.example/1', 'http://a.example/2', 'http://a.example/3']);
    expect(a[1]! - a[0]!).toBeGreaterThanOrEqual(75);
    expect(a[2]! - a[1]!).toBeGreaterThanOrEqual(75);
    expect(starts.find(([url]) => url.startsWith('http://b.'))![1]).toBeLessThan(a[1]!);
  });
});
