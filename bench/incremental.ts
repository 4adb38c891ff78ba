// The rescan after a change: 1 KB of chart text appended to a page already scanned, measured as
// the content script's main-thread time from the append until it is quiet again, and the wall
// time until the new mention is highlighted.
import type { BenchBrowser } from './browser';
import { freshPage, waitUntilQuiet } from './browser';
import { HIGHLIGHT } from './scan';
import { contentScriptTime, markTs, startTracing } from './trace';

export interface IncrementalRun {
  ms: number;
  /** From the append to the first frame whose highlights include the new mention. */
  latencyMs: number;
  longestTaskMs: number;
}

const APPEND_MARK = 'clinical-lens-bench:append';

/** Appends `text` as a new note, then resolves with the time until highlights grew. */
function appendAndWait([text, markName, highlight]: [string, string, string]): Promise<number> {
  const before = CSS.highlights.get(highlight)?.size ?? 0;
  const section = document.createElement('section');
  const paragraph = document.createElement('p');
  paragraph.textContent = text;
  section.append(paragraph);
  const start = performance.mark(markName).startTime;
  (document.querySelector('main') ?? document.body).append(section);
  return new Promise((resolve) => {
    const check = () => {
      if ((CSS.highlights.get(highlight)?.size ?? 0) > before) resolve(performance.now() - start);
      else if (performance.now() - start > 5000) resolve(NaN);
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}

export async function incrementalRuns(browser: BenchBrowser, url: string, texts: readonly string[]): Promise<IncrementalRun[]> {
  const { page, cdp, close } = await freshPage(browser);
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    await waitUntilQuiet(cdp);
    const tracing = await startTracing(cdp);
    const latencies: number[] = [];
    for (const [i, text] of texts.entries()) {
      latencies.push(await page.evaluate(appendAndWait, [text, `${APPEND_MARK}-${i}`, HIGHLIGHT] as [string, string, string]));
      await waitUntilQuiet(cdp, { quietMs: 400 });
    }
    const events = await tracing.stop();
    return texts.map((_, i) => {
      const from = markTs(events, `${APPEND_MARK}-${i}`) ?? Infinity;
      const to = markTs(events, `${APPEND_MARK}-${i + 1}`) ?? Infinity;
      const ours = contentScriptTime(events, browser.extensionOrigin, from, to);
      return { ms: ours.ms, latencyMs: latencies[i] ?? NaN, longestTaskMs: ours.longestTaskMs };
    });
  } finally {
    await close();
  }
}
