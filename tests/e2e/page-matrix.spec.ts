// The page matrix: Clinical Lens on the kinds of pages that break content scripts — shadow DOM,
// every kind of frame, fullscreen, SVG text, 200% zoom, hostile CSS, a 200,000-node page and a
// framework that replaces its text nodes. On each page, in the document under test: the terms
// are marked exactly once, hovering them shows their cards, a note made on the page's words with
// the mouse is marked on the same words after a reload (or a re-render) and its card opens, and
// across the whole page (every frame) nothing of the page's DOM changed except our one UI host,
// and no error was reported.
//
// Each page is one row of MATRIX; every row goes through the same PAGE_CHECKS, so a feature that
// must work everywhere is one more check and one more field per row.
import type { Frame, Page, Worker } from '@playwright/test';
import { DEFAULT_HOVER_INTENT } from '../../entrypoints/content/hover-intent';
import { termOf } from './knowledge';
import { startStaticServer, type StaticServer } from '../../scripts/static-server';
import { expect, test as base } from './fixtures';
import { NOTE_HIGHLIGHT, noteMarks } from './notes-page';
import { openExtensionPage, send } from './notes-support';
import { collectErrors, domFingerprint, foreignChanges, installPageGuard } from './page-guard';
import { launchWithExtension, type SharedBrowser } from './shared-browser';
import { blankPoint, dragSelect, highlightPointOf, marksIn, markedTexts, pointOf, type Point, uiPointOf } from './text-points';

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
  /** The document under test: the page, or one of its frames (a new one after a reload). */
  target: Page | Frame;
  serviceWorker: Worker;
  /** Reloads the page and puts it back in the state under test; the DOM checks span the reload. */
  reload(): Promise<void>;
}

interface NoteCheck {
  /** Words of the page the note is made on (their nth occurrence). */
  words: string;
  nth?: number;
  /** Shows the page's text anew, all of it in new nodes: a reload when absent. */
  renew?: (run: Run) => Promise<void>;
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
  note: NoteCheck;
  /** Text where no note can be made (we cannot see it): selecting it offers no "Add note". */
  noNote?: string[];
  /** Puts the loaded page into the state under test (fullscreen, zoom…). */
  prepare?: (run: Run) => Promise<void>;
  /** What else this page must do (re-renders…), after the common checks. */
  more?: (run: Run) => Promise<void>;
  timeoutMs?: number;
}

/** Checks every page of the matrix must pass, in order. */
const PAGE_CHECKS: ((row: MatrixPage, run: Run) => Promise<void>)[] = [expectMarks, expectHovers, expectNoCards, expectNotes];

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

const NOTE_TEXT = 'Matrix check: confirm the plan with interventional radiology.';

interface Editor {
  quote: string | null;
  /** Its text field has the focus. */
  focused: boolean;
  /** What it says went wrong, if anything. */
  error?: string;
}

/** The open note editor of a document. */
async function editorIn(target: Page | Frame): Promise<Editor | null> {
  return target.evaluate(() => {
    const shadow = document.querySelector('clinical-lens-ui')?.shadowRoot;
    const editor = shadow?.querySelector('form[aria-label="Note"]');
    if (!editor) return null;
    const error = editor.querySelector('[role="alert"]')?.textContent;
    return { quote: editor.querySelector('blockquote')?.textContent ?? null, focused: shadow?.activeElement === editor.querySelector('textarea'), ...(error ? { error } : {}) };
  });
}

/** The open note card of a document: what it shows, and whether it is wholly on screen. */
async function noteCardIn(target: Page | Frame): Promise<{ quote: string | null; text: string | null; onScreen: boolean } | null> {
  return target.evaluate(() => {
    const card = document.querySelector('clinical-lens-ui')?.shadowRoot?.querySelector('section[aria-label="Note"]');
    if (!card) return null;
    const r = card.getBoundingClientRect();
    const onScreen = r.width > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
    return { quote: card.querySelector('blockquote')?.textContent ?? null, text: card.querySelector('.cl-note-text')?.textContent ?? null, onScreen };
  });
}

/** Clicks a control of our UI with the mouse, where it is on screen (nothing may cover it). */
async function clickUi({ page, target }: Run, selector: string, label?: string): Promise<void> {
  let at: Point | null = null;
  await expect.poll(async () => (at = await uiPointOf(target, selector, label)), { message: `${label ?? selector} on screen` }).not.toBeNull();
  await page.mouse.click(at!.x, at!.y);
}

