// One MutationObserver per root (the document and each open shadow root), batched per
// animation frame, turning the page's changes into the smallest rescans that cover them:
// the block around changed text, added block elements, and the blocks next to removals.
// Past FULL_RESCAN_AFTER records in one batch, a chunked full rescan of that root is cheaper.
import type { MentionStore } from './mentions';
import type { Scanner } from './scanner';
import { blockAround, type BlockLocation, isBlockLevel, isIgnored, isOurUi } from './text-model';

const FULL_RESCAN_AFTER = 1000;

type Root = Document | ShadowRoot;

const OPTIONS: MutationObserverInit = {
  childList: true,
  characterData: true,
  subtree: true,
  // An element that becomes editable must lose its marks (editors must never meet ours).
  attributes: true,
  attributeFilter: ['contenteditable'],
};

export interface ChangeObserverOptions {
  scanner: Scanner;
  store: MentionStore;
  /** False once the extension is gone (reloaded or disabled): then nothing more is done. */
  isValid: () => boolean;
  /** A known shadow root whose host left the page. */
  onShadowRootGone: (root: ShadowRoot) => void;
}

export class ChangeObserver {
  private readonly observers = new Map<Root, MutationObserver>();
  /** Records waiting for the next frame, per root; 'full' once a root has too many. */
  private pending = new Map<Root, MutationRecord[] | 'full'>();
  private frame = 0;

  constructor(private readonly options: ChangeObserverOptions) {}

  observe(root: Root): void {
    if (this.observers.has(root)) return;
    const observer = new MutationObserver((records) => this.collect(root, records));
    observer.observe(root, OPTIONS);
    this.observers.set(root, observer);
  }

  unobserve(root: Root): void {
    this.observers.get(root)?.disconnect();
    this.observers.delete(root);
    this.pending.delete(root);
  }

  disconnect(): void {
    for (const observer of this.observers.values()) observer.disconnect();
    this.observers.clear();
    this.pending.clear();
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  private collect(root: Root, records: MutationRecord[]): void {
    if (!this.options.isValid()) return;
    const pending = this.pending.get(root) ?? [];
    if (pending === 'full' || pending.length + records.length > FULL_RESCAN_AFTER) this.pending.set(root, 'full');
    else {
      for (const record of records) pending.push(record);
      this.pending.set(root, pending);
    }
    // Frames, not timers: a hidden tab or frame does no work until it is shown again.
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      if (this.options.isValid()) this.flush();
    });
  }

  private flush(): void {
    const pending = this.pending;
    this.pending = new Map();
    let removals = false;
    for (const [root, records] of pending) {
      if (!this.observers.has(root)) continue;
      if (root.nodeType === 9 && (root as Document).designMode === 'on') {
        this.options.store.sweep(root, Infinity);
        continue;
      }
      if (records === 'full') this.options.scanner.scanRoot(root);
      else removals = this.plan(records) || removals;
    }
    if (removals) for (const root of this.options.store.detachedShadowRoots()) this.options.onShadowRootGone(root);
  }

  /** Queues the rescans that cover a batch of records; true when nodes were removed. */
  private plan(records: MutationRecord[]): boolean {
    const { scanner, store } = this.options;
    const blocks = new Map<Node, { node: Node; block: BlockLocation }>();
    const subtrees = new Set<Node>();
    const ignored = new Map<Node, boolean>();
    const isIgnoredTarget = (node: Node) => {
      let result = ignored.get(node);
      if (result === undefined) ignored.set(node, (result = isIgnored(node)));
      return result;
    };
    const rescanBlockAround = (node: Node) => {
      if (!node.isConnected) return;
      const block = blockAround(node);
      if (block && !blocks.has(block.first)) blocks.set(block.first, { node, block });
    };
    let removals = false;

    for (const record of records) {
      const target = record.target;
      if (record.type === 'attributes') {
        store.dropWithin(target);
        ignored.clear();
        if (!target.isConnected || isIgnored(target)) continue;
        if (isBlockLevel(target)) subtrees.add(target);
        else rescanBlockAround(target);
        continue;
      }
      if (record.type === 'characterData') {
        if (!isIgnoredTarget(target)) rescanBlockAround(target);
        continue;
      }
      if (isOurs(record)) continue;
      for (const node of record.removedNodes) store.dropWithin(node);
      removals ||= record.removedNodes.length !== 0;
      if (isIgnoredTarget(target)) {
        // Something moved into an editor or form field: it must lose its marks.
        for (const node of record.addedNodes) store.dropWithin(node);
        continue;
      }
      if (!isBlockLevel(target)) {
        rescanBlockAround(target);
        continue;
      }
      for (const node of record.addedNodes) {
        if (node.parentNode !== target || isOurUi(node)) continue;
        if (node.nodeType === 1 && isBlockLevel(node)) subtrees.add(node);
        else rescanBlockAround(node);
      }
      // Adding or removing a block can split or join the text on either side of it.
      for (const sibling of [record.previousSibling, record.nextSibling]) {
        if (sibling && sibling.parentNode === target && !(sibling.nodeType === 1 && isBlockLevel(sibling))) rescanBlockAround(sibling);
      }
    }

    // Skip rescans that a rescan of an enclosing subtree already covers.
    const covered = (node: Node | null) => {
      for (let n = node; n; n = n.parentNode) if (subtrees.has(n)) return true;
      return false;
    };
    for (const element of subtrees) if (!covered(element.parentNode)) scanner.scanSubtree(element as Element);
    for (const { node, block } of blocks.values()) if (subtrees.size === 0 || !covered(block.top)) scanner.scanBlockAround(node);
    return removals;
  }
}

/** A record about our own UI host being added or removed. */
function isOurs(record: MutationRecord): boolean {
  const nodes = [...record.addedNodes, ...record.removedNodes];
  return nodes.length !== 0 && nodes.every(isOurUi);
}
