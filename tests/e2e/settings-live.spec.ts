// Settings and the personal glossary followed live by a page that is already open, in the built
// extension: no reload, and the page's own DOM left alone. Changes are made the way a user makes
// them (the popup's site switch, the options page) or, for the "only on these sites" mode, by
// writing the settings item as another context would.
import type { BrowserContext, Frame, Page, Worker } from '@playwright/test';
import { termOf } from './knowledge';
import { pointOf } from './text-points';
import { expect, test } from './fixtures';

const HIGHLIGHT = 'clinical-lens-term';
const HOVER_CARD = 'clinical-lens-ui [data-part=hover] .cl-popover';

/** The marked texts of a document, sorted (read in the page's world: the registry is shared). */
const marked = (target: Page | Frame) =>
  target.evaluate((name) => [...(CSS.highlights.get(name) ?? [])].map((range) => (range as Range).toString()).sort(), HIGHLIGHT);

/** The CSS rules of constructed sheets adopted into the document that style our highlight. */
const highlightRules = (page: Page) =>
  page.evaluate((name) => document.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)).filter((css) => css.includes(name)), HIGHLIGHT);

async function openTestPage(page: Page, url: string) {
  await page.goto(url);
  await expect.poll(() => marked(page)).toContain('TACE');
}

async function openOptions(context: BrowserContext, extensionId: string, section = ''): Promise<Page> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html${section ? `#${section}` : ''}`);
  return options;
}

/** The popup as the browser opens it over `over` (see popup.spec.ts). */
async function openPopup(context: BrowserContext, extensionId: string, over: Page): Promise<Page> {
  const popup = await context.newPage();
  await over.bringToFront();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  return popup;
}

const writeSettings = (serviceWorker: Worker, change: Record<string, unknown>) =>
  serviceWorker.evaluate(async (change) => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(settings as object | undefined), ...change } });
  }, change);

test.describe('settings followed live by an open page', () => {
  test('the popup’s site switch removes every mark and puts them back, without a reload or a page DOM change', async ({ context, extensionId, page, server }) => {
    await openTestPage(page, server.url('/settings/'));
    const before = await marked(page);
    const frame = page.frameLocator('#frame');
    expect(before).toEqual(['Lipiodol', 'TACE', 'hepatocellular carcinoma']);
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));

    const popup = await openPopup(context, extensionId, page);
    const toggle = popup.getByRole('switch', { name: 'Mark terms on 127.0.0.1' });
    await toggle.press('Space');
    await expect(toggle).toHaveAttribute('aria-checked', 'false');
    await expect.poll(() => marked(page)).toEqual([]);
    expect(await page.evaluate((name) => CSS.highlights.has(name), HIGHLIGHT)).toBe(false);
    expect(await highlightRules(page)).toEqual([]);
    // The iframe is on the same site: off too.
    const framed = page.frames().find((f) => f.url().endsWith('/frame.html'));
    if (!framed) throw new Error('no frame');
    await expect.poll(() => marked(framed)).toEqual([]);
    // While off, text added to the page is not scanned.
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<p id="late">Later: iodized oil again.</p>'));

    // A popup opened now finds nothing listed for the page, and says why.
    const again = await openPopup(context, extensionId, page);
    await expect(again.getByText('Clinical Lens is off on this site.')).toBeVisible();

    await toggle.press('Space');
    await expect(toggle).toHaveAttribute('aria-checked', 'true');
    await expect.poll(() => marked(page)).toEqual(['Lipiodol', 'TACE', 'hepatocellular carcinoma', 'iodized oil']);
    await expect.poll(() => marked(framed)).toEqual(['Gelfoam', 'TACE', 'embolization']);
    expect(await highlightRules(page)).toHaveLength(1);
    expect(navigations).toEqual([]);
    await expect(frame.locator('#framed')).toBeVisible();
    // The only change to the page's DOM was its own (the paragraph it added).
    expect(await page.evaluate(() => (window as unknown as { __mutations: string[] }).__mutations)).toEqual(['childList BODY']);
  });

  test('"only on these sites" mode: off until the site is listed, then on', async ({ page, server, serviceWorker }) => {
    await openTestPage(page, server.url('/settings/'));
    await writeSettings(serviceWorker, { sites: { mode: 'only-listed', offSites: [], onlySites: ['ehr.example.org'] } });
    await expect.poll(() => marked(page)).toEqual([]);
    await writeSettings(serviceWorker, { sites: { mode: 'only-listed', offSites: [], onlySites: ['ehr.example.org', '127.0.0.1'] } });
    await expect.poll(() => marked(page)).toEqual(['Lipiodol', 'TACE', 'hepatocellular carcinoma']);
  });

  test('a frame where it is off still answers the popup: its URL, and no terms', async ({ page, server, serviceWorker }) => {
    await openTestPage(page, server.url('/settings/'));
    await writeSettings(serviceWorker, { sites: { mode: 'everywhere', offSites: ['127.0.0.1'], onlySites: [] } });
    await expect.poll(() => marked(page)).toEqual([]);
    await page.bringToFront();
    const answers = await serviceWorker.evaluate(async () => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      if (tab?.id === undefined) return null;
      return [await chrome.tabs.sendMessage(tab.id, { type: 'pageUrl' }, { frameId: 0 }), await chrome.tabs.sendMessage(tab.id, { type: 'pageTerms' }, { frameId: 0 })];
    });
    expect(answers).toEqual([
      { ok: true, value: server.url('/settings/') },
      { ok: true, value: [] },
    ]);
  });

  test('highlight style: a tinted background, then no paint at all while hover still works', async ({ context, extensionId, page, server }) => {
    await openTestPage(page, server.url('/settings/'));
    const [underline] = await highlightRules(page);
    expect(underline).toContain('text-decoration');

    const options = await openOptions(context, extensionId);
    await options.getByRole('radio', { name: 'Tinted background' }).check();
    await expect.poll(() => highlightRules(page)).toEqual([expect.stringContaining('background-color')]);
    expect((await highlightRules(page))[0]).not.toContain('text-decoration');

    await options.getByRole('radio', { name: 'Not marked (hovering still works)' }).check();
    await expect.poll(() => highlightRules(page)).toEqual([]);
    // Still registered, so hovering a term still opens its card.
    expect(await marked(page)).toEqual(['Lipiodol', 'TACE', 'hepatocellular carcinoma']);
    await page.bringToFront();
    await page.mouse.move(2, 2);
    const at = await pointOf(page, 'TACE');
    await page.mouse.move(at.x, at.y);
    await expect(page.locator(HOVER_CARD).locator('h2')).toHaveText(termOf('tace'));
  });

  test('categories: unticking Agents unmarks Lipiodol only, and ticking it marks it again', async ({ context, extensionId, page, server }) => {
    await openTestPage(page, server.url('/settings/'));
    const options = await openOptions(context, extensionId);
    const agents = options.getByRole('checkbox', { name: 'Agents (drugs, embolic materials)' });
    await agents.uncheck();
    await expect.poll(() => marked(page)).toEqual(['TACE', 'hepatocellular carcinoma']);
    await agents.check();
    await expect.poll(() => marked(page)).toEqual(['Lipiodol', 'TACE', 'hepatocellular carcinoma']);
  });

  test('hover delay and modifier key apply to the open page', async ({ context, extensionId, page, server }) => {
    await openTestPage(page, server.url('/settings/'));
    const options = await openOptions(context, extensionId);
    await options.getByRole('slider', { name: 'Hover delay' }).fill('1000');
    await expect(options.locator('output[for=hover-delay]')).toHaveText('1000 ms');

    await page.bringToFront();
    await page.mouse.move(2, 2);
    const card = page.locator(HOVER_CARD);
    const tace = await pointOf(page, 'TACE');
    const started = Date.now();
    await page.mouse.move(tace.x, tace.y);
    await expect(card).toBeVisible({ timeout: 10_000 });
    // The card waits for the whole delay (a loaded machine can only make it later).
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    await page.keyboard.press('Escape');
    await expect(card).toHaveCount(0);

    await options.getByRole('slider', { name: 'Hover delay' }).fill('0');
    await options.getByRole('radio', { name: 'Only while Shift is held' }).check();
    await expect(options.getByRole('radio', { name: 'Only while Shift is held' })).toBeChecked();
    await page.bringToFront();
    await page.mouse.move(2, 2);
    const lipiodol = await pointOf(page, 'Lipiodol');
    await page.mouse.move(lipiodol.x, lipiodol.y);
    // Resting on the term without Shift opens nothing; pressing Shift there opens the card.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 300)))));
    await expect(card).toHaveCount(0);
    await page.keyboard.down('Shift');
    await expect(card.locator('h2')).toHaveText(termOf('iodized-oil'));
    await page.keyboard.up('Shift');
  });
});

test.describe('personal glossary on an open page', () => {
  test('a term imported on the options page is marked at once on an open page, and its card shows', async ({ context, extensionId, page, server }) => {
    await openTestPage(page, server.url('/settings/'));
    expect(await marked(page)).not.toContain('microcoil');

    const options = await openOptions(context, extensionId, 'glossary');
    const csv = 'term,aliases,summary,source\r\nMicrocoil,pushable coil; 微弹簧圈,A small metal coil packed into a vessel to block it.,Ward 5 formulary\r\n';
    await options.getByLabel('Glossary file').setInputFiles({ name: 'ward.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect(options.getByRole('status').filter({ hasText: 'Imported' })).toHaveText('Imported 1 entry from “ward.csv”: 1 new, 0 updated.');

    await expect.poll(() => marked(page)).toEqual(['Lipiodol', 'TACE', 'hepatocellular carcinoma', 'microcoil']);
    await page.bringToFront();
    await page.mouse.move(2, 2);
    const at = await pointOf(page, 'microcoil');
    await page.mouse.move(at.x, at.y);
    const card = page.locator(HOVER_CARD);
    await expect(card.locator('h2')).toHaveText('Microcoil');
    await expect(card.locator('.cl-tc-summary')).toHaveText('A small metal coil packed into a vessel to block it.');
    await expect(card.locator('.cl-tc-personal')).toHaveText('Your glossary');
    // A CSV "source" is a citation of its own: no sentence number.
    await expect(card.locator('.cl-tc-source')).toHaveText('Source: Ward 5 formulary');

    // The same entry imported again with a new summary: the open page's card says the new one
    // (it must not keep the answer it had fetched, or prefetched, before).
    await page.keyboard.press('Escape');
    await page.mouse.move(2, 2);
    await expect(card).toHaveCount(0);
    const revised = csv.replace('A small metal coil packed into a vessel to block it.', 'A small platinum coil packed into a vessel to block it.');
    await options.getByLabel('Glossary file').setInputFiles({ name: 'ward-2.csv', mimeType: 'text/csv', buffer: Buffer.from(revised) });
    await expect(options.getByRole('status').filter({ hasText: 'Imported' })).toHaveText('Imported 1 entry from “ward-2.csv”: 0 new, 1 updated.');
    await page.bringToFront();
    await expect
      .poll(async () => {
        await page.mouse.move(2, 2);
        const again = await pointOf(page, 'microcoil');
        await page.mouse.move(again.x, again.y);
        return card.locator('.cl-tc-summary').textContent({ timeout: 2000 }).catch(() => null);
      })
      .toBe('A small platinum coil packed into a vessel to block it.');

    // Removing it unmarks it everywhere, too.
    await options.getByRole('button', { name: 'Remove “Microcoil”' }).click();
    await expect.poll(() => marked(page)).toEqual(['Lipiodol', 'TACE', 'hepatocellular carcinoma']);
  });
});
