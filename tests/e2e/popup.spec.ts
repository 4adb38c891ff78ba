// The toolbar popup on the built extension, opened as a page: search as you type (typos,
// Chinese), keyboard-only use, the current tab's terms, recent look-ups, the site switch, and
// glossary text that must stay inert.
import type { BrowserContext, Page } from '@playwright/test';
import { termOf } from './knowledge';
import { expect, test } from './fixtures';

/** Opens the popup page as the browser would over `over`: that tab is the active one when the
 * popup loads (the popup page itself lives in a background tab). */
async function openPopup(context: BrowserContext, extensionId: string, over?: Page): Promise<Page> {
  const popup = await context.newPage();
  if (over) await over.bringToFront();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  return popup;
}

const searchField = (popup: Page) => popup.getByRole('combobox', { name: 'Look up a term' });
const options = (popup: Page) => popup.getByRole('listbox').getByRole('option');
const optionTerms = (popup: Page) => popup.getByRole('listbox').locator('[role=option] .cl-hit-term');

test.describe('popup search', () => {
  test('the field has focus on open, and typos and Chinese find the right entry first', async ({ context, extensionId }) => {
    const popup = await openPopup(context, extensionId);
    const field = searchField(popup);
    await expect(field).toBeFocused();
    const cases: [string, string][] = [
      ['lipidol', 'iodized-oil'],
      ['chemoembolisation', 'tace'],
      ['gelfom', 'gelatin-sponge'],
      ['polyvinyl', 'pva-particles'],
      ['明胶海绵', 'gelatin-sponge'],
    ];
    for (const [query, id] of cases) {
      await field.fill('');
      // Typed key by key: every keystroke searches, and the last answer must win.
      await field.pressSequentially(query);
      await expect(optionTerms(popup).first(), `first hit for "${query}"`).toHaveText(termOf(id));
      await expect(popup.getByRole('status').filter({ hasText: /entr(y|ies)$/ })).toBeVisible();
    }
  });

  test('marks the matched letters with <mark>, as text', async ({ context, extensionId }) => {
    const popup = await openPopup(context, extensionId);
    await searchField(popup).pressSequentially('gelfom');
    const first = options(popup).first();
    await expect(first.locator('.cl-hit-term')).toHaveText(termOf('gelatin-sponge'));
    // "Gelatin sponge" is not what matched: the alias line shows "Gelfoam" with its letters marked.
    await expect(first.locator('.cl-hit-alias')).toContainText('Gelfoam');
    const marked = await first.locator('.cl-hit-alias mark').allTextContents();
    expect(marked.join('').toLowerCase()).toMatch(/^gelf/);
  });

  test('says plainly when nothing matches', async ({ context, extensionId }) => {
    const popup = await openPopup(context, extensionId);
    await searchField(popup).pressSequentially('xqzvw');
    await expect(popup.getByRole('status')).toHaveText('No entry matches “xqzvw”.');
    await expect(options(popup)).toHaveCount(0);
    await expect(searchField(popup)).toHaveAttribute('aria-expanded', 'false');
  });

  test('works by keyboard alone: arrows, Enter, related links, Esc back and Esc to clear', async ({ context, extensionId }) => {
    const popup = await openPopup(context, extensionId);
    const field = searchField(popup);
    await field.pressSequentially('embolization');
    // The answer to the whole word, not to a prefix typed on the way, resets the selection.
    await expect(popup.getByRole('listbox')).toHaveAttribute('aria-busy', 'false');
    await expect(options(popup).first()).toHaveAttribute('aria-selected', 'true');
    const secondTerm = (await optionTerms(popup).nth(1).textContent()) ?? '';

    await popup.keyboard.press('ArrowDown');
    const second = options(popup).nth(1);
    await expect(second).toHaveAttribute('aria-selected', 'true');
    await expect(field).toHaveAttribute('aria-activedescendant', (await second.getAttribute('id')) ?? 'missing');
    await popup.keyboard.press('ArrowUp');
    await popup.keyboard.press('ArrowUp');
    await expect(options(popup).first()).toHaveAttribute('aria-selected', 'true');
    await popup.keyboard.press('ArrowDown');

    await popup.keyboard.press('Enter');
    const heading = popup.getByRole('heading', { level: 2 });
    await expect(heading).toHaveText(secondTerm);
    await expect(popup.getByRole('region', { name: secondTerm })).toBeFocused();

    // Tab to the first related entry and follow it.
    const related = popup.getByRole('navigation', { name: 'Related entries' }).getByRole('button').first();
    const relatedTerm = (await related.textContent()) ?? '';
    for (let i = 0; i < 10 && !(await related.evaluate((el) => el === document.activeElement)); i++) await popup.keyboard.press('Tab');
    await expect(related).toBeFocused();
    await popup.keyboard.press('Enter');
    await expect(heading).toHaveText(relatedTerm);

    await popup.keyboard.press('Escape');
    await expect(heading).toHaveText(secondTerm);
    await popup.keyboard.press('Escape');
    await expect(field).toBeFocused();
    await expect(field).toHaveValue('embolization');
    await popup.keyboard.press('Escape');
    await expect(field).toHaveValue('');
  });

  test('lists recent look-ups when the field is empty, and clears them', async ({ context, extensionId }) => {
    const popup = await openPopup(context, extensionId);
    await searchField(popup).pressSequentially('碘化油');
    await popup.keyboard.press('Enter');
    await expect(popup.getByRole('heading', { level: 2 })).toHaveText(termOf('iodized-oil'));
    await popup.keyboard.press('Escape');
    // Back on the list (as the user sees it) before the second Esc clears the field.
    await expect(searchField(popup)).toBeFocused();
    await popup.keyboard.press('Escape');
    await expect(searchField(popup)).toHaveValue('');
    const recent = popup.getByRole('group', { name: 'Recent' });
    await expect(recent.getByRole('option')).toHaveText([new RegExp(`^${termOf('iodized-oil')}`)]);
    // Still there in a popup opened later.
    const again = await openPopup(context, extensionId);
    await expect(again.getByRole('group', { name: 'Recent' }).getByRole('option')).toHaveCount(1);
    await again.getByRole('button', { name: 'Clear recent look-ups' }).click();
    await expect(again.getByRole('group', { name: 'Recent' })).toHaveCount(0);
  });
});

