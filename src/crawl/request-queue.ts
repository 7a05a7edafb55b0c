/**
 * One source's request queue, in memory, first in first out. A source's run
 * holds a few hundred URLs at most, and opsfeed decides itself what to
 * queue; Crawlee's own RequestQueue (a storage client, locks, and a
 * 1,000,000-slot dedup cache allocated per queue) cost more than the
 * crawl of an unchanged site (measured in bench/run.ts). Implements
 * Crawlee's `IRequestManager`, passed to the crawler as `requestManager`.
 */
import { Request, type IRequestManager, type RequestOptions, type Source } from '@crawlee/cheerio';

interface Added {
  uniqueKey: string;
  requestId: string;
  wasAlreadyPresent: boolean;
  wasAlreadyHandled: boolean;
  forefront: boolean;
}

export class SourceRequestQueue implements IRequestManager {
  private readonly pending: Request[] = [];
  /** Every request ever added, by its unique key (normalised URL): the same page is never queued twice in a run. */
  private readonly known = new Set<string>();
  private inProgress = 0;
  private handled = 0;
  private nextId = 0;

  async isFinished(): Promise<boolean> {
    return this.pending.length === 0 && this.inProgress === 0;
  }

  async isEmpty(): Promise<boolean> {
    return this.pending.length === 0;
  }

  async handledCount(): Promise<number> {
    return this.handled;
  }

  getTotalCount(): number {
    return this.known.size;
  }

  getPendingCount(): number {
    return this.pending.length + this.inProgress;
  }

  async fetchNextRequest<T extends object>(): Promise<Request<T> | null> {
    const request = this.pending.shift();
    if (!request) return null;
    this.inProgress++;
    return request as unknown as Request<T>;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Request> {
    for (let request = await this.fetchNextRequest(); request; request = await this.fetchNextRequest()) yield request;
  }

  async markRequestHandled(request: Request): Promise<null> {
    this.inProgress--;
    this.handled++;
    request.handledAt = new Date().toISOString();
    return null;
  }

  async reclaimRequest(request: Request, options?: { forefront?: boolean }): Promise<null> {
    this.inProgress--;
    if (options?.forefront) this.pending.unshift(request);
    else this.pending.push(request);
    return null;
  }

  /** Drops every request not yet handed out: a stopped crawl asks for nothing more. */
  clear(): void {
    this.pending.length = 0;
  }

  async addRequest(source: Source | string, options?: { forefront?: boolean }): Promise<Added> {
    const request = source instanceof Request ? source : new Request(typeof source === 'string' ? { url: source } : (source as RequestOptions));
    const present = this.known.has(request.uniqueKey);
    if (!present) {
      request.id ??= String(++this.nextId);
      this.known.add(request.uniqueKey);
      if (options?.forefront) this.pending.unshift(request);
      else this.pending.push(request);
    }
    return { uniqueKey: request.uniqueKey, requestId: request.id ?? '', wasAlreadyPresent: present, wasAlreadyHandled: false, forefront: options?.forefront ?? false };
  }

  async addRequestsBatched(requests: Iterable<Source | string> | AsyncIterable<Source | string>, options?: { forefront?: boolean }) {
    const addedRequests: Added[] = [];
    for await (const request of requests) addedRequests.push(await this.addRequest(request, options));
    return { addedRequests, waitForAllRequestsToBeAdded: Promise.resolve([]) };
  }
}
