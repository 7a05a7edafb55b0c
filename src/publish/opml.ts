/** OPML: every feed opsfeed publishes, so a reader subscribes to all of them in one import. */
import escapeHtml from 'escape-html';
import type { SourceInfo } from '../store/types.js';

// escape-html's five entities are XML's own, so its output is a valid attribute value.
const attribute = escapeHtml;

export function renderOpml(sources: SourceInfo[], publicUrl: string, now: Date): string {
  const outline = (title: string, xmlUrl: string, htmlUrl: string) =>
    `    <outline type="rss" text="${attribute(title)}" title="${attribute(title)}" xmlUrl="${attribute(xmlUrl)}" htmlUrl="${attribute(htmlUrl)}"/>`;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<opml version="2.0">',
    '  <head>',
    '    <title>opsfeed: kanały ośrodków pomocy społecznej</title>',
    `    <dateCreated>${now.toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
    outline('Wszystkie ośrodki (opsfeed)', `${publicUrl}feed.xml`, publicUrl),
    ...sources.map((source) => outline(`${source.name}: aktualności`, `${publicUrl}sources/${source.id}/feed.xml`, source.url)),
    outline('Stan źródeł (opsfeed)', `${publicUrl}status.xml`, `${publicUrl}status.json`),
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}
