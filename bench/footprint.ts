// What the content script costs a page that does not need it: its size (the loader WXT injects
// and the core module every frame imports), its start-up time on a page without terms, and the
// JS heap it adds to a large page; and the size of the UI modules it imports only where a card
// or notes are needed (modules/content-modules.ts).
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchBrowser } from './browser';
import { freshPage, waitUntilQuiet } from './browser';
import { contentScriptTime, startTracing } from './trace';

const MODULES_DIR = join('content-scripts', 'modules');

interface Bytes {
  bytes: number;
  gzipBytes: number;
}

function bytesOf(file: string): Bytes {
  const code = readFileSync(file);
  return { bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

const sum = (list: readonly Bytes[]): Bytes => list.reduce((a, b) => ({ bytes: a.bytes + b.bytes, gzipBytes: a.gzipBytes + b.gzipBytes }), { bytes: 0, gzipBytes: 0 });

/** A module file and the chunks it imports statically (they load with it), package-relative. */
function withStaticImports(extensionDir: string, file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(join(extensionDir, file), 'utf8');
  for (const [, path] of code.matchAll(/(?:^|[;}\s])(?:import|export)\b[^"'`]*?from\s*["']\.\/([^"']+)["']|import\s*["']\.\/([^"']+)["']/g)) {
    if (path) withStaticImports(extensionDir, join(dirname(file), path), seen);
  }
  return seen;
}

/** The files every frame runs: the loader WXT injects and the core module it imports, with its
 * chunks (entrypoints/content/index.ts, modules/content-modules.ts). */
export function everyFrameFiles(extensionDir: string): string[] {
  return [join('content-scripts', 'content.js'), ...withStaticImports(extensionDir, join(MODULES_DIR, 'core.js'))];
}

/** What every frame loads, all files together (gzip per file, as each is read on its own). */
export function contentScriptBytes(extensionDir: string): Bytes & { files: Record<string, Bytes> } {
  const files = Object.fromEntries(everyFrameFiles(extensionDir).map((file) => [file, bytesOf(join(extensionDir, file))]));
  return { ...sum(Object.values(files)), files };
}

/** The UI modules imported only where a card or notes are shown, each file and in all. */
export function lazyModuleBytes(extensionDir: string): { files: Record<string, Bytes>; total: Bytes } {
  const dir = join(extensionDir, MODULES_DIR);
  const everyFrame = new Set(everyFrameFiles(extensionDir));
  const names = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.js') && !everyFrame.has(join(MODULES_DIR, name))).sort() : [];
  const files = Object.fromEntries(names.map((name) => [name, bytesOf(join(dir, name))]));
  return { files, total: sum(Object.values(files)) };
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

/**
 * The same start-up without a trace: V8's script time in the page (CDP Performance metrics),
 * which on a page with no scripts of its own is ours. Tracing with the sampling profiler makes
 * V8 log every function it compiles, so the traced figure above runs several times slower.
 */
export async function untracedScriptMs(browser: BenchBrowser, url: string): Promise<number> {
  const { page, cdp, close } = await freshPage(browser);
  try {
    await cdp.send('Performance.enable');
    await page.goto(url, { waitUntil: 'load' });
    await waitUntilQuiet(cdp, { quietMs: 500 });
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? NaN) * 1000;
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

/**
 * An extension whose content script does nothing, on the same pages and flags: what Chromium
 * itself charges a page for any content script (creating the isolated world and its extension
 * bindings), the baseline for the start-up figure. The worker is there because launch() waits
 * for one to learn the extension's origin.
 */
export function emptyExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), 'clinical-lens-empty-extension-'));
  const manifest = {
    manifest_version: 3,
    name: 'Empty content script (benchmark baseline)',
    version: '1.0',
    background: { service_worker: 'background.js' },
    content_scripts: [{ matches: ['<all_urls>'], js: ['content.js'], all_frames: true }],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'background.js'), '');
  writeFileSync(join(dir, 'content.js'), 'void 0;\n');
  return dir;
}
