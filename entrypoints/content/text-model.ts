// The one model of a page's text that every feature reads (detection now, note anchoring later):
// the text nodes a reader can see, in document order, grouped into blocks.
//
// What is left out, and why:
// - script/style/noscript/template/head/title, ruby annotations (rt/rp), SVG title/desc: never
//   rendered as running text.
// - form fields (textarea/input/select/option), iframes, embedded media, `contenteditable`
//   regions and their descendants, documents in designMode: the user types there, and editors
//   must never meet anything of ours.
// - our own UI hosts (tag names starting with `clinical-lens`).
// - CSS-hidden text (display:none, the `hidden` attribute) is KEPT: telling it apart needs style
//   computation per node, and pages reveal such text (tabs, accordions, <details>) by flipping
//   a class or attribute that a childList/characterData observer never sees. A highlight range
//   on hidden text paints nothing and costs one range.
//
// Blocks: a run of text between block boundaries (block-level elements by tag name, <br>,
// opaque elements such as form fields, shadow-root edges). "hepatic <b>artery</b>" is one block;
// two table cells or list items are two. Page text = blocks joined by U+2029, which the matcher
// treats as a hard boundary. Open shadow roots are entered; their text forms blocks of its own
// (a Range cannot cross a shadow boundary).
import { BLOCK_SEPARATOR } from '../../lib/matcher';
import { lastAtOrBefore } from '../../lib/sorted-search';

/** Tag-name prefix of our own UI hosts: never read as page text. */
export const UI_TAG_PREFIX = 'clinical-lens';

const INLINE = 0;
const BLOCK = 1;
/** Not rendered: skipped, and no boundary (an inline <script> does not split a sentence). */
const HIDDEN = 2;
/** Rendered but not page text (form fields, editors, media, our UI): skipped, and a boundary. */
const OPAQUE = 3;
type Kind = typeof INLINE | typeof BLOCK | typeof HIDDEN | typeof OPAQUE;

/** Added to a kind for the elements that may host a shadow root (custom ones and these). */
const CAN_HOST = 4;

const KINDS = new Map<string, number>();
const define = (kind: number, tags: string) => tags.split(' ').forEach((tag) => KINDS.set(tag, kind));
define(INLINE, 'a abbr acronym b bdi bdo big cite code data del dfn em font i img ins kbd label mark nobr q rb rtc ruby s samp small strike strong sub sup time tt u var wbr tspan textPath');
define(BLOCK, 'html td th tr li ul ol dl dt dd table tbody thead tfoot caption figure figcaption form fieldset legend details summary address center pre svg text foreignObject');
define(BLOCK | CAN_HOST, 'body div p section article main header footer nav aside blockquote h1 h2 h3 h4 h5 h6');
define(INLINE | CAN_HOST, 'span');
define(HIDDEN, 'script style noscript template head title rt rp desc metadata noembed noframes param source track');
define(OPAQUE, 'br hr textarea input select option optgroup datalist iframe frame frameset object embed canvas video audio applet');

const EDITABLE_SELECTOR = '[contenteditable]:not([contenteditable="false" i])';

/** The element's kind by tag name, plus CAN_HOST; unknown tags are blocks (custom ones hosts). */
function tagInfo(el: Element): number {
  const name = el.localName;
  const info = KINDS.get(name);
  if (info !== undefined) return info;
  if (name === 'slot') return (el as HTMLSlotElement).assignedNodes().length ? HIDDEN : INLINE;
  if (name.startsWith(UI_TAG_PREFIX)) return OPAQUE;
  return name.includes('-') ? BLOCK | CAN_HOST : BLOCK;
}

function tagKind(el: Element): Kind {
  return (tagInfo(el) & 3) as Kind;
}

function isEditableRoot(el: Element): boolean {
  const value = el.getAttribute('contenteditable');
  return value !== null && value.toLowerCase() !== 'false';
}

/** Kind of an element met on its own (outside a walk, which batches the editable check). */
function kindOf(el: Element): Kind {
  const kind = tagKind(el);
  return kind !== HIDDEN && kind !== OPAQUE && isEditableRoot(el) ? OPAQUE : kind;
}

/** The parent, or for a shadow root its host, so a climb reaches the document. */
function composedParent(node: Node): Node | null {
  return node.nodeType === 11 && 'host' in node ? (node as ShadowRoot).host : node.parentNode;
}

