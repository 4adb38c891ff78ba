// Scanning a page: the content script's main-thread time to find and mark every term (from a
// trace), the floor (one TreeWalker pass over every text node, in the same page), and mark.js
// marking the same alias list on a fresh load of the page in a browser without the extension.
import { createRequire } from 'node:module';
import type { CDPSession } from 'playwright-core';
import type { BenchBrowser } from './browser';
import { freshPage, waitUntilQuiet } from './browser';
import { contentScriptTime, startTracing, type TraceEvent } from './trace';

const MARK_JS = createRequire(import.meta.url).resolve('mark.js/dist/mark.min.js');
export const HIGHLIGHT = 'clinical-lens-term';
const SYNC_MARK = 'clinical-lens-bench:sync';

export interface ScanRun {
  ms: number;
  /** The page's style recalculation over the whole load, ms (CDP Performance metrics): the
   * ::highlight stylesheet makes Chromium recompute every element's highlight styles. */
  styleMs: number;
  longestTaskMs: number;
  /** Longest entry of the Long Tasks API (≥ 50 ms) that started during our scan; 0 when none. */
  longTaskApiMs: number;
  /** Start-up part: evaluation of the content script file. */
  evaluateMs: number;
  /** From the first to the last moment of our work, wall clock. */
  spanMs: number;
  highlights: number;
  floorMs: number;
  /** The floor in an isolated world of its own (a content script's kind of world). */
  isolatedFloorMs: number;
  chars: number;
}

/**
 * The floor: read every text node of the document once (first pass in this world: cold). Source
 * text, so the same pass runs in the page's world and in an isolated one (tsx's helpers exist
 * only where the bench put them).
 */
const FLOOR_PASS = `(() => {
  const start = performance.now();
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  let chars = 0;
  while (walker.nextNode()) chars += walker.currentNode.data.length;
  return { ms: performance.now() - start, chars };
})()`;

/**
 * The same pass in a fresh isolated world, as a content script runs: Chromium keeps a world's
 * DOM wrappers in a table of its own (the main world keeps them in the nodes), so every node a
 * content script touches costs more than the page's own scripts pay for it.
 */
async function isolatedFloorMs(cdp: CDPSession): Promise<number> {
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const { executionContextId } = await cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'clinical-lens-bench-floor' });
  const { result } = await cdp.send('Runtime.evaluate', { expression: FLOOR_PASS, contextId: executionContextId, returnByValue: true });
  return (result.value as { ms: number }).ms;
}

/** Style recalculation time since Performance.enable, ms. */
async function styleRecalcMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'RecalcStyleDuration')?.value ?? NaN) * 1000;
}

/** Maps the page's performance.now() clock to the trace clock (µs) via a user-timing mark. */
function traceOffsetMs(events: readonly TraceEvent[], markStartTime: number): number | null {
  const mark = events.find((e) => e.name === SYNC_MARK);
  return mark ? mark.ts / 1000 - markStartTime : null;
}

export async function scanWithExtension(browser: BenchBrowser, url: string): Promise<ScanRun> {
  const { page, cdp, close } = await freshPage(browser);
  try {
    await cdp.send('Performance.enable');
    const tracing = await startTracing(cdp);
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    await waitUntilQuiet(cdp, { quietMs: 700 });
    const styleMs = await styleRecalcMs(cdp);
    const probe = await page.evaluate(
      ([highlight, syncMark]) => ({
        highlights: CSS.highlights.get(highlight)?.size ?? 0,
        longTasks: (window as unknown as { __benchLongTasks?: { start: number; duration: number }[] }).__benchLongTasks ?? [],
        sync: performance.mark(syncMark).startTime,
      }),
      [HIGHLIGHT, SYNC_MARK] as const,
    );
    const floor = (await page.evaluate(FLOOR_PASS)) as { ms: number; chars: number };
    const isolatedFloor = await isolatedFloorMs(cdp);
    const events = await tracing.stop();
    const ours = contentScriptTime(events, browser.extensionOrigin);
    const offset = traceOffsetMs(events, probe.sync);
    const longTaskApiMs =
      offset === null
        ? NaN
        : Math.max(0, ...probe.longTasks.filter((t) => t.start + offset >= ours.firstTs / 1000 && t.start + offset < ours.lastTs / 1000).map((t) => t.duration));
    return {
      ms: ours.ms,
      styleMs,
      longestTaskMs: ours.longestTaskMs,
      longTaskApiMs,
      evaluateMs: ours.evaluateMs,
      spanMs: ours.tasks ? (ours.lastTs - ours.firstTs) / 1000 : 0,
      highlights: probe.highlights,
      floorMs: floor.ms,
      isolatedFloorMs: isolatedFloor,
      chars: floor.chars,
    };
  } finally {
    await close();
  }
}

export interface MarkJsRun {
  ms: number;
  marked: number;
  /** The page's own style recalculation before mark.js ran (no extension), ms. */
  styleMs: number;
  /** Aliases actually run; `ms` is scaled up to the whole list when this is a sample. */
  aliasesRun: number;
}

/**
 * mark.js (the usual highlighting library, default options, phrases kept whole) marking the
 * aliases. mark.js walks the page once per alias, so its time is linear in their number: with
 * `sampleEvery` > 1 it marks every n-th alias and the time is scaled to the whole list (used
 * on the 5 MB page, where the whole list takes many minutes).
 */
export async function markJsBaseline(browser: BenchBrowser, url: string, aliases: readonly string[], sampleEvery = 1): Promise<MarkJsRun> {
  const terms = aliases.filter((_, i) => i % sampleEvery === 0);
  const { page, cdp, close } = await freshPage(browser);
  try {
    await cdp.send('Performance.enable');
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    await waitUntilQuiet(cdp, { quietMs: 700 });
    const styleMs = await styleRecalcMs(cdp);
    await page.addScriptTag({ path: MARK_JS });
    const run = await page.evaluate((list) => {
      const Mark = (window as unknown as { Mark: new (context: Element) => { mark(terms: string[], options: object): void } }).Mark;
      let marked = 0;
      const start = performance.now();
      new Mark(document.body).mark(list, { separateWordSearch: false, done: (count: number) => (marked = count) });
      return { ms: performance.now() - start, marked };
    }, terms);
    return { ms: (run.ms * aliases.length) / terms.length, marked: run.marked, aliasesRun: terms.length, styleMs };
  } finally {
    await close();
  }
}
