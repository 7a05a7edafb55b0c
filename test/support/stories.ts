/**
 * What the unified feeds should show, written out for tests: of two items
 * that tell the same story (`sameAs`), the one published later (or, on the
 * same date, the one with the greater id) is left out.
 */
import type { Item } from '../../src/store/types.js';

export function withoutLaterCopies<T extends Pick<Item, 'id' | 'url' | 'sameAs' | 'published' | 'firstSeen'>>(items: T[]): T[] {
  const date = (item: T) => item.published ?? item.firstSeen;
  return items.filter(
    (item) =>
      !item.sameAs.some((url) => {
        const other = items.find((candidate) => candidate.url === url);
        return other !== undefined && (date(other) < date(item) || (date(other) === date(item) && other.id < item.id));
      }),
  );
}