/** True when a node lies in a part of the page the model skips (editor, form field, our UI…). */
export function isIgnored(node: Node): boolean {
  if (node.ownerDocument?.designMode === 'on') return true;
  for (let current: Node | null = node; current; current = composedParent(current)) {
    if (current.nodeType !== 1) continue;
    const kind = kindOf(current as Element);
    if (kind === HIDDEN || kind === OPAQUE) return true;
  }
  return false;
}

/** True for elements that start a new block (or are skipped as opaque): not inline content. */
export function isBlockLevel(node: Node): boolean {
  if (node.nodeType !== Node.ELEMENT_NODE) return node.nodeType === Node.DOCUMENT_FRAGMENT_NODE || node.nodeType === Node.DOCUMENT_NODE;
  const kind = kindOf(node as Element);
  return kind === BLOCK || kind === OPAQUE;
}

/** True for our own UI hosts. */
export function isOurUi(node: Node): boolean {
  return node.nodeType === Node.ELEMENT_NODE && (node as Element).localName.startsWith(UI_TAG_PREFIX);
}

/** One block: its text nodes, where each starts in `text`, and their concatenated text. */
export interface TextRun {
  nodes: Text[];
  starts: number[];
  text: string;
}

export interface RunSink {
  run(run: TextRun): void;
  /** An open shadow root met during the walk (its text is walked separately or recursively). */
  shadowRoot(root: ShadowRoot): void;
}

const now = () => performance.now();
/** NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, spelled out: the scan CLI walks linkedom's DOM in Node, which has no NodeFilter global. */
const SHOW_ELEMENTS_AND_TEXT = 0x1 | 0x4;
const NOT_BLANK = /\S/;
/** Parents whose block a walk remembers at once. */
const BLOCK_CACHE_SIZE = 1024;

/**
 * A resumable walk over part of a tree, emitting its blocks. It reads each node once through a
 * native TreeWalker (one DOM call per node, where a hand-written walk pays three or four) and
 * keeps its place between slices, so a huge page can be walked in frame-sized steps.
 *
 * Where a block ends is read from the text nodes' parents: a text node starts a new block when
 * its nearest block-level ancestor differs from the previous text's (looked up once per parent
 * element), and every block-level or opaque element met on the way closes the current block.
 */
export class TextWalker {
  private readonly walker: TreeWalker;
  private node: Node | null;
  /** The first node after the walked siblings; null to walk to the end of `top`. */
  private readonly end: Node | null;
  private nodes: Text[] = [];
  private starts: number[] = [];
  private text = '';
  private readonly editables: Set<Element>;
  /** A skipped element (script, form field, editor…) whose descendants the walk is passing. */
  private skipping: Node | null = null;
  /** Nearest block-level ancestor (or `top`) of elements that held text, by element. */
  private readonly blockOf = new Map<Node, Node>();
  private lastBlockElement: Node | null = null;
  private lastParent: Node | null = null;
  private lastParentBlock: Node | null = null;
  /** The block the pending text belongs to. */
  private block: Node | null = null;

  /**
   * Walks the siblings `first`…`last` (inclusive) of `top` and their descendants, or, with
   * `last` null, everything from `first` to the end of `top`.
   */
  constructor(
    readonly top: Node,
    first: Node | null,
    last: Node | null,
    private readonly sink: RunSink,
  ) {
    const doc = top.nodeType === 9 ? (top as Document) : (top.ownerDocument as Document);
    this.walker = doc.createTreeWalker(top, SHOW_ELEMENTS_AND_TEXT);
    this.end = last ? last.nextSibling : null;
    if (first && first !== top.firstChild) this.walker.currentNode = first;
    this.node = first && first === top.firstChild ? this.walker.nextNode() : first;
    this.editables = findEditables(top, first, last);
    this.blockOf.set(top, top);
  }

  /** Where the walk would resume: null once done. */
  get position(): Node | null {
    return this.node;
  }

  /** Walks until done (true) or past `deadline` (false; call again to continue). */
  step(deadline = Infinity): boolean {
    const walker = this.walker;
    let node = this.node;
    let count = 0;
    while (node && node !== this.end) {
      if ((++count & 63) === 0 && now() > deadline) {
        this.node = node;
        return false;
      }
      if (this.skipping) {
        if (this.skipping.contains(node)) {
          node = walker.nextNode();
          continue;
        }
        this.skipping = null;
      }
      const type = node.nodeType;
      if (type === 3) this.addText(node as Text);
      else if (type === 1) this.enter(node as Element);
      node = walker.nextNode();
    }
    this.flush();
    this.node = null;
    return true;
  }

