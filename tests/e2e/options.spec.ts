// The options page on the built extension: settings saved at once and followed live, site
// rules, and personal glossaries — a good import found by search at once, bad files refused
// with row and field while the stored glossary stays exactly as it was, edit/remove/export.
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures';

async function openOptions(context: BrowserContext, extensionId: string, section = ''): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html${section ? `#${section}` : ''}`);
  return page;
}

async function importFile(page: Page, name: string, content: string | Buffer) {
  await page.getByLabel('Glossary file').setInputFiles({ name, mimeType: name.endsWith('.json') ? 'application/json' : 'text/csv', buffer: Buffer.from(content) });
}

/** The glossary as the user would back it up: through the Export button's download. */
async function exported(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export (JSON)' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^clinical-lens-glossary-\d{4}-\d{2}-\d{2}\.json$/);
  return readFile(await download.path(), 'utf8');
}

const storedSettings = (serviceWorker: Worker) => serviceWorker.evaluate(async () => (await chrome.storage.local.get('settings')).settings as Record<string, unknown> | undefined);

const GOOD_CSV =
  '\uFEFFterm,aliases,summary,source\r\n' +
  'Microspheres,"bland microspheres; 微球","Calibrated spherical embolic particles.\r\nSizes 100–300 µm.",Ward 5 formulary\r\n' +
  'Pledget,gelatin pledget|Gelfoam pledget,A hand-cut piece of gelatin sponge.,Ward 5 formulary\r\n';

test.describe('settings', () => {
  test('are saved as they are changed and followed live by another open page', async ({ context, extensionId, serviceWorker }) => {
    const editor = await openOptions(context, extensionId);
    const watcher = await openOptions(context, extensionId);
    await editor.getByRole('radio', { name: 'Only while Alt is held' }).check();
    await editor.getByRole('radio', { name: 'Tinted background' }).check();
    await editor.getByRole('checkbox', { name: 'Anatomy' }).uncheck();
    const delay = editor.getByRole('slider', { name: 'Hover delay' });
    await delay.focus();
    await editor.keyboard.press('ArrowRight');
    await editor.keyboard.press('ArrowRight');
    await expect(editor.locator('output[for=hover-delay]')).toHaveText('200 ms');

    await expect(watcher.getByRole('radio', { name: 'Only while Alt is held' })).toBeChecked();
    await expect(watcher.getByRole('radio', { name: 'Tinted background' })).toBeChecked();
    await expect(watcher.getByRole('checkbox', { name: 'Anatomy' })).not.toBeChecked();
    await expect(watcher.locator('output[for=hover-delay]')).toHaveText('200 ms');
    expect(await storedSettings(serviceWorker)).toMatchObject({
      hoverDelayMs: 200,
      hoverModifier: 'alt',
      highlightStyle: 'background',
      categories: ['procedure', 'agent', 'concept', 'disease', 'therapy'],
    });
  });

  test('sections are tabs reachable by keyboard, and the section is in the address', async ({ context, extensionId }) => {
    const page = await openOptions(context, extensionId);
    const display = page.getByRole('tab', { name: 'Display' });
    await expect(display).toHaveAttribute('aria-selected', 'true');
    await display.focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: 'Sites' })).toBeFocused();
    await expect(page.getByRole('tabpanel', { name: 'Sites' })).toBeVisible();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: 'Personal glossary' })).toHaveAttribute('aria-selected', 'true');
    expect(new URL(page.url()).hash).toBe('#glossary');
    await page.keyboard.press('End');
    const last = page.getByRole('tab').last();
    await expect(last).toBeFocused();
    await expect(last).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowRight');
    await expect(display).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await expect(last).toBeFocused();
    await page.keyboard.press('Home');
    await expect(display).toHaveAttribute('aria-selected', 'true');
    // Deep links open their section.
    await page.goto(page.url().replace(/#.*$/, '#sites'));
    await expect(page.getByRole('tab', { name: 'Sites' })).toHaveAttribute('aria-selected', 'true');
  });

  test('site rules: pasted URLs become host rules, bad input is explained, "only on these sites" mode', async ({ context, extensionId, serviceWorker }) => {
    const page = await openOptions(context, extensionId, 'sites');
    const onlyInput = page.getByRole('textbox', { name: 'Add a site to “Only on these sites”' });
    await onlyInput.fill('chart');
    await onlyInput.press('Enter');
    await expect(page.getByRole('alert')).toHaveText('“chart” is not a site name; write it like ehr.example.org');
    await onlyInput.fill('https://EHR.Example.org/patient/123/chart');
    await onlyInput.press('Enter');
    await expect(page.getByRole('list', { name: 'Only on these sites' }).getByRole('listitem')).toHaveText(['ehr.example.orgRemove']);
    await page.getByRole('radio', { name: 'Only on the sites I list (for example, my EHR)' }).check();
    const offInput = page.getByRole('textbox', { name: 'Add a site to “Sites where it is off”' });
    await offInput.fill('admin.ehr.example.org');
    await offInput.press('Enter');
    await expect.poll(async () => (await storedSettings(serviceWorker))?.sites).toEqual({ mode: 'only-listed', onlySites: ['ehr.example.org'], offSites: ['admin.ehr.example.org'] });
    await page.getByRole('button', { name: 'Remove admin.ehr.example.org' }).click();
    await expect.poll(async () => (await storedSettings(serviceWorker))?.sites).toEqual({ mode: 'only-listed', onlySites: ['ehr.example.org'], offSites: [] });
  });
});

test.describe('personal glossary', () => {
  test('a good CSV (BOM, CRLF, quoted newline, Chinese) is listed and found by the popup at once', async ({ context, extensionId }) => {
    const page = await openOptions(context, extensionId, 'glossary');
    await importFile(page, 'ward.csv', GOOD_CSV);
    await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toHaveText('Imported 2 entries from “ward.csv”: 2 new, 0 updated.');
    const list = page.getByRole('list', { name: /Your entries/ });
    await expect(list.getByRole('article')).toHaveCount(2);
    await expect(list.getByRole('article', { name: 'Microspheres' })).toContainText('bland microspheres · 微球');

    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    const field = popup.getByRole('combobox', { name: 'Look up a term' });
    await field.pressSequentially('mikrospheres');
    const first = popup.getByRole('option').first();
    await expect(first.locator('.cl-hit-term')).toHaveText('Microspheres');
    await expect(first.locator('.cl-hit-personal')).toHaveText('Yours');
    await field.fill('');
    await field.pressSequentially('微球');
    await expect(popup.getByRole('option').first().locator('.cl-hit-term')).toHaveText('Microspheres');
    await popup.keyboard.press('Enter');
    await expect(popup.getByRole('heading', { level: 2 })).toHaveText('Microspheres');
    await expect(popup.locator('.cl-tc-summary')).toHaveText('Calibrated spherical embolic particles.\nSizes 100–300 µm.');
    await expect(popup.locator('.cl-tc-source')).toContainText('Ward 5 formulary');
  });

  test('bad files are refused with row and field, and the stored glossary stays exactly as it was', async ({ context, extensionId }) => {
    const page = await openOptions(context, extensionId, 'glossary');
    await importFile(page, 'ward.csv', GOOD_CSV);
    await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toBeVisible();
    const before = await exported(page);
    expect(JSON.parse(before).entries).toHaveLength(2);

    const entry = { id: 'coil', term: 'Coil', aliases: [], category: 'agent', summary: 'A metal coil.', sources: [] };
    const badFiles: [string, string | Buffer, string[]][] = [
      ['cut.json', JSON.stringify([entry, entry]).slice(0, 70), ['The file is not valid JSON: it ends in the middle of the data (was it cut short?).']],
      ['types.json', JSON.stringify([{ ...entry, term: 7, aliases: 'coils' }]), ['Entry 1 (id “coil”), term: must be text, not the number 7', 'Entry 1 (id “coil”), aliases: must be a list, not the text "coils"']],
      ['missing.json', JSON.stringify([{ id: 'coil', term: 'Coil', category: 'agent', sources: [] }]), ['Entry 1 (id “coil”), aliases: is missing', 'Entry 1 (id “coil”), summary: is missing']],
      ['twice.json', JSON.stringify([entry, { ...entry, term: 'Coils' }]), ['Entry 2 (id “coil”), id: "coil" is also the id of Entry 1 (id “coil”); ids must be unique']],
      ['columns.csv', 'term,synonyms,summary\nCoil,coils,A metal coil.\n', [
        'Header row: unknown column “synonyms” (the columns are term, aliases, summary, source, category, id)',
      ]],
      ['rows.csv', 'term,aliases,summary,source\nCoil,,A metal coil.,\nPlug,,,\n"Glue,,Liquid embolic.,\n', ['Row 4: a quoted field is never closed (a closing " is missing)']],
      ['empty-summary.csv', 'term,aliases,summary,source\nCoil,,A metal coil.,\nPlug,,,\n', ['Row 3 (term “Plug”), summary: must not be empty']],
      ['latin1.csv', Buffer.concat([Buffer.from('term,summary\nEmbolisation,R'), Buffer.from([0xe9]), Buffer.from('sum\n')]), [
        'The file is not UTF-8 text (it may be in another encoding, or not text at all). Save it as UTF-8 (in Excel: “CSV UTF-8”) and import it again.',
      ]],
      ['huge.json', Buffer.alloc(6 * 1024 * 1024, 0x20), ['The file is 6.0 MB; a glossary file can be at most 5.0 MB.']],
      ['many.csv', `term,summary\n${Array.from({ length: 100_000 }, (_, i) => `t${i},s`).join('\n')}`, [
        'The file has 100,000 entries; a glossary can hold at most 10,000. Split it, or keep the entries you use.',
      ]],
    ];
    for (const [name, content, errors] of badFiles) {
      await importFile(page, name, content);
      const alert = page.getByRole('alert');
      await expect(alert.getByRole('paragraph'), name).toHaveText(`Nothing was imported from “${name}”. Your glossary is unchanged. Fix the file and import it again:`);
      await expect(alert.getByRole('listitem'), name).toHaveText(errors);
      expect(await exported(page), `glossary after ${name}`).toBe(before);
    }
  });

  test('entries can be added, edited, removed (with undo) and exported, with field-level errors', async ({ context, extensionId, serviceWorker }) => {
    const page = await openOptions(context, extensionId, 'glossary');
    await importFile(page, 'ward.csv', GOOD_CSV);
    const list = page.getByRole('list', { name: /Your entries/ });
    await expect(list.getByRole('article')).toHaveCount(2);

    await page.getByRole('button', { name: 'Edit “Pledget”' }).click();
    const form = page.getByRole('form', { name: 'Edit “Pledget”' });
    await form.getByLabel('Summary').fill('');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByLabel('Summary')).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByRole('alert')).toHaveText('Must not be empty');
    await form.getByLabel('Summary').fill('A hand-cut piece of gelatin sponge, 1–2 mm.');
    await form.getByLabel('Other names (separated by ;)').fill('gelatin pledget; Gelfoam pledget; 明胶海绵块');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(list.getByRole('article', { name: 'Pledget' })).toContainText('gelatin pledget · Gelfoam pledget · 明胶海绵块');

    await page.getByRole('button', { name: 'Remove “Microspheres”' }).click();
    await expect(list.getByRole('article')).toHaveCount(1);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(list.getByRole('article')).toHaveCount(2);

    await page.getByRole('button', { name: 'Add an entry' }).click();
    const add = page.getByRole('form', { name: 'New entry' });
    await add.getByLabel('Term').fill('pledget');
    await add.getByLabel('Summary').fill('Duplicate.');
    await add.getByRole('button', { name: 'Save' }).click();
    await expect(add.getByRole('alert')).toHaveText('Your glossary already has an entry for this term; edit that one instead');
    await add.getByLabel('Term').fill('Coil');
    await add.getByLabel('Category').selectOption('agent');
    await add.getByRole('button', { name: 'Save' }).click();
    await expect(list.getByRole('article')).toHaveCount(3);

    const file = JSON.parse(await exported(page)) as { entries: { id: string; term: string; summary: string; aliases: string[] }[]; sources: Record<string, { title: string }> };
    const stored = await serviceWorker.evaluate(async () => (await chrome.storage.local.get('glossary')).glossary);
    expect(file).toEqual(stored);
    expect(file.entries.map((e) => e.term).sort()).toEqual(['Coil', 'Microspheres', 'Pledget']);
    expect(file.entries.find((e) => e.id === 'pledget')?.aliases).toEqual(['gelatin pledget', 'Gelfoam pledget', '明胶海绵块']);
    expect(Object.values(file.sources).map((s) => s.title)).toEqual(['Ward 5 formulary']);
  });
});
