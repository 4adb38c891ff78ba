// Hovering a term in the built extension: the right card, on time, in our shadow host only,
// opened and closed the way a reader expects.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { CORPUS_DIR } from '../../scripts/static-server';
import { DEFAULT_HOVER_INTENT } from '../../entrypoints/content/hover-intent';
import { loadCompiledKnowledge } from '../../knowledge/vite-plugin';
import { expect, test } from './fixtures';

const knowledge = loadCompiledKnowledge();
const entry = (id: string) => {
  const found = knowledge.entries.find((e) => e.id === id);
  if (!found) throw new Error(`no entry "${id}"`);
  return found;
};
const sourceTitle = (id: string) => knowledge.sources[entry(id).sources[0]?.doc ?? '']?.title ?? '';

const CARD = 'clinical-lens-ui .cl-popover';

/** Centre of the nth occurrence of `text` in the page (or under `within`), from a Range over it. */
async function centreOf(page: Page, text: string, { nth = 0, within = 'body' }: { nth?: number; within?: string } = {}) {
  const point = await page.evaluate(
    ({ text, nth, within }) => {
      const root = document.querySelector(within);
      if (!root) return null;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const data = (node as Text).data;
        for (let i = data.indexOf(text); i >= 0; i = data.indexOf(text, i + 1)) {
          if (seen++ < nth) continue;
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + text.length);
          const r = range.getClientRects()[0];
          return r ? { x: r.left + r.width / 2, y: r.top + r.height / 2, left: r.left, right: r.right } : null;
        }
      }
      return null;
    },
    { text, nth, within },
  );
  if (!point) throw new Error(`"${text}" (#${nth}) is not on the page`);
  return point;
}

/** Detection has marked the page (highlights are registered per document, visible here too). */
async function waitForMarks(page: Page) {
  await page.waitForFunction(() => [...CSS.highlights.keys()].some((name) => name.startsWith('clinical-lens')));
}

async function openHoverPage(page: Page, url: string) {
  await page.goto(url);
  await waitForMarks(page);
  await page.mouse.move(2, 2);
}

