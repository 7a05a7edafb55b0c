/**
 * The generic listing: every block of news teasers on a page, found from its
 * links alone. A link's teaser is the nearest element around it repeated
 * among its siblings with links to other stories (one item of a list); a
 * block is the teasers of one kind sharing a parent. A block is news when its
 * teasers read as news (dated, with a lead, or headlines under a news heading
 * or name), link to stories of their own and are not a menu, a register, a
 * calendar or another site's box; headline tiles with nothing else are news
 * when they link to the same kind of page as the news. Every news block of the
 * page is read (a slider, "Aktualności", "Komunikaty"). docs/realworld.md
 * says it step by step.
 */
import { isTag, type AnyNode, type Element, type Text } from 'domhandler';
import { absoluteUrl, isInChrome, safeHost } from './dom.js';
import { collapse, nextElement, type Page } from './page.js';
import { isCalendarHeading, isNewsSection, isReadMore, pagePatterns } from '../lexicon/lexicon.js';
import { dateLabelKind, isDateStamp, showsDate } from '../lexicon/date-labels.js';

export interface FoundTeaser {
  url: string;
  /** The element holding the teaser. */
  element: Element;
  /** The teaser and the siblings that belong to it (its date or lead in a neighbouring element). */
  region: readonly Element[];
  /** Short texts of the region that show a date, stamps first (`dateTexts`). */
  dates: string[];
}

interface Link {
  anchor: Element;
  url: string;
  /** Another site's address: a page's own news may be hosted elsewhere, but a side box of another site's news is not the page's. */
  elsewhere: boolean;
}

interface Block {
  parent: Element;
  teasers: FoundTeaser[];
  score: number;
  elsewhere: boolean;
  /** Most of its teasers show a date. */
  dated: boolean;
  /** Read as news on its own; else a list of headlines that is news only beside news of the same kind of link. */
  news: boolean;
}

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
const TEASER_BLOCK = 'li, article, section, div, td, tr, p';

/** Every news block of the page, its teasers in document order, each story once at its first place. */
export function newsTeasers(page: Page, pageUrl: string, isPagerLink: (anchor: Element, url: string) => boolean): FoundTeaser[] {
  let blocks = newsBlocks(page, candidateLinks(page, pageUrl, isPagerLink, false));
  // A page whose only news is a dated box in its footer or sidebar ("Aktualności:" under the menus of an old site).
  if (!blocks.length) blocks = newsBlocks(page, candidateLinks(page, pageUrl, isPagerLink, true)).filter((block) => block.dated);
  if (!blocks.length) return [];
  const best = blocks.reduce((a, b) => (b.score > a.score ? b : a));
  // Another site's block counts only as the page's main news (a gmina whose news runs on its CMS provider's host).
  const taken = blocks.filter((block) => block === best || !block.elsewhere).sort((a, b) => page.indexOf(a.parent) - page.indexOf(b.parent));
  // A story in several boxes is listed at its first place, with all its places' texts: a tab that repeats the
  // list's first stories without their dates still has them.
  const byUrl = new Map<string, FoundTeaser>();
  for (const teaser of taken.flatMap((block) => block.teasers).sort((a, b) => page.indexOf(a.element) - page.indexOf(b.element))) {
    const first = byUrl.get(teaser.url);
    if (first) {
      const region = [...first.region, ...teaser.region];
      byUrl.set(teaser.url, { ...first, region, dates: dateTexts(page, region) });
    } else byUrl.set(teaser.url, teaser);
  }
  return [...byUrl.values()];
}

/** The page's links to possible stories: not documents, not this page, not the pager; outside page chrome, or only in it. */
function candidateLinks(page: Page, pageUrl: string, isPagerLink: (anchor: Element, url: string) => boolean, inChrome: boolean): Link[] {
  const here = new URL(pageUrl);
  const links: Link[] = [];
  for (const anchor of page.named('a')) {
    const url = absoluteUrl(anchor.attribs.href, pageUrl);
    if (!url || pagePatterns().document.test(url)) continue;
    const target = new URL(url);
    if (target.pathname === here.pathname && target.search === here.search && safeHost(target) === safeHost(here)) continue;
    if (isInChrome(page.$, anchor) !== inChrome || isPagerLink(anchor, target.href)) continue;
    links.push({ anchor, url: target.href, elsewhere: safeHost(target) !== safeHost(here) });
  }
  return links;
}

