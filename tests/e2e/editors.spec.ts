// Editors: in a textarea, an input, a contenteditable block and a small rich-text editor (with
// execCommand formatting, its own normalization and its own undo), typing, pasting and undoing
// give exactly what the user typed, and exactly what the same browser gives without Clinical Lens:
// the same session runs in a Chromium without the extension, and every step's DOM must match.
import { type Browser, chromium, type Page } from '@playwright/test';
import { chromiumPath } from '../../scripts/chromium';
import { expect, test as base } from './fixtures';
import { launchWithExtension, type SharedBrowser } from './shared-browser';
import { markedTexts } from './text-points';

const test = base.extend<object, { withLens: SharedBrowser; withoutLens: Browser }>({
  // Asks for the server only so that it closes before it: its connections would hold the close.
  withLens: [
    async ({ server }, use) => {
      const browser = await launchWithExtension();
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  withoutLens: [
    async ({}, use) => {
      const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
});

interface Snapshot {
  step: string;
  textarea: string;
  input: string;
  plain: string;
  rich: string;
  /** The whole body, editors and all (our one host lives outside it, under <html>). */
  body: string;
}

async function snapshot(page: Page, step: string): Promise<Snapshot> {
  return page.evaluate((step) => {
    const value = (id: string) => (document.getElementById(id) as HTMLInputElement).value;
    // Editing HTML keeps a typed space as a no-break space where a plain one would collapse.
    const text = (id: string) => (document.getElementById(id)!.textContent ?? '').replace(/\u00a0/g, ' ');
    return { step, textarea: value('textarea'), input: value('input'), plain: text('plain'), rich: text('rich'), body: document.body.innerHTML };
  }, step);
}

async function writeClipboard(page: Page, text: string, html?: string): Promise<void> {
  await page.evaluate(
    async ({ text, html }) => {
      const items: Record<string, Blob> = { 'text/plain': new Blob([text], { type: 'text/plain' }) };
      if (html) items['text/html'] = new Blob([html], { type: 'text/html' });
      await navigator.clipboard.write([new ClipboardItem(items)]);
    },
    { text, html },
  );
}

async function focusAtEnd(page: Page, selector: string): Promise<void> {
  await page.locator(selector).click();
  await page.keyboard.press('ControlOrMeta+End');
}

const TYPED = ' TACE with Lipiodol for HCC';
const PASTED = ' Gelfoam and iodized oil';

type EditorId = 'textarea' | 'input' | 'plain' | 'rich';

interface EditorCase {
  id: EditorId;
  type(page: Page): Promise<void>;
  clipboard: { text: string; html?: string };
  /** The editor's text after typing, and after pasting; undo must give the typed text back. */
  typed: string;
  pasted: string;
}

const typeText = (page: Page) => page.keyboard.type(TYPED);

const EDITORS: EditorCase[] = [
  { id: 'textarea', type: typeText, clipboard: { text: PASTED }, typed: `Lipiodol and TACE were discussed.${TYPED}`, pasted: `Lipiodol and TACE were discussed.${TYPED}${PASTED}` },
  { id: 'input', type: typeText, clipboard: { text: PASTED }, typed: `TACE planned${TYPED}`, pasted: `TACE planned${TYPED}${PASTED}` },
  {
    id: 'plain',
    type: typeText,
    clipboard: { text: PASTED },
    typed: `Editable: hepatocellular carcinoma treated with TACE.${TYPED}`,
    pasted: `Editable: hepatocellular carcinoma treated with TACE.${TYPED}${PASTED}`,
  },
  {
    id: 'rich',
    async type(page) {
      await page.locator('#bold').click();
      await page.keyboard.type(' gelatin sponge');
      await page.locator('#bold').click();
      await page.locator('#italic').click();
      await page.keyboard.type(' and TACE');
      await page.locator('#italic').click();
    },
    // Pasted HTML loses its leading white space: it starts with a comma.
    clipboard: { text: ', TACE with PVA particles', html: ', <b>TACE</b> with <i>PVA particles</i>' },
    typed: 'Rich: iodized oil and gelatin sponge. gelatin sponge and TACE',
    pasted: 'Rich: iodized oil and gelatin sponge. gelatin sponge and TACE, TACE with PVA particles',
  },
];

/**
 * One user's session: in each editor, type, paste, undo; `check` runs after every step (the
 * marks, in the run with the extension). Returns what each step left.
 */
async function session(page: Page, check: (step: string) => Promise<void>): Promise<Snapshot[]> {
  const steps: Snapshot[] = [];
  const done = async (step: string) => {
    await check(step);
    steps.push(await snapshot(page, step));
  };
  await done('loaded');
  for (const editor of EDITORS) {
    await focusAtEnd(page, `#${editor.id}`);
    await editor.type(page);
    await done(`${editor.id} typed`);
    await writeClipboard(page, editor.clipboard.text, editor.clipboard.html);
    await page.keyboard.press('ControlOrMeta+V');
    await done(`${editor.id} pasted`);
    await page.keyboard.press('ControlOrMeta+Z');
    await done(`${editor.id} undone`);
  }
  return steps;
}

test('typing, pasting and undo in fields and editors give what was typed, as without the extension', async ({ withLens, withoutLens, server }) => {
  const url = server.url('/editors/');
  const origin = new URL(url).origin;

  const control = await withoutLens.newContext();
  await control.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const plainPage = await control.newPage();
  await plainPage.goto(url);
  const expected = await session(plainPage, async () => {});
  await control.close();

  await withLens.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = await withLens.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  await expect.poll(() => markedTexts(page)).toEqual(['Gelfoam', 'Hepatocellular carcinoma', 'TACE', 'embolization', 'iodized oil']);
  const marksInEditors = () =>
    page.evaluate(() => {
      const highlight = CSS.highlights.get('clinical-lens-term');
      return [...(highlight ?? [])].map((r) => r as Range).filter((r) => {
        const node = r.startContainer;
        const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
        return !!element?.closest('textarea, input, [contenteditable]');
      }).length;
    });
  const actual = await session(page, async () => {
    // Let our observer's batch (one animation frame) run before looking.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(await marksInEditors()).toBe(0);
    expect(await page.locator('#rich clinical-lens-ui, #plain clinical-lens-ui').count()).toBe(0);
  });

  // What the user did, spelled out.
  const at = (step: string) => actual.find((s) => s.step === step);
  for (const editor of EDITORS) {
    expect(at(`${editor.id} typed`)?.[editor.id], `${editor.id} after typing`).toBe(editor.typed);
    expect(at(`${editor.id} pasted`)?.[editor.id], `${editor.id} after pasting`).toBe(editor.pasted);
    expect(at(`${editor.id} undone`)?.[editor.id], `${editor.id} after undo`).toBe(editor.typed);
  }
  expect(at('rich typed')?.body).toContain('<strong>&nbsp;gelatin sponge</strong><em>&nbsp;and TACE</em>');
  // And every step's DOM, editors included, is what the browser makes of it without us.
  expect(actual).toEqual(expected);
  expect(errors).toEqual([]);
  await page.close();
});
