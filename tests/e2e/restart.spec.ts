// Restarts: when the extension is updated (here: a new version of the unpacked build on disk,
// then chrome.runtime.reload(), as an update does), the content scripts left in open tabs —
// with a card open, in frames too — clean up quietly: no errors, no marks, no styles, no host
// left behind. The page is then as if we had never been there, and once it is loaded again the
// new version takes over: every term marked exactly once, one stylesheet, one host, cards work.
import { type BrowserContext, chromium, type Page, type Worker } from '@playwright/test';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath, extensionDir, launchArgs } from '../../scripts/chromium';
import { expect, test } from './fixtures';
import { collectErrors, type ErrorLog } from './page-guard';
import { marksIn, markedTexts, pointOf } from './text-points';

interface Installed {
  context: BrowserContext;
  /** The unpacked extension the browser loaded: a copy, so the test can update it. */
  dir: string;
  close(): Promise<void>;
}

/**
 * A browser with a copy of the build, in developer mode (without it Chromium disables an
 * unpacked extension when it reloads).
 */
async function install(): Promise<Installed> {
  const root = mkdtempSync(join(tmpdir(), 'clinical-lens-update-'));
  const dir = join(root, 'extension');
  cpSync(extensionDir(), dir, { recursive: true });
  const profile = join(root, 'profile');
  mkdirSync(join(profile, 'Default'), { recursive: true });
  writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ extensions: { ui: { developer_mode: true } } }));
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath(), headless: true, args: launchArgs(dir) });
  return {
    context,
    dir,
    async close() {
      await context.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function workerOfVersion(context: BrowserContext, version: string): Promise<Worker> {
  let found: Worker | undefined;
  await expect
    .poll(async () => {
      for (const worker of context.serviceWorkers()) {
        const running = await worker.evaluate(() => chrome.runtime.getManifest().version).catch(() => null);
        if (running === version) found = worker;
      }
      return found !== undefined;
    }, { message: `the service worker of version ${version} runs`, timeout: 15_000 })
    .toBe(true);
  return found as Worker;
}

/** What of ours a document holds: marks, highlight registrations, stylesheets, UI hosts. */
async function ourTraces(page: Page) {
  return page.evaluate(() => ({
    highlights: [...CSS.highlights.keys()].filter((name) => name.startsWith('clinical-lens')),
    sheets: document.adoptedStyleSheets.filter((sheet) => [...sheet.cssRules].some((rule) => rule.cssText.includes('clinical-lens'))).length,
    hosts: document.querySelectorAll('clinical-lens-ui').length,
  }));
}

async function hover(page: Page, text: string) {
  const at = await pointOf(page, text);
  await page.mouse.move(at.x, at.y, { steps: 2 });
}

const card = (page: Page) => page.locator('clinical-lens-ui .cl-popover h2');

test('after an update, scripts in open tabs clean up quietly and the new version takes over', async ({ server }) => {
  test.setTimeout(90_000);
  const browser = await install();
  const logs: ErrorLog[] = [];
  try {
    const { context } = browser;
    const manifestFile = join(browser.dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    const old = await workerOfVersion(context, manifest.version);

    const app = await context.newPage();
    logs.push(await collectErrors(app));
    await app.goto(server.url('/matrix/react.html'));
    await expect.poll(() => markedTexts(app)).toEqual(['Hepatocellular carcinoma', 'TACE', 'iodized oil']);
    const framed = await context.newPage();
    logs.push(await collectErrors(framed));
    await framed.goto(server.url('/matrix/frames.html'));
    const sameOrigin = framed.frame({ url: /frame-child\.html$/ });
    await expect.poll(async () => (sameOrigin ? markedTexts(sameOrigin) : [])).toEqual(['TACE', 'hepatocellular carcinoma', 'iodized oil']);
    await app.bringToFront();
    await hover(app, 'TACE');
    await expect(card(app)).toBeVisible();
    const working = await ourTraces(app);
    expect(working.highlights).toContain('clinical-lens-term');
    expect(working.hosts).toBe(1);

    // The update: a new version on disk, loaded by a reload.
    const next = `${manifest.version}.1`;
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, version: next }));
    await old.evaluate(() => chrome.runtime.reload()).catch(() => undefined);
    await workerOfVersion(context, next);

    // The orphaned script notices at the pointer's next move, and leaves nothing behind.
    let x = 5;
    await expect
      .poll(async () => {
        await app.mouse.move((x = 15 - x), 5);
        return ourTraces(app);
      })
      .toEqual({ highlights: [], sheets: 0, hosts: 0 });
    // The page changes and is hovered: nothing of ours comes back, quietly.
    await app.locator('#next').click();
    await hover(app, 'Hepatocellular carcinoma');
    await app.waitForTimeout(600);
    expect(await ourTraces(app)).toEqual({ highlights: [], sheets: 0, hosts: 0 });
    expect(await markedTexts(app)).toEqual([]);

    // Loaded again, each page belongs to the new version: marked once, one sheet, cards work.
    for (const page of [app, framed]) {
      await page.bringToFront();
      await page.reload();
    }
    await expect.poll(() => markedTexts(app)).toEqual(['Hepatocellular carcinoma', 'TACE', 'iodized oil']);
    const marks = await marksIn(app);
    expect(new Set(marks.map((m) => m.key)).size).toBe(marks.length);
    await app.bringToFront();
    await hover(app, 'iodized oil');
    await expect(card(app)).toBeVisible();
    // The same highlights, sheets and host as the first version had: nothing doubled.
    expect(await ourTraces(app)).toEqual(working);
    const reloadedFrame = framed.frame({ url: /frame-child\.html$/ });
    await expect.poll(async () => (reloadedFrame ? markedTexts(reloadedFrame) : [])).toEqual(['TACE', 'hepatocellular carcinoma', 'iodized oil']);

    expect(logs.flatMap((log) => log.errors)).toEqual([]);
  } finally {
    for (const log of logs) await log.stop();
    await browser.close();
  }
});