/**
 * The kind of page a URL is: its path's segments shaped, and its query's names with the values that hold no
 * digit ("/index.php?Itemid&catid&id&option=com_content&view=article", "/art/#/*").
 */
function urlShape(url: string): string {
  const { pathname, searchParams } = new URL(url);
  const path = pathname.split('/').map(segmentShape).join('/');
  const query = [...searchParams].map(([name, value]) => (/\d/.test(value) ? name : `${name}=${value}`)).sort();
  return `${path}?${query.join('&')}`;
}

/** A path segment's shape: numbers as '#', a slug of words ("zyczenia-wielkanocne-19", "vii_sesja_rady") as '*'. */
function segmentShape(segment: string): string {
  const [name, extension] = segment.split(/(?=\.[a-z]{2,4}$)/i);
  const words = (name ?? '').split(/[-_,+.]+/).filter((word) => /\p{L}/u.test(word));
  return words.length >= 3 ? `*${extension ?? ''}` : segment.replace(/\d+/g, '#');
}

/** Adds `url` to the element's few distinct URLs. */
function remember(map: Map<Element, string[]>, el: Element, url: string): void {
  const known = map.get(el);
  if (!known) map.set(el, [url]);
  else if (known.length < 3 && !known.includes(url)) known.push(url);
}

function wordsOf(text: string): number {
  return text.split(/\s+/).filter((word) => /\p{L}/u.test(word)).length;
}

/** The links grouped into teasers and the teasers into blocks; the blocks that are news, scored. */
function newsBlocks(page: Page, links: Link[]): Block[] {
  // Per element around a link (a few levels up): the stories it links to, up to three.
  const linksTo = new Map<Element, string[]>();
  for (const { anchor, url } of links) {
    for (let node: Element | null = anchor, level = 0; level < 10 && node; level++, node = parentElement(node)) remember(linksTo, node, url);
  }
  const kinds = new Map<Element, string>();
  const kindOf = (el: Element) => {
    let kind = kinds.get(el);
    if (kind === undefined) kinds.set(el, (kind = signature(el)));
    return kind;
  };
  // By parent and kind: the two news items among a column's other blocks are a list of their own.
  const grouped = new Map<Element, Map<string, Map<Element, Link[]>>>();
  for (const link of links) {
    const teaser = repeatedAncestor(link, kindOf, linksTo) ?? page.closest(link.anchor, TEASER_BLOCK);
    const parent = teaser ? parentElement(teaser) : null;
    if (!teaser || !parent) continue;
    const kinds = grouped.get(parent) ?? new Map<string, Map<Element, Link[]>>();
    const teasers = kinds.get(kindOf(teaser)) ?? new Map<Element, Link[]>();
    teasers.set(teaser, [...(teasers.get(teaser) ?? []), link]);
    kinds.set(kindOf(teaser), teasers);
    grouped.set(parent, kinds);
  }
  const blocks: Block[] = [];
  for (const [parent, kinds] of grouped) {
    for (const teasers of kinds.values()) {
      const block = readBlock(page, parent, teasers, kindOf, linksTo);
      if (block) blocks.push(block);
    }
  }
  // Headline tiles (a magazine's category boxes, no dates, no leads) are news when they link to the same kind of
  // page as the page's news does: "index.php?option=com_content&view=article&id=…" beside its "Ogłoszenia".
  const news = notBoxesOfLists(page, blocks.filter((block) => block.news));
  // A shape of slugs and numbers alone ("/*", "/#.html") would take any page of the site for a story.
  const newsShapes = new Set(news.flatMap((block) => block.teasers.map((teaser) => urlShape(teaser.url))).filter((shape) => /[\p{L}]/u.test(shape.replace(/\.[a-z]{2,4}(?=\/|\?|$)/gi, ''))));
  const newsTeaser = news.flatMap((block) => block.teasers.map((teaser) => teaser.element)).sort((a, b) => page.indexOf(a) - page.indexOf(b));
  const insideNews = (el: Element) => newsTeaser.some((teaser) => teaser === el || page.contains(teaser, el) || page.contains(el, teaser));
  const alike = blocks.filter(
    (block) =>
      !block.news &&
      block.teasers.filter((teaser) => newsShapes.has(urlShape(teaser.url))).length >= block.teasers.length * 0.6 &&
      !block.teasers.some((teaser) => insideNews(teaser.element)),
  );
  return [...news, ...notBoxesOfLists(page, alike)];
}