/**
 * Makes a note as a reader does — drag over the words, "Add note", type, Save — shows the page's
 * text anew, finds the note marked on the very same words, opens its card with a click on them,
 * and deletes it from the card.
 */
async function expectNotes(row: MatrixPage, run: Run): Promise<void> {
  for (const words of row.noNote ?? []) await expectNoNote(run, words);
  const { words, nth = 0, renew = (r: Run) => r.reload() } = row.note;
  // Saved, the note is anchored before the editor closes: on the big page that takes a while.
  const anchoring = { timeout: row.timeoutMs ?? 10_000 };
  await test.step('make a note', async () => {
    await dragSelect(run.page, run.target, words, nth);
    // The pointer rests on the last word, which may be a term whose card then covers the button:
    // a reader moves away from the card first.
    await closeCard(run);
    await clickUi(run, '.cl-note-add');
    await expect.poll(() => editorIn(run.target)).toEqual({ quote: words, focused: true });
    await run.page.keyboard.type(NOTE_TEXT);
    await clickUi(run, 'form[aria-label="Note"] button', 'Save');
    await expect.poll(() => editorIn(run.target), anchoring).toBeNull();
    await expect.poll(() => noteMarks(run.target), anchoring).toEqual([words]);
  });
  await test.step('show the page anew', async () => {
    await renew(run);
    await expect.poll(() => noteMarks(run.target), { ...anchoring, message: 'the note is marked again' }).toEqual([words]);
  });
  await test.step('open the note and delete it', async () => {
    const at = await highlightPointOf(run.target, NOTE_HIGHLIGHT);
    await run.page.mouse.click(at!.x, at!.y);
    await expect.poll(() => noteCardIn(run.target), { message: 'the note card' }).toEqual({ quote: words, text: NOTE_TEXT, onScreen: true });
    // A hover card may have opened on a term among the words: leave it before using the note card.
    await closeCard(run);
    await clickUi(run, 'section[aria-label="Note"] button', 'Delete');
    await clickUi(run, 'section[aria-label="Note"] button', 'Delete for good');
    await expect.poll(() => noteMarks(run.target)).toEqual([]);
    expect(await noteCardIn(run.target)).toBeNull();
  });
}

/** Selecting `words` offers no "Add note" and opens no editor (and reports no error: checked at the end). */
async function expectNoNote(run: Run, words: string): Promise<void> {
  await dragSelect(run.page, run.target, words);
  // Selected inside the closed root (the document's own view of the selection stops at its host).
  const selected = await run.target.evaluate(() => {
    const [range] = document.getSelection()?.getComposedRanges({ shadowRoots: window.__pageGuard?.closedRoots ?? [] }) ?? [];
    return range && range.startContainer === range.endContainer ? (range.startContainer as Text).data.slice(range.startOffset, range.endOffset) : null;
  });
  expect(selected).toBe(words);
  await run.page.waitForTimeout(NO_CARD_WAIT_MS);
  expect(await uiPointOf(run.target, '.cl-note-add'), `no "Add note" for "${words}"`).toBeNull();
  expect(await editorIn(run.target)).toBeNull();
  const away = await blankPoint(run.target);
  await run.page.mouse.click(away.x, away.y);
}

/** Removes every note, so that no page's note is left for a later one (frames share addresses). */
async function deleteAllNotes(shared: SharedBrowser): Promise<void> {
  const page = await openExtensionPage(shared.context, shared.extensionId);
  try {
    const listed = await send(page, { type: 'notes:list' });
    for (const note of listed.ok ? (listed.value as { id: string }[]) : []) await send(page, { type: 'notes:delete', id: note.id });
  } finally {
    await page.close();
  }
}

/**
 * Starts watching every frame of the loaded page; `verify` then checks that nothing of the page's
 * DOM changed except our one host per frame. Frames where the guard cannot run (no scripts at
 * all) are compared whole instead.
 */
