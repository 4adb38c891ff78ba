// Finds mentions in the page's text in slices that give the main thread back to the page.
// Work is a queue of tasks (a whole root, an added subtree, one block); each task walks its part
// of the page (resumable), joins the blocks into chunks, and detects each chunk, running for at
// most SLICE_MS before yielding.
//
// Detection decides ambiguous aliases from what the whole page says (lib/detect.ts: abbreviation
// definitions, established entries), so the scanner keeps the frame's page evidence: a full scan
// gathers it from every chunk before detecting; a rescan of one part reads it, adds what the new
// text says, and when that teaches something new, rescans the page so older text is re-decided.
import { BLOCK_SEPARATOR, type Matcher, type Mention } from '../../lib/matcher';
import type { Detection, Detector, PageEvidence } from '../../lib/detect';
import type { MentionStore } from './mentions';
import { isIgnored, type RunSink, type TextRun, type TextWalker, walkBlockAround, walkSubtree } from './text-model';
import { yieldToPage } from './yield';

/** Work per slice: well under a 16 ms frame, so no task of ours becomes a long task. */
const SLICE_MS = 8;
/** Text detected in one call, which cannot be interrupted: about a millisecond of matching and
 * disambiguation, so a slice stays short on a slow machine. */
const CHUNK_CHARS = 16 * 1024;
/** Restarts of a walk whose place the page removed before it goes to the back of the queue. */
const MAX_RESTARTS = 3;

type Root = Document | ShadowRoot;

interface Chunk {
  text: string;
  runs: TextRun[];
  /** Where each run starts in `text`. */
  offsets: number[];
  /** The matcher's mentions, found once and used for both evidence and detection. */
  mentions?: Mention[];
}

interface Task {
  root: Root;
  /** (Re)creates the walk from the page as it is now; null when there is nothing to walk. */
  start: (sink: RunSink) => TextWalker | null;
  walker?: TextWalker | null;
  /** Chunks filled as the walk reads blocks, so no single step joins a whole page's text. */
  read: Chunk[];
  /** The chunks, once the walk is done. */
  chunks?: Chunk[];
  /** Next chunk to read for evidence (full scans), then to detect. */
  evidenceAt: number;
  detectAt: number;
  generation: number;
  /** A root's first full scan: the store has seen none of its nodes yet. */
  fresh: boolean;
  /** A full scan: afterwards, nodes of the root it did not see are forgotten. */
  full: boolean;
  restarts: number;
}

interface RootState {
  generation: number;
  /** A full scan has been queued: any later one may meet nodes the store already knows. */
  seen: boolean;
}

export interface ScannerOptions {
  store: MentionStore;
  /** Built on first use, so a page is not charged for the matcher until it has text. */
  matcher: () => Matcher;
  /** Built when text first holds an alias: a page without terms never builds it. */
  detector: () => Detector;
  /** False once the extension is gone (reloaded or disabled): the queue then stops. */
  isValid: () => boolean;
  /** An open shadow root met during a walk. */
  onShadowRoot: (root: ShadowRoot) => void;
  /** Called after each slice. */
  afterSlice: () => void;
}

export class Scanner {
  private readonly queue: Task[] = [];
  private readonly roots = new Map<Root, RootState>();
  private readonly evidence: PageEvidence = { definitions: new Map(), established: new Set() };
  private generations = 0;
  private draining = false;
  private matcher?: Matcher;
  private detector?: Detector;

  constructor(private readonly options: ScannerOptions) {}

  /** Scans (or rescans) all of a document or shadow root. */
  scanRoot(root: Root): void {
    const state = this.stateOf(root);
    state.generation = ++this.generations;
    // A full scan of the same root that has not started yet will see the page as it is now.
    const pending = this.queue.find((task) => task.full && task.root === root && task.walker === undefined);
    if (pending) {
      pending.generation = state.generation;
      return;
    }
    this.enqueue(this.task(root, (sink) => walkSubtree(root, sink), { full: true, fresh: !state.seen }));
    state.seen = true;
  }

