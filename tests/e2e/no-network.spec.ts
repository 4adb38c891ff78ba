// Nothing leaves the device: every request of every context of the browser — web pages with our
// content scripts in them, the service worker, the popup and the options page — is recorded
// while each feature is used (hover, look-up, glossary import/export, settings, and notes: add,
// edit, delete in the page, the popup's list, the options Notes view, export/import, the
// passphrase lock), and the only ones allowed are the test's own pages on 127.0.0.1 and our
// extension's own files. Each recorder is first shown to see a request of its context, so "no
// request seen" cannot come from a recorder that sees nothing.
import { readFileSync } from 'node:fs';
import type { BrowserContext, CDPSession, Page, Request } from '@playwright/test';
import { expect, test } from './fixtures';
import { NOTE_HIGHLIGHT, noteMarks, select } from './notes-page';

const PASSPHRASE = 'tidal basin lantern 42';

/** Requests that stay on the machine: our own files, data and blob URLs, and the test's servers. */
function staysLocal(url: string, extensionId: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:') return true;
  if (protocol === 'chrome-extension:') return hostname === extensionId;
  return ['http:', 'https:', 'ws:', 'wss:'].includes(protocol) && hostname === '127.0.0.1';
}

const GLOSSARY_CSV = 'term,aliases,summary,source\r\nMicrospheres,bland microspheres,Calibrated spherical embolic particles.,Ward 5 formulary\r\n';

interface Seen {
  url: string;
  /** Which context asked: a page's URL, or "service worker". */
  from: string;
}

/** Records the requests of every page and worker of the context, and every WebSocket. */
function recordRequests(context: BrowserContext): Seen[] {
  const seen: Seen[] = [];
  const from = (request: Request) => (request.serviceWorker() ? 'service worker' : (request.frame().page()?.url() ?? 'unknown page'));
  context.on('request', (request) => {
    // A request that starts before its frame is known still counts, with an unknown source.
    let source = 'unknown';
    try {
      source = from(request);
    } catch {
      // The frame was gone already.
    }
    seen.push({ url: request.url(), from: source });
  });
  const watchSockets = (page: Page) => page.on('websocket', (socket) => seen.push({ url: socket.url(), from: `${page.url()} (WebSocket)` }));
  context.pages().forEach(watchSockets);
  context.on('page', watchSockets);
  return seen;
}

/** The isolated world our content script runs in, in a page's main frame, via CDP. */
async function contentScriptWorld(page: Page): Promise<{ session: CDPSession; contextId: number }> {
  const session = await page.context().newCDPSession(page);
  const worlds: { id: number; name: string; frameId?: string }[] = [];
  session.on('Runtime.executionContextCreated', ({ context }) => worlds.push({ id: context.id, name: context.name, frameId: context.auxData?.frameId }));
  await session.send('Runtime.enable');
  const { frameTree } = await session.send('Page.getFrameTree');
  const world = worlds.find((w) => w.name === 'Clinical Lens' && w.frameId === frameTree.frame.id);
  if (!world) throw new Error('the content script world was not found');
  return { session, contextId: world.id };
}

const noteEditor = (page: Page) => page.locator('clinical-lens-ui form[aria-label="Note"]');
const noteCard = (page: Page) => page.locator('clinical-lens-ui section[aria-label="Note"]');

/** Selects `words` and saves a note on them with the in-page "Add note" button and editor. */
async function addNote(page: Page, words: string, text: string): Promise<void> {
  await select(page, '#plan', words);
  await page.evaluate(() => document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true })));
  await page.locator('clinical-lens-ui button', { hasText: 'Add note' }).click();
  await noteEditor(page).locator('textarea').fill(text);
  await noteEditor(page).getByRole('button', { name: 'Save' }).click();
  await expect(noteEditor(page)).toHaveCount(0);
}

/** Opens the card of the marked passage `words` with a click on it. */
async function openNoteCard(page: Page, words: string): Promise<void> {
  const at = await page.evaluate(
    ([name, text]) => {
      const range = [...((CSS.highlights.get(name) as Iterable<Range> | undefined) ?? [])].find((r) => r.toString() === text)!;
      const r = range.getClientRects()[0]!;
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    },
    [NOTE_HIGHLIGHT, words] as const,
  );
  await page.mouse.click(at.x, at.y);
  await expect(noteCard(page)).toBeVisible();
}

