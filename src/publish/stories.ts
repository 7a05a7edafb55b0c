/**
 * One story once: of items that tell the same story on several sources
 * (`sameAs`), the unified feeds keep the earliest published and list the
 * others in its content; per-source feeds keep their own copies.
 */
import escapeHtml from 'escape-html';
import type { Item } from '../store/types.js';

export function oneStoryEach(items: Item[]): Item[] {
  const byUrl = new Map(items.map((item) => [item.url, item]));
  const when = (item: Item) => item.published ?? item.firstSeen;
  const isLaterCopy = (item: Item) =>
    item.sameAs.some((url) => {
      const other = byUrl.get(url);
      return other !== undefined && (when(other) < when(item) || (when(other) === when(item) && other.id < item.id));
    });
  return items
    .filter((item) => !isLaterCopy(item))
    .map((item) => {
      const copies = item.sameAs.map((url) => byUrl.get(url)).filter((other): other is Item => other !== undefined);
      if (!copies.length) return item;
      const links = copies.map((other) => `<a href="${escapeHtml(other.url)}">${escapeHtml(other.source.name)}: ${escapeHtml(other.title)}</a>`).join(', ');
      return { ...item, contentHtml: `${item.contentHtml}\n<p>Ta sama wiadomość także: ${links}</p>` };
    });
}
