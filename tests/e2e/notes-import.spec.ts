// Bad notes files through the options page's "Import notes" input on the built extension: each
// gets a clear message and changes nothing (the full export before and after is the same);
// the odd-but-valid ones import, and markup in every field shows as text. The large files are
// written to a temporary folder at run time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { annotation, openExtensionPage, send, uuid } from './notes-support';

const CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

function raw(i: number, extra: Record<string, unknown> = {}) {
  return { ...annotation({ id: uuid(i, 5), source: 'https://journal.example.com/article/7', text: `imported ${i}`, exact: 'hepatic artery' }), ...extra };
}

const collection = (items: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ '@context': CONTEXT, type: 'AnnotationCollection', total: items.length, first: { type: 'AnnotationPage', items }, ...extra });

function utf16le(text: string, bom: boolean): Buffer {
  const body = Buffer.from(text, 'utf16le');
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
}

async function exportText(options: Page): Promise<string> {
  const reply = await send(options, { type: 'notes:export' });
  if (!reply.ok) throw new Error(reply.error);
  return reply.value as string;
}

async function choose(options: Page, file: { name: string; buffer?: Buffer; path?: string }) {
  const input = options.getByLabel('Import notes');
  if (file.path) await input.setInputFiles(file.path);
  else await input.setInputFiles({ name: file.name, mimeType: 'application/json', buffer: file.buffer! });
}

test('bad notes files get a clear message and change nothing; odd but valid ones import, markup as text', async ({ context, extensionId }) => {
  test.setTimeout(90_000);
  const dir = mkdtempSync(join(tmpdir(), 'clinical-lens-import-'));
  try {
    const options = await openExtensionPage(context, extensionId, 'options.html#notes');
    const dialogs: string[] = [];
    options.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await choose(options, { name: 'start.jsonld', buffer: Buffer.from(collection([raw(1), raw(2), raw(3)])) });
    await expect(options.getByRole('status').filter({ hasText: 'Imported' })).toContainText('3 new');
    const before = await exportText(options);

    const fiftyMb = join(dir, 'fifty.json');
    writeFileSync(fiftyMb, JSON.stringify([raw(1, { padding: 'x'.repeat(50 * 1024 * 1024) })]));
    const hundredThousand = join(dir, 'hundred-thousand.json');
    writeFileSync(hundredThousand, JSON.stringify(Array.from({ length: 100_000 }, (_, i) => raw(i))));

    const bad: { name: string; buffer?: Buffer; path?: string; message: RegExp }[] = [
      { name: 'cut.json', buffer: Buffer.from(collection([raw(1), raw(2)]).slice(0, 300)), message: /not valid JSON/ },
      { name: 'latin1.json', buffer: Buffer.from([...Buffer.from('[{"id":"caf'), 0xe9, ...Buffer.from('"}]')]), message: /not UTF-8 text/ },
      { name: 'utf16-no-bom.json', buffer: utf16le(collection([raw(9)]), false), message: /NUL bytes/ },
      { name: 'notes.csv', buffer: Buffer.from('id,quote,note\n1,"Potassium","line one\nline two"\n'), message: /not a JSON notes file: it starts with “id,quote,note/ },
      { name: 'fifty.json', path: fiftyMb, message: /The file is 50\.0 MB; notes files up to 20\.0 MB can be imported/ },
      { name: 'hundred-thousand.json', path: hundredThousand, message: /The file is \d\d\.\d MB; notes files up to 20\.0 MB/ },
      {
        name: 'script-url.json',
        buffer: Buffer.from(JSON.stringify(raw(20, { target: { source: 'javascript:alert(1)', selector: { type: 'TextQuoteSelector', exact: 'x' } } }))),
        message: /target\.source: not the address of a web page/,
      },
      { name: 'context.json', buffer: Buffer.from(collection([raw(21)], { '@context': 'https://schema.org/' })), message: /"@context" is "https:\/\/schema.org\/"/ },
      { name: 'total.json', buffer: Buffer.from(collection([raw(22), raw(23)], { total: 5 })), message: /says it holds 5 notes but has 2/ },
      { name: 'duplicate-bad.json', buffer: Buffer.from(collection([raw(24), raw(24, { modified: 'soon' })])), message: /note 2 \(index 1\), modified/ },
    ];
    for (const file of bad) {
      await choose(options, file);
      const alert = options.getByRole('alert');
      await expect(alert, file.name).toContainText(`Nothing was imported from “${file.name}”`, { timeout: 20_000 });
      await expect(alert, file.name).toContainText('Your notes are unchanged.');
      await expect(alert.locator('.problems-text'), file.name).toHaveText(file.message);
      expect(await exportText(options), file.name).toBe(before);
    }
    await expect(options.locator('.notes-list > li')).toHaveCount(3);

    // UTF-16 with a byte-order mark imports.
    await choose(options, { name: 'utf16.json', buffer: utf16le(collection([raw(30, { body: { type: 'TextualBody', value: '钾 3.1 — 低钾血症', purpose: 'commenting' } })]), true) });
    await expect(options.getByRole('status').filter({ hasText: 'Imported' })).toContainText('Imported “utf16.json”: 1 new');

    // Markup in every field imports and is shown as text: no element, no script, no dialog.
    const markup = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const hostile = annotation({
      id: `urn:x:${markup}`,
      source: 'https://ehr.example.org/patient/9/chart?q=%3Cscript%3E',
      text: `note ${markup}`,
      exact: `quote ${markup}`,
      prefix: `</textarea>${markup}`,
      suffix: '<!--',
      tags: ['<b onmouseover=alert(3)>tag</b>'],
    });
    await choose(options, { name: 'markup.json', buffer: Buffer.from(JSON.stringify(hostile)) });
    await expect(options.getByRole('status').filter({ hasText: 'Imported' })).toContainText('Imported “markup.json”: 1 new');
    const row = options.locator('.notes-list > li').filter({ hasText: 'note <img' });
    await expect(row.locator('.note-text')).toHaveText(`note ${markup}`);
    await expect(row.locator('.note-quote')).toHaveText(`quote ${markup}`);
    await expect(row.locator('.note-tags')).toHaveText('<b onmouseover=alert(3)>tag</b>');
    expect(await options.locator('.notes-list img, .notes-list script, .notes-list b').count()).toBe(0);
    expect(dialogs).toEqual([]);

    // What was stored before is untouched.
    const after = JSON.parse(await exportText(options)) as { first: { items: { id: string }[] } };
    const earlier = (JSON.parse(before) as { first: { items: { id: string }[] } }).first.items;
    expect(earlier.map((n) => after.first.items.find((a) => a.id === n.id))).toEqual(earlier);
    test.info().annotations.push({ type: 'bad files through the options page', description: `${bad.length} refused, 0 changed the stored notes` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