test.describe('popup over a page', () => {
  test('with an empty field lists the terms found on the tab, most frequent first, and opens one with Enter', async ({ context, extensionId, page, server }) => {
    await page.goto(server.url('/hover/'));
    await page.waitForFunction(() => [...CSS.highlights.keys()].some((name) => name.startsWith('clinical-lens')));
    const popup = await openPopup(context, extensionId, page);
    const onPage = popup.getByRole('group', { name: 'On this page' });
    await expect(onPage.getByRole('option').first()).toBeVisible();
    const counts = await onPage.locator('.cl-hit-note').allTextContents();
    const numbers = counts.map((c) => Number.parseInt(c, 10));
    expect(numbers.length).toBeGreaterThan(1);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    const firstTerm = (await onPage.locator('.cl-hit-term').first().textContent()) ?? '';
    await popup.keyboard.press('Enter');
    await expect(popup.getByRole('heading', { level: 2 })).toHaveText(firstTerm);
  });

  test('lists the terms of every frame of the tab, counted together', async ({ context, extensionId, page, server }) => {
    await page.goto(server.url('/settings/'));
    const framed = page.frames().find((f) => f.url().endsWith('/settings/frame.html'));
    if (!framed) throw new Error('the test page has no frame');
    // Gelatin sponge and embolization are mentioned only inside the iframe, TACE in both.
    await framed.waitForFunction(() => (CSS.highlights.get('clinical-lens-term')?.size ?? 0) === 3);
    await page.waitForFunction(() => (CSS.highlights.get('clinical-lens-term')?.size ?? 0) === 3);
    const popup = await openPopup(context, extensionId, page);
    const onPage = popup.getByRole('group', { name: 'On this page' });
    // Most frequent first, ties by id.
    await expect(onPage.locator('.cl-hit-term')).toHaveText(['tace', 'embolization', 'gelatin-sponge', 'hepatocellular-carcinoma', 'iodized-oil'].map(termOf));
    await expect(onPage.locator('.cl-hit-note')).toHaveText([/^2× on this page/, ...Array(4).fill(/^1× on this page/)]);
  });

  test('the site switch turns Clinical Lens off and on for the tab’s site, in the stored settings', async ({ context, serviceWorker, extensionId, page, server }) => {
    await page.goto(server.url('/hover/'));
    const popup = await openPopup(context, extensionId, page);
    const toggle = popup.getByRole('switch', { name: 'Mark terms on 127.0.0.1' });
    await expect(toggle).toHaveAttribute('aria-checked', 'true');
    await toggle.press('Space');
    await expect(toggle).toHaveAttribute('aria-checked', 'false');
    await expect(popup.getByText('Clinical Lens is off on this site.')).toBeVisible();
    const stored = async () => serviceWorker.evaluate(async () => ((await chrome.storage.local.get('settings')) as { settings?: { sites: unknown } }).settings?.sites);
    expect(await stored()).toEqual({ mode: 'everywhere', offSites: ['127.0.0.1'], onlySites: [] });
    await toggle.press('Space');
    await expect(toggle).toHaveAttribute('aria-checked', 'true');
    expect(await stored()).toEqual({ mode: 'everywhere', offSites: [], onlySites: [] });
  });

  test('over a page Clinical Lens cannot read, says so instead of failing', async ({ context, extensionId, page }) => {
    await page.goto('chrome://version/');
    const popup = await openPopup(context, extensionId, page);
    await expect(popup.getByText('Clinical Lens does not run on this page.')).toBeVisible();
    await expect(popup.getByText(/^Terms on this page cannot be listed/)).toBeVisible();
    await searchField(popup).pressSequentially('tace');
    await expect(optionTerms(popup).first()).toHaveText(termOf('tace'));
  });
});

test('markup in a glossary entry shows as text in results and in the card', async ({ context, serviceWorker, extensionId }) => {
  const hostile = '<img src=x onerror="document.title=\'pwned\'">Pledget';
  await serviceWorker.evaluate(async (term) => {
    const entry = { id: 'pledget', term, aliases: ['<script>alert(1)</script>'], category: 'agent', summary: '<b>bold?</b> <a href="javascript:alert(2)">link</a>', facts: [], related: [], ambiguous: [], notAliases: [], sources: [] };
    await chrome.storage.local.set({ glossary: { entries: [entry], sources: {} }, glossary$: { v: 1 } });
  }, hostile);
  const popup = await openPopup(context, extensionId);
  await searchField(popup).pressSequentially('pledget');
  await expect(optionTerms(popup).first()).toHaveText(hostile);
  await expect(options(popup).first().locator('.cl-hit-personal')).toHaveText('Yours');
  await popup.keyboard.press('Enter');
  await expect(popup.getByRole('heading', { level: 2 })).toHaveText(hostile);
  await expect(popup.locator('.cl-tc-summary')).toHaveText('<b>bold?</b> <a href="javascript:alert(2)">link</a>');
  expect(await popup.locator('img, script:not([src]), a[href^="javascript"], b').count()).toBe(0);
  expect(await popup.title()).toBe('Clinical Lens');
});
