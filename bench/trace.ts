// Main-thread time of the content script, measured from outside with a Chromium trace, so the
// product needs no timing hooks. The content script runs in an isolated world; its work shows
// in the trace as
//   - EvaluateScript and FunctionCall events carrying its script URL (start-up, observer and
//     frame callbacks), counted whole;
//   - microtasks (RunMicrotasks) that carry no URL: the scanner's slices resumed by
//     scheduler.yield(), its continuations after storage reads. Those count whole when V8's
//     sampling profiler (trace category disabled-by-default-v8.cpu_profiler, ~0.2 ms interval)
//     caught our script on the stack during them;
//   - anything else the profiler caught us doing, counted by samples.
// Tracing and sampling slow JavaScript a little; the floor is measured in the same traced page.
import type { CDPSession } from 'playwright-core';

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  id?: string;
  args?: {
    name?: string;
    fileName?: string;
    data?: {
      url?: string;
      startTime?: number;
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { url?: string };
}

// Few categories, so tracing slows the page little: no per-object timeline detail.
const CATEGORIES = ['toplevel', 'devtools.timeline', 'v8.execute', 'blink.user_timing', 'disabled-by-default-v8.cpu_profiler'];

export interface Tracing {
  stop(): Promise<TraceEvent[]>;
}

export async function startTracing(cdp: CDPSession): Promise<Tracing> {
  const events: TraceEvent[] = [];
  // The protocol types trace events as plain objects; these carry the fields read below.
  const collect = (message: { value: object[] }) => {
    for (const event of message.value) events.push(event as TraceEvent);
  };
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: CATEGORIES } });
  return {
    async stop() {
      const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.end');
      await complete;
      cdp.off('Tracing.dataCollected', collect);
      return events;
    },
  };
}

export interface ContentScriptTime {
  /** Main-thread time spent in the content script, ms. */
  ms: number;
  /**
   * Our longest stretch of work in one task, ms. In a task of the page's (a frame, the page's
   * own change) only our part counts, not the page's own style and layout work around it.
   */
  longestTaskMs: number;
  tasks: number;
  /** First and last moment of its work, trace clock (µs). */
  firstTs: number;
  lastTs: number;
  /** Start-up alone: the EvaluateScript of the content script file(s). */
  evaluateMs: number;
}

const TASK = 'ThreadControllerImpl::RunTask';
/** Main-thread events that name the script they run: classic script start-up, callbacks, and
 * an imported module's compile (or code-cache load) and evaluation. */
const OUR_SCRIPT_EVENTS = new Set(['EvaluateScript', 'FunctionCall', 'v8.compileModule', 'v8.evaluateModule']);
const MICROTASKS = 'BlinkScheduler_PerformMicrotaskCheckpoint';
const end = (e: TraceEvent) => e.ts + (e.dur ?? 0);
const threadOf = (e: { pid: number; tid: number }) => `${e.pid}:${e.tid}`;

interface Unit {
  ts: number;
  end: number;
  events: TraceEvent[];
}

/**
 * One task as the page lives it: a scheduler task and the microtask checkpoint the scheduler
 * runs right after it (a sibling in the trace, where a yield continuation's work actually runs).
 */
function unitsOf(list: readonly TraceEvent[]): Unit[] {
  const units: Unit[] = [];
  let current: Unit | undefined;
  for (const e of list) {
    if (current !== undefined && e.ts < current.end) {
      current.events.push(e);
      continue;
    }
    if (e.name === TASK) units.push((current = { ts: e.ts, end: end(e), events: [] }));
    else if (e.name === MICROTASKS && current) {
      current.end = end(e);
      current.events.push(e);
    } else current = undefined;
  }
  return units;
}

interface Samples {
  /** Sorted times (µs) of samples with our script on the stack, per thread. */
  ours: Map<string, number[]>;
  intervalUs: number;
}

