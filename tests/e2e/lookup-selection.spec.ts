// "Look up selection" on the built extension. Headless Chromium can neither click an extension's
// context-menu item nor press its keyboard command, so each test sends the very message the
// background sends (entrypoints/background/selection-lookup.ts, whose choice of tab, frame and
// text is unit-tested in tests/unit/selection-lookup.test.ts) from the service worker: the
// menu's to frame 0 with the menu's text, the command's to every frame without text.
import type { Frame, Page, Worker } from '@playwright/test';
import { termOf } from './knowledge';
import { expect, test } from './fixtures';

const CARD = 'clinical-lens-ui [data-part=lookup] .cl-popover';

/** Detection has marked the document (so the content script is running there). */
async function waitForMarks(target: Page | Frame) {
  await target.waitForFunction(() => (CSS.highlights.get('clinical-lens-term')?.size ?? 0) > 0);
}

async function openPage(page: Page, url: string) {
  await page.goto(url);
  await waitForMarks(page);
  await waitForMarks(frameOf(page));
  await page.bringToFront();
}

const frameOf = (page: Page): Frame => {
  const frame = page.frames().find((f) => f.url().endsWith('/settings/frame.html'));
  if (!frame) throw new Error('the test page has no frame');
  return frame;
};

/** Selects the first occurrence of `text` in the document's text, as a reader's drag would. */
async function select(target: Page | Frame, text: string) {
  const found = await target.evaluate((text) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = (node as Text).data.indexOf(text);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + text.length);
      const selection = getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      const r = range.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    }
    return null;
  }, text);
  if (!found) throw new Error(`"${text}" is not on the page`);
  return found;
}

/** The id of the tab in front (the test page, brought to front). */
async function frontTabId(serviceWorker: Worker): Promise<number> {
  const id = await serviceWorker.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id);
  if (id === undefined) throw new Error('no active tab');
  return id;
}

/** What the context menu's click sends: the selected text, to the frame the menu was opened in. */
async function lookUpFromMenu(serviceWorker: Worker, text: string) {
  const tabId = await frontTabId(serviceWorker);
  return serviceWorker.evaluate(({ tabId, text }) => chrome.tabs.sendMessage(tabId, { type: 'lookupSelection', text }, { frameId: 0 }), { tabId, text });
}

/** What the keyboard command sends: no text, to every frame; the focused frame answers. */
async function lookUpFromCommand(serviceWorker: Worker) {
  const tabId = await frontTabId(serviceWorker);
  return serviceWorker.evaluate((tabId) => chrome.tabs.sendMessage(tabId, { type: 'lookupSelection' }), tabId);
}

/** The element with keyboard focus, looking into our shadow root. */
const focused = (target: Page | Frame) =>
  target.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active ? `${active.localName}${active.id ? `#${active.id}` : ''}${active.classList.length ? `.${[...active.classList].join('.')}` : ''}` : null;
  });

