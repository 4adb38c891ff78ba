// The headless half of `npm start`: open each demo page with the extension, rest the pointer on
// a term the way a person would, wait for our popover and save a screenshot of it.
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { join, relative } from 'node:path';
import type { StaticServer } from './static-server';

export interface HoverShot {
  /** File name under the output folder. */
  file: string;
  /** Page path on the static server. */
  path: string;
  /** Exact text to hover: its first occurrence outside the page's own editors. */
  term: string;
  /** CSS selector of the iframe that holds the term, when it is not in the top document. */
  frame?: string;
  colorScheme: 'light' | 'dark';
}

export const HOVER_SHOTS: readonly HoverShot[] = [
  { file: 'article-hover-tace.png', path: '/demo/article.html', term: 'TACE', colorScheme: 'light' },
  { file: 'article-hover-tace-dark.png', path: '/demo/article.html', term: 'TACE', colorScheme: 'dark' },
  { file: 'ehr-hover-lipiodol.png', path: '/demo/ehr/index.html', frame: '#frame-chart', term: 'Lipiodol', colorScheme: 'light' },
  { file: 'zh-hover.png', path: '/demo/zh.html', term: '碘化油', colorScheme: 'light' },
];

/** The shadow-root host of all our page UI (entrypoints/content/ui-root.ts). */
const POPOVER_HOST = 'clinical-lens-ui';
const POPOVER_TIMEOUT_MS = 5_000;
const HIGHLIGHT_TIMEOUT_MS = 5_000;

export class PopoverMissingError extends Error {}

/** Centre of the term's first line box, in the frame's own viewport, after scrolling it to the
 * upper third so the card below it has room. */
async function termPoint(frame: Frame, term: string): Promise<{ x: number; y: number } | null> {
  return frame.evaluate((wanted) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // The textarea's initial text is a child text node, and editors are never marked.
      if (node.parentElement?.closest('textarea, [contenteditable], script, style')) continue;
      const at = node.textContent?.indexOf(wanted) ?? -1;
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      const top = range.getBoundingClientRect().top;
      window.scrollBy(0, top - window.innerHeight / 3);
      const rect = range.getClientRects()[0];
      if (!rect) return null;
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    }
    return null;
  }, term);
}

/** Top-left of the iframe's content box in the page viewport (zero for the top document). */
async function frameOrigin(page: Page, selector: string | undefined): Promise<{ x: number; y: number }> {
  if (!selector) return { x: 0, y: 0 };
  return page.locator(selector).evaluate((el) => {
    const box = el.getBoundingClientRect();
    return { x: box.left + el.clientLeft, y: box.top + el.clientTop };
  });
}

async function contentFrame(page: Page, selector: string | undefined): Promise<Frame> {
  if (!selector) return page.mainFrame();
  const frame = await (await page.locator(selector).elementHandle())?.contentFrame();
  if (!frame) throw new Error(`No frame at ${selector}`);
  await frame.waitForLoadState('load');
  return frame;
}

/** Number of ranges in our CSS highlights, or 0 if the content script marked nothing in time. */
async function markedTerms(frame: Frame): Promise<number> {
  const count = () => {
    let ranges = 0;
    CSS.highlights.forEach((highlight, name) => {
      if (name.startsWith('clinical-lens')) ranges += highlight.size;
    });
    return ranges;
  };
  try {
    await frame.waitForFunction(count, undefined, { timeout: HIGHLIGHT_TIMEOUT_MS });
  } catch {
    return 0;
  }
  return frame.evaluate(count);
}

/**
 * Waits for our card (a dialog inside the open shadow root of our host, which Playwright's
 * locators pierce) to finish loading; returns what it shows, or why it did not show.
 */
async function waitForCard(frame: Frame): Promise<{ ok: true; heading: string } | { ok: false; reason: string }> {
  const card = frame.locator(`${POPOVER_HOST} [role="dialog"]:not([aria-busy="true"])`);
  try {
    await card.waitFor({ state: 'visible', timeout: POPOVER_TIMEOUT_MS });
  } catch {
    return { ok: false, reason: `no card appeared within ${POPOVER_TIMEOUT_MS / 1000} s (looked for a visible dialog in <${POPOVER_HOST}>)` };
  }
  const alert = card.locator('[role="alert"]');
  if ((await alert.count()) > 0) return { ok: false, reason: `the card shows an error: "${(await alert.innerText()).trim()}"` };
  // The card is placed asynchronously (floating-ui): let two frames pass before the picture.
  await frame.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  return { ok: true, heading: (await card.locator('h1, h2, h3').first().innerText()).trim() };
}

/** Hovers the shot's term and saves the screenshot; returns its path. */
export async function captureHover(context: BrowserContext, server: StaticServer, shot: HoverShot, outDir: string): Promise<string> {
  const page = await context.newPage();
  try {
    await page.emulateMedia({ colorScheme: shot.colorScheme });
    await page.goto(server.url(shot.path), { waitUntil: 'load' });
    const frame = await contentFrame(page, shot.frame);
    const marked = await markedTerms(frame);
    console.log(`  ${shot.path}${shot.frame ? ` (frame ${shot.frame})` : ''}: ${marked} term${marked === 1 ? '' : 's'} marked`);

    const point = await termPoint(frame, shot.term);
    if (!point) throw new Error(`"${shot.term}" is not on ${shot.path}: the demo page and the demo script disagree.`);
    const origin = await frameOrigin(page, shot.frame);
    const x = origin.x + point.x;
    const y = origin.y + point.y;
    // Arrive from just beside the word and come to rest on it, as a hand on a mouse does.
    await page.mouse.move(x - 60, y + 40);
    await page.mouse.move(x, y, { steps: 8 });

    const file = join(outDir, shot.file);
    const card = await waitForCard(frame);
    if (!card.ok) {
      const debug = file.replace(/\.png$/, '-no-popover.png');
      await page.screenshot({ path: debug });
      throw new PopoverMissingError(`"${shot.term}" on ${shot.path}: ${card.reason}. Page screenshot: ${relative(process.cwd(), debug)}`);
    }
    console.log(`  hovered "${shot.term}": card "${card.heading}"`);
    await page.screenshot({ path: file });
    return file;
  } finally {
    await page.close();
  }
}
