// Notes on the built extension: create a note on the demo EHR chart and find it after a
// reload; a note made on one patient of the SPA never shows on the other; an imported W3C file
// anchors on its page; export → import round-trips exactly; the page's editable fields are
// untouched. Notes are marked with the CSS Custom Highlight API only.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { NOTE_HIGHLIGHT, noteMarks, select } from './notes-page';

/** Selects `text` and saves a note on it through the "Add note" button and the editor. */
async function addNote(page: Page, selector: string, text: string, note: string): Promise<void> {
  await select(page, selector, text);
  // A mouse-up ends a selection: the button appears beside it.
  await page.evaluate(() => document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true })));
  await page.locator('clinical-lens-ui button', { hasText: 'Add note' }).click();
  const editor = page.locator('clinical-lens-ui form[aria-label="Note"]');
  await expect(editor).toBeVisible();
  await editor.locator('textarea').fill(note);
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor).toHaveCount(0);
}

test.describe('notes', () => {
  test('a note on the demo EHR chart is marked, survives a reload, and leaves editable fields alone', async ({ page, server, serviceWorker }) => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url('/demo/ehr/chart.html'));
    const editables = () =>
      page.evaluate(() => ({ textarea: (document.getElementById('note-text') as HTMLTextAreaElement).value, rich: document.getElementById('note-rich')!.innerHTML }));
    const before = await editables();
    await addNote(page, '#plan', 'recheck liver panel in 2 weeks', 'Bilirubin trend: ask hepatology.');
    await expect.poll(() => noteMarks(page)).toEqual(['recheck liver panel in 2 weeks']);
    // Stored in the background's IndexedDB as a W3C annotation with quote, position and range.
    const stored = await serviceWorker.evaluate(
      () =>
        new Promise<{ source: string; selectors: string[]; start: string }>((resolve, reject) => {
          const open = indexedDB.open('clinical-lens-notes');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('notes').objectStore('notes').getAll();
            all.onsuccess = () => {
              const { annotation } = all.result[0];
              const range = annotation.target.selector.find((s: { type: string }) => s.type === 'RangeSelector');
              resolve({ source: annotation.target.source, selectors: annotation.target.selector.map((s: { type: string }) => s.type), start: range?.startSelector.value });
            };
          };
        }),
    );
    expect(stored).toEqual({
      source: server.url('/demo/ehr/chart.html'),
      selectors: ['TextQuoteSelector', 'TextPositionSelector', 'RangeSelector'],
      start: '/html[1]/body[1]/main[1]/section[4]/ul[1]/li[2]/text()[1]',
    });

    await page.reload();
    await expect.poll(() => noteMarks(page)).toEqual(['recheck liver panel in 2 weeks']);
    // The note's card opens on a click on the marked words and shows the note as text.
    const box = await page.evaluate((name) => {
      const range = [...(CSS.highlights.get(name) as Iterable<Range>)][0]!;
      const r = range.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }, NOTE_HIGHLIGHT);
    await page.mouse.click(box.x, box.y);
    await expect(page.locator('clinical-lens-ui section[aria-label="Note"]')).toContainText('Bilirubin trend: ask hepatology.');
    await page.keyboard.press('Escape');

    // Typing in the page's own editors gives exactly what was typed; nothing of ours is in them.
    await page.locator('#note-text').press('End');
    await page.keyboard.type(' Plan agreed.');
    expect(await editables()).toEqual({ ...before, textarea: `${before.textarea} Plan agreed.` });
    expect(await page.evaluate(() => document.body.innerHTML.includes('Bilirubin trend'))).toBe(false);
    expect(errors).toEqual([]);
  });

  test('in the SPA, a note shows only on its own patient’s chart', async ({ page, server }) => {
    await page.goto(server.url('/ehr-app/patient/123/chart'));
    await addNote(page, '#plan', 'Recheck liver panel in 2 weeks.', 'Patient 123 only.');
    await expect.poll(() => noteMarks(page)).toEqual(['Recheck liver panel in 2 weeks.']);

    // Same template words on patient 456 (History API navigation, DOM replaced).
    await page.locator('#patient-nav a', { hasText: 'DEMO, Sam' }).click();
    await expect(page.locator('#patient-name')).toHaveText('DEMO, Sam');
    await expect.poll(() => noteMarks(page)).toEqual([]);
    await page.waitForTimeout(1_500);
    expect(await noteMarks(page)).toEqual([]);

    await page.locator('#patient-nav a', { hasText: 'DEMO, Alex' }).click();
    await expect(page.locator('#patient-name')).toHaveText('DEMO, Alex');
    await expect.poll(() => noteMarks(page)).toEqual(['Recheck liver panel in 2 weeks.']);
    // The app re-renders the chart with new nodes: the mark follows.
    await page.locator('#refresh').click();
    await expect.poll(() => noteMarks(page)).toEqual(['Recheck liver panel in 2 weeks.']);
  });

  test('an imported W3C file anchors on its page; export → import round-trips exactly', async ({ page, context, server, extensionId }) => {
    const chart = server.url('/demo/ehr/chart.html');
    const file = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'AnnotationCollection',
      total: 1,
      first: {
        type: 'AnnotationPage',
        items: [
          {
            id: 'urn:uuid:5b0c7f3e-2f0c-4d43-9a3e-0d7a3c1e2b11',
            type: 'Annotation',
            created: '2025-10-01T08:00:00Z',
            modified: '2025-10-01T08:00:00Z',
            body: [{ type: 'TextualBody', value: 'From another tool <script>alert(1)</script>', purpose: 'commenting' }],
            // Tracking parameters and a plain #anchor in the address are not part of the page.
            target: {
              source: `${chart}?utm_source=mail#labs`,
              selector: { type: 'TextQuoteSelector', exact: 'follow up in interventional radiology clinic', prefix: 'Plan: ', suffix: '.' },
            },
          },
        ],
      },
    };
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html#notes`);
    await options.getByLabel('Import notes').setInputFiles({ name: 'notes.jsonld', mimeType: 'application/ld+json', buffer: Buffer.from(JSON.stringify(file)) });
    await expect(options.getByRole('status').filter({ hasText: 'Imported' })).toContainText('1 new, 0 updated, 0 already up to date');
    await expect(options.locator('.notes-list > li')).toHaveCount(1);
    await expect(options.locator('.notes-list')).toContainText('From another tool <script>alert(1)</script>');

    await page.goto(chart);
    await expect.poll(() => noteMarks(page)).toEqual(['follow up in interventional radiology clinic']);

    const exportOnce = async () => {
      const [download] = await Promise.all([options.waitForEvent('download'), options.getByRole('button', { name: /^Export/ }).click()]);
      return readFileSync((await download.path())!, 'utf8');
    };
    const exported = await exportOnce();
    await options.getByLabel('Import notes').setInputFiles({ name: 'again.jsonld', mimeType: 'application/ld+json', buffer: Buffer.from(exported) });
    await expect(options.getByRole('status').filter({ hasText: 'Imported' })).toContainText('0 new, 0 updated, 1 already up to date');
    expect(await exportOnce()).toBe(exported);
  });

  test('a bad file changes nothing and says why', async ({ context, extensionId }) => {
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html#notes`);
    await options.getByLabel('Import notes').setInputFiles({ name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from('{"type":"AnnotationCollection","first":{"items":[') });
    await expect(options.getByRole('alert')).toContainText('Nothing was imported from “cut.json”');
    await expect(options.getByRole('alert')).toContainText('not valid JSON');
    await expect(options.locator('.notes-list > li')).toHaveCount(0);
  });
});
