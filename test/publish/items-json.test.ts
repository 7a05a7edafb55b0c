import { describe, expect, it } from 'vitest';
import { itemsJsonChunks } from '../../src/publish/publish.js';
import { publishedJson } from '../../src/publish/write.js';
import type { Item } from '../../src/store/types.js';

// Only the layout is under test: any JSON-able objects stand in for items.
const item = (id: string, title: string) => ({ id, title, tags: ['a', 'b'], nested: { text: 'line\nbreak <b>' }, empty: [] }) as unknown as Item;

describe('items.json written item by item', () => {
  const generated = new Date('2026-11-23T10:00:00Z');
  it.each([
    ['no items', []],
    ['one item', [item('1', 'Pierwszy')]],
    ['three items', [item('1', 'Pierwszy'), item('2', 'Drugi „cytat”'), item('3', '<script>')]],
  ])('%s: the same bytes as the whole object through publishedJson', (_, items) => {
    const streamed = [...itemsJsonChunks(generated, items.length, items)].join('');
    expect(streamed).toBe(publishedJson({ generated: generated.toISOString(), count: items.length, items }));
  });
});