test.describe('look up selection', () => {
  test('from the context menu: a misspelled selection gets its closest entry beside it, keyboard first; Escape closes', async ({ page, server, serviceWorker }) => {
    await openPage(page, server.url('/settings/'));
    const selected = await select(page, 'lipidol');
    const reply = await lookUpFromMenu(serviceWorker, 'lipidol');
    expect(reply).toEqual({ ok: true, value: true });

    const card = page.locator(CARD);
    await expect(card.locator('h2')).toHaveText(termOf('iodized-oil'));
    await expect(card).toContainText('lipidol');
    await expect(page.getByRole('dialog', { name: termOf('iodized-oil') })).toBeVisible();
    // Focus is in the card, so the keyboard reaches its buttons and links.
    expect(await focused(page)).toBe('div.cl-popover');
    // Beside the selection: starting under (or above) it, overlapping it horizontally.
    const box = await card.boundingBox();
    if (!box) throw new Error('the card has no box');
    const gap = box.y >= selected.bottom ? box.y - selected.bottom : selected.top - (box.y + box.height);
    expect(gap).toBeGreaterThanOrEqual(0);
    expect(gap).toBeLessThan(30);
    expect(box.x).toBeLessThan(selected.right);
    expect(box.x + box.width).toBeGreaterThan(selected.left);

    await page.keyboard.press('Escape');
    await expect(card).toHaveCount(0);
    expect(await focused(page)).not.toContain('cl-popover');
    expect(await page.evaluate(() => getSelection()?.toString())).toBe('lipidol');
  });

  test('an exact brand name opens its entry directly', async ({ page, server, serviceWorker }) => {
    await openPage(page, server.url('/settings/'));
    await select(page, 'Lipiodol');
    await lookUpFromMenu(serviceWorker, 'Lipiodol');
    const card = page.locator(CARD);
    await expect(card.locator('h2')).toHaveText(termOf('iodized-oil'));
    // Exact: no "closest match" wording and no other candidates.
    await expect(card.locator('.cl-candidates-title')).toHaveCount(0);
    await expect(card.getByRole('tab')).toHaveCount(0);
  });

  test('says plainly when no entry matches', async ({ page, server, serviceWorker }) => {
    await openPage(page, server.url('/settings/'));
    await select(page, 'zyxwvq');
    await lookUpFromMenu(serviceWorker, 'zyxwvq');
    const card = page.locator(CARD);
    await expect(card.getByRole('status')).toHaveText('No entry matches “zyxwvq”.');
    await expect(card.locator('h2')).toHaveCount(0);
    await card.getByRole('button', { name: 'Close' }).click();
    await expect(card).toHaveCount(0);
  });

  test('several close matches are offered as tabs that arrow keys move between', async ({ page, server, serviceWorker }) => {
    await openPage(page, server.url('/settings/'));
    await lookUpFromMenu(serviceWorker, 'chemotherapy');
    const card = page.locator(CARD);
    await expect(card.locator('.cl-candidates-title')).toHaveText('Best matches for “chemotherapy”:');
    const tabs = card.getByRole('tab');
    expect(await tabs.count()).toBeGreaterThan(1);
    const terms = await tabs.allTextContents();
    expect(terms).toEqual(expect.arrayContaining([termOf('interventional-chemotherapy'), termOf('systemic-chemotherapy')]));
    await expect(card.locator('h2')).toHaveText(terms[0] ?? '');
    await tabs.first().focus();
    await page.keyboard.press('ArrowRight');
    await expect(tabs.nth(1)).toBeFocused();
    await expect(card.locator('h2')).toHaveText(terms[1] ?? '');
    await page.keyboard.press('Escape');
    await expect(card).toHaveCount(0);
  });

  test('from the keyboard command: only the focused frame answers, with its own selection', async ({ page, server, serviceWorker }) => {
    await openPage(page, server.url('/settings/'));
    const frame = frameOf(page);
    await select(frame, 'Gelfoam');
    await frame.evaluate(() => window.focus());
    expect(await frame.evaluate(() => document.hasFocus())).toBe(true);
    await lookUpFromCommand(serviceWorker);
    await expect(frame.locator(CARD).locator('h2')).toHaveText(termOf('gelatin-sponge'));
    await expect(page.locator(CARD)).toHaveCount(0);
    await frame.locator('body').press('Escape');
    await expect(frame.locator(CARD)).toHaveCount(0);
  });

  test('from the keyboard command in a text field: looks up the field’s selection and gives focus back unchanged', async ({ page, server, serviceWorker }) => {
    await openPage(page, server.url('/settings/'));
    const field = page.locator('#field');
    await field.focus();
    await field.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(0, 'Gelfoam'.length));
    await lookUpFromCommand(serviceWorker);
    const card = page.locator(CARD);
    await expect(card.locator('h2')).toHaveText(termOf('gelatin-sponge'));
    expect(await focused(page)).toBe('div.cl-popover');
    await page.keyboard.press('Escape');
    await expect(card).toHaveCount(0);
    await expect(field).toBeFocused();
    await expect(field).toHaveValue('Gelfoam was used');
  });

  test('from the keyboard command with nothing selected: says what to do', async ({ page, server, serviceWorker }) => {
    await openPage(page, server.url('/settings/'));
    await page.evaluate(() => getSelection()?.removeAllRanges());
    await lookUpFromCommand(serviceWorker);
    await expect(page.locator(CARD).getByRole('status')).toHaveText('Select a word or term on the page first, then look it up.');
  });

  test('the look-up window (for tabs without Clinical Lens) opens with the text already searched', async ({ context, extensionId }) => {
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html?q=${encodeURIComponent('lipidol')}`);
    await expect(popup.getByRole('combobox', { name: 'Look up a term' })).toHaveValue('lipidol');
    await expect(popup.getByRole('listbox').locator('[role=option] .cl-hit-term').first()).toHaveText(termOf('iodized-oil'));
    await expect(popup.getByRole('switch')).toHaveCount(0);
  });
});
