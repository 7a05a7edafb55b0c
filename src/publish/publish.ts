/** Every output rebuilt from the store: unified and per-source feeds, and the dataset. */
import { join } from 'node:path';
import type { Store } from '../store/store.js';
import type { Item } from '../store/types.js';
import { renderFeeds, type FeedInfo } from './feeds.js';
import { EMPTY_QUERY, renderIndexPage } from './index-page.js';
import { renderOpml } from './opml.js';
import { renderStatusFeed, renderStatusJson, sourceHealth, type SourceHealth } from './status.js';
import { publishedJson, writeFileAtomic } from './write.js';
import { TOPIC_LIST, type Topic } from '../normalize/topics.js';
import { oneStoryEach } from './stories.js';

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
}

export function publishAll(store: Store, options: PublishOptions): PublishResult {
  const publicUrl = options.publicUrl.endsWith('/') ? options.publicUrl : `${options.publicUrl}/`;
  const files: string[] = [];
  const write = (relative: string, contents: string) => {
    writeFileAtomic(join(options.outDir, relative), contents);
    files.push(relative);
  };

  const items = [...store.items()];
  write('items.json', publishedJson({ generated: (options.now ?? new Date()).toISOString(), count: items.length, items }));

  const unified: FeedInfo = {
    title: 'opsfeed: aktualności ośrodków pomocy społecznej',
    description: 'Aktualności miejskich i gminnych ośrodków pomocy społecznej w jednym kanale',
    baseUrl: publicUrl,
    homeUrl: publicUrl,
  };
  writeFeeds('', unified, oneStoryEach(items).slice(0, options.feedLimit), write);

  for (const source of store.sources()) {
    const own = items.filter((item) => item.source.id === source.id).slice(0, options.feedLimit);
    const info: FeedInfo = {
      title: `${source.name}: aktualności`,
      description: `Aktualności: ${source.institution}${source.city ? ` (${source.city})` : ''}`,
      baseUrl: `${publicUrl}sources/${source.id}/`,
      homeUrl: source.url,
    };
    writeFeeds(`sources/${source.id}/`, info, own, write);
  }
  for (const topic of TOPIC_LIST) {
    const about = oneStoryEach(items.filter((item) => item.topics.includes(topic.id))).slice(0, options.feedLimit);
    writeFeeds(`topics/${topic.id}/`, topicFeedInfo(topic, publicUrl), about, write);
  }
  const healths = sourceHealths(store);
  write('status.json', renderStatusJson(healths, options.now ?? new Date()));
  write('status.xml', renderStatusFeed(healths, publicUrl));
  write('opml.xml', renderOpml(store.sources(), publicUrl, options.now ?? new Date()));
  write('index.html', renderIndexPage({ items: oneStoryEach(items).slice(0, INDEX_PAGE_ITEMS), sources: store.sources(), healths, query: EMPTY_QUERY, publicUrl }));
  return { items: items.length, files };
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