/** Without the blocks whose items hold other blocks' teasers (tab panes, each a list of its own): boxes of lists. */
function notBoxesOfLists(page: Page, blocks: Block[]): Block[] {
  const teasers = blocks.flatMap((block) => block.teasers.map((teaser) => teaser.element)).sort((a, b) => page.indexOf(a) - page.indexOf(b));
  return blocks.filter((block) => block.teasers.filter((teaser) => page.within(teaser.element, teasers).length > 0).length < block.teasers.length / 2);
}

/** A block of teasers read and judged: null when it is not news (a menu, a link list, a change register). */
function readBlock(page: Page, parent: Element, grouped: Map<Element, Link[]>, kindOf: (el: Element) => string, linksTo: Map<Element, string[]>): Block | null {
  const elements = [...grouped.keys()];
  const regions = regionsOf(elements, kindOf);
  const teasers = elements.map((element, i) => {
    const link = storyLink(page, grouped.get(element)!);
    return { url: link.url, element, region: regions[i]!, elsewhere: link.elsewhere, anchors: grouped.get(element)!, link };
  });
  const urls = new Set(teasers.map((teaser) => teaser.url));
  // Every row linking to one page ("/redakcja") is a register of changes, not stories; so is one teaser of many such links.
  if (urls.size < teasers.length / 2) return null;
  const read = teasers.map((teaser) => readTeaser(page, teaser, linksTo));
  const share = (test: (teaser: TeaserReading) => boolean) => read.filter(test).length / read.length;
  // A menu: items holding lists of other links, or a list nested in a menu's entry.
  if (share((teaser) => teaser.submenu) >= 0.5 || isSubmenu(parent)) return null;
  const dated = share((teaser) => teaser.dated);
  const led = share((teaser) => teaser.lead >= 40);
  const sentences = share((teaser) => teaser.titleWords >= 3);
  // Headlines are sentences; a menu's labels, even under a news heading, are a word or three.
  const meanWords = read.reduce((sum, teaser) => sum + teaser.titleWords, 0) / read.length;
  const heading = blockHeading(page, elements[0]!, kindOf) ?? (isNamedNews(parent) ? 'news' : null);
  if (heading === 'calendar') return null;
  const allElsewhere = teasers.every((teaser) => teaser.elsewhere);
  const news = allElsewhere
    ? // Stories on another site: the page's news hosted by its provider, dated, all on that one host.
      dated >= 0.5 && teasers.length > 1 && new Set(teasers.map((teaser) => new URL(teaser.url).host)).size === 1
    : teasers.length === 1
      ? teasers[0]!.anchors.length <= 3 && (read[0]!.lead >= 40 || read[0]!.dated) && read[0]!.titleWords >= 3
      : dated >= 0.5 || (led > 0.5 && (sentences > 0.5 || heading === 'news')) || (heading === 'news' && sentences >= 0.6 && meanWords >= 4);
  if (urls.size < Math.min(2, teasers.length)) return null;
  // Headlines with nothing else to show they are news: news only if they link to stories like the page's news.
  const likeNews = !news && !allElsewhere && teasers.length > 1 && sentences >= 0.6;
  if (!news && !likeNews) return null;
  const score = read.reduce((sum, teaser) => sum + Math.min(teaser.title, 120) + Math.min(teaser.lead, 300) + (teaser.dated ? 60 : 0), 0);
  return {
    parent,
    // A link to another site among the page's own stories is a link out (a partner's page), not a story here.
    // An item whose title link is empty (a gallery posted without a title) is left out, as a reader would see it.
    teasers: teasers
      .map(({ url, element, region, elsewhere }, i) => ({ url, element, region, dates: read[i]!.dates, kept: elsewhere === allElsewhere && !isSectionOf(url, teasers) && !read[i]!.untitled }))
      .filter(({ kept }) => kept)
      .map(({ url, element, region, dates }) => ({ url, element, region, dates })),
    score,
    elsewhere: allElsewhere,
    dated: dated >= 0.5,
    news,
  };
}

