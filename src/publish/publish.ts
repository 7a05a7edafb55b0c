/** Every output rebuilt from the store: unified and per-source feeds, and the dataset. */
import { join } from 'node:path';
import type { Store } from '../store/store.js';
import type { Item } from '../store/types.js';
import { renderFeeds, type FeedInfo } from './feeds.js';
import { EMPTY_QUERY, renderIndexPage } from './index-page.js';
import { renderOpml } from './opml.js';
import { renderStatusFeed, renderStatusJson, sourceHealth, type SourceHealth } from './status.js';
import { publishedJson, writeChunksAtomic, writeFileAtomic } from './write.js';
import { TOPIC_LIST, type Topic } from '../normalize/topics.js';
import { storyOf, type StoryLookup } from './stories.js';

export interface PublishOptions {
  outDir: string;
  /** Public URL of `outDir`, for self links (a missing final "/" is added). */
  publicUrl: string;
  feedLimit: number;
  now?: Date;
}

/** Items on the index page unless `?limit=` asks for more. */
export const INDEX_PAGE_ITEMS = 100;

export interface PublishResult {
  items: number;
  files: string[];
  /** The store's content version the outputs show (Store.contentVersion). */
  contentVersion: number;
}

/**
 * Every output, on one snapshot of the store, in memory bounded by the feeds'
 * length rather than the store's size: items.json is written while the
 * items stream past, and the unified and topic feeds keep only their first
 * `feedLimit` stories (npm run bench measures a store of 100,000 items).
 */
export function publishAll(store: Store, options: PublishOptions): PublishResult {
  return store.consistentRead(() => publishSnapshot(store, options));
}

/**
 * Only what a run changes even when it stores nothing: the sources' health
 * (status.json, status.xml) and the index page that shows it. For the
 * service, after runs that left the store's content version where the last
 * full publish saw it: rebuilding every feed and the dataset for that would
 * cost more than the whole run did.
 */
export function publishStatus(store: Store, options: PublishOptions): PublishResult {
  return store.consistentRead(() => {
    const output = outputWriter(options);
    // The index page's first stories: the items are read newest first only until they are found.
    const unified = new StoryCollector(INDEX_PAGE_ITEMS, (url) => store.itemByUrl(url));
    for (const item of store.items()) {
      if (unified.full) break;
      unified.offer(item);
    }
    writeStatus(store, output, unified.stories);
    return { items: store.countItems(), files: output.files, contentVersion: store.contentVersion() };
  });
}

interface OutputWriter {
  publicUrl: string;
  now: Date;
  files: string[];
  write(relative: string, contents: string): void;
}

function outputWriter(options: PublishOptions): OutputWriter {
  const files: string[] = [];
  return {
    publicUrl: options.publicUrl.endsWith('/') ? options.publicUrl : `${options.publicUrl}/`,
    now: options.now ?? new Date(),
    files,
    write(relative, contents) {
      writeFileAtomic(join(options.outDir, relative), contents);
      files.push(relative);
    },
  };
}

/** The sources' health, and the index page with it. */
function writeStatus(store: Store, { write, publicUrl, now }: OutputWriter, firstStories: Item[]): void {
  const healths = sourceHealths(store);
  write('status.json', renderStatusJson(healths, now));
  write('status.xml', renderStatusFeed(healths, publicUrl));
  write('index.html', renderIndexPage({ items: firstStories.slice(0, INDEX_PAGE_ITEMS), sources: store.sources(), healths, query: EMPTY_QUERY, publicUrl }));
}

