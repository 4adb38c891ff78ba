// Hover: from the pointer arriving on a term to the card painted with its entry, on a freshly
// loaded page, with the service worker running (warm) or stopped just before (cold, as after
// Chromium's ~30 s idle timeout); then a second term on the same page. The page has loaded and
// gone quiet first, as a reader's page has: by then the content script has prepared the card
// (imported its UI module, built it out of the page, rehearsed it) and asked for the entries of
// the page's most frequent terms, because the page holds terms. So "cold" is a stopped worker
// that the hover no longer needs for those terms; it does not include importing the card's code
// or asking a stopped worker (the first hover on a page still loading its terms, or on a term
// beyond the ones asked for ahead, would).
import type { Page } from 'playwright-core';
import type { BenchBrowser } from './browser';
import { freshPage, stopServiceWorker, waitUntilQuiet } from './browser';
import { HIGHLIGHT } from './scan';

export interface HoverRun {
  /** Pointer event to the frame that shows the card with the entry. */
  totalMs: number;
  /** Pointer event to the frame that shows the card, still loading (NaN if never seen). */
  firstCardMs: number;
}

/** The centre of the first highlighted mention whose text is `surface`, scrolled into view. */
function termPoint([highlight, surface]: [string, string]): { x: number; y: number } | null {
  for (const item of CSS.highlights.get(highlight) ?? []) {
    const range = item as Range;
    if (range.toString() !== surface) continue;
    range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
    const rect = range.getClientRects()[0];
    if (rect) return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
  }
  return null;
}

/**
 * Watches, in the page's main world, for the first pointermove and for the card in our open
 * shadow root; each state is timed at the end of the frame that first shows it (a rAF callback
 * sees the DOM that frame paints; a message posted from it runs after the paint).
 */
function watchCard(): void {
  type Probe = { pointer?: number; firstCard?: number; ready?: number };
  const w = window as unknown as { __benchHover: Probe };
  const probe: Probe = {};
  w.__benchHover = probe;
  addEventListener('pointermove', (event) => (probe.pointer ??= event.timeStamp), { capture: true, once: true });
  const afterPaint = (key: 'firstCard' | 'ready') => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => (probe[key] ??= performance.now());
    channel.port2.postMessage(null);
  };
  const frame = () => {
    const card = document.querySelector('clinical-lens-ui')?.shadowRoot?.querySelector<HTMLElement>('.cl-popover[role="dialog"]');
    if (card && probe.firstCard === undefined) afterPaint('firstCard');
    const ready = card && card.getAttribute('aria-busy') !== 'true' && card.querySelector('.cl-popover-body') && card.style.left !== '';
    if (ready) afterPaint('ready');
    else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

async function serviceWorkerRunning(browser: BenchBrowser, page: Page): Promise<void> {
  const cdp = await browser.context.newCDPSession(page);
  const { targetInfos } = await cdp.send('Target.getTargets');
  await cdp.detach();
  if (targetInfos.some((t) => t.type === 'service_worker' && t.url.startsWith(browser.extensionOrigin))) return;
  // Opening one of the extension's pages starts its worker.
  const wake = await browser.context.newPage();
  await wake.goto(`${browser.extensionOrigin}options.html`);
  await wake.close();
}

/**
 * Hovers each surface in turn on one freshly loaded page (the first hover creates the card's UI;
 * later ones find it ready), moving the pointer away in between; `cold` stops the service
 * worker before the first hover.
 */
export async function hoverRuns(browser: BenchBrowser, url: string, surfaces: readonly string[], cold: boolean): Promise<HoverRun[]> {
  const { page, cdp, close } = await freshPage(browser);
  try {
    await page.goto(url, { waitUntil: 'load' });
    // Playwright compiles its page-side helper on the first waitForFunction: 10–20 ms of the
    // page's main thread that would otherwise land inside the first measurement.
    await page.waitForFunction(() => true);
    await waitUntilQuiet(cdp, { quietMs: 500 });
    const runs: HoverRun[] = [];
    for (const [i, surface] of surfaces.entries()) {
      await page.mouse.move(2, 2);
      const point = await page.evaluate(termPoint, [HIGHLIGHT, surface] as [string, string]);
      if (!point) throw new Error(`"${surface}" is not highlighted on ${url}`);
      if (i === 0 && cold) await stopServiceWorker(cdp, browser.extensionOrigin);
      else if (i === 0) await serviceWorkerRunning(browser, page);
      // Long enough for an open card's grace period to end.
      await page.waitForTimeout(500);
      await page.evaluate(watchCard);
      await page.mouse.move(point.x, point.y);
      const probe = await page.waitForFunction(
        () => {
          const p = (window as unknown as { __benchHover: { pointer?: number; firstCard?: number; ready?: number } }).__benchHover;
          return p.ready !== undefined && p.pointer !== undefined ? p : null;
        },
        undefined,
        { timeout: 10_000, polling: 50 },
      );
      const { pointer = NaN, firstCard = NaN, ready = NaN } = (await probe.jsonValue()) ?? {};
      runs.push({ totalMs: ready - pointer, firstCardMs: firstCard - pointer });
    }
    return runs;
  } finally {
    await close();
  }
}
