// Nothing leaves the device: every request of every context of the browser — web pages with our
// content scripts in them, the service worker, the popup and the options page — is recorded
// while each feature is used, and the only ones allowed are the test's own pages on 127.0.0.1
// and our extension's own files. Each recorder is first shown to see a request of its context,
// so "no request seen" cannot come from a recorder that sees nothing.
import type { BrowserContext, CDPSession, Page, Request } from '@playwright/test';
import { expect, test } from './fixtures';

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

test('using every feature sends nothing beyond 127.0.0.1 and our own extension', async ({ context, extensionId, serviceWorker, server }) => {
  test.setTimeout(60_000);
  const seen = recordRequests(context);
  const allowed = (url: string) => url.startsWith(`${server.origin}/`) || url.startsWith(`chrome-extension://${extensionId}/`);

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
  const field = popup.getByRole('combobox', { name: 'Look up a term' });
  await field.pressSequentially('mikrospheres');
  await expect(popup.getByRole('option').first().locator('.cl-hit-term')).toHaveText('Microspheres');
  await field.fill('');
  await field.pressSequentially('lipidol');
  await expect(popup.getByRole('option').first()).toBeVisible();
  await popup.keyboard.press('Enter');
  await expect(popup.getByRole('heading', { level: 2 })).toBeVisible();

  // Every context was busy; none reached beyond the machine.
  expect(seen.filter((s) => s.url.startsWith('chrome-extension://')).length).toBeGreaterThan(0);
  expect(seen.filter((s) => !allowed(s.url))).toEqual([]);
});
