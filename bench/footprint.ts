// What the content script costs a page that does not need it: its size, its start-up time on
// a page without terms, and the JS heap it adds to a large page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchBrowser } from './browser';
import { freshPage, waitUntilQuiet } from './browser';
import { contentScriptTime, startTracing } from './trace';

export function contentScriptFile(extensionDir: string): string {
  return join(extensionDir, 'content-scripts', 'content.js');
}

export function contentScriptBytes(extensionDir: string): { bytes: number; gzipBytes: number } {
  const code = readFileSync(contentScriptFile(extensionDir));
  return { bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

export interface IdleRun {
  ms: number;
  /** Of which: evaluating the script file (compile, module evaluation, first slice). */
  evaluateMs: number;
}

export async function idleRun(browser: BenchBrowser, url: string): Promise<IdleRun> {
  const { page, cdp, close } = await freshPage(browser);
  try {
    const tracing = await startTracing(cdp);
    await page.goto(url, { waitUntil: 'load' });
    await waitUntilQuiet(cdp, { quietMs: 500 });
    const ours = contentScriptTime(await tracing.stop(), browser.extensionOrigin);
    return { ms: ours.ms, evaluateMs: ours.evaluateMs };
  } finally {
    await close();
  }
}

export interface HeapSample {
  /** V8's JS heap of the page's renderer, MB. */
  jsMB: number;
  /** Blink's own heap (DOM objects such as highlight ranges), MB. */
  embedderMB: number;
}

/** Heap in use after a full garbage collection, once the page (and any content script) is idle. */
export async function heapAfterLoad(browser: BenchBrowser, url: string): Promise<HeapSample> {
  const { page, cdp, close } = await freshPage(browser);
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    await waitUntilQuiet(cdp);
    await cdp.send('HeapProfiler.enable');
    for (let i = 0; i < 2; i++) await cdp.send('HeapProfiler.collectGarbage');
    const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; embedderHeapUsedSize?: number };
    return { jsMB: usage.usedSize / 2 ** 20, embedderMB: (usage.embedderHeapUsedSize ?? NaN) / 2 ** 20 };
  } finally {
    await close();
  }
}
