// Inert content: a personal glossary entry with markup in every field — tags, <script>, event
// handler attributes, javascript: URLs — imported through the options page, shows as the very
// same text everywhere it appears (the options list, the popup's results and card, the hover
// card on a page) and never becomes an element or runs. (Knowledge entries go through the same
// TermCard: tests/unit/term-card.test.tsx; notes: tests/unit/notes-view.test.tsx.)
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { markedTexts, pointOf } from './text-points';

/** Each field would do something if it were ever parsed as HTML: every one sets the title. */
const HOSTILE = {
  term: `<img src=x onerror="document.title='pwned-term'">Pledget`,
  alias: `<script>document.title='pwned-alias'</script>`,
  summary: `<b>bold?</b> <a href="javascript:document.title='pwned-link'">link</a> <svg onload="document.title='pwned-svg'"></svg>`,
  source: `<iframe src="javascript:parent.document.title='pwned-source'"></iframe>Ward formulary`,
};

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