/** The list the other stories are in ("/news/" beside "/news/#news-40", "/aktualnosci" beside "/aktualnosci/12"), not a story. */
function isSectionOf(url: string, teasers: Array<{ url: string }>): boolean {
  const section = url.replace(/[/#?]*$/, '');
  return teasers.filter((other) => other.url !== url && other.url.startsWith(section) && /^[/#?]/.test(other.url.slice(section.length))).length >= 2;
}

interface TeaserReading {
  /** Characters of the title. */
  title: number;
  titleWords: number;
  /** Characters of text beside the title, its date and its links. */
  lead: number;
  dated: boolean;
  dates: string[];
  submenu: boolean;
  /** Its story link shows nothing: no text, no picture with a description. */
  untitled: boolean;
}

function readTeaser(page: Page, { element, region, link, url }: { element: Element; region: readonly Element[]; link: Link; url: string }, linksTo: Map<Element, string[]>): TeaserReading {
  const title = teaserTitle(page, element, link);
  const all = region.reduce((sum, el) => sum + page.text(el).length, 0);
  const linked = page.within(element, page.named('a')).reduce((sum, a) => sum + page.text(a).length, 0);
  const dates = dateTexts(page, region);
  const lead = Math.max(all - Math.max(linked, title.length) - dates.reduce((sum, date) => sum + date.length, 0), 0);
  // A list inside the item linking to two other pages; a list holding the item's own title and "więcej" is layout.
  const submenu = page.within(element, page.named('ul', 'ol')).some((list) => (linksTo.get(list) ?? []).filter((other) => other !== url).length >= 2);
  const untitled = !page.text(link.anchor) && !imageText(page, link.anchor);
  return { title: title.length, titleWords: wordsOf(title), lead, dated: dates.length > 0, dates, submenu, untitled };
}

/** The teaser's title: its story link's text, or, where that is only "więcej", the heading or first text of the teaser. */
function teaserTitle(page: Page, element: Element, link: Link): string {
  const text = page.text(link.anchor) || (link.anchor.attribs.title ?? '').trim() || imageText(page, link.anchor);
  if (text && !isReadMore(text)) return text;
  const heading = page.within(element, page.named(...HEADINGS, 'strong', 'b'))[0];
  return heading ? page.text(heading) : page.textStart(element, 120);
}

/** A picture's description ("Targi Edukacji i Pracy"); a file path put there by a template ("/images/button") is none. */
function imageText(page: Page, anchor: Element): string {
  return page.within(anchor, page.named('img')).map((img) => img.attribs.alt?.trim() ?? '').find((alt) => alt && !/^\S*\/\S*$/.test(alt)) ?? '';
}

/**
 * The teaser's link to its story: the one in a heading, else the one with the longest text that is not a
 * "więcej" link, else the "więcej" link itself (titles that are not links). Category and tag links beside it are not stories.
 */
function storyLink(page: Page, anchors: Link[]): Link {
  const inHeading = anchors.find(({ anchor }) => page.closest(anchor, HEADINGS.join(', ')) !== null || page.within(anchor, page.named(...HEADINGS)).length > 0);
  if (inHeading) return inHeading;
  const label = (link: Link) => page.text(link.anchor) || imageText(page, link.anchor);
  const titled = anchors.filter((link) => !isReadMore(label(link)));
  const among = titled.length ? titled : anchors;
  return among.reduce((best, link) => (label(link).length > label(best).length ? link : best));
}

/**
 * Each teaser with the siblings that belong to it, where a teaser's date or lead sits in an element beside it
 * ("<div class=title>…</div><div class=date>…</div>"): the siblings after it up to the next teaser, or, where
 * the first teaser is preceded by elements of the kinds that end each gap ("<p class=date>" then the title's
 * block), the siblings before it.
 */
function regionsOf(teasers: Element[], kindOf: (el: Element) => string): Element[][] {
  const siblingsBetween = (from: Element, to: Element | null) => {
    const between: Element[] = [];
    for (let el = nextElement(from); el && el !== to && between.length < 6; el = nextElement(el)) between.push(el);
    return to && between.includes(to) ? [] : between;
  };
  const next = (i: number) => (teasers[i + 1]?.parent === teasers[i]!.parent ? teasers[i + 1]! : null);
  const firstGap = teasers.length > 1 && next(0) ? siblingsBetween(teasers[0]!, next(0)) : [];
  // How many of the gap's last elements stand, kind for kind, right before the first teaser.
  let before = 0;
  for (let el = previousElement(teasers[0]!); el && before < firstGap.length && kindOf(el) === kindOf(firstGap[firstGap.length - 1 - before]!); el = previousElement(el)) before++;
  return teasers.map((teaser, i) => {
    if (!before) return [teaser, ...(next(i) ? siblingsBetween(teaser, next(i)) : [])];
    const leading: Element[] = [];
    for (let el = previousElement(teaser); el && leading.length < before && !teasers.includes(el); el = previousElement(el)) leading.unshift(el);
    return [...leading, teaser];
  });
}

/**
 * Short texts of a teaser that show a date ("12.03.2024", "Dodano: 5 marca 2024", "23 KWI", `<time datetime>`),
 * stamps first: a date in the lead ("W dniu 15.04.2019 …") comes after the teaser's own. The title is not
 * one of them, though other text inside a link is (a teaser wrapped whole in its link).
 */
export function dateTexts(page: Page, region: readonly Element[]): string[] {
  const stamps: string[] = [];
  const others: string[] = [];
  for (const root of region) {
    for (const el of [root, ...page.within(root)]) {
      if (el.name === 'time' && el.attribs.datetime) stamps.push(el.attribs.datetime);
      if (el.name === 'a' || el.name === 'script' || el.name === 'style') continue;
      // The whole text of a small element, so that a date split over spans ("Kwi" "19" "2019") is read whole.
      const short = page.shortText(el, 60);
      if (!short) {
        // A date as the first line of a lead: "19.03.2019<br>Uczniowie …", "19.03.2019⏎16 marca odbyła się …".
        const first = el.children.find((child) => child.type === 'text' && child.data.trim()) as Text | undefined;
        const lines = first?.data.trim().split('\n') ?? [];
        const line = lines.length > 1 || (first?.next?.type === 'tag' && (first.next as Element).name === 'br') ? collapse(lines[0] ?? '') : '';
        if (line.length <= 40 && showsDate(line)) (isDateStamp(line) ? stamps : others).push(line);
        continue;
      }
      // Parts in elements of their own are words of their own: "<span>Kwi</span> <span>19</span><span>2019</span>", "23<br>KWI".
      // A row is read cell by cell: a cell's column may say what its date is.
      if (el.name === 'tr' || !/\d/.test(short)) continue;
      const text = el.children.some((child) => child.type === 'tag') ? spacedText(el) : short;
      if (!showsDate(text)) continue;
      const stamp = isDateStamp(text);
      // The title's own words are no stamp ("Wybory … 26 maja 2019" as a link, or an element holding a title link);
      // a link that is only a date is one (a post's date as its permalink).
      const link = page.closest(el, 'a');
      const linked = (link && page.text(link) === short) || page.within(el, page.named('a')).some((a) => page.text(a) === short || wordsOf(page.text(a)) >= 3);
      if (linked && !stamp) continue;
      const cell = page.closest(el, 'td');
      if (cell && columnLabelIsNotPublication(page, cell)) continue;
      (stamp ? stamps : others).push(text);
    }
  }
  return [...new Set([...stamps, ...others])].slice(0, 3);
}

/** A list inside an item of a list that has its own link: "Struktura organizacyjna" and its departments. */
function isSubmenu(list: Element): boolean {
  const item = parentElement(list);
  return (list.name === 'ul' || list.name === 'ol') && item?.name === 'li' && item.children.some((child) => isTag(child) && child.name === 'a');
}

/** A block its page names as news ("main_news_headers", "newsesSlider", "aktualnosci"). */
function isNamedNews(el: Element): boolean {
  const name = `${el.attribs.id ?? ''} ${el.attribs.class ?? ''}`.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ');
  return name.trim() !== '' && isNewsSection(name);
}

/** A table cell under a column header naming a date that is no publication ("Data modyfikacji"). */
function columnLabelIsNotPublication(page: Page, cell: Element): boolean {
  const row = parentElement(cell);
  const table = row && page.closest(row, 'table');
  if (!row || !table) return false;
  const column = row.children.filter(isTag).indexOf(cell);
  const header = page.within(table, page.named('th'))[column];
  const kind = header ? dateLabelKind(page.text(header)) : null;
  return kind !== null && kind !== 'publication' && kind !== 'created';
}

/** The element's text with a space where an element begins or ends, whitespace collapsed. */
function spacedText(el: Element): string {
  const parts: string[] = [];
  const walk = (node: AnyNode) => {
    if (node.type === 'text') parts.push((node as Text).data);
    else if (isTag(node)) {
      parts.push(' ');
      node.children.forEach(walk);
      parts.push(' ');
    }
  };
  el.children.forEach(walk);
  return collapse(parts.join(''));
}

/**
 * What the nearest label before the block's first teaser says it is ("Aktualności", "Kalendarium imprez"):
 * the first short text before it, among its siblings or those of an element around it. A longer text met first
 * means the block has no label of its own.
 */
function blockHeading(page: Page, firstTeaser: Element, kindOf: (el: Element) => string): 'news' | 'calendar' | null {
  for (let el: Element | null = firstTeaser, level = 0; el && level < 4; el = parentElement(el), level++) {
    for (let sibling = previousElement(el); sibling; sibling = previousElement(sibling)) {
      // Items of the list without a link (an event with no page of its own) are not its label.
      if (!page.textStart(sibling, 1) || (level === 0 && kindOf(sibling) === kindOf(firstTeaser))) continue;
      const text = page.shortText(sibling, 40);
      // A longer text, or a link (a menu's entry beside a submenu), is no label.
      if (text === null || sibling.name === 'a' || page.within(sibling, page.named('a')).some((a) => page.text(a) === text)) return null;
      return isCalendarHeading(text) ? 'calendar' : isNewsSection(text) ? 'news' : null;
    }
  }
  return null;
}

/** A class or id that numbers an item ("post-1776", "aidaid_336", "item3"), unlike "aidanews2_art". */
const NUMBERED = /\d+$/;

/**
 * The kind of an element: its tag and first class that does not number the item. Teasers of one list differ
 * in their other classes ("post-1776 post has-post-thumbnail category-a" beside "post-1781 post category-b",
 * "views-row-odd" beside "views-row-even"), not in the first.
 */
function signature(el: Element): string {
  const firstClass = (el.attribs.class ?? '').split(/\s+/).find((token) => token && !NUMBERED.test(token)) ?? '';
  const id = el.attribs.id && !NUMBERED.test(el.attribs.id) ? `#${el.attribs.id}` : '';
  return `${el.tagName}${id}.${firstClass}`;
}

/**
 * The nearest ancestor of the link (at most six levels up: Drupal wraps a teaser's link in a, h2, header,
 * article, views-row) that has a sibling of the same kind linking to another story, and none linking to its
 * own: one item of a repeated block. A sibling without a link of its own (the lead's paragraph beside the
 * "więcej" paragraph) is not a teaser.
 */
function repeatedAncestor(link: Link, kindOf: (el: Element) => string, linksTo: Map<Element, string[]>): Element | null {
  let node: Element = link.anchor;
  for (let level = 0; level < 8; level++) {
    const parent = parentElement(node);
    if (!parent) return null;
    const own = kindOf(node);
    // A sibling linking to the same story ("więcej" beside the title) makes this a part of the teaser, not one.
    const part = parent.children.some((child) => child !== node && child.type === 'tag' && linksTo.get(child as Element)?.includes(link.url));
    const repeated = !part && parent.children.some((child) => {
      if (child === node || child.type !== 'tag' || kindOf(child as Element) !== own) return false;
      return linksTo.get(child as Element)?.some((url) => url !== link.url) ?? false;
    });
    if (repeated) return node;
    node = parent;
  }
  return null;
}

function parentElement(el: Element): Element | null {
  return el.parent?.type === 'tag' ? (el.parent as Element) : null;
}

function previousElement(el: Element): Element | null {
  for (let node = el.prev; node; node = node.prev) if (node.type === 'tag') return node as Element;
  return null;
}

