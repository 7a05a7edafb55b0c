/**
 * A parsed page, walked once for all the questions extraction asks of it.
 * Through cheerio each question (`$('p, div')`, `$(el).find('tr')`,
 * `$(el).text()`) parsed and compiled its selector again and walked the tree
 * again; together they cost several times the parse itself (bench/run.ts,
 * the extraction row). Here the elements are listed once in document order
 * with the extent of each one's subtree, so "inside" and "before" are
 * comparisons of two numbers; selectors are compiled once per process; an
 * element's text is read once.
 *
 * The answers are cheerio's: a selector css-select cannot compile alone
 * (cheerio's own `:first`, `:eq(n)`), and a selector with combinators asked
 * within an element of the page, are handed to cheerio.
 */
import type { CheerioAPI } from 'cheerio';
import { compile } from 'css-select';
import { isTraversal, parse, SelectorType, type Selector } from 'css-what';
import { isTag, type AnyNode, type Element } from 'domhandler';
import { textContent } from 'domutils';

type Matcher = (el: Element) => boolean;

interface CompiledSelector {
  /** The selector's alternatives by the tag name their last element must have ("head title" → title), each group compiled. */
  byTag: Map<string, Matcher>;
  /** The alternatives whose last element may have any name ("[itemprop]"), compiled together, or null. */
  anyTag: Matcher | null;
  /** The selector relates elements (descendant, child, sibling): within an element, cheerio bounds them by it. */
  combinators: boolean;
}

// By selector text: opsfeed's own selectors and the configured ones, so the map is bounded by the code and sources.json.
const compiledSelectors = new Map<string, CompiledSelector | null>();

function compiled(selector: string): CompiledSelector | null {
  let entry = compiledSelectors.get(selector);
  if (entry === undefined) {
    try {
      const alternatives = parse(selector);
      // An alternative whose last element is named is tried only on elements of that name.
      const grouped = new Map<string | null, Selector[][]>();
      for (const tokens of alternatives) grouped.set(lastTag(tokens), [...(grouped.get(lastTag(tokens)) ?? []), tokens]);
      const anyTag = grouped.get(null);
      grouped.delete(null);
      entry = {
        byTag: new Map([...grouped].map(([tag, group]) => [tag!, compile<AnyNode, Element>(group) as Matcher])),
        anyTag: anyTag ? (compile<AnyNode, Element>(anyTag) as Matcher) : null,
        combinators: alternatives.some((tokens) => tokens.some(isTraversal)),
      };
    } catch {
      entry = null; // cheerio's extensions, or not a selector at all: cheerio answers (or refuses) below
    }
    compiledSelectors.set(selector, entry);
  }
  return entry;
}

/** The tag name the element an alternative selects must have, if it names one. */
function lastTag(tokens: Selector[]): string | null {
  for (let i = tokens.length - 1; i >= 0 && !isTraversal(tokens[i]!); i--) {
    const token = tokens[i]!;
    if (token.type === SelectorType.Tag) return token.name;
  }
  return null;
}