  /** Rescans a block-level element and everything in it. */
  scanSubtree(element: Element): void {
    const root = element.getRootNode() as Root;
    this.enqueue(this.task(root, (sink) => (element.isConnected && !isIgnored(element) ? walkSubtree(element, sink) : null), { full: false, fresh: false }));
  }

  /** Rescans the block containing a text node or an inline element. */
  scanBlockAround(node: Node): void {
    const root = node.getRootNode() as Root;
    this.enqueue(this.task(root, (sink) => (node.isConnected ? walkBlockAround(node, sink) : null), { full: false, fresh: false }));
  }

  forget(root: Root): void {
    this.roots.delete(root);
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i]?.root === root) this.queue.splice(i, 1);
  }

  private task(root: Root, start: Task['start'], kind: { full: boolean; fresh: boolean }): Task {
    return { root, start, read: [], evidenceAt: 0, detectAt: 0, generation: this.stateOf(root).generation, restarts: 0, ...kind };
  }

  private stateOf(root: Root): RootState {
    let state = this.roots.get(root);
    if (!state) this.roots.set(root, (state = { generation: 0, seen: false }));
    return state;
  }

  private enqueue(task: Task): void {
    this.queue.push(task);
    if (!this.draining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    const { isValid } = this.options;
    try {
      while (this.queue.length !== 0 && isValid()) {
        const deadline = performance.now() + SLICE_MS;
        while (this.queue.length !== 0 && performance.now() < deadline) {
          const task = this.queue[0] as Task;
          if (this.step(task, deadline)) {
            this.queue.shift();
            this.finish(task);
          }
        }
        this.options.afterSlice();
        if (this.queue.length !== 0) await yieldToPage();
      }
    } finally {
      this.draining = false;
    }
  }

  /** Advances a task by one unit of work or until the deadline; true when it is done. */
  private step(task: Task, deadline: number): boolean {
    if (!task.chunks) {
      if (task.walker && this.lostItsPlace(task.walker)) {
        // The page removed the node the walk stood on: start over, and while the page keeps
        // doing so (still rendering), let the rest of the queue go first.
        task.walker = undefined;
        if (++task.restarts > MAX_RESTARTS) {
          task.restarts = 0;
          this.queue.push(task);
          return true;
        }
      }
      if (task.walker === undefined) {
        const read: Chunk[] = (task.read = []);
        task.walker = task.start({ run: (run) => this.collect(task, read, run), shadowRoot: this.options.onShadowRoot });
      }
      if (task.walker && !task.walker.step(deadline)) return false;
      task.chunks = task.read;
      task.read = [];
      return task.chunks.length === 0;
    }
    if (task.full && task.evidenceAt < task.chunks.length) {
      const chunk = task.chunks[task.evidenceAt++] as Chunk;
      const mentions = this.mentionsOf(chunk);
      if (mentions.length !== 0) mergeEvidence(this.evidence, this.detectorNow().evidence(chunk.text, mentions));
      return false;
    }
    const chunk = task.chunks[task.detectAt++] as Chunk;
    const mentions = this.mentionsOf(chunk);
    if (mentions.length !== 0) {
      const detector = this.detectorNow();
      this.store(task, chunk, detector.detect(chunk.text, { page: this.evidence, mentions }));
      if (!task.full && mergeEvidence(this.evidence, detector.evidence(chunk.text, mentions))) this.rescanAll();
    } else if (!task.fresh) this.store(task, chunk, []);
    return task.detectAt >= task.chunks.length;
  }

  /**
   * Adds a run to the walk's chunks. A root's first scan lets go of the text nodes of every
   * block without an alias as soon as its chunk is complete (and of the chunk, when none of it
   * has one): they can be neither marked nor re-read. Held until the walk ended, a large page's
   * every node stayed alive through each garbage collection, which in the content script's world
   * must visit each of them: on a 5 MB chart it stopped the walk for 40–140 ms at a time.
   */
  private collect(task: Task, chunks: Chunk[], run: TextRun): void {
    const closed = addRun(chunks, run);
    if (!closed || !task.fresh) return;
    const mentions = this.mentionsOf(closed);
    if (mentions.length === 0) chunks.splice(chunks.lastIndexOf(closed), 1);
    else releaseRunsWithout(closed, mentions);
  }

  /**
   * The aliases in a chunk: one pass of the bare matcher. Text without one can neither hold a
   * mention nor teach the page anything, so most of a page, and all of a page without terms,
   * never pays for disambiguation (or for building it).
   */
  private mentionsOf(chunk: Chunk): Mention[] {
    this.matcher ??= this.options.matcher();
    chunk.mentions ??= this.matcher.find(chunk.text);
    return chunk.mentions;
  }

  private detectorNow(): Detector {
    this.detector ??= this.options.detector();
    return this.detector;
  }

  /** Hands a chunk's detections to the store, run by run. */
  private store(task: Task, chunk: Chunk, detections: readonly Detection[]): void {
    const { fresh } = task;
    let next = 0;
    chunk.runs.forEach((run, index) => {
      const base = chunk.offsets[index] ?? 0;
      const end = base + run.text.length;
      const inRun: Detection[] = [];
      for (; next < detections.length && (detections[next]?.start ?? end) < end; next++) {
        const d = detections[next] as Detection;
        inRun.push({ ...d, start: d.start - base, end: d.end - base });
      }
      if (fresh && inRun.length === 0) return;
      // Text removed since it was read: its removal record has already dropped it.
      if (inRun.length !== 0 && !run.nodes.every((node) => node.isConnected)) return;
      this.options.store.setRun(run, inRun, task.root, task.generation, fresh);
    });
  }

  /** New page evidence can change how text elsewhere on the page reads. */
  private rescanAll(): void {
    for (const root of this.roots.keys()) this.scanRoot(root);
  }

  private lostItsPlace(walker: TextWalker): boolean {
    const position = walker.position;
    return position !== null && !(position.isConnected && walker.top.contains(position));
  }

  /** After a full rescan, nodes it did not see have left the page. */
  private finish(task: Task): void {
    if (task.full && !task.fresh && task.chunks) this.options.store.sweep(task.root, task.generation);
  }
}

