// Inert content: a personal glossary entry with markup in every field — tags, <script>, event
// handler attributes, javascript: URLs — imported through the options page, and a note with
// markup in its text, its tags and the page words it is on, made in the page, show as the very
// same text everywhere they appear (options, popup, the hover card and the note card on a page)
// and never become elements or run. (Knowledge entries go through the same TermCard:
// tests/unit/term-card.test.tsx; notes also: tests/unit/notes-view.test.tsx.)
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { NOTE_HIGHLIGHT, noteMarks, select } from './notes-page';
import { markedTexts, pointOf } from './text-points';

/** Each field would do something if it were ever parsed as HTML: every one sets the title. */
const HOSTILE = {
  term: `<img src=x onerror="document.title='pwned-term'">Pledget`,
  alias: `<script>document.title='pwned-alias'</script>`,
  summary: `<b>bold?</b> <a href="javascript:document.title='pwned-link'">link</a> <svg onload="document.title='pwned-svg'"></svg>`,
  source: `<iframe src="javascript:parent.document.title='pwned-source'"></iframe>Ward formulary`,
};

/** A note whose text and tags would each do something if parsed as HTML; every one sets the title. */
const HOSTILE_NOTE = {
  text: `<img src=x onerror="document.title='pwned-note'"> <script>document.title='pwned-script'</script> <a href="javascript:document.title='pwned-link'">chart</a> <b onclick="document.title='pwned-click'">bold?</b>`,
  tags: [`<svg onload="document.title='pwned-tag'">`, `javascript:document.title='pwned-tag-url'`, `<iframe src="javascript:parent.document.title='pwned-frame'">`],
  /** Page words the note is on: an order pasted as text into a chart, markup characters and all. */
  quote: `<img src=y onerror="document.title='pwned-quote'">`,
};

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Collects the errors a page reports (a refused inline handler would be one). */
function errorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return errors;
}

/** What markup would leave behind, in a page or in our shadow root. */
const PARSED = 'img, script, svg, iframe, b, a[href^="javascript"]';

const csvField = (text: string) => `"${text.replace(/"/g, '""')}"`;
const HOSTILE_CSV = `term,aliases,summary,source\r\n${[HOSTILE.term, `Pledget; ${HOSTILE.alias}`, HOSTILE.summary, HOSTILE.source].map(csvField).join(',')}\r\n`;

/** The page's title, and what markup nodes the document (and our UI's shadow root) hold. */
async function traces(page: Page): Promise<{ title: string; parsed: number }> {
  return page.evaluate((selector) => {
    const ui = document.querySelector('clinical-lens-ui')?.shadowRoot;
    const parsed = document.querySelectorAll(selector).length + (ui?.querySelectorAll(selector).length ?? 0);
    return { title: document.title, parsed };
  }, PARSED);
}

