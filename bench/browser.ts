// Chromium for the bench: one browser with the built extension, one without (for baselines
// and the heap comparison), both headless, with the same flags as the tests and the demo.
import { type BrowserContext, type CDPSession, chromium, type Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath, launchArgs } from '../scripts/chromium';

export interface BenchBrowser {
  context: BrowserContext;
  /** chrome-extension://<id>/ (empty without the extension). */
  extensionOrigin: string;
  close(): Promise<void>;
}

/** The Long Tasks API, watched in every page from its first moment. */
function watchLongTasks(): void {
  const w = window as unknown as { __benchLongTasks: { start: number; duration: number }[] };
  w.__benchLongTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__benchLongTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // Not every document type supports it (e.g. extension pages in some versions).
  }
}

export async function launch(extension: string | null): Promise<BenchBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'clinical-lens-bench-'));
  // Without the extension, the same flags minus loading it: baselines run in the same browser build.
  const args = launchArgs(extension ?? '').filter((arg) => extension !== null || !arg.includes('extension'));
  // Saved pages refer to other hosts; with no network, fail those at once rather than waiting
  // for DNS, so a page's load time is its own.
  args.push('--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args,
    viewport: { width: 1280, height: 800 },
  });
  // tsx names functions with a `__name` helper that code sent to a page through evaluate() calls.
  await context.addInitScript('globalThis.__name ??= (fn) => fn;');
  await context.addInitScript(watchLongTasks);
  let extensionOrigin = '';
  if (extension !== null) {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
    // URL.origin is "null" for chrome-extension: URLs.
    const { protocol, host } = new URL(worker.url());
    extensionOrigin = `${protocol}//${host}/`;
  }
  return {
    context,
    extensionOrigin,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface BenchPage {
  page: Page;
  cdp: CDPSession;
  close(): Promise<void>;
}

/** A fresh tab with a CDP session; other tabs are closed so they share no renderer with it. */
export async function freshPage(browser: BenchBrowser): Promise<BenchPage> {
  for (const old of browser.context.pages()) await old.close();
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  return { page, cdp, close: () => page.close() };
}

/**
 * Resolves once the page's main thread has been (nearly) idle for `quietMs`, from CDP
 * Performance metrics (TaskDuration covers every world and the microtasks that carry the
 * scanner's slices; ScriptDuration does not), or after `timeoutMs`.
 */
export async function waitUntilQuiet(cdp: CDPSession, { quietMs = 1000, timeoutMs = 90_000 } = {}): Promise<void> {
  const POLL_MS = 150;
  /** Main-thread time per poll below which the page counts as idle (timers, idle GC). */
  const IDLE_MS = 3;
  await cdp.send('Performance.enable');
  const busyMs = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
  };
  const deadline = Date.now() + timeoutMs;
  let last = await busyMs();
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const now = await busyMs();
    if (now - last > IDLE_MS) quietSince = Date.now();
    last = now;
    if (Date.now() - quietSince >= quietMs) return;
  }
}

/** Stops the extension's service worker (as Chromium does after ~30 s idle). */
export async function stopServiceWorker(cdp: CDPSession, extensionOrigin: string): Promise<void> {
  const { targetInfos } = await cdp.send('Target.getTargets');
  const workers = targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(extensionOrigin));
  for (const worker of workers) await cdp.send('Target.closeTarget', { targetId: worker.targetId });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const { targetInfos: now } = await cdp.send('Target.getTargets');
    if (!now.some((t) => t.type === 'service_worker' && t.url.startsWith(extensionOrigin))) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('The service worker did not stop');
}

/** Writes to the extension's storage from one of its own pages, as the options page would. */
export async function setExtensionStorage(browser: BenchBrowser, items: Record<string, unknown>): Promise<void> {
  const page = await browser.context.newPage();
  await page.goto(`${browser.extensionOrigin}options.html`);
  await page.evaluate((values) => chrome.storage.local.set(values), items);
  await page.close();
}