  private enter(el: Element): void {
    const info = tagInfo(el);
    let kind = info & 3;
    if (kind <= BLOCK && this.editables.size !== 0 && this.editables.has(el)) kind = OPAQUE;
    if (kind === BLOCK) {
      this.flush();
      this.lastBlockElement = el;
    } else if (kind !== INLINE) {
      if (kind === OPAQUE) this.flush();
      this.skipping = el;
      return;
    }
    // Only custom elements and a few standard ones can host a shadow root: asking the rest
    // (td, li, a…) would cost a DOM call per element for nothing.
    const shadow = info & CAN_HOST ? el.shadowRoot : null;
    if (shadow) {
      this.flush();
      this.sink.shadowRoot(shadow);
    }
  }

  private addText(node: Text): void {
    const data = node.data;
    if (!data.length) return;
    const parent = node.parentNode as Node;
    if (parent !== this.lastParent) {
      this.lastParent = parent;
      this.lastParentBlock = parent === this.lastBlockElement ? parent : this.blockAbove(parent);
    }
    if (this.lastParentBlock !== this.block) {
      this.flush();
      this.block = this.lastParentBlock;
    }
    this.nodes.push(node);
    this.starts.push(this.text.length);
    this.text += data;
  }

  /** The nearest block-level ancestor-or-self of an element holding text, or `top`. */
  private blockAbove(el: Node): Node {
    let block = this.blockOf.get(el);
    if (block === undefined) {
      // Bounded: the walk meets parents in document order, so only recent ones come back, and
      // holding every parent of a large page keeps them all alive through garbage collections.
      if (this.blockOf.size > BLOCK_CACHE_SIZE) {
        this.blockOf.clear();
        this.blockOf.set(this.top, this.top);
      }
      const parent = el.parentNode;
      block = !parent || el.nodeType !== 1 || tagKind(el as Element) !== INLINE ? el : this.blockAbove(parent);
      this.blockOf.set(el, block);
    }
    return block;
  }

  private flush(): void {
    if (this.nodes.length === 0) return;
    if (NOT_BLANK.test(this.text)) this.sink.run({ nodes: this.nodes, starts: this.starts, text: this.text });
    this.nodes = [];
    this.starts = [];
    this.text = '';
  }
}

function findEditables(top: Node, first: Node | null, last: Node | null): Set<Element> {
  const found = new Set<Element>();
  const scan = (node: Node) => {
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
    if (node.nodeType === 1 && isEditableRoot(node as Element)) found.add(node as Element);
    (node as ParentNode).querySelectorAll(EDITABLE_SELECTOR).forEach((el) => found.add(el));
  };
  if (last === null) scan(top);
  else for (let node: Node | null = first; node; node = node === last ? null : node.nextSibling) scan(node);
  return found;
}

/** A walk over everything inside `scope` (a block element, a shadow root or a document). */
export function walkSubtree(scope: Element | ShadowRoot | Document, sink: RunSink): TextWalker {
  if (scope.nodeType === 1) {
    const shadow = (scope as Element).shadowRoot;
    if (shadow) sink.shadowRoot(shadow);
  }
  return new TextWalker(scope, scope.firstChild, null, sink);
}

/** Where a block lies: the siblings `first`…`last` of `top` (inclusive) and their contents. */
export interface BlockLocation {
  top: Node;
  first: Node;
  last: Node;
}

/**
 * The block that contains `node` (a text node or an inline element): its inline siblings up to
 * the nearest block boundaries on each side, within the nearest block ancestor. Null when the
 * node is detached or in a skipped region.
 */
export function blockAround(node: Node): BlockLocation | null {
  let child = node;
  let parent = node.parentNode;
  while (parent && parent.nodeType === 1 && kindOf(parent as Element) === INLINE) {
    child = parent;
    parent = parent.parentNode;
  }
  if (!parent || isIgnored(child)) return null;
  const splits = (n: Node) => n.nodeType === 1 && isBlockLevel(n);
  let first = child;
  while (first.previousSibling && !splits(first.previousSibling)) first = first.previousSibling;
  let last = child;
  while (last.nextSibling && !splits(last.nextSibling)) last = last.nextSibling;
  return { top: parent, first, last };
}