test('markup in a glossary entry stays text in the options page, the popup and the hover card', async ({ context, extensionId, server }) => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html#glossary`);
  const before = await traces(options);
  await options.getByLabel('Glossary file').setInputFiles({ name: 'hostile.csv', mimeType: 'text/csv', buffer: Buffer.from(HOSTILE_CSV) });
  await expect(options.getByRole('status').filter({ hasText: 'Imported' })).toBeVisible();
  const row = options.getByRole('article', { name: HOSTILE.term });
  await expect(row.locator('.entry-term')).toHaveText(HOSTILE.term);
  await expect(row.locator('.entry-aliases')).toHaveText(`Pledget · ${HOSTILE.alias}`);
  await expect(row.locator('.entry-summary')).toHaveText(HOSTILE.summary);
  expect(await traces(options)).toEqual(before);

  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  const popupBefore = await traces(popup);
  await popup.getByRole('combobox', { name: 'Look up a term' }).pressSequentially('pledget');
  await expect(popup.getByRole('option').first().locator('.cl-hit-term')).toHaveText(HOSTILE.term);
  await popup.keyboard.press('Enter');
  await expect(popup.getByRole('heading', { level: 2 })).toHaveText(HOSTILE.term);
  await expect(popup.locator('.cl-tc-summary')).toHaveText(HOSTILE.summary);
  await expect(popup.locator('.cl-tc-source')).toContainText(HOSTILE.source);
  expect(await traces(popup)).toEqual(popupBefore);

  // On a page the alias is marked, and its card shows the same text.
  const page = await context.newPage();
  const url = server.url('/inert/chart.html');
  await context.route(url, (route) =>
    route.fulfill({ contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>Chart</title><link rel="icon" href="data:,"><p style="font: 18px sans-serif">A Pledget was placed before closure.</p>' }),
  );
  await page.goto(url);
  await expect.poll(() => markedTexts(page)).toEqual(['Pledget']);
  const at = await pointOf(page, 'Pledget');
  await page.mouse.move(at.x, at.y, { steps: 2 });
  const card = page.locator('clinical-lens-ui .cl-popover');
  await expect(card.locator('h2')).toHaveText(HOSTILE.term);
  await expect(card.locator('.cl-tc-summary')).toHaveText(HOSTILE.summary);
  await expect(card.locator('.cl-tc-source')).toContainText(HOSTILE.source);
  expect(await traces(page)).toEqual({ title: 'Chart', parsed: 0 });
});

/** What markup would leave behind inside the element matching `container` (a list of notes). */
const parsedIn = (page: Page, container: string) =>
  page.evaluate(([c, selector]) => {
    const list = document.querySelector(c);
    return list ? list.querySelectorAll(selector).length : null;
  }, [container, PARSED] as const);

test('markup in a note’s text, tags and words stays text in the note card, the popup and the options page', async ({ context, extensionId, server }) => {
  test.setTimeout(60_000);
  const page = await context.newPage();
  const pageErrors = errorsOf(page);
  const url = server.url('/inert/order.html');
  await context.route(url, (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><title>Chart</title><link rel="icon" href="data:,"><p id="plan" style="font: 18px sans-serif">Order pasted from the old system: ${escapeHtml(HOSTILE_NOTE.quote)} before TACE.</p>`,
    }),
  );
  await page.goto(url);

  // Made in the page: the words selected, the text and tags typed into the editor.
  await select(page, '#plan', HOSTILE_NOTE.quote);
  await page.evaluate(() => document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true })));
  await page.locator('clinical-lens-ui button', { hasText: 'Add note' }).click();
  const editor = page.locator('clinical-lens-ui form[aria-label="Note"]');
  await expect(editor.locator('blockquote')).toHaveText(HOSTILE_NOTE.quote);
  await editor.locator('textarea').fill(HOSTILE_NOTE.text);
  await editor.getByRole('textbox', { name: /Tags/ }).fill(HOSTILE_NOTE.tags.join(', '));
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor).toHaveCount(0);
  await expect.poll(() => noteMarks(page)).toEqual([HOSTILE_NOTE.quote]);

  // The note card in the page.
  const at = await page.evaluate((name) => {
    const r = [...(CSS.highlights.get(name) as Iterable<Range>)][0]!.getClientRects()[0]!;
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }, NOTE_HIGHLIGHT);
  await page.mouse.click(at.x, at.y);
  const card = page.locator('clinical-lens-ui section[aria-label="Note"]');
  await expect(card.locator('blockquote')).toHaveText(HOSTILE_NOTE.quote);
  await expect(card.locator('.cl-note-text')).toHaveText(HOSTILE_NOTE.text);
  await expect(card.getByRole('list', { name: 'Tags' }).getByRole('listitem')).toHaveText(HOSTILE_NOTE.tags);
  expect(await traces(page)).toEqual({ title: 'Chart', parsed: 0 });

  // The popup's list of this page's notes.
  const popup = await context.newPage();
  const popupErrors = errorsOf(popup);
  await page.bringToFront();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  const listed = popup.getByRole('region', { name: 'Notes on this page' }).getByRole('button');
  await expect(listed.locator('.page-note-text')).toHaveText(HOSTILE_NOTE.text, { timeout: 15_000 });
  await expect(listed.locator('.page-note-quote')).toHaveText(`“${HOSTILE_NOTE.quote}”`);
  expect(await parsedIn(popup, '.page-notes')).toBe(0);

  // The options page's Notes view.
  const options = await context.newPage();
  const optionsErrors = errorsOf(options);
  await options.goto(`chrome-extension://${extensionId}/options.html#notes`);
  const row = options.locator('.notes-list > li');
  await expect(row).toHaveCount(1);
  await expect(row.locator('.note-quote')).toHaveText(HOSTILE_NOTE.quote);
  await expect(row.locator('.note-text')).toHaveText(HOSTILE_NOTE.text);
  await expect(row.locator('.note-tags > li')).toHaveText(HOSTILE_NOTE.tags);
  expect(await parsedIn(options, '.notes-list')).toBe(0);

  // Nothing ran anywhere: every payload would have set a title or been refused with an error.
  expect(await page.title()).toBe('Chart');
  for (const extensionPage of [popup, options]) expect(await extensionPage.title()).toMatch(/^Clinical Lens/);
  expect([...pageErrors, ...popupErrors, ...optionsErrors]).toEqual([]);
});