/** Reads V8's sampling profile out of the trace: when was our script on the stack? */
function ourSamples(events: readonly TraceEvent[], extensionOrigin: string): Samples {
  const profiles = new Map<string, { thread: string; time: number; nodes: Map<number, ProfileNode>; oursCache: Map<number, boolean> }>();
  for (const e of events) {
    if (e.name === 'Profile' && e.id) profiles.set(`${e.pid}:${e.id}`, { thread: threadOf(e), time: e.args?.data?.startTime ?? e.ts, nodes: new Map(), oursCache: new Map() });
  }
  const ours = new Map<string, number[]>();
  const deltas: number[] = [];
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || !e.id) continue;
    const profile = profiles.get(`${e.pid}:${e.id}`);
    if (!profile) continue;
    for (const node of e.args?.data?.cpuProfile?.nodes ?? []) profile.nodes.set(node.id, node);
    const isOurs = (id: number): boolean => {
      const known = profile.oursCache.get(id);
      if (known !== undefined) return known;
      const node = profile.nodes.get(id);
      const result = !!node && ((node.callFrame.url ?? '').startsWith(extensionOrigin) || (node.parent !== undefined && isOurs(node.parent)));
      profile.oursCache.set(id, result);
      return result;
    };
    const samples = e.args?.data?.cpuProfile?.samples ?? [];
    const timeDeltas = e.args?.data?.timeDeltas ?? [];
    let list = ours.get(profile.thread);
    if (!list) ours.set(profile.thread, (list = []));
    samples.forEach((id, i) => {
      const delta = timeDeltas[i] ?? 0;
      profile.time += delta;
      if (delta > 0 && delta < 10_000) deltas.push(delta);
      if (isOurs(id)) list.push(profile.time);
    });
  }
  for (const list of ours.values()) list.sort((a, b) => a - b);
  deltas.sort((a, b) => a - b);
  return { ours, intervalUs: deltas[deltas.length >> 1] ?? 200 };
}

/** Index of the first value ≥ t. */
function lowerBound(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const countIn = (sorted: readonly number[], from: number, to: number) => lowerBound(sorted, to) - lowerBound(sorted, from);

/** Sums the content script's main-thread work in tasks overlapping [fromTs, toTs) (µs, trace clock). */
export function contentScriptTime(events: readonly TraceEvent[], extensionOrigin: string, fromTs = -Infinity, toTs = Infinity): ContentScriptTime {
  const mainThreads = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map(threadOf));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || !mainThreads.has(threadOf(e))) continue;
    let list = byThread.get(threadOf(e));
    if (!list) byThread.set(threadOf(e), (list = []));
    list.push(e);
  }
  const samples = ourSamples(events, extensionOrigin);
  const hasOurUrl = (e: TraceEvent) => (e.args?.data?.url ?? e.args?.fileName ?? '').startsWith(extensionOrigin);
  const result: ContentScriptTime = { ms: 0, longestTaskMs: 0, tasks: 0, firstTs: Infinity, lastTs: -Infinity, evaluateMs: 0 };

  for (const [thread, list] of byThread) {
    const oursAt = samples.ours.get(thread) ?? [];
    // Parents before children: earlier start first, then the longer event.
    list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    for (const unit of unitsOf(list)) {
      // A task that began before `fromTs` still counts: the page's own change runs our observer
      // callback inside the task that made it.
      if (unit.end <= fromTs || unit.ts >= toTs) continue;
      // Whole events that are ours, merged so that nesting is not counted twice.
      let spent = 0;
      let coveredTo = -Infinity;
      let sampledOutside = countIn(oursAt, unit.ts, unit.end);
      // No page under test calls scheduler.yield(): a resumed yield is the scanner's.
      const resumesYield = unit.events.some((e) => e.name === 'RunYieldContinuation');
      for (const e of unit.events) {
        const byUrl = OUR_SCRIPT_EVENTS.has(e.name) && hasOurUrl(e);
        if (e.name === 'EvaluateScript' && byUrl) result.evaluateMs += (e.dur ?? 0) / 1000;
        const bySamples = e.name === 'RunMicrotasks' && (resumesYield || countIn(oursAt, e.ts, end(e)) !== 0);
        if (!(byUrl || bySamples) || end(e) <= coveredTo) continue;
        const from = Math.max(e.ts, coveredTo);
        spent += end(e) - from;
        sampledOutside -= countIn(oursAt, from, end(e));
        coveredTo = end(e);
      }
      spent += Math.max(0, sampledOutside) * samples.intervalUs;
      if (spent === 0) continue;
      result.ms += spent / 1000;
      result.tasks++;
      result.longestTaskMs = Math.max(result.longestTaskMs, spent / 1000);
      result.firstTs = Math.min(result.firstTs, unit.ts);
      result.lastTs = Math.max(result.lastTs, unit.end);
    }
  }
  return result;
}

/** The trace clock (µs) of a moment the page marked with performance.mark(name). */
export function markTs(events: readonly TraceEvent[], name: string): number | undefined {
  return events.find((e) => e.name === name && e.cat.includes('blink.user_timing'))?.ts;
}