function publishSnapshot(store: Store, options: PublishOptions): PublishResult {
  const output = outputWriter(options);
  const { publicUrl, now, files, write } = output;

  // One pass over every item: written to items.json, and gathered into the unified and topic feeds until they are full.
  const count = store.countItems();
  const unified = new StoryCollector(Math.max(options.feedLimit, INDEX_PAGE_ITEMS), (url) => store.itemByUrl(url));
  const byTopic = new Map(
    TOPIC_LIST.map((topic) => [topic.id, new StoryCollector(options.feedLimit, (url) => aboutTopic(store.itemByUrl(url), topic.id))] as const),
  );
  function* everyItem(): Generator<Item> {
    for (const item of store.items()) {
      unified.offer(item);
      for (const topic of item.topics) byTopic.get(topic)?.offer(item);
      yield item;
    }
  }
  writeChunksAtomic(join(options.outDir, 'items.json'), itemsJsonChunks(now, count, everyItem()));
  files.push('items.json');

  const unifiedInfo: FeedInfo = {
    title: 'opsfeed: aktualności ośrodków pomocy społecznej',
    description: 'Aktualności miejskich i gminnych ośrodków pomocy społecznej w jednym kanale',
    baseUrl: publicUrl,
    homeUrl: publicUrl,
  };
  writeFeeds('', unifiedInfo, unified.stories.slice(0, options.feedLimit), write);
  for (const source of store.sources()) {
    const info: FeedInfo = {
      title: `${source.name}: aktualności`,
      description: `Aktualności: ${source.institution}${source.city ? ` (${source.city})` : ''}`,
      baseUrl: `${publicUrl}sources/${source.id}/`,
      homeUrl: source.url,
    };
    writeFeeds(`sources/${source.id}/`, info, [...store.items({ sourceId: source.id, limit: options.feedLimit })], write);
  }
  for (const topic of TOPIC_LIST) writeFeeds(`topics/${topic.id}/`, topicFeedInfo(topic, publicUrl), byTopic.get(topic.id)!.stories, write);
  write('opml.xml', renderOpml(store.sources(), publicUrl, now));
  writeStatus(store, output, unified.stories);
  return { items: count, files, contentVersion: store.contentVersion() };
}

/** The first `limit` stories among the items offered (newest first), as `firstStories` picks them. */
class StoryCollector {
  readonly stories: Item[] = [];

  constructor(
    private readonly limit: number,
    private readonly lookup: StoryLookup,
  ) {}

  get full(): boolean {
    return this.stories.length >= this.limit;
  }

  offer(item: Item): void {
    if (this.full) return;
    const story = storyOf(item, this.lookup);
    if (story) this.stories.push(story);
  }
}

function aboutTopic(item: Item | undefined, topic: string): Item | undefined {
  return item?.topics.includes(topic) ? item : undefined;
}

/** items.json, `{ generated, count, items }`, laid out as `publishedJson` lays it out, one item at a time. */
export function* itemsJsonChunks(generated: Date, count: number, items: Iterable<Item>): Generator<string> {
  const head = publishedJson({ generated: generated.toISOString(), count, items: [] });
  const open = head.lastIndexOf('[]');
  yield `${head.slice(0, open)}[`;
  let first = true;
  for (const item of items) {
    yield `${first ? '' : ','}\n${publishedJson(item).trimEnd().replace(/^/gm, '    ')}`;
    first = false;
  }
  yield `${first ? '' : '\n  '}]${head.slice(open + 2)}`;
}

/** A topic's feed: the items of every source about it. */
export function topicFeedInfo(topic: Topic, publicUrl: string): FeedInfo {
  return {
    title: `opsfeed: ${topic.name}`,
    description: `Aktualności ośrodków pomocy społecznej o temacie: ${topic.name}`,
    baseUrl: `${publicUrl}topics/${topic.id}/`,
    homeUrl: `${publicUrl}?topic=${topic.id}`,
  };
}

/** Health of every source the store knows, from its recent runs. */
export function sourceHealths(store: Store): SourceHealth[] {
  return store.sources().map((source) => sourceHealth(source, store.recentRuns(source.id)));
}

function writeFeeds(prefix: string, info: FeedInfo, items: Item[], write: (relative: string, contents: string) => void): void {
  for (const [name, contents] of Object.entries(renderFeeds(info, items))) write(`${prefix}${name}`, contents);
}
