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
 * (cheerio's own `:first`, `:eq(n)`) is handed to cheerio, and so is one
 * naming `:root` or `:scope` asked within an element.
 */
import type { CheerioAPI } from 'cheerio';
import { compile } from 'css-select';
import { isTraversal, parse, SelectorType, type Selector } from 'css-what';
import { isTag, type AnyNode, type Element, type ParentNode } from 'domhandler';
import { textContent } from 'domutils';

type Matcher = (el: Element) => boolean;

/**
 * What the element an alternative selects must have, most telling first: its tag name ("head title" → title),
 * its id, one of its classes, or an attribute ("[itemprop]"); null when the last compound names none of these.
 * Only elements with it are tried, the rest never reach the compiled matcher.
 */
type Key = { kind: 'tag' | 'id' | 'class' | 'attribute'; name: string } | null;

interface CompiledSelector {
  /** The selector's alternatives grouped by their key, each group compiled. */
  parts: Array<{ key: Key; match: Matcher }>;
  /** The selector relates elements (descendant, child, sibling): within an element, cheerio bounds them by it. */
  combinators: boolean;
}

// By selector text: opsfeed's own selectors and the configured ones, so the map is bounded by the code and sources.json.
// Compiled without css-select's result caches: those keep what held in the tree as it was, and extraction changes
// it between two queries (cutting the article down, detaching a scope).
const compiledSelectors = new Map<string, CompiledSelector | null>();

function compiled(selector: string): CompiledSelector | null {
  let entry = compiledSelectors.get(selector);
  if (entry === undefined) {
    try {
      const grouped = new Map<string, { key: Key; alternatives: Selector[][] }>();
      const alternatives = parse(selector);
      for (const tokens of alternatives) {
        const key = keyOf(tokens);
        const id = JSON.stringify(key);
        grouped.set(id, { key, alternatives: [...(grouped.get(id)?.alternatives ?? []), tokens] });
      }
      entry = {
        parts: [...grouped.values()].map(({ key, alternatives: group }) => ({ key, match: compile<AnyNode, Element>(group, { cacheResults: false }) as Matcher })),
        combinators: alternatives.some((tokens) => tokens.some(isTraversal)),
      };
    } catch {
      entry = null; // cheerio's extensions, or not a selector at all: cheerio answers (or refuses) below
    }
    compiledSelectors.set(selector, entry);
  }
  return entry;
}

function keyOf(tokens: Selector[]): Key {
  const last: Selector[] = [];
  for (let i = tokens.length - 1; i >= 0 && !isTraversal(tokens[i]!); i--) last.push(tokens[i]!);
  const tag = last.find((token) => token.type === SelectorType.Tag);
  if (tag) return { kind: 'tag', name: tag.name };
  const attributes = last.filter((token) => token.type === SelectorType.Attribute);
  const id = attributes.find((token) => token.name === 'id' && token.action === 'equals' && !token.ignoreCase);
  if (id) return { kind: 'id', name: id.value };
  const className = attributes.find((token) => token.name === 'class' && token.action === 'element' && !token.ignoreCase);
  if (className) return { kind: 'class', name: className.value };
  return attributes[0] ? { kind: 'attribute', name: attributes[0].name } : null;
}

/** Collapsed whitespace, as every field is read: "  Data\u00a0publikacji:\n 12.03.2024 " → "Data publikacji: 12.03.2024". */
export function collapse(text: string): string {
  // Trimmed first: the text between tags is mostly whitespace alone, which this gives up on at once.
  const trimmed = text.trim();
  return trimmed && trimmed.replace(/\s+/g, ' ');
}

const pages = new WeakMap<CheerioAPI, Page>();

export class Page {
  /** Every element, in document order (removed ones stay listed, marked). */
  private readonly elements: Element[] = [];
  private readonly order = new Map<Element, number>();
  /** For the element at i, the index just past its last descendant. */
  private readonly extent: number[] = [];
  private readonly byName = new Map<string, Element[]>();
  /** Elements with any of several names, in document order, by the names asked ("p div"). */
  private readonly byNames = new Map<string, Element[]>();
  /** Elements by id, class or attribute name ("class news"), as selectors ask for them (`having`). */
  private readonly byKey = new Map<string, Element[]>();
  /** Per element, whether it is out of the tree: 2 removed for good, 1 cut for a while (`cutDown`); allocated at the first. */
  private removed: Uint8Array | null = null;
  /** For the element at i, the index of its parent element (-1 under the root, a <template>'s content or a non-'tag' node). */
  private readonly parentAt: number[] = [];
  /** Facts each element inherits from its parent (`inherited`), by name, one byte per element. */
  private readonly inheritedFacts = new Map<string, Uint8Array>();
  /** For the element at i, which document it is in: 0 for the page's own, another number for each <template>'s content. */
  private readonly fragment: number[] = [];
  private fragments = false;
  private readonly texts = new Map<AnyNode, string>();
  private readonly rawTexts = new Map<AnyNode, string>();
  private readonly ownTexts = new Map<Element, string>();
  /** The longest start of an element's text read so far (`textStart`), and whether it is the whole text. */
  private readonly starts = new Map<AnyNode, { text: string; whole: boolean }>();

  /** The document. */
  private readonly root: AnyNode;

  private constructor(readonly $: CheerioAPI) {
    this.root = $.root()[0]!;
    this.walk();
  }

  /** The page of a loaded document, walked on first use. */
  static of($: CheerioAPI): Page {
    let page = pages.get($);
    if (!page) {
      page = new Page($);
      pages.set($, page);
    }
    return page;
  }

  private walk(): void {
    // The path from the root to the node being visited, as parallel arrays: no object per level.
    const childrenAt: AnyNode[][] = ['children' in this.root ? this.root.children : []];
    const nextAt = [0];
    const ownerAt = [-1];
    const fragmentAt = [0];
    let fragments = 0;
    for (let depth = 0; depth >= 0; ) {
      const children = childrenAt[depth]!;
      if (nextAt[depth]! >= children.length) {
        if (ownerAt[depth]! >= 0) this.extent[ownerAt[depth]!] = this.elements.length;
        depth--;
        continue;
      }
      const node = children[nextAt[depth]!++]!;
      let owner = -1;
      if (isTag(node)) {
        owner = this.elements.length;
        this.order.set(node, owner);
        this.elements.push(node);
        this.extent.push(owner + 1);
        this.fragment.push(fragmentAt[depth]!);
        const parent = ownerAt[depth]!;
        this.parentAt.push(parent >= 0 && this.elements[parent]!.type === 'tag' ? parent : -1);
        const list = this.byName.get(node.name);
        if (list) list.push(node);
        else this.byName.set(node.name, [node]);
      }
      // A <template>'s content is a document of its own: what is in it is on the page, but inside no element.
      if ('children' in node && node.children.length) {
        depth++;
        childrenAt[depth] = node.children;
        nextAt[depth] = 0;
        ownerAt[depth] = owner;
        fragmentAt[depth] = owner >= 0 ? fragmentAt[depth - 1]! : ++fragments;
      }
    }
    this.fragments = fragments > 0;
  }

  private live(list: readonly Element[]): readonly Element[] {
    return this.removed ? list.filter((el) => !this.isRemoved(el)) : list;
  }

  isRemoved(el: Element): boolean {
    const at = this.order.get(el);
    return at !== undefined && this.removed !== null && this.removed[at] !== 0;
  }

  /** Marks `el`'s subtree as out of the tree (`mark` 2 for good, 1 for a cut), leaving marks already there. */
  private markOut(at: number, mark: number): void {
    this.removed ??= new Uint8Array(this.elements.length);
    for (let i = at; i < this.extent[at]!; i++) if (!this.removed[i]) this.removed[i] = mark;
  }

  /** The texts of the ancestors of the element at `at` (up to and with `upTo`) are read again: their text changed with it. */
  private forgetTextsAbove(at: number, upTo?: Element): void {
    for (let up = this.parentAt[at]!; up >= 0; up = this.parentAt[up]!) {
      const node = this.elements[up]!;
      this.texts.delete(node);
      this.rawTexts.delete(node);
      this.starts.delete(node);
      if (node === upTo) return;
    }
  }

  /** Elements with any of these tag names, in document order. */
  named(...names: string[]): readonly Element[] {
    if (names.length === 1) return this.live(this.byName.get(names[0]!) ?? []);
    const key = names.join(' ');
    let found = this.byNames.get(key);
    if (!found) {
      const wanted = new Set(names);
      found = this.elements.filter((el) => wanted.has(el.name));
      this.byNames.set(key, found);
    }
    return this.live(found);
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
    // Cheerio asks for descendants through elements only when the scope has an element above it (not <html>, not one cut down).
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

  /**
   * A fact of `el` found from the element itself and its parent element's fact (0 under no element):
   * judged once per element and kept, by walking up to the nearest element already judged and then down,
   * so a page nested 10,000 deep costs one pass, not one walk per element. `judge` returns a byte; `name`
   * keeps different facts apart.
   */
  inherited(el: Element, name: string, judge: (el: Element, parent: number) => number): number {
    const at = this.order.get(el);
    if (at === undefined) throw new Error(`page: <${el.name}> is not on this page`);
    let facts = this.inheritedFacts.get(name);
    if (!facts) {
      facts = new Uint8Array(this.elements.length);
      this.inheritedFacts.set(name, facts);
    }
    // 1 marks a judged element, whatever else its byte says.
    if (facts[at]) return facts[at]! & ~1;
    const chain: number[] = [];
    let up = at;
    for (; up >= 0 && !facts[up]; up = this.parentAt[up]!) chain.push(up);
    let fact = up >= 0 ? facts[up]! & ~1 : 0;
    for (let i = chain.length - 1; i >= 0; i--) {
      fact = judge(this.elements[chain[i]!]!, fact) & ~1;
      facts[chain[i]!] = fact | 1;
    }
    return fact;
  }

  /** How many elements the page has. */
  get size(): number {
    return this.elements.length;
  }

  /** How many elements `el`'s subtree holds, itself included (0 for a node of another tree). */
  sizeOf(el: Element): number {
    const at = this.order.get(el);
    return at === undefined ? 0 : this.extent[at]! - at;
  }

  /** The position of `el` in document order (-1 for a node of another tree). */
  indexOf(el: Element): number {
    return this.order.get(el) ?? -1;
  }

  /**
   * Each element from `start` on, in document order, to the end of `until`'s subtree (`start`'s by default):
   * `visit` may return 'skip' to pass over the element's descendants, or 'stop' to end the walk.
   */
  walkFrom(start: Element, visit: (el: Element) => 'skip' | 'stop' | void, until: Element = start): void {
    const [at, scope] = [this.order.get(start), this.order.get(until)];
    if (at === undefined || scope === undefined) return;
    for (let i = at; i < this.extent[scope]!; i++) {
      const el = this.elements[i]!;
      if (this.removed?.[i]) continue;
      const next = visit(el);
      if (next === 'stop') return;
      if (next === 'skip') i = this.extent[i]! - 1;
    }
  }

  /** The elements of `scope`'s subtree (itself included) that come before `el`, in document order. */
  before(el: Element, scope: Element): readonly Element[] {
    const [at, from] = [this.order.get(el), this.order.get(scope)];
    if (at === undefined || from === undefined || at <= from) return [];
    return this.live(this.elements.slice(from, Math.min(at, this.extent[from]!)));
  }

  /** The elements with `key` (every element for none), in document order; found once per page. */
  private having(key: Key): readonly Element[] {
    if (!key) return this.elements;
    if (key.kind === 'tag') return this.byName.get(key.name) ?? [];
    const id = `${key.kind} ${key.name}`;
    let found = this.byKey.get(id);
    if (!found) {
      // A class or an id is looked for as text in the attribute (a necessary condition): the matcher decides.
      if (key.kind === 'class') found = this.elements.filter((el) => el.attribs.class?.includes(key.name));
      else if (key.kind === 'id') found = this.elements.filter((el) => el.attribs.id === key.name);
      else {
        const lower = key.name.toLowerCase();
        found = this.elements.filter((el) => el.attribs[key.name] !== undefined || el.attribs[lower] !== undefined);
      }
      this.byKey.set(id, found);
    }
    return found;
  }

  /** Elements matching `selector`, in document order, within `scope` if given; null when it is not a selector. */
  select(selector: string | undefined, scope?: AnyNode): readonly Element[] | null {
    if (!selector) return null;
    const query = compiled(selector);
    const inPage = scope !== undefined && scope !== this.root;
    // Within an element, cheerio lets a selector's ancestors and siblings reach up to that element and no
    // further: matched while the element is detached from its parent, css-select stops there too.
    const bounded = inPage && query?.combinators === true;
    if (query && (!bounded || (isTag(scope) && !/:(root|scope)\b/i.test(selector)))) {
      const candidates = query.parts.map(({ key }) => (inPage ? this.within(scope, this.having(key)) : this.live(this.having(key))));
      const parent = scope?.parent ?? null;
      if (bounded) scope!.parent = null;
      let found: Element[][];
      try {
        found = query.parts.map(({ match }, i) => candidates[i]!.filter(match));
      } finally {
        if (bounded) scope!.parent = parent;
      }
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
    if (query) return query.parts.some(({ match }) => match(el));
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
    return remembered(this.texts, node, () => collapse(this.rawText(node)));
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
    const begun = this.starts.get(el);
    if (begun && (begun.whole || begun.text.length >= length)) return begun.text.slice(0, length);
    const start = this.readStart(el, length);
    this.starts.set(el, start);
    return start.text;
  }

  private readStart(el: Element, length: number): { text: string; whole: boolean } {
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
        if (start.trimEnd().length >= length) return { text: start.trimEnd().slice(0, length), whole: false };
      } else if ('children' in node) {
        for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
      }
    }
    return { text: start.trimEnd(), whole: true };
  }

  /** The text of a node as written, every descendant's text in turn (cheerio's `.text()`). */
  rawText(node: AnyNode): string {
    return remembered(this.rawTexts, node, textContent);
  }

  /** The element's own text, without its children's: "Dodano: <b>12.03.2024</b>" gives "Dodano:". */
  ownText(el: Element): string {
    return remembered(this.ownTexts, el, directText);
  }

  /** Take `el` and its subtree out of the tree for good. */
  remove(el: Element): void {
    const at = this.order.get(el);
    if (at === undefined || this.isRemoved(el)) return;
    this.$(el).remove();
    this.markOut(at, 2);
    this.forgetTextsAbove(at);
  }

  /**
   * Runs `work` on `scope` as a tree of its own, as a copy of it would be (nothing above it, a <template>'s
   * content inside it), in which `cut` takes elements out: out of their parents' children, so texts, the
   * index and serialising `scope` no longer see them. Afterwards the page is whole again. `work` reads only
   * `scope`. Cutting a copy instead meant cloning the article, which cost more than cleaning it (bench/run.ts).
   */
  cutDown<T>(scope: Element, work: (cut: (el: Element) => void) => T): T {
    const parent = scope.parent;
    const saved: Array<[ParentNode, AnyNode[]]> = [];
    const cuts: number[] = [];
    scope.parent = null;
    try {
      return work((el) => {
        const at = this.order.get(el);
        const from = el.parent;
        if (at === undefined || !from || this.isRemoved(el) || !this.contains(scope, el)) return;
        saved.push([from, from.children]);
        from.children = from.children.filter((child) => child !== el);
        this.markOut(at, 1);
        cuts.push(at);
        this.forgetTextsAbove(at, scope);
      });
    } finally {
      scope.parent = parent;
      for (const [node, children] of saved.reverse()) node.children = children;
      for (const at of cuts) {
        for (let i = at; i < this.extent[at]!; i++) if (this.removed![i] === 1) this.removed![i] = 0;
        this.forgetTextsAbove(at, scope);
      }
      if (this.removed && !this.removed.includes(2)) this.removed = null;
    }
  }
}

/** `map`'s value for `key`, found by `find` the first time it is asked for. */
function remembered<K, V>(map: Map<K, V>, key: K, find: (key: K) => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = find(key);
    map.set(key, value);
  }
  return value;
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
