/**
 * One story once: of items that tell the same story on several sources
 * (`sameAs`), the unified feeds keep the earliest published and list the
 * others in its content; per-source feeds keep their own copies.
 */
import escapeHtml from 'escape-html';
import type { Item } from '../store/types.js';

/** The item at a `sameAs` URL, when it belongs to the same view (the same feed, topic or filter). */
export type StoryLookup = (url: string) => Item | undefined;

/**
 * The first `limit` stories of `items` (newest first): a later copy of a
 * story is left out, and its earliest copy lists the others. Reading stops
 * once `limit` stories are found, so a feed of 200 is made from a store of
 * 100,000 items without holding them.
 */
export function firstStories(items: Iterable<Item>, limit: number, lookup: StoryLookup): Item[] {
  const stories: Item[] = [];
  if (limit <= 0) return stories;
  for (const item of items) {
    const story = storyOf(item, lookup);
    if (story) stories.push(story);
    if (stories.length >= limit) break;
  }
  return stories;
}

/** Every item of `items`, each story once; the other copies are looked up among `items` themselves. */
export function oneStoryEach(items: Item[]): Item[] {
  const byUrl = new Map(items.map((item) => [item.url, item]));
  return firstStories(items, Infinity, (url) => byUrl.get(url));
}

/** The item as its story's entry, or null when it is a later copy of a story told earlier in the view. */
export function storyOf(item: Item, lookup: StoryLookup): Item | null {
  if (!item.sameAs.length) return item;
  const when = (story: Item) => story.published ?? story.firstSeen;
  const copies = item.sameAs.map(lookup).filter((other): other is Item => other !== undefined);
  if (copies.some((other) => when(other) < when(item) || (when(other) === when(item) && other.id < item.id))) return null;
  if (!copies.length) return item;
  const links = copies.map((other) => `<a href="${escapeHtml(other.url)}">${escapeHtml(other.source.name)}: ${escapeHtml(other.title)}</a>`).join(', ');
  return { ...item, contentHtml: `${item.contentHtml}\n<p>Ta sama wiadomość także: ${links}</p>` };
}