/** Collapsed whitespace, as every field is read: "  Data\u00a0publikacji:\n 12.03.2024 " → "Data publikacji: 12.03.2024". */
export function collapse(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

const pages = new WeakMap<CheerioAPI, Page>();

export class Page {
  /** Every element, in document order (removed ones stay listed, marked). */
  private readonly elements: Element[] = [];
  private readonly order = new Map<Element, number>();
  /** For the element at i, the index just past its last descendant. */
  private readonly extent: number[] = [];
  private readonly byName = new Map<string, Element[]>();
  private readonly removed = new Set<number>();
  /** For the element at i, which document it is in: 0 for the page's own, another number for each <template>'s content. */
  private readonly fragment: number[] = [];
  private fragments = false;
  private readonly texts = new Map<AnyNode, string>();
  private readonly rawTexts = new Map<AnyNode, string>();
  private readonly ownTexts = new Map<Element, string>();

  /** `root`: the document, or a copy's own root (see `copyOf`). */
  private constructor(
    readonly $: CheerioAPI,
    private readonly root: AnyNode,
  ) {
    this.walk();
  }

  /** The page of a loaded document, walked on first use. */
  static of($: CheerioAPI): Page {
    let page = pages.get($);
    if (!page) {
      page = new Page($, $.root()[0]!);
      pages.set($, page);
    }
    return page;
  }

  /** A deep copy of `el` (its own root, detached from the page) and its page, to be cut down without touching the original. */
  static copyOf($: CheerioAPI, el: Element): { copy: Element; page: Page } {
    const copy = $(el).clone()[0] as Element;
    return { copy, page: new Page($, copy.parent ?? copy) };
  }

  private walk(): void {
    const stack: Array<{ children: AnyNode[]; next: number; owner: number; fragment: number }> = [
      { children: 'children' in this.root ? this.root.children : [], next: 0, owner: -1, fragment: 0 },
    ];
    let fragments = 0;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (top.next >= top.children.length) {
        stack.pop();
        if (top.owner >= 0) this.extent[top.owner] = this.elements.length;
        continue;
      }
      const node = top.children[top.next++]!;
      let owner = -1;
      if (isTag(node)) {
        owner = this.elements.length;
        this.order.set(node, owner);
        this.elements.push(node);
        this.extent.push(owner + 1);
        this.fragment.push(top.fragment);
        const list = this.byName.get(node.name);
        if (list) list.push(node);
        else this.byName.set(node.name, [node]);
      }
      // A <template>'s content is a document of its own: what is in it is on the page, but inside no element.
      if ('children' in node && node.children.length) stack.push({ children: node.children, next: 0, owner, fragment: owner >= 0 ? top.fragment : ++fragments });
    }
    this.fragments = fragments > 0;
  }

  private live(list: readonly Element[]): readonly Element[] {
    return this.removed.size ? list.filter((el) => !this.isRemoved(el)) : list;
  }

  isRemoved(el: Element): boolean {
    const at = this.order.get(el);
    if (at === undefined || !this.removed.size) return false;
    for (const start of this.removed) if (at >= start && at < this.extent[start]!) return true;
    return false;
  }

  /** Elements with any of these tag names, in document order. */
  named(...names: string[]): readonly Element[] {
    if (names.length === 1) return this.live(this.byName.get(names[0]!) ?? []);
    const wanted = new Set(names);
    return this.live(this.elements.filter((el) => wanted.has(el.name)));
  }

  /** The first element with this tag name. */
  first(name: string): Element | null {
    return this.named(name)[0] ?? null;
  }

  /**
   * The descendants of `scope` (not `scope` itself) in document order, or those of them in `among`; for the
   * root or a node of no element, every element. As cheerio's `find`, within an element that has an element
   * above it this leaves out a <template>'s content, a document of its own.
   */
  within(scope: AnyNode, among?: readonly Element[]): readonly Element[] {
    const at = isTag(scope) ? this.order.get(scope) : undefined;
    if (at === undefined) return this.live(among ?? this.elements);
    const [from, to] = [at + 1, this.extent[at]!];
    let found: readonly Element[];
    if (!among) found = this.elements.slice(from, to);
    else {
      // `among` is in document order: the descendants are one run of it, found by binary search.
      const firstAtOrAfter = (index: number) => {
        let [low, high] = [0, among.length];
        while (low < high) {
          const mid = (low + high) >> 1;
          if (this.order.get(among[mid]!)! < index) low = mid + 1;
          else high = mid;
        }
        return low;
      };
      found = among.slice(firstAtOrAfter(from), firstAtOrAfter(to));
    }
    // Cheerio asks for descendants through elements only when the scope has an element above it (not <html>, not a copy).
    if (this.fragments && scope.parent && isTag(scope.parent)) found = found.filter((el) => this.fragment[this.order.get(el)!] === this.fragment[at]);
    return this.live(found);
  }

  /** True when `el` is inside `ancestor` (not `ancestor` itself), as cheerio's `contains`. */
  contains(ancestor: AnyNode, el: AnyNode): boolean {
    const [a, b] = [isTag(ancestor) ? this.order.get(ancestor) : undefined, isTag(el) ? this.order.get(el) : undefined];
    if (a !== undefined && b !== undefined) return b > a && b < this.extent[a]!;
    for (let node = el.parent; node; node = node.parent) if (node === ancestor) return true;
    return false;
  }

  /** The position of `el` in document order (-1 for a node of another tree). */
  indexOf(el: Element): number {
    return this.order.get(el) ?? -1;
  }

  /**
   * Each element of `scope`'s subtree, itself first, then in document order: `visit` may return 'skip' to
   * pass over the element's descendants, or 'stop' to end the walk.
   */
  walkFrom(scope: Element, visit: (el: Element) => 'skip' | 'stop' | void): void {
    const at = this.order.get(scope);
    if (at === undefined) return;
    for (let i = at; i < this.extent[at]!; i++) {
      const el = this.elements[i]!;
      if (this.removed.size && this.isRemoved(el)) continue;
      const next = visit(el);
      if (next === 'stop') return;
      if (next === 'skip') i = this.extent[i]! - 1;
    }
  }

  /** Elements matching `selector`, in document order, within `scope` if given; null when it is not a selector. */
  select(selector: string | undefined, scope?: AnyNode): readonly Element[] | null {
    if (!selector) return null;
    const query = compiled(selector);
    const inPage = scope !== undefined && scope !== this.root;
    if (query && !(inPage && query.combinators && this.root === this.$.root()[0])) {
      const found: Element[][] = [];
      const among = (candidates: readonly Element[], match: Matcher) => found.push((inPage ? this.within(scope, candidates) : this.live(candidates)).filter(match));
      for (const [tag, match] of query.byTag) among(this.byName.get(tag) ?? [], match);
      if (query.anyTag) among(this.elements, query.anyTag);
      if (found.length < 2) return found[0] ?? [];
      return [...new Set(found.flat())].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
    }
    try {
      const found = (inPage ? this.$(scope).find(selector) : this.$(this.root).find(selector)).toArray() as Element[];
      return found.filter((el) => !this.isRemoved(el));
    } catch {
      return null; // an unparsable selector is reported by `opsfeed check`; extraction goes on without it
    }
  }

  /** True when `el` matches `selector` (false for what is not a selector). */
  matches(el: Element, selector: string): boolean {
    const query = compiled(selector);
    if (query) return (query.byTag.get(el.name)?.(el) ?? false) || (query.anyTag?.(el) ?? false);
    try {
      return this.$(el).is(selector);
    } catch {
      return false;
    }
  }

  /** `el` or its nearest ancestor element matching `selector`. */
  closest(el: Element, selector: string): Element | null {
    for (let node: AnyNode | null = el; node && isTag(node); node = node.parent) if (this.matches(node, selector)) return node;
    return null;
  }

  /** The text of a node or of several in turn, whitespace collapsed (cheerio's `.text()`, collapsed). */
  text(nodes: AnyNode | null | undefined | readonly AnyNode[]): string {
    if (!nodes) return '';
    if (Array.isArray(nodes)) return collapse(nodes.map((node) => this.rawText(node)).join(''));
    const node = nodes as AnyNode;
    let text = this.texts.get(node);
    if (text === undefined) {
      text = collapse(this.rawText(node));
      this.texts.set(node, text);
    }
    return text;
  }

  /**
   * The text (collapsed, as `text`) when it is at most `max` characters long, else null; a long text is read
   * only as far as needed to know, so asking every block of a page whether it is a short label line costs
   * little.
   */
  shortText(el: Element, max: number): string | null {
    const start = this.textStart(el, max + 1);
    return start.length <= max ? start : null;
  }

  /** The first `length` characters of the text (collapsed, as `text`), reading no more of it than that needs. */
  textStart(el: Element, length: number): string {
    const known = this.texts.get(el);
    if (known !== undefined) return known.slice(0, length);
    // Collapsed as it is read: `start` may end in one space, which a later word keeps and the end trims.
    let start = '';
    const stack: AnyNode[] = [el];
    while (stack.length) {
      const node = stack.pop()!;
      if (node.type === 'text') {
        let piece = node.data.replace(/[\s\u00a0]+/g, ' ');
        if (!start || start.endsWith(' ')) piece = piece.trimStart();
        start += piece;
        // What follows can only lengthen it: the first `length` characters are settled.
        if (start.trimEnd().length >= length) return start.trimEnd().slice(0, length);
      } else if ('children' in node) {
        for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
      }
    }
    return start.trimEnd();
  }

  /** The text of a node as written, every descendant's text in turn (cheerio's `.text()`). */
  rawText(node: AnyNode): string {
    let text = this.rawTexts.get(node);
    if (text === undefined) {
      text = textContent(node);
      this.rawTexts.set(node, text);
    }
    return text;
  }

  /** The element's own text, without its children's: "Dodano: <b>12.03.2024</b>" gives "Dodano:". */
  ownText(el: Element): string {
    let text = this.ownTexts.get(el);
    if (text === undefined) {
      text = directText(el);
      this.ownTexts.set(el, text);
    }
    return text;
  }

  /** Take `el` and its subtree out of the tree; texts read so far are read again. */
  remove(el: Element): void {
    const at = this.order.get(el);
    if (at === undefined || this.isRemoved(el)) return;
    this.$(el).remove();
    this.removed.add(at);
    this.texts.clear();
    this.rawTexts.clear();
    this.ownTexts.clear();
  }
}

/** The element's own text, without its children's: "Dodano: <b>12.03.2024</b>" gives "Dodano:". */
export function directText(el: Element): string {
  let own: string | null = null;
  for (const child of el.children) if (child.type === 'text') own = own === null ? child.data : `${own} ${child.data}`;
  return own === null ? '' : collapse(own);
}

/** The element children of `el` (cheerio's `.children()`). */
export function elementChildren(el: Element): Element[] {
  return el.children.filter(isTag);
}

/** The next element sibling of `el` (cheerio's `.next()`). */
export function nextElement(el: Element): Element | null {
  for (let node = el.next; node; node = node.next) if (isTag(node)) return node;
  return null;
}
