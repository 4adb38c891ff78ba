// The detected mentions of the page, indexed by text node so the hover can ask "which mention
// is at this caret position?" in O(log n), and by entry id for the page's term counts.
import type { Detection } from '../../lib/detect';
import type { TextRun } from './text-model';
import { lastAtOrBefore } from '../../lib/sorted-search';

export interface MentionHit {
  /** The live range of the mention (shared with the highlight: read it, do not modify it). */
  range: Range;
  entryIds: string[];
  surface: string;
}

export interface MentionLookup {
  /** The mention covering the character at `offset` in `node`, if any. */
  at(node: Text, offset: number): MentionHit | null;
  /** Open shadow roots known to the text model (for caretPositionFromPoint's `shadowRoots`). */
  shadowRoots(): ShadowRoot[];
}

interface Mention extends MentionHit {
  nodes: Text[];
}

/** A mention's share of one text node, in that node's offsets. */
interface Segment {
  start: number;
  end: number;
  mention: Mention;
}

interface NodeMentions {
  segments: Segment[];
  /** The tree the node was scanned in (document or a shadow root). */
  root: Node;
  /** The full scan that last saw this node (stale entries are swept after a full rescan). */
  generation: number;
}

export interface MentionEvents {
  added(range: Range, root: Node): void;
  removed(range: Range): void;
}

export class MentionStore implements MentionLookup {
  private readonly byNode = new Map<Text, NodeMentions>();
  private readonly counts = new Map<string, number>();
  private readonly roots = new Set<ShadowRoot>();
  private mentionCount = 0;

  constructor(private readonly events: MentionEvents) {}

  at(node: Text, offset: number): MentionHit | null {
    const segments = this.byNode.get(node)?.segments;
    if (!segments) return null;
    let lo = 0;
    let hi = segments.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const segment = segments[mid];
      if (!segment) break;
      if (offset < segment.start) hi = mid - 1;
      else if (offset >= segment.end) lo = mid + 1;
      else return segment.mention;
    }
    return null;
  }

  shadowRoots(): ShadowRoot[] {
    return [...this.roots].filter((root) => root.host.isConnected);
  }

  /** Remembers an open shadow root; false when it was already known. */
  addShadowRoot(root: ShadowRoot): boolean {
    if (this.roots.has(root)) return false;
    this.roots.add(root);
    return true;
  }

  /** Known shadow roots whose host has left the document. */
  detachedShadowRoots(): ShadowRoot[] {
    return [...this.roots].filter((root) => !root.host.isConnected);
  }

  /** Number of mentions on the page. */
  get size(): number {
    return this.mentionCount;
  }

  /** Entry ids, most frequent first: what entryCounts() lists, without the name order among
   * equals (the first localeCompare() in a page builds a collator, a cost paid at load). */
  frequentEntryIds(): string[] {
    return [...this.counts].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  }

  /** Entry ids with their mention counts, most frequent first. */
  entryCounts(): { id: string; count: number }[] {
    return [...this.counts].map(([id, count]) => ({ id, count })).sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
  }

  /**
   * Replaces whatever was known about the run's nodes with the run's detections. `fresh` says
   * the store has never seen these nodes (a first scan), which saves a lookup per node.
   */
  setRun(run: TextRun, detections: readonly Detection[], root: Node, generation: number, fresh: boolean): void {
    const { nodes, starts, text } = run;
    if (!fresh && this.byNode.size !== 0) for (const node of nodes) this.dropNode(node);
    for (const detection of detections) {
      const first = lastAtOrBefore(starts, detection.start);
      const last = lastAtOrBefore(starts, detection.end - 1);
      const startNode = nodes[first];
      const endNode = nodes[last];
      if (!startNode || !endNode) continue;
      const range = startNode.ownerDocument.createRange();
      try {
        range.setStart(startNode, detection.start - (starts[first] ?? 0));
        range.setEnd(endNode, detection.end - (starts[last] ?? 0));
      } catch {
        continue; // the node changed after it was read; its mutation record will rescan it
      }
      const mention: Mention = { range, entryIds: detection.entryIds, surface: detection.surface, nodes: nodes.slice(first, last + 1) };
      for (let i = first; i <= last; i++) {
        const node = nodes[i] as Text;
        const nodeStart = starts[i] ?? 0;
        const nodeEnd = i + 1 < starts.length ? (starts[i + 1] ?? text.length) : text.length;
        let known = this.byNode.get(node);
        if (!known) this.byNode.set(node, (known = { segments: [], root, generation }));
        known.segments.push({
          start: Math.max(detection.start, nodeStart) - nodeStart,
          end: Math.min(detection.end, nodeEnd) - nodeStart,
          mention,
        });
      }
      for (const id of mention.entryIds) this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
      this.mentionCount++;
      this.events.added(range, root);
    }
  }

  /** Forgets the mentions of one text node (and the other nodes those mentions span). */
  dropNode(node: Text): void {
    const known = this.byNode.get(node);
    if (!known) return;
    for (const { mention } of known.segments) this.dropMention(mention);
    this.byNode.delete(node);
  }

  /** Forgets every mention inside a subtree (removed from the page, or now editable). */
  dropWithin(node: Node): void {
    if (this.byNode.size === 0) return;
    if (node.nodeType === 3) return this.dropNode(node as Text);
    if (node.nodeType !== 1 && node.nodeType !== 11) return;
    const walker = (node.ownerDocument ?? document).createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) this.dropNode(text as Text);
  }

  /** Forgets a shadow root and everything found in it. */
  dropShadowRoot(root: ShadowRoot): void {
    this.roots.delete(root);
    this.sweep(root, Infinity);
  }

  /** After a full rescan of `root`: drops nodes of that root the scan did not see. */
  sweep(root: Node, generation: number): void {
    for (const [node, known] of this.byNode) {
      if (known.root === root && known.generation < generation) this.dropNode(node);
    }
  }

  clear(): void {
    for (const node of [...this.byNode.keys()]) this.dropNode(node);
    this.roots.clear();
  }

  private dropMention(mention: Mention): void {
    for (const node of mention.nodes) {
      const known = this.byNode.get(node);
      if (!known) continue;
      known.segments = known.segments.filter((segment) => segment.mention !== mention);
      if (known.segments.length === 0) this.byNode.delete(node);
    }
    this.mentionCount--;
    for (const id of mention.entryIds) {
      const count = (this.counts.get(id) ?? 0) - 1;
      if (count > 0) this.counts.set(id, count);
      else this.counts.delete(id);
    }
    this.events.removed(mention.range);
  }
}