test.describe('hover card', () => {
  // How fast it opens is measured by the benchmark (npm run bench), not here.
  test('hovering a term shows its card — preferred term, summary and source', async ({ page, server }) => {
    await openHoverPage(page, server.url('/hover/'));
    const tace = entry('tace');
    const at = await centreOf(page, 'TACE');
    await page.mouse.move(at.x, at.y);
    const card = page.locator(CARD);
    await expect(card).toBeVisible();
    await expect(card.locator('h2')).toHaveText(tace.term);
    await expect(card.locator('.cl-tc-summary')).toHaveText(tace.summary);
    await expect(card.locator('.cl-tc-source')).toContainText(`Source: ${sourceTitle('tace')}, sentence`);
    // A labelled, non-modal dialog with a close button.
    await expect(page.getByRole('dialog', { name: tace.term })).toBeVisible();
    await expect(card.getByRole('button', { name: 'Close' })).toBeVisible();
  });

  test('each term gets its own card', async ({ page, server }) => {
    await openHoverPage(page, server.url('/hover/'));
    for (const [text, id] of [
      ['iodized oil', 'iodized-oil'],
      ['hepatocellular carcinoma', 'hepatocellular-carcinoma'],
    ] as const) {
      const at = await centreOf(page, text);
      await page.mouse.move(at.x, at.y);
      await expect(page.locator(`${CARD} h2`)).toHaveText(entry(id).term);
    }
  });

  test('plain text far from any term shows nothing', async ({ page, server }) => {
    await openHoverPage(page, server.url('/hover/'));
    const plain = await centreOf(page, 'ordinary words');
    await page.mouse.move(plain.x, plain.y);
    await page.waitForTimeout(700);
    await expect(page.locator(CARD)).toHaveCount(0);
  });

  test('the empty space after a term at the end of a line shows nothing, the term itself does', async ({ page, server }) => {
    await openHoverPage(page, server.url('/hover/'));
    // The caret APIs snap to the nearest text: here, to the end of "chemoembolization".
    const term = await centreOf(page, 'chemoembolization', { within: '#tail' });
    await page.mouse.move(term.right + 60, term.y);
    await page.waitForTimeout(700);
    await expect(page.locator(CARD)).toHaveCount(0);
    await page.mouse.move(term.right - 4, term.y);
    await expect(page.locator(`${CARD} h2`)).toHaveText(entry('tace').term);
  });

  test('Escape closes the card, and it stays closed while the pointer rests on the term', async ({ page, server }) => {
    await openHoverPage(page, server.url('/hover/'));
    const at = await centreOf(page, 'TACE');
    await page.mouse.move(at.x, at.y);
    await expect(page.locator(CARD)).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.locator(CARD)).toHaveCount(0);
    await page.mouse.move(at.x + 2, at.y);
    await page.waitForTimeout(500);
    await expect(page.locator(CARD)).toHaveCount(0);
  });

  test('the card stays open while the pointer moves onto it, and closes once the pointer leaves both', async ({ page, server }) => {
    await openHoverPage(page, server.url('/hover/'));
    const at = await centreOf(page, 'TACE');
    await page.mouse.move(at.x, at.y);
    const card = page.locator(CARD);
    await expect(card).toBeVisible();
    const box = await card.boundingBox();
    if (!box) throw new Error('card has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
    await page.waitForTimeout(800);
    await expect(card).toBeVisible();
    const plain = await centreOf(page, 'ordinary words');
    await page.mouse.move(plain.x, box.y + box.height + 150);
    await expect(card).toHaveCount(0, { timeout: 1500 });
  });

  test('racing back and forth across a term shows no card', async ({ page, server }) => {
    // Longer on the term than the hover delay, but always moving at several px/ms. If the
    // machine stalls between two mouse events for longer than the delay, the pointer has in
    // effect stopped (and a card would rightly open), so such a sweep is repeated.
    let slowest = Infinity;
    for (let attempt = 0; attempt < 3 && slowest >= DEFAULT_HOVER_INTENT.delayMs / 2; attempt++) {
      await openHoverPage(page, server.url('/hover/'));
      const term = await centreOf(page, 'hepatocellular carcinoma', { within: '#racetrack' });
      await page.mouse.move(term.left - 20, term.y);
      slowest = 0;
      let [x, step, last] = [term.left + 2, 12, Date.now()];
      const started = last;
      while (Date.now() - started < 500) {
        if (x + step > term.right - 2 || x + step < term.left + 2) step = -step;
        x += step;
        await page.mouse.move(x, term.y);
        slowest = Math.max(slowest, Date.now() - last);
        last = Date.now();
      }
      const plain = await centreOf(page, 'ordinary words');
      await page.mouse.move(plain.x, plain.y, { steps: 4 });
      await page.waitForTimeout(600);
      if (slowest >= DEFAULT_HOVER_INTENT.delayMs / 2) continue;
      // Our host is created with the first card: none means no card was shown at any moment.
      await expect(page.locator('clinical-lens-ui')).toHaveCount(0);
    }
    expect(slowest, 'the machine was too busy to move the mouse steadily').toBeLessThan(DEFAULT_HOVER_INTENT.delayMs / 2);
  });

  test('dark mode gives the card a dark background', async ({ page, server }) => {
    await openHoverPage(page, server.url('/hover/'));
    const at = await centreOf(page, 'TACE');
    const background = async () => {
      await page.mouse.move(2, 2);
      await expect(page.locator(CARD)).toHaveCount(0, { timeout: 1500 });
      await page.mouse.move(at.x, at.y);
      await expect(page.locator(CARD)).toBeVisible();
      return page.locator(CARD).evaluate((el) => getComputedStyle(el).backgroundColor);
    };
    const luminance = (rgb: string) => {
      const [r = 0, g = 0, b = 0] = (rgb.match(/\d+/g) ?? []).map(Number);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await background();
    expect(dark).not.toBe(light);
    expect(luminance(light)).toBeGreaterThan(200);
    expect(luminance(dark)).toBeLessThan(60);
  });

  test('the card lives in our one shadow host; the page DOM is otherwise unchanged; no errors', async ({ page, server }) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await openHoverPage(page, server.url('/hover/'));
    const before = await page.evaluate(() => document.body.innerHTML);
    expect(await page.locator('clinical-lens-ui').count()).toBe(0);
    const at = await centreOf(page, 'TACE');
    await page.mouse.move(at.x, at.y);
    await expect(page.locator(CARD)).toBeVisible();
    await page.keyboard.press('Escape');
    const after = await page.evaluate(() => ({
      body: document.body.innerHTML,
      hosts: document.querySelectorAll('clinical-lens-ui').length,
      hostParent: document.querySelector('clinical-lens-ui')?.parentNode === document.documentElement,
      mutations: (window as unknown as { __mutations: { type: string; target: string; added: string[]; removed: string[] }[] }).__mutations,
    }));
    expect(after.body).toBe(before);
    expect(after.hosts).toBe(1);
    expect(after.hostParent).toBe(true);
    expect(after.mutations).toEqual([{ type: 'childList', target: 'HTML', attribute: null, added: ['CLINICAL-LENS-UI'], removed: [] }]);
    expect(errors).toEqual([]);
  });

  test('keyboard: a shortcut moves focus into the card, Tab reaches its buttons, Escape closes it', async ({ page, server }) => {
    await openHoverPage(page, server.url('/hover/'));
    const at = await centreOf(page, 'TACE');
    await page.mouse.move(at.x, at.y);
    await expect(page.locator(CARD)).toBeVisible();
    await page.keyboard.press('Alt+Shift+KeyF');
    await expect(page.locator(CARD)).toBeFocused();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.querySelector('clinical-lens-ui')?.shadowRoot?.activeElement?.getAttribute('aria-label'));
    expect(focused).toBe('Close');
    // Focus pins the card: the pointer leaving does not close it.
    await page.mouse.move(2, 2);
    await page.waitForTimeout(700);
    await expect(page.locator(CARD)).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.locator(CARD)).toHaveCount(0);
  });

  test('the card stays inside the window for a term in the bottom-right corner', async ({ page, server }) => {
    await openHoverPage(page, server.url('/hover/'));
    const at = await centreOf(page, 'Lipiodol', { within: '#corner' });
    await page.mouse.move(at.x, at.y);
    const card = page.locator(CARD);
    await expect(card.locator('h2')).toHaveText(entry('iodized-oil').term);
    const box = await card.boundingBox();
    const viewport = page.viewportSize();
    if (!box || !viewport) throw new Error('no geometry');
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    expect(box.y + box.height).toBeLessThanOrEqual(at.y); // flipped above the term
  });

  test('a term under a transparent overlay still gets its card', async ({ page, server }) => {
    await openHoverPage(page, server.url('/hover/'));
    const at = await centreOf(page, 'TACE', { within: '#covered' });
    await page.mouse.move(at.x, at.y);
    await expect(page.locator(`${CARD} h2`)).toHaveText(entry('tace').term);
  });

  test('a term inside an open shadow root gets its card', async ({ page, server }) => {
    await openHoverPage(page, server.url('/hover/'));
    const at = await page.evaluate(() => {
      const text = document.querySelector('#shadow-host')?.shadowRoot?.querySelector('p')?.firstChild as Text;
      const start = text.data.indexOf('Lipiodol');
      const range = document.createRange();
      range.setStart(text, start);
      range.setEnd(text, start + 'Lipiodol'.length);
      const r = range.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    await page.mouse.move(at.x, at.y);
    await expect(page.locator(`${CARD} h2`)).toHaveText(entry('iodized-oil').term);
  });

  test('in fullscreen the card is shown inside the fullscreen element', async ({ page, server }) => {
    await openHoverPage(page, server.url('/hover/'));
    await page.evaluate(() => document.querySelector('#stage')?.requestFullscreen());
    await page.waitForFunction(() => document.fullscreenElement?.id === 'stage');
    const at = await centreOf(page, 'iodized oil', { within: '#stage' });
    await page.mouse.move(at.x, at.y);
    await expect(page.locator(`${CARD} h2`)).toHaveText(entry('iodized-oil').term);
    expect(await page.evaluate(() => document.querySelector('clinical-lens-ui')?.parentElement?.id)).toBe('stage');
  });
});

test.describe('hover on real text', () => {
  const story = 'dev-positives/clinical-trials/NCT00960518.story';
  test.skip(!existsSync(join(CORPUS_DIR, story)), `../shared/corpus/${story} is absent (only a development checkout has the shared corpus)`);

  test('a ClinicalTrials.gov description: TACE, iodized oil and hepatocellular carcinoma get the right cards, DOM untouched', async ({ page, server }) => {
    await openHoverPage(page, server.url(`/corpus/${story}`));
    const before = await page.evaluate(() => document.body.innerHTML);
    for (const [text, id, nth] of [
      ['TACE', 'tace', 1],
      ['iodized oil', 'iodized-oil', 0],
      ['Hepatocellular carcinoma', 'hepatocellular-carcinoma', 0],
    ] as const) {
      const at = await centreOf(page, text, { nth });
      await page.mouse.move(at.x, at.y);
      await expect(page.locator(`${CARD} h2`)).toHaveText(entry(id).term);
      await expect(page.locator(`${CARD} .cl-tc-summary`)).toHaveText(entry(id).summary);
    }
    expect(await page.evaluate(() => document.body.innerHTML)).toBe(before);
    expect(await page.locator('clinical-lens-ui').count()).toBe(1);
  });
});