/** A walk over the block that contains `node` (see blockAround). */
export function walkBlockAround(node: Node, sink: RunSink): TextWalker | null {
  const block = blockAround(node);
  return block && new TextWalker(block.top, block.first, block.last, sink);
}

/** A snapshot of a page's text, with the map between page-text offsets and DOM positions. */
export interface TextModel {
  /** Blocks joined by U+2029. */
  readonly text: string;
  /** The DOM range for page-text offsets; null when out of bounds or across a shadow boundary. */
  rangeOf(start: number, end: number): Range | null;
  /** The page-text offset of a DOM position; null when the model does not contain it. */
  positionOf(node: Node, offset: number): number | null;
  /** Open shadow roots whose text the model contains. */
  readonly shadowRoots: readonly ShadowRoot[];
}

/** Builds the page's text model in one pass (open shadow roots included, at their hosts). */
export function createTextModel(root: Document | ShadowRoot = document): TextModel {
  const nodes: Text[] = [];
  const starts: number[] = [];
  const shadowRoots: ShadowRoot[] = [];
  let text = '';
  const sink: RunSink = {
    run(run) {
      if (text.length) text += BLOCK_SEPARATOR;
      const base = text.length;
      run.nodes.forEach((node, i) => {
        nodes.push(node);
        starts.push(base + (run.starts[i] ?? 0));
      });
      text += run.text;
    },
    shadowRoot(shadow) {
      shadowRoots.push(shadow);
      walkSubtree(shadow, sink).step();
    },
  };
  if (!(root.nodeType === 9 && (root as Document).designMode === 'on')) walkSubtree(root, sink).step();
  return textModelOf(text, nodes, starts, shadowRoots);
}

function textModelOf(text: string, nodes: Text[], starts: number[], shadowRoots: ShadowRoot[]): TextModel {
  const indexOf = new Map(nodes.map((node, i) => [node, i]));
  const lengthAt = (i: number) => (nodes[i]?.data.length ?? 0);
  /** Index of the last node starting at or before `offset`. */
  const nodeAt = (offset: number) => lastAtOrBefore(starts, offset);
  return {
    text,
    shadowRoots,
    rangeOf(start, end) {
      if (!(start >= 0 && end >= start && end <= text.length) || nodes.length === 0) return null;
      // A boundary on a block separator belongs to the next block (start) or the previous (end).
      let i = nodeAt(start);
      let startOffset = start - (starts[i] ?? 0);
      if (startOffset >= lengthAt(i) && i + 1 < nodes.length && start < end) {
        i++;
        startOffset = 0;
      }
      const j = end === start ? i : nodeAt(end - 1);
      const endOffset = end === start ? startOffset : end - (starts[j] ?? 0);
      const startNode = nodes[i];
      const endNode = nodes[j];
      if (!startNode || !endNode || startNode.getRootNode() !== endNode.getRootNode()) return null;
      const range = startNode.ownerDocument.createRange();
      try {
        range.setStart(startNode, Math.min(startOffset, startNode.data.length));
        range.setEnd(endNode, Math.min(endOffset, endNode.data.length));
      } catch {
        return null; // the page changed since the snapshot
      }
      return range;
    },
    positionOf(node, offset) {
      if (node.nodeType === 3) {
        const i = indexOf.get(node as Text);
        return i === undefined ? null : (starts[i] ?? 0) + Math.min(offset, lengthAt(i));
      }
      // An element boundary: the first modelled text at or after that point.
      let from: Node | null = node.childNodes[offset] ?? null;
      if (!from) {
        // Past the last child: continue after the element's own subtree.
        let up: Node | null = node;
        while (up && !up.nextSibling) up = up.parentNode;
        from = up?.nextSibling ?? null;
      }
      if (!from) return null;
      const walker = (node.ownerDocument ?? (node as Document)).createTreeWalker(node.getRootNode(), NodeFilter.SHOW_TEXT);
      walker.currentNode = from;
      for (let candidate: Node | null = from.nodeType === 3 ? from : walker.nextNode(); candidate; candidate = walker.nextNode()) {
        const i = indexOf.get(candidate as Text);
        if (i !== undefined) return starts[i] ?? 0;
      }
      return null;
    },
  };
}
