// Notes from the browser's side, on the built extension: the popup lists the page's notes
// (orphans marked), choosing one scrolls the page to it and opens its card; "Add note" from the
// context menu and the keyboard command opens the editor on the selection (headless Chromium
// cannot click a context menu, so the test sends the message the menu's handler sends); locked
// notes are reported as locked.
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures';
import { NOTE_HIGHLIGHT, noteMarks, select } from './notes-page';
import { annotation, send, uuid } from './notes-support';

/** Whether the marked passage `words` lies inside the viewport. */
const markInView = (page: Page, words: string) =>
  page.evaluate(
    ([name, text]) => {
      const range = [...((CSS.highlights.get(name) as Iterable<Range> | undefined) ?? [])].find((r) => r.toString() === text);
      if (!range) return false;
      const box = range.getBoundingClientRect();
      return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
    },
    [NOTE_HIGHLIGHT, words] as const,
  );

const editor = (page: Page) => page.locator('clinical-lens-ui form[aria-label="Note"]');

/** Saves a note on `words` through the in-page "Add note" button and the editor. */
async function addNote(page: Page, selector: string, words: string, note: string): Promise<void> {
  await select(page, selector, words);
  await page.evaluate(() => document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true })));
  await page.locator('clinical-lens-ui button', { hasText: 'Add note' }).click();
  await saveInEditor(page, note);
}

async function saveInEditor(page: Page, note: string): Promise<void> {
  await expect(editor(page)).toBeVisible();
  await editor(page).locator('textarea').fill(note);
  await editor(page).getByRole('button', { name: 'Save' }).click();
  await expect(editor(page)).toHaveCount(0);
}

/** The popup page as the browser opens it over `over` (that tab is the active one). */
async function openPopup(context: BrowserContext, extensionId: string, over: Page): Promise<Page> {
  const popup = await context.newPage();
  await over.bringToFront();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  return popup;
}

/** The active tab's id, as the background sees it (without the "tabs" permission URLs are hidden). */
const activeTabId = (worker: Worker) => worker.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id ?? -1);

test.describe('notes from the popup and the browser', () => {
  test('the popup lists the page’s notes; choosing one scrolls to it and opens its card', async ({ page, context, extensionId, server }) => {
    const chart = server.url('/demo/ehr/chart.html');
    // A short viewport, so the plan is out of sight once the page is scrolled to the top.
    await page.setViewportSize({ width: 900, height: 260 });
    await page.goto(chart);
    await addNote(page, '#plan', 'recheck liver panel in 2 weeks', 'Bilirubin <b>trend</b>: ask hepatology.');
    await expect.poll(() => noteMarks(page), { timeout: 15_000 }).toEqual(['recheck liver panel in 2 weeks']);

    const popup = await openPopup(context, extensionId, page);
    // An orphan: its words are not on this page; it is listed with its quote, never attached.
    const orphan = annotation({ id: uuid(1, 77), source: chart, text: 'Old remark', exact: 'words that were removed from the chart long ago' });
    expect(await send(popup, { type: 'notes:save', annotation: orphan })).toMatchObject({ ok: true });
    await popup.reload();

    const section = popup.getByRole('region', { name: 'Notes on this page' });
    const choice = section.getByRole('button', { name: /Bilirubin <b>trend<\/b>: ask hepatology\./ });
    await expect(choice).toBeVisible({ timeout: 15_000 });
    await expect(choice).toContainText('“recheck liver panel in 2 weeks”');
    const orphanItem = section.getByRole('listitem').filter({ hasText: 'Old remark' });
    await expect(orphanItem).toContainText('“words that were removed from the chart long ago”');
    await expect(orphanItem).toContainText('Not found on this page');
    await expect(orphanItem.getByRole('button')).toHaveCount(0);

    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await markInView(page, 'recheck liver panel in 2 weeks')).toBe(false);
    // By keyboard: focus the note and press Enter.
    await choice.focus();
    await popup.keyboard.press('Enter');
    await expect.poll(() => markInView(page, 'recheck liver panel in 2 weeks'), { timeout: 10_000 }).toBe(true);
    const card = page.locator('clinical-lens-ui section[aria-label="Note"]');
    await expect(card).toBeVisible();
    // Plain text: the note's markup characters are shown, not parsed.
    await expect(card).toContainText('Bilirubin <b>trend</b>: ask hepatology.');
    await expect(section.getByRole('alert')).toHaveCount(0);
  });

  test('"Add note" from the context menu and the command opens the editor on the selection', async ({ page, serviceWorker, server }) => {
    const chart = server.url('/demo/ehr/chart.html');
    await page.goto(chart);
    await expect(page.locator('#plan')).toBeVisible();
    await page.bringToFront();
    const tabId = await activeTabId(serviceWorker);
    expect(tabId).toBeGreaterThan(0);

    // The menu's handler: the frame the menu was opened in (the top one here).
    await select(page, '#plan', 'recheck liver panel in 2 weeks');
    await expect
      .poll(() => serviceWorker.evaluate((id) => chrome.tabs.sendMessage(id, { type: 'addNote', focusedOnly: false }, { frameId: 0 }), tabId), { timeout: 15_000 })
      .toEqual({ ok: true, value: true });
    await expect(editor(page)).toContainText('recheck liver panel in 2 weeks');
    await saveInEditor(page, 'From the menu.');
    await expect.poll(() => noteMarks(page), { timeout: 15_000 }).toEqual(['recheck liver panel in 2 weeks']);

    // Without a selection there is nothing to annotate: no editor opens.
    await page.evaluate(() => document.getSelection()!.removeAllRanges());
    expect(await serviceWorker.evaluate((id) => chrome.tabs.sendMessage(id, { type: 'addNote' }, { frameId: 0 }), tabId)).toEqual({ ok: true, value: false });
    await expect(editor(page)).toHaveCount(0);

    // The command's handler: every frame is asked, and the frame with focus opens the editor.
    await page.bringToFront();
    await select(page, '#plan', 'follow up in interventional radiology clinic');
    await serviceWorker.evaluate((id) => chrome.tabs.sendMessage(id, { type: 'addNote', focusedOnly: true }), tabId);
    await expect(editor(page)).toContainText('follow up in interventional radiology clinic');
    await page.keyboard.press('Escape');
    await expect(editor(page)).toHaveCount(0);
  });

  test('locked notes are reported as locked in the popup', async ({ page, context, extensionId, server }) => {
    const chart = server.url('/demo/ehr/chart.html');
    await page.goto(chart);
    await addNote(page, '#plan', 'recheck liver panel in 2 weeks', 'Private remark.');
    const popup = await openPopup(context, extensionId, page);
    await expect(popup.getByRole('button', { name: /Private remark\./ })).toBeVisible({ timeout: 15_000 });

    expect(await send(popup, { type: 'notes:setLock', passphrase: 'correct horse battery staple' })).toMatchObject({ ok: true });
    expect(await send(popup, { type: 'notes:lock' })).toEqual({ ok: true, value: 'locked' });
    await popup.reload();
    const section = popup.getByRole('region', { name: 'Notes on this page' });
    await expect(section).toContainText('Notes are locked', { timeout: 15_000 });
    await expect(popup.getByText('Private remark.')).toHaveCount(0);
  });
});
