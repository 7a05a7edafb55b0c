import { describe, expect, it } from 'vitest';
import { SourceRequestQueue } from '../../src/crawl/request-queue.js';

describe('SourceRequestQueue (one source, in memory)', () => {
  it('hands requests out first in first out, each unique URL once', async () => {
    const queue = new SourceRequestQueue();
    await queue.addRequestsBatched([{ url: 'https://ops.example/aktualnosci', label: 'LIST' }, 'https://ops.example/a/1']);
    const again = await queue.addRequest('https://ops.example/a/1');
    expect(again.wasAlreadyPresent).toBe(true);
    expect(queue.getTotalCount()).toBe(2);
    const first = await queue.fetchNextRequest();
    expect(first?.url).toBe('https://ops.example/aktualnosci');
    expect(first?.label).toBe('LIST');
    expect(await queue.isFinished()).toBe(false);
    await queue.markRequestHandled(first!);
    const second = await queue.fetchNextRequest();
    expect(second?.url).toBe('https://ops.example/a/1');
    expect(await queue.isEmpty()).toBe(true);
    expect(await queue.isFinished()).toBe(false); // still in progress
    await queue.markRequestHandled(second!);
    expect(await queue.isFinished()).toBe(true);
    expect(await queue.handledCount()).toBe(2);
    expect(await queue.fetchNextRequest()).toBeNull();
  });

  it('takes a failed request back for a retry, at the front when asked', async () => {
    const queue = new SourceRequestQueue();
    await queue.addRequestsBatched(['https://ops.example/a/1', 'https://ops.example/a/2']);
    const failed = await queue.fetchNextRequest();
    await queue.reclaimRequest(failed!, { forefront: true });
    expect((await queue.fetchNextRequest())?.url).toBe('https://ops.example/a/1');
    expect(queue.getPendingCount()).toBe(2);
  });
});