async function watchDom(page: Page): Promise<{ verify(): Promise<void> }> {
  const unguarded = new Map<Frame, string>();
  for (const frame of page.frames()) {
    if ((await foreignChanges(frame)) === null) unguarded.set(frame, await domFingerprint(frame));
  }
  return {
    async verify() {
      for (const frame of page.frames()) {
        const before = unguarded.get(frame);
        if (before === undefined) expect(await foreignChanges(frame), `changes in ${frame.url()}`).toEqual([]);
        else expect(await domFingerprint(frame), `DOM of ${frame.url()}`).toBe(before);
        expect(await frame.evaluate(() => document.querySelectorAll('clinical-lens-ui').length)).toBeLessThanOrEqual(1);
      }
    },
  };
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
const framed = (name: string, frame: string): MatrixPage => ({
  name,
  path: '/matrix/frames.html?cross={cross}',
  frame,
  marks: FRAME_MARKS,
  hovers: FRAME_HOVERS,
  note: { words: 'planned for TACE with iodized oil' },
});

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
    // In a nested open shadow root.
    note: { words: 'gelatin sponge was used' },
    // The closed root's text is not ours to see: no note can be made there.
    noNote: ['Lipiodol was injected'],
  },
  framed('same-origin iframe', '#same-origin'),
  {
    name: 'srcdoc iframe',
    path: '/matrix/frames.html',
    frame: '#srcdoc',
    marks: ['PVA particles', 'embolization'],
    hovers: [{ text: 'PVA particles', entry: 'pva-particles' }],
    note: { words: 'embolization with PVA particles' },
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
    note: { words: 'Gelfoam before Lipiodol' },
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
    // Made, and opened after the reload, in fullscreen.
    note: { words: 'TACE with iodized oil' },
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
    // SVG text is page text a reader can select: a note on it is kept like any other.
    note: { words: 'Hepatic artery: TACE' },
  },
  {
    name: '200% browser zoom',
    path: '/matrix/zoom.html',
    marks: ['TACE', 'embolization', 'gelatin sponge', 'hepatocellular carcinoma'],
    hovers: [
      { text: 'gelatin sponge', entry: 'gelatin-sponge' },
      { text: 'hepatocellular carcinoma', entry: 'hepatocellular-carcinoma' },
    ],
    note: { words: 'followed by embolization with gelatin sponge' },
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
    note: { words: 'followed by embolization with gelatin sponge' },
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
    // Rotated and scaled text (the glass-covered line cannot be selected with the mouse at all).
    note: { words: 'Rotated and scaled: PVA particles' },
  },
  {
    name: 'a 200,000-node page',
    path: '/matrix/big.html',
    marks: ['TACE', ...Array<string>(29).fill('Gelfoam'), 'hepatocellular carcinoma', 'iodized oil'].sort(),
    hovers: [{ text: 'TACE', entry: 'tace' }],
    // After all 200,000 nodes.
    note: { words: 'hepatocellular carcinoma, follow-up with iodized oil' },
    // Saving and re-anchoring walk the whole page: 30-40 s each on a loaded 2-core machine.
    timeoutMs: 45_000,
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
    note: {
      words: 'TACE with iodized oil',
      // The app renders the other patients, whose charts lack the words (the note is marked
      // nowhere then), and comes back to this one in new text nodes.
      async renew({ page }) {
        for (const patient of ['Patient B', 'Patient C', 'Patient A']) {
          await page.locator('#next').click();
          await expect(page.locator('h1')).toHaveText(patient);
          if (patient !== 'Patient A') await expect.poll(() => noteMarks(page)).toEqual([]);
        }
      },
    },
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
      test.setTimeout(Math.max(60_000, (row.timeoutMs ?? 0) * 4));
      const page = await shared.context.newPage();
      const log = await collectErrors(page);
      try {
        await page.goto(server.url(row.path.replace('{cross}', new URL(crossOrigin.origin).port)));
        const targetOf = async () => (row.frame ? await frameOf(page, row.frame) : page);
        let dom = await watchDom(page);
        const run: Run = {
          page,
          target: await targetOf(),
          serviceWorker: shared.serviceWorker,
          async reload() {
            await dom.verify();
            await page.reload();
            run.target = await targetOf();
            dom = await watchDom(page);
            await row.prepare?.(run);
          },
        };
        await row.prepare?.(run);

        for (const check of PAGE_CHECKS) await check(row, run);
        await row.more?.(run);

        await dom.verify();
        expect(await run.target.evaluate(() => document.querySelectorAll('clinical-lens-ui').length), 'our one host').toBe(1);
        expect(log.errors.filter((e) => !HARNESS_NOISE.test(e))).toEqual([]);
      } finally {
        await log.stop();
        await page.close();
        await deleteAllNotes(shared);
      }
    });
  }
});