/**
 * Adds a run to the last chunk, or starts a new one past CHUNK_CHARS (blocks are separated by
 * U+2029); returns the chunk that is then complete, if any.
 */
function addRun(chunks: Chunk[], run: TextRun): Chunk | undefined {
  const current = chunks[chunks.length - 1];
  if (!current || current.text.length + run.text.length > CHUNK_CHARS) {
    chunks.push({ text: run.text, runs: [run], offsets: [0] });
    return current;
  }
  current.text += BLOCK_SEPARATOR;
  current.offsets.push(current.text.length);
  current.runs.push(run);
  current.text += run.text;
  return undefined;
}

const NO_NODES: Text[] = [];
const NO_STARTS: number[] = [];

/** Keeps the text of a chunk's runs that hold no mention, not their nodes (mentions never span
 * runs: the block separator stops a match). */
function releaseRunsWithout(chunk: Chunk, mentions: readonly Mention[]): void {
  let next = 0;
  chunk.runs.forEach((run, index) => {
    const end = (chunk.offsets[index] ?? 0) + run.text.length;
    const holds = next < mentions.length && (mentions[next] as Mention).start < end;
    while (next < mentions.length && (mentions[next] as Mention).start < end) next++;
    if (!holds) chunk.runs[index] = { nodes: NO_NODES, starts: NO_STARTS, text: run.text };
  });
}

/** Adds what `more` says to `into`; true when that is anything new. */
function mergeEvidence(into: PageEvidence, more: PageEvidence): boolean {
  let changed = false;
  for (const [alias, definition] of more.definitions) {
    if (into.definitions.has(alias)) continue;
    into.definitions.set(alias, definition);
    changed = true;
  }
  for (const entry of more.established) {
    if (into.established.has(entry)) continue;
    into.established.add(entry);
    changed = true;
  }
  return changed;
}
