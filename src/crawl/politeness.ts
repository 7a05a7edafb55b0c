/**
 * Politeness towards small municipal servers: robots.txt (RFC 9309, including
 * Crawl-delay) and a per-host pause between requests.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createRequire } from 'node:module';
import type { Settings } from '../config/schema.js';
import { USER_AGENT } from '../meta.js';
import { MAX_PAGE_BYTES } from './fetch-page.js';
import { discard, failureOf, httpRequest, plainHeaders, readUpTo } from './http.js';

interface Robots {
  isAllowed(url: string, userAgent?: string): boolean | undefined;
  getCrawlDelay(userAgent?: string): number | undefined;
}
// robots-parser is CommonJS (`module.exports = fn`); its typings describe an ES default export.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, contents: string) => Robots;


/** Crawl-delay is honoured up to this; a site asking for more is still crawled, one request a minute. */
export const MAX_CRAWL_DELAY_MS = 60_000;

/** Exponential backoff with jitter, or the server's Retry-After when it gives one (capped at 5 minutes). */
export function retryDelayMs(retryCount: number, baseMs: number, retryAfter?: string | null): number {
  const seconds = retryAfter ? Number(retryAfter) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 300_000);
  if (retryAfter) {
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.min(Math.max(at - Date.now(), 0), 300_000);
  }
  return Math.min(baseMs * 2 ** retryCount * (0.5 + Math.random()), 60_000);
}

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

/** robots.txt answers kept between runs (the store's), so an unchanged site costs no robots.txt request each run. */
export interface RobotsCache {
  get(origin: string): CachedRobots | null;
  put(origin: string, robots: CachedRobots): void;
}

/** A robots.txt answer kept between runs (RFC 9309 allows caching it for up to 24 hours). */
export interface CachedRobots {
  status: number;
  body: string;
  fetchedAt: string;
}

/** RFC 9309 §2.4: a crawler may keep robots.txt for up to 24 hours. */
export const ROBOTS_TTL_MS = 24 * 3600 * 1000;

export interface RobotsOptions {
  timeoutMs: number;
  /** Retries after a 5xx, 429, timeout or lost connection (with backoff): one bad moment must not close a site for a run. */
  maxRetries?: number;
  retryBackoffMs?: number;
  cache?: RobotsCache;
}

/** robots.txt per origin: once per run, or from the cache while it is fresh; always with the opsfeed User-Agent. */
export class RobotsPolicy {
  private readonly cache = new Map<string, Promise<Robots | 'disallow-all' | null>>();
  private readonly unreachable = new Map<string, string>();
  private readonly stored?: RobotsCache;

  constructor(
    private readonly gate: HostGate,
    private readonly options: RobotsOptions,
  ) {
    this.stored = options.cache;
  }

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
      const kept = this.stored?.get(origin);
      pending = kept && Date.now() - Date.parse(kept.fetchedAt) < ROBOTS_TTL_MS ? Promise.resolve(this.interpret(origin, kept.status, kept.body)) : this.fetchRobots(origin);
      this.cache.set(origin, pending);
    }
    return pending;
  }

  /** RFC 9309 §2.3.1: a missing robots.txt (4xx) allows everything; an unreachable one (5xx) allows nothing. */
  private interpret(origin: string, status: number, body: string): Robots | 'disallow-all' | null {
    if (status >= 500) {
      this.unreachable.set(origin, `robots.txt answered HTTP ${status}`);
      return 'disallow-all';
    }
    if (status >= 400) return null;
    const robots = robotsParser(`${origin}/robots.txt`, body);
    const crawlDelay = robots.getCrawlDelay(USER_AGENT);
    if (crawlDelay) this.gate.setMinimumDelay(new URL(origin).host, Math.min(crawlDelay * 1000, MAX_CRAWL_DELAY_MS));
    return robots;
  }

  private async fetchRobots(origin: string): Promise<Robots | 'disallow-all' | null> {
    const robotsUrl = `${origin}/robots.txt`;
    const maxRetries = this.options.maxRetries ?? 0;
    for (let attempt = 0; ; attempt++) {
      await this.gate.wait(robotsUrl);
      let retryAfter: string | null = null;
      // A cleared timer, not AbortSignal.timeout (which keeps the response alive until the time is up).
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(new DOMException(`no answer within ${this.options.timeoutMs} ms`, 'TimeoutError')), this.options.timeoutMs);
      try {
        const answer = await httpRequest(robotsUrl, { headers: { 'user-agent': USER_AGENT }, signal: timeout.signal });
        const ok = answer.status >= 200 && answer.status < 300;
        // Rules past the page limit are not read, those before it apply (RFC 9309 asks for at least 500 KiB).
        const body = ok ? new TextDecoder().decode((await readUpTo(answer.body, MAX_PAGE_BYTES)).bytes) : (discard(answer.body), '');
        const transient = answer.status >= 500 || answer.status === 429;
        if (!transient || attempt >= maxRetries) {
          // A server error is not kept: the next run asks again.
          if (!transient) this.stored?.put(origin, { status: answer.status, body, fetchedAt: new Date().toISOString() });
          return this.interpret(origin, answer.status === 429 ? 503 : answer.status, body);
        }
        retryAfter = plainHeaders(answer.headers)['retry-after'] ?? null;
      } catch (error) {
        if (attempt >= maxRetries) {
          const reason = (error as Error).name === 'TimeoutError' ? 'ETIMEDOUT' : failureOf(error);
          this.unreachable.set(origin, `site unreachable (robots.txt: ${reason})`);
          return 'disallow-all';
        }
      } finally {
        clearTimeout(timer);
        this.gate.done(robotsUrl);
      }
      await sleep(retryDelayMs(attempt, this.options.retryBackoffMs ?? 1000, retryAfter));
    }
  }
}

/**
 * The per-host gate and the robots.txt policy, set up from the settings as for every crawl: `gate` when the
 * caller keeps one across runs (the daemon's), `cache` for robots.txt answers kept between runs (the store's).
 */
export function politeness(
  settings: Pick<Settings, 'delayMs' | 'timeoutMs' | 'maxRetries' | 'retryBackoffMs'>,
  options: { gate?: HostGate; cache?: RobotsCache } = {},
): { gate: HostGate; robots: RobotsPolicy } {
  const gate = options.gate ?? new HostGate(settings.delayMs);
  const robots = new RobotsPolicy(gate, { timeoutMs: settings.timeoutMs, maxRetries: settings.maxRetries, retryBackoffMs: settings.retryBackoffMs, cache: options.cache });
  return { gate, robots };
}