/** Fetches `url` from a page (our popup or options page: their requests are theirs). */
const fetchFrom = (page: Page, url: string) => page.evaluate((u) => fetch(u).then(() => undefined, () => undefined), url);

test('using every feature sends nothing beyond 127.0.0.1 and our own extension', async ({ context, extensionId, serviceWorker, server }) => {
  test.setTimeout(180_000);
  const seen = recordRequests(context);

  // The recorders see each context: the service worker…
  const probe = (name: string) => server.url(`/probe-${name}`);
  await serviceWorker.evaluate((url) => fetch(url).then(() => undefined, () => undefined), probe('worker'));
  await expect.poll(() => seen.some((s) => s.url === probe('worker') && s.from === 'service worker')).toBe(true);

  // …and a page with our content script in it, whose requests (the content script's included)
  // are the page's.
  const page = await context.newPage();
  await page.goto(server.url('/hover/'));
  await page.waitForFunction(() => CSS.highlights.has('clinical-lens-term'));
  const world = await contentScriptWorld(page);
  await world.session.send('Runtime.evaluate', { contextId: world.contextId, expression: `fetch(${JSON.stringify(probe('content'))}).catch(() => {})` });
  await expect.poll(() => seen.some((s) => s.url === probe('content'))).toBe(true);
  await world.session.detach();

  // Hover: the card's entry comes from the background.
  const at = await page.evaluate(() => {
    const text = document.getElementById('intro')!.firstChild as Text;
    const start = text.data.indexOf('TACE');
    const range = document.createRange();
    range.setStart(text, start);
    range.setEnd(text, start + 4);
    const r = range.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
  await page.mouse.move(at.x, at.y, { steps: 2 });
  await expect(page.locator('clinical-lens-ui .cl-popover h2')).toBeVisible();
  await page.locator('clinical-lens-ui').getByRole('button', { name: 'Close' }).click();

  // The options page: a setting, a glossary import and its export.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html#glossary`);
  await fetchFrom(options, probe('options'));
  await expect.poll(() => seen.some((s) => s.url === probe('options') && s.from === options.url())).toBe(true);
  await options.getByLabel('Glossary file').setInputFiles({ name: 'ward.csv', mimeType: 'text/csv', buffer: Buffer.from(GLOSSARY_CSV) });
  await expect(options.getByRole('status').filter({ hasText: 'Imported' })).toBeVisible();
  const [download] = await Promise.all([options.waitForEvent('download'), options.getByRole('button', { name: 'Export (JSON)' }).click()]);
  expect(await download.failure()).toBeNull();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByRole('radio', { name: 'Tinted background' }).check();

  // The popup over the page: its terms, a search that finds the imported entry, an entry opened.
  // (Opened as a tab, it reads the tab in front when it loads, as over the toolbar.)
  const popup = await context.newPage();
  await page.bringToFront();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await fetchFrom(popup, probe('popup'));
  await expect.poll(() => seen.some((s) => s.url === probe('popup') && s.from === popup.url())).toBe(true);
  const field = popup.getByRole('combobox', { name: 'Look up a term' });
  await field.pressSequentially('mikrospheres');
  await expect(popup.getByRole('option').first().locator('.cl-hit-term')).toHaveText('Microspheres');
  await field.fill('');
  await field.pressSequentially('lipidol');
  await expect(popup.getByRole('option').first()).toBeVisible();
  await popup.keyboard.press('Enter');
  await expect(popup.getByRole('heading', { level: 2 })).toBeVisible();

  // Notes in a page: add two, edit one, delete the other (the card's buttons).
  const chart = await context.newPage();
  await chart.goto(server.url('/demo/ehr/chart.html'));
  await addNote(chart, 'recheck liver panel in 2 weeks', 'Bilirubin trend: ask hepatology.');
  await addNote(chart, 'follow up in interventional radiology clinic', 'Book the clinic.');
  await expect.poll(() => noteMarks(chart).then((m) => m.sort())).toEqual(['follow up in interventional radiology clinic', 'recheck liver panel in 2 weeks']);
  await openNoteCard(chart, 'recheck liver panel in 2 weeks');
  await noteCard(chart).getByRole('button', { name: 'Edit' }).click();
  await noteEditor(chart).locator('textarea').fill('Bilirubin trend: ask hepatology on Monday.');
  await noteEditor(chart).getByRole('button', { name: 'Save' }).click();
  await expect(noteEditor(chart)).toHaveCount(0);
  await openNoteCard(chart, 'follow up in interventional radiology clinic');
  await noteCard(chart).getByRole('button', { name: 'Delete' }).click();
  await noteCard(chart).getByRole('button', { name: 'Delete for good' }).click();
  await expect.poll(() => noteMarks(chart)).toEqual(['recheck liver panel in 2 weeks']);

  // The popup lists the page's note; choosing it shows it in the page.
  await chart.bringToFront();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  const listed = popup.getByRole('region', { name: 'Notes on this page' }).getByRole('button', { name: /ask hepatology on Monday/ });
  await expect(listed).toBeVisible({ timeout: 15_000 });
  await listed.click();
  await expect(noteCard(chart)).toContainText('Bilirubin trend: ask hepatology on Monday.');

  // The options Notes view: the note listed, exported, and the export imported back.
  await options.goto(`chrome-extension://${extensionId}/options.html#notes`);
  await expect(options.locator('.notes-list > li')).toHaveCount(1);
  await expect(options.locator('.notes-list')).toContainText('ask hepatology on Monday');
  const [notesFile] = await Promise.all([options.waitForEvent('download'), options.getByRole('button', { name: /^Export/ }).click()]);
  const exported = readFileSync((await notesFile.path())!);
  await options.getByLabel('Import notes').setInputFiles({ name: 'notes.jsonld', mimeType: 'application/ld+json', buffer: exported });
  await expect(options.getByRole('status').filter({ hasText: 'Imported' })).toContainText('1 already up to date');

  // The passphrase lock: set it, lock, unlock.
  await options.getByLabel('New passphrase').fill(PASSPHRASE);
  await options.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
  await options.getByRole('checkbox', { name: /I understand/ }).check();
  await options.getByRole('button', { name: 'Lock notes with this passphrase' }).click();
  await options.getByRole('button', { name: 'Lock now' }).click({ timeout: 30_000 });
  await expect(options.getByRole('heading', { name: 'Notes are locked' })).toBeVisible();
  await expect.poll(() => noteMarks(chart)).toEqual([]);
  await options.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await options.getByRole('button', { name: 'Unlock notes' }).click();
  await expect(options.locator('.notes-list > li')).toHaveCount(1, { timeout: 30_000 });
  await expect.poll(() => noteMarks(chart), { timeout: 15_000 }).toEqual(['recheck liver panel in 2 weeks']);

  // Every context was busy; none reached beyond the machine.
  const contexts = new Set(seen.map((s) => s.from));
  for (const context of ['service worker', page.url(), chart.url(), `chrome-extension://${extensionId}/popup.html`, `chrome-extension://${extensionId}/options.html`]) {
    expect([...contexts].some((from) => from.startsWith(context)), `requests seen from ${context}`).toBe(true);
  }
  expect(seen.filter((s) => s.url.startsWith(`chrome-extension://${extensionId}/`)).length).toBeGreaterThan(0);
  // The filter itself flags what would leave the machine.
  for (const away of ['https://example.org/', 'ws://10.0.0.1/socket', 'http://localhost:8765/', `chrome-extension://${'a'.repeat(32)}/x.js`]) expect(staysLocal(away, extensionId), away).toBe(false);
  const offending = seen.filter((s) => !staysLocal(s.url, extensionId));
  expect(offending, `requests beyond the machine:\n${offending.map((s) => `${s.url} (from ${s.from})`).join('\n')}`).toEqual([]);
  const perContext = [...contexts].map((from) => `${from}: ${seen.filter((s) => s.from === from).length}`).join('; ');
  test.info().annotations.push({ type: 'requests recorded', description: `${seen.length} (${perContext}); ${offending.length} beyond 127.0.0.1 and our extension` });
});
