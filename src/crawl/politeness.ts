/**
 * Politeness towards small municipal servers: robots.txt (RFC 9309, including
 * Crawl-delay) and a per-host pause between requests.
 */
import { createRequire } from 'node:module';
import { USER_AGENT } from '../meta.js';

interface Robots {
  isAllowed(url: string, userAgent?: string): boolean | undefined;
  getCrawlDelay(userAgent?: string): number | undefined;
}
// robots-parser is CommonJS (`module.exports = fn`); its typings describe an ES default export.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, contents: string) => Robots;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Crawl-delay is honoured up to this; a site asking for more is still crawled, one request a minute. */
export const MAX_CRAWL_DELAY_MS = 60_000;

/** One per run: remembers when each host was last asked, and waits before asking it again. */
export class HostGate {
  private readonly lastRequest = new Map<string, number>();
  private readonly extraDelay = new Map<string, number>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly delayMs: number) {}

  /** Raise one host's pause (robots.txt Crawl-delay). */
  setMinimumDelay(host: string, delayMs: number): void {
    this.extraDelay.set(host, Math.max(this.extraDelay.get(host) ?? 0, delayMs));
  }

  delayFor(host: string): number {
    return Math.max(this.delayMs, this.extraDelay.get(host) ?? 0);
  }

  /** Resolves when a request to `url`'s host may start; callers of one host are served in order. */
  async wait(url: string): Promise<void> {
    const host = new URL(url).host;
    const previous = this.queues.get(host) ?? Promise.resolve();
    const turn = previous.then(async () => {
      const last = this.lastRequest.get(host);
      const pause = last === undefined ? 0 : last + this.delayFor(host) - Date.now();
      if (pause > 0) await sleep(pause);
      this.lastRequest.set(host, Date.now());
    });
    this.queues.set(host, turn);
    await turn;
  }

  /** Record that a request to `url`'s host ended: the pause counts from the end of the last response. */
  done(url: string): void {
    this.lastRequest.set(new URL(url).host, Date.now());
  }
}

/** robots.txt per origin, fetched once per run with the opsfeed User-Agent. */
export class RobotsPolicy {
  private readonly cache = new Map<string, Promise<Robots | 'disallow-all' | null>>();
  private readonly unreachable = new Map<string, string>();

  constructor(
    private readonly gate: HostGate,
    private readonly timeoutMs: number,
  ) {}

  /** Why robots.txt of `url`'s site could not be read (so nothing there may be fetched), or null. */
  unreachableReason(url: string): string | null {
    return this.unreachable.get(new URL(url).origin) ?? null;
  }

  async isAllowed(url: string): Promise<boolean> {
    const robots = await this.load(new URL(url).origin);
    if (robots === 'disallow-all') return false;
    return robots?.isAllowed(url, USER_AGENT) ?? true;
  }

  private load(origin: string): Promise<Robots | 'disallow-all' | null> {
    let pending = this.cache.get(origin);
    if (!pending) {
      pending = this.fetchRobots(origin);
      this.cache.set(origin, pending);
    }
    return pending;
  }

  private async fetchRobots(origin: string): Promise<Robots | 'disallow-all' | null> {
    const robotsUrl = `${origin}/robots.txt`;
    await this.gate.wait(robotsUrl);
    try {
      const response = await fetch(robotsUrl, {
        headers: { 'user-agent': USER_AGENT },
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'follow',
      });
      // RFC 9309 §2.3.1: a missing robots.txt (4xx) allows everything; an unreachable one (5xx) allows nothing.
      if (response.status >= 500) {
        this.unreachable.set(origin, `robots.txt answered HTTP ${response.status}`);
        return 'disallow-all';
      }
      if (!response.ok) return null;
      const robots = robotsParser(robotsUrl, await response.text());
      const crawlDelay = robots.getCrawlDelay(USER_AGENT);
      if (crawlDelay) this.gate.setMinimumDelay(new URL(origin).host, Math.min(crawlDelay * 1000, MAX_CRAWL_DELAY_MS));
      return robots;
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      this.unreachable.set(origin, `site unreachable (robots.txt: ${cause?.code ?? cause?.message ?? (error as Error).message})`);
      return 'disallow-all';
    } finally {
      this.gate.done(robotsUrl);
    }
  }
}
