// The page matrix: Clinical Lens on the kinds of pages that break content scripts — shadow DOM,
// every kind of frame, fullscreen, SVG text, 200% zoom, hostile CSS, a 200,000-node page and a
// framework that replaces its text nodes. On each page, in the document under test: the terms
// are marked exactly once, hovering them shows their cards, and across the whole page (every
// frame) nothing of the page's DOM changed except our one UI host, and no error was reported.
//
// Each page is one row of MATRIX; every row goes through the same PAGE_CHECKS, so a feature that
// must work everywhere (note anchoring, next) is one more check and one more field per row.
import type { Frame, Page, Worker } from '@playwright/test';
import { DEFAULT_HOVER_INTENT } from '../../entrypoints/content/hover-intent';
import { termOf } from './knowledge';
import { startStaticServer, type StaticServer } from '../../scripts/static-server';
import { expect, test as base } from './fixtures';
import { collectErrors, domFingerprint, foreignChanges, installPageGuard } from './page-guard';
import { launchWithExtension, type SharedBrowser } from './shared-browser';
import { blankPoint, marksIn, markedTexts, pointOf } from './text-points';

const test = base.extend<object, { crossOrigin: StaticServer; shared: SharedBrowser }>({
  // A second server on another port: another origin, for the cross-origin frame.
  crossOrigin: [
    async ({}, use) => {
      const server = await startStaticServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  // Asks for the servers only so that it closes before them: its open connections would hold
  // their close.
  shared: [
    async ({ server, crossOrigin }, use) => {
      const browser = await launchWithExtension();
      await installPageGuard(browser.context);
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
});

/** Cards open and close within a few hundred ms: look often. */
const QUICK_POLLS = [50, 50, 100];
/** Long enough for a card to have opened several times over. */
const NO_CARD_WAIT_MS = DEFAULT_HOVER_INTENT.delayMs * 4;

/**
 * Chromium's own reports of the harness at work, not of the page or of us: Playwright's init
 * script (the page guard) is refused in a frame sandboxed without allow-scripts.
 */
const HARNESS_NOISE = /Blocked script execution in '[^']*' because the document's frame is sandboxed and the 'allow-scripts' permission is not set\./;

interface Card {
  /** The card's heading: null while it loads. */
  title: string | null;
  /** Wholly inside the frame's viewport. */
  onScreen: boolean;
}

/**
 * The open hover card of a document, read straight from our host: a Playwright selector, which
 * pierces every shadow root, would walk all of a 200,000-node page on each poll.
 */
async function cardIn(target: Page | Frame): Promise<Card | null> {
  return target.evaluate(() => {
    const card = document.querySelector('clinical-lens-ui')?.shadowRoot?.querySelector('.cl-popover');
    if (!card) return null;
    const r = card.getBoundingClientRect();
    const onScreen = r.width > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
    return { title: card.querySelector('h2')?.textContent ?? null, onScreen };
  });
}

interface Hover {
  text: string;
  /** Entry whose card must open. */
  entry: string;
  nth?: number;
}

interface Run {
  page: Page;
  /** The document under test: the page, or one of its frames. */
  target: Page | Frame;
  serviceWorker: Worker;
}

interface MatrixPage {
  name: string;
  /** Path on the test server; `{cross}` becomes the cross-origin server's port. */
  path: string;
  /** The iframe (selector in the top page) whose document is under test; the page when absent. */
  frame?: string;
  /** Everything our highlight holds in the document under test once detection settles, sorted. */
  marks: string[];
  hovers: Hover[];
  /** Text that must get no card (where we cannot or must not look), hovered without errors. */
  noCard?: string[];
  /** Puts the loaded page into the state under test (fullscreen, zoom…). */
  prepare?: (run: Run) => Promise<void>;
  /** What else this page must do (re-renders…), after the common checks. */
  more?: (run: Run) => Promise<void>;
  timeoutMs?: number;
}

/** Checks every page of the matrix must pass, in order. */
const PAGE_CHECKS: ((row: MatrixPage, run: Run) => Promise<void>)[] = [expectMarks, expectHovers, expectNoCards];

async function expectMarks(row: MatrixPage, { target }: Run): Promise<void> {
  await expect.poll(() => markedTexts(target), { timeout: row.timeoutMs ?? 10_000 }).toEqual(row.marks);
  await expectMarksSound(target);
}

/** Every mark is on live text, and no text is marked twice. */
async function expectMarksSound(target: Page | Frame): Promise<void> {
  const marks = await marksIn(target);
  expect(marks.filter((m) => !m.live)).toEqual([]);
  expect(new Set(marks.map((m) => m.key)).size).toBe(marks.length);
}

async function hover(run: Run, { text, entry, nth = 0 }: Hover): Promise<void> {
  const at = await pointOf(run.target, text, nth);
  await run.page.mouse.move(at.x, at.y, { steps: 2 });
  await expect.poll(() => cardIn(run.target), { message: `card for "${text}"`, intervals: QUICK_POLLS }).toEqual({ title: termOf(entry), onScreen: true });
  await closeCard(run);
}

/**
 * Moves to a blank spot of the same document so the card closes (the next term may lie under
 * it). Not out of the frame: Chromium tells a sandboxed frame nothing when the pointer leaves it.
 */
async function closeCard({ page, target }: Run): Promise<void> {
  const at = await blankPoint(target);
  await page.mouse.move(at.x, at.y, { steps: 2 });
  await expect.poll(() => cardIn(target), { intervals: QUICK_POLLS }).toBeNull();
}

async function expectHovers(row: MatrixPage, run: Run): Promise<void> {
  for (const h of row.hovers) await hover(run, h);
}

async function expectNoCards(row: MatrixPage, run: Run): Promise<void> {
  for (const text of row.noCard ?? []) {
    const at = await pointOf(run.target, text);
    await run.page.mouse.move(at.x, at.y, { steps: 2 });
    await run.page.waitForTimeout(NO_CARD_WAIT_MS);
    expect(await cardIn(run.target), `no card for "${text}"`).toBeNull();
  }
}

async function frameOf(page: Page, selector: string): Promise<Frame> {
  const frame = await (await page.locator(selector).elementHandle())?.contentFrame();
  if (!frame) throw new Error(`no frame ${selector}`);
  return frame;
}

/** Sets the browser zoom of the page's tab (real zoom: the page sees devicePixelRatio change). */
async function zoomTab(run: Run, factor: number): Promise<void> {
  const url = run.page.url();
  // Without the "tabs" permission tab URLs are hidden: each tab's content script says its own.
  const zoomed = await run.serviceWorker.evaluate(
    async ({ url, factor }) => {
      for (const tab of await chrome.tabs.query({})) {
        const reply = await chrome.tabs.sendMessage(tab.id!, { type: 'pageUrl' }, { frameId: 0 }).catch(() => null);
        if (reply?.value !== url) continue;
        // Zoom is per site by default: this tab only, so later pages of the server are not zoomed.
        await chrome.tabs.setZoomSettings(tab.id!, { scope: 'per-tab' });
        await chrome.tabs.setZoom(tab.id!, factor);
        return true;
      }
      return false;
    },
    { url, factor },
  );
  expect(zoomed, 'the tab was found and zoomed').toBe(true);
  await run.page.waitForFunction((factor) => devicePixelRatio === factor, factor);
}

const FRAME_MARKS = ['TACE', 'hepatocellular carcinoma', 'iodized oil'];
const FRAME_HOVERS: Hover[] = [
  { text: 'TACE', entry: 'tace' },
  { text: 'iodized oil', entry: 'iodized-oil' },
];
const framed = (name: string, frame: string): MatrixPage => ({ name, path: '/matrix/frames.html?cross={cross}', frame, marks: FRAME_MARKS, hovers: FRAME_HOVERS });

const MATRIX: MatrixPage[] = [
  {
    name: 'open and nested shadow roots (a closed one is left alone)',
    path: '/matrix/shadow.html',
    marks: ['TACE', 'gelatin sponge', 'iodized oil'],
    hovers: [
      { text: 'TACE', entry: 'tace' },
      { text: 'gelatin sponge', entry: 'gelatin-sponge' },
      { text: 'iodized oil', entry: 'iodized-oil' },
    ],
    noCard: ['Lipiodol'],
  },
  framed('same-origin iframe', '#same-origin'),
  {
    name: 'srcdoc iframe',
    path: '/matrix/frames.html',
    frame: '#srcdoc',
    marks: ['PVA particles', 'embolization'],
    hovers: [{ text: 'PVA particles', entry: 'pva-particles' }],
  },
  {
    name: 'script-written about:blank iframe',
    path: '/matrix/frames.html',
    frame: '#blank',
    marks: ['Gelfoam', 'Lipiodol'],
    hovers: [
      { text: 'Gelfoam', entry: 'gelatin-sponge' },
      { text: 'Lipiodol', entry: 'iodized-oil' },
    ],
  },
  framed('iframe sandboxed with allow-scripts', '#sandbox-scripts'),
  framed('iframe sandboxed without scripts', '#sandbox'),
  framed('cross-origin iframe', '#cross-origin'),
  {
    name: 'an element in fullscreen',
    path: '/matrix/fullscreen.html',
    marks: ['TACE', 'hepatocellular carcinoma', 'iodized oil'],
    hovers: [
      { text: 'TACE', entry: 'tace' },
      { text: 'iodized oil', entry: 'iodized-oil' },
    ],
    async prepare({ page }) {
      await page.evaluate(() => document.getElementById('viewer')!.requestFullscreen());
      await page.waitForFunction(() => document.fullscreenElement?.id === 'viewer');
    },
    async more(run) {
      // Shown in fullscreen, the card's host lives in the fullscreen element; afterwards it goes back.
      const at = await pointOf(run.page, 'TACE');
      await run.page.mouse.move(at.x, at.y);
      await expect.poll(() => cardIn(run.page)).toEqual({ title: termOf('tace'), onScreen: true });
      expect(await run.page.evaluate(() => document.querySelector('clinical-lens-ui')?.parentElement?.id)).toBe('viewer');
      await closeCard(run);
      await run.page.evaluate(() => document.exitFullscreen());
      await run.page.waitForFunction(() => document.querySelector('clinical-lens-ui')?.parentNode === document.documentElement);
      await hover(run, { text: 'hepatocellular carcinoma', entry: 'hepatocellular-carcinoma' });
    },
  },
  {
    name: 'SVG text',
    path: '/matrix/svg.html',
    marks: ['Lipiodol', 'TACE', 'gelatin sponge'],
    hovers: [
      { text: 'TACE', entry: 'tace' },
      { text: 'gelatin sponge', entry: 'gelatin-sponge' },
      { text: 'Lipiodol', entry: 'iodized-oil' },
    ],
  },
  {
    name: '200% browser zoom',
    path: '/matrix/zoom.html',
    marks: ['TACE', 'embolization', 'gelatin sponge', 'hepatocellular carcinoma'],
    hovers: [
      { text: 'gelatin sponge', entry: 'gelatin-sponge' },
      { text: 'hepatocellular carcinoma', entry: 'hepatocellular-carcinoma' },
    ],
    prepare: (run) => zoomTab(run, 2),
  },
  {
    name: '200% CSS zoom',
    path: '/matrix/zoom.html?css-zoom',
    marks: ['TACE', 'embolization', 'gelatin sponge', 'hepatocellular carcinoma'],
    hovers: [
      { text: 'gelatin sponge', entry: 'gelatin-sponge' },
      { text: 'hepatocellular carcinoma', entry: 'hepatocellular-carcinoma' },
    ],
  },
  {
    name: 'hostile CSS: universal reset, top z-indexes, transforms, glass overlays',
    path: '/matrix/hostile.html',
    marks: ['PVA particles', 'TACE', 'hepatocellular carcinoma', 'iodized oil'],
    hovers: [
      { text: 'hepatocellular carcinoma', entry: 'hepatocellular-carcinoma' },
      { text: 'iodized oil', entry: 'iodized-oil' },
      { text: 'PVA particles', entry: 'pva-particles' },
      { text: 'TACE', entry: 'tace' },
    ],
  },
  {
    name: 'a 200,000-node page',
    path: '/matrix/big.html',
    marks: ['TACE', ...Array<string>(29).fill('Gelfoam'), 'hepatocellular carcinoma', 'iodized oil'].sort(),
    hovers: [{ text: 'TACE', entry: 'tace' }],
    timeoutMs: 30_000,
    async prepare({ page }) {
      const nodes = await page.evaluate(() => {
        let count = 0;
        const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
        while (walker.nextNode()) count++;
        return count;
      });
      expect(nodes).toBeGreaterThanOrEqual(200_000);
    },
    async more(run) {
      await hover(run, { text: 'iodized oil', entry: 'iodized-oil' });
      await hover(run, { text: 'Gelfoam', entry: 'gelatin-sponge', nth: 20 });
    },
  },
  {
    name: 'a React-style app that replaces its text nodes',
    path: '/matrix/react.html',
    marks: ['Hepatocellular carcinoma', 'TACE', 'iodized oil'],
    hovers: [{ text: 'TACE', entry: 'tace' }],
    async more(run) {
      const next = async (marks: string[], hovered: Hover) => {
        await run.page.locator('#next').click();
        await expect.poll(() => markedTexts(run.page)).toEqual(marks);
        await expectMarksSound(run.page);
        await hover(run, hovered);
      };
      await next(['Hepatocellular carcinoma'], { text: 'Hepatocellular carcinoma', entry: 'hepatocellular-carcinoma' });
      await next(['Embolization', 'Gelfoam', 'PVA particles'], { text: 'PVA particles', entry: 'pva-particles' });
      await next(['Hepatocellular carcinoma', 'TACE', 'iodized oil'], { text: 'iodized oil', entry: 'iodized-oil' });
    },
  },
];

test.describe('page matrix', () => {
  for (const row of MATRIX) {
    test(row.name, async ({ shared, server, crossOrigin }) => {
      if (row.timeoutMs) test.setTimeout(row.timeoutMs * 2);
      const page = await shared.context.newPage();
      const log = await collectErrors(page);
      try {
        await page.goto(server.url(row.path.replace('{cross}', new URL(crossOrigin.origin).port)));
        const target = row.frame ? await frameOf(page, row.frame) : page;
        // Frames where the guard cannot run (no scripts at all) are compared whole instead.
        const unguarded = new Map<Frame, string>();
        for (const frame of page.frames()) {
          if ((await foreignChanges(frame)) === null) unguarded.set(frame, await domFingerprint(frame));
        }
        const run: Run = { page, target, serviceWorker: shared.serviceWorker };
        await row.prepare?.(run);

        for (const check of PAGE_CHECKS) await check(row, run);
        await row.more?.(run);

        for (const frame of page.frames()) {
          const before = unguarded.get(frame);
          if (before === undefined) expect(await foreignChanges(frame), `changes in ${frame.url()}`).toEqual([]);
          else expect(await domFingerprint(frame), `DOM of ${frame.url()}`).toBe(before);
          expect(await frame.evaluate(() => document.querySelectorAll('clinical-lens-ui').length)).toBeLessThanOrEqual(1);
        }
        expect(await target.evaluate(() => document.querySelectorAll('clinical-lens-ui').length), 'our one host').toBe(1);
        expect(log.errors.filter((e) => !HARNESS_NOISE.test(e))).toEqual([]);
      } finally {
        await log.stop();
        await page.close();
      }
    });
  }
});
