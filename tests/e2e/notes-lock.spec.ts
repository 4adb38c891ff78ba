// Locked notes on the built extension: the lock is set in the options page; notes saved and
// imported afterwards are stored sealed, so neither a raw dump of the worker's IndexedDB nor
// the LevelDB files on disk hold their text, tags, quotes, context or page address; a wrong
// passphrase is refused and changes nothing; the locked options page shows no note; unlock
// survives the worker being stopped, and "Lock now" survives it too.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  annotation,
  currentWorker,
  filesHolding,
  indexedDbDir,
  openExtensionPage,
  rawDump,
  searchableFiles,
  send,
  stopServiceWorker,
  uuid,
} from './notes-support';

const PASSPHRASE = 'tidal basin lantern 42';
const FORGET = 'If you forget this passphrase your notes cannot be recovered — not by us, not by anyone.';

/** Plaintext of note `i`, every part distinct so a search can tell which leaked. */
function secretNote(i: number, server: { url: (path: string) => string }) {
  const parts = {
    id: uuid(i, 7),
    source: server.url(`/ehr/patient/MRN-SECRET-${i}/chart`),
    text: `BODY-SECRET-${i} start potassium chloride`,
    exact: `QUOTE-SECRET-${i} potassium 3.1 mmol/L`,
    prefix: `PREFIX-SECRET-${i} laboratory results from this morning: `,
    suffix: ` SUFFIX-SECRET-${i} recheck in one week`,
    tags: [`TAG-SECRET-${i}`],
  };
  return { annotation: annotation(parts), secrets: [`BODY-SECRET-${i}`, `QUOTE-SECRET-${i}`, `PREFIX-SECRET-${i}`, `SUFFIX-SECRET-${i}`, `TAG-SECRET-${i}`, `MRN-SECRET-${i}`] };
}

async function setLockInOptions(options: Page): Promise<void> {
  await expect(options.getByText(FORGET).first()).toBeVisible();
  await options.getByLabel('New passphrase').fill(PASSPHRASE);
  await options.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
  await options.getByRole('checkbox', { name: /I understand/ }).check();
  await options.getByRole('button', { name: 'Lock notes with this passphrase' }).click();
  await expect(options.getByRole('button', { name: 'Lock now' })).toBeVisible({ timeout: 20_000 });
}

test.describe('locked notes', () => {
  test('a raw dump of the extension’s storage holds no note plaintext once locked', async ({ context, extensionId, server, userDataDir }) => {
    test.setTimeout(60_000);
    const options = await openExtensionPage(context, extensionId, 'options.html#notes');
    let worker = await currentWorker(context, options);

    // Control: a note saved before the lock is in the dump, so the dump can find plaintext.
    const early = secretNote(0, server);
    expect(await send(options, { type: 'notes:save', annotation: early.annotation })).toMatchObject({ ok: true });
    const plainDump = await rawDump(worker);
    expect(early.secrets.filter((s) => plainDump.includes(s))).toEqual(early.secrets);

    await setLockInOptions(options);
    const later = Array.from({ length: 20 }, (_, i) => secretNote(i + 1, server));
    for (const note of later) expect(await send(options, { type: 'notes:save', annotation: note.annotation })).toMatchObject({ ok: true });
    // And a file through "Import notes".
    const imported = secretNote(99, server);
    const file = { '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', total: 1, first: { type: 'AnnotationPage', items: [imported.annotation] } };
    await options.getByLabel('Import notes').setInputFiles({ name: 'notes.jsonld', mimeType: 'application/ld+json', buffer: Buffer.from(JSON.stringify(file)) });
    await expect(options.getByRole('status').filter({ hasText: 'Imported' })).toContainText('1 new');
    await expect(options.locator('.notes-list > li')).toHaveCount(22);

    const secrets = [early, ...later, imported].flatMap((n) => n.secrets);
    // The worker's view: every record of every store, read with the raw IndexedDB API.
    worker = await currentWorker(context, options);
    const dump = await rawDump(worker);
    expect(dump).toContain('clinical-lens-notes/notes');
    expect((dump.match(/"sealed"/g) ?? []).length).toBe(22);
    const inDump = secrets.filter((s) => dump.includes(s));
    expect(inDump).toEqual([]);
    expect(dump).not.toContain(PASSPHRASE);

    // The files on disk: LevelDB's log as it is, its tables with their Snappy blocks
    // decompressed. The lock's own record (a readable constant) shows the search finds text.
    const idbFiles = searchableFiles(indexedDbDir(userDataDir, extensionId));
    expect(filesHolding(idbFiles, 'PBKDF2-SHA-256').length).toBeGreaterThan(0);
    const onDiskAfterLock = [...later, imported].flatMap((n) => n.secrets).filter((s) => filesHolding(idbFiles, s).length > 0);
    expect(onDiskAfterLock).toEqual([]);
    // Nowhere in the whole profile: not the notes saved under the lock, not the passphrase, and
    // not the unlocked key held in session storage (kept in memory only).
    const session = (await worker.evaluate(() => chrome.storage.session.get('notesUnlockKey'))) as { notesUnlockKey?: { secret: string } };
    const secret = session.notesUnlockKey?.secret;
    expect(secret).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const profile = searchableFiles(userDataDir);
    expect([...later, imported].flatMap((n) => n.secrets).filter((s) => filesHolding(profile, s).length > 0)).toEqual([]);
    expect(filesHolding(profile, PASSPHRASE)).toEqual([]);
    expect(filesHolding(profile, secret!)).toEqual([]);
    expect(filesHolding(profile, Buffer.from(secret!, 'base64'))).toEqual([]);
    // The note written before the lock was re-sealed in IndexedDB, but LevelDB keeps the old copy
    // in its files until it compacts them (no web API can ask it to): recorded here, and the
    // options page says so when a lock is set over existing notes.
    const earlyOnDisk = early.secrets.filter((s) => filesHolding(idbFiles, s).length > 0);
    test.info().annotations.push({ type: 'pre-lock note parts still in LevelDB files', description: `${earlyOnDisk.length} of ${early.secrets.length}` });
  });

  test('a wrong passphrase is refused without damage; while locked no note shows; unlock survives a worker restart', async ({ context, extensionId, server }) => {
    test.setTimeout(60_000);
    const options = await openExtensionPage(context, extensionId, 'options.html#notes');
    await setLockInOptions(options);
    const notes = Array.from({ length: 5 }, (_, i) => secretNote(i, server));
    for (const note of notes) expect(await send(options, { type: 'notes:save', annotation: note.annotation })).toMatchObject({ ok: true });
    await expect(options.locator('.notes-list > li')).toHaveCount(5);

    await options.getByRole('button', { name: 'Lock now' }).click();
    await expect(options.getByRole('heading', { name: 'Notes are locked' })).toBeVisible();
    const before = await rawDump(await currentWorker(context, options));

    await options.getByLabel('Passphrase', { exact: true }).fill('tidal basin lantern 43');
    await options.getByRole('button', { name: 'Unlock notes' }).click();
    await expect(options.getByRole('alert')).toHaveText('That passphrase is not right. Nothing was changed.', { timeout: 20_000 });
    expect(await rawDump(await currentWorker(context, options))).toBe(before);

    // Locked: the page holds no note content, and no message hands any out.
    const html = await options.content();
    expect(notes.flatMap((n) => n.secrets).filter((s) => html.includes(s))).toEqual([]);
    await expect(options.locator('.notes-list')).toHaveCount(0);
    await expect(options.getByText(FORGET)).toBeVisible();
    expect(await send(options, { type: 'notes:list' })).toEqual({ ok: false, error: expect.stringMatching(/^Notes are locked/) });
    expect(await send(options, { type: 'notes:export' })).toEqual({ ok: false, error: expect.stringMatching(/^Notes are locked/) });
    expect(await send(options, { type: 'notes:listForPage', pageKey: notes[0]!.annotation.target.source })).toEqual({ ok: true, value: [] });
    expect(await send(options, { type: 'notes:save', annotation: secretNote(50, server).annotation })).toEqual({ ok: false, error: expect.stringMatching(/^Notes are locked/) });

    // Still locked after the worker is stopped and started again.
    await stopServiceWorker(context, options);
    expect(await send(options, { type: 'notes:lockStatus' })).toEqual({ ok: true, value: 'locked' });

    await options.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await options.getByRole('button', { name: 'Unlock notes' }).click();
    await expect(options.locator('.notes-list > li')).toHaveCount(5, { timeout: 20_000 });
    await expect(options.locator('.notes-list')).toContainText('BODY-SECRET-3 start potassium chloride');

    // Unlocked stays unlocked when the worker stops (the key waits in session storage)…
    await stopServiceWorker(context, options);
    const reply = await send(options, { type: 'notes:listForPage', pageKey: notes[2]!.annotation.target.source });
    expect(reply).toEqual({ ok: true, value: [notes[2]!.annotation] });
    await options.reload();
    await expect(options.locator('.notes-list > li')).toHaveCount(5);
    // …and a second settings page locks every open one.
    const second = await openExtensionPage(context, extensionId, 'options.html#notes');
    await second.getByRole('button', { name: 'Lock now' }).click();
    await expect(options.getByRole('heading', { name: 'Notes are locked' })).toBeVisible();
    await expect(options.locator('.notes-list')).toHaveCount(0);
  });

  test('notes on a page disappear while locked and come back when unlocked', async ({ context, extensionId, page, server }) => {
    test.setTimeout(60_000);
    const chart = server.url('/demo/ehr/chart.html');
    const options = await openExtensionPage(context, extensionId, 'options.html#notes');
    await setLockInOptions(options);
    const note = annotation({ id: uuid(1, 8), source: chart, text: 'IN-PAGE-SECRET ask hepatology', exact: 'follow up in interventional radiology clinic', prefix: 'Plan: ', suffix: '.' });
    expect(await send(options, { type: 'notes:save', annotation: note })).toMatchObject({ ok: true });

    const marks = () => page.evaluate(() => [...((CSS.highlights.get('clinical-lens-note') as Iterable<Range> | undefined) ?? [])].map((r) => r.toString()));
    await page.goto(chart);
    await expect.poll(marks).toEqual(['follow up in interventional radiology clinic']);
    const box = await page.evaluate(() => {
      const r = [...(CSS.highlights.get('clinical-lens-note') as Iterable<Range>)][0]!.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    await page.mouse.click(box.x, box.y);
    const card = page.locator('clinical-lens-ui section[aria-label="Note"]');
    await expect(card).toContainText('IN-PAGE-SECRET ask hepatology');

    // Locking elsewhere hides the mark and closes the open card at once.
    await options.getByRole('button', { name: 'Lock now' }).click();
    await expect.poll(marks).toEqual([]);
    await expect(card).toHaveCount(0);
    await page.reload();
    await page.waitForTimeout(1_000);
    expect(await marks()).toEqual([]);
    expect(await page.locator('clinical-lens-ui').evaluateAll((hosts) => hosts.map((h) => h.shadowRoot?.textContent ?? '').join(''))).not.toContain('IN-PAGE-SECRET');

    await options.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await options.getByRole('button', { name: 'Unlock notes' }).click();
    await expect.poll(marks, { timeout: 20_000 }).toEqual(['follow up in interventional radiology clinic']);
  });

  test('change the passphrase and remove the lock in the options page', async ({ context, extensionId, server }) => {
    test.setTimeout(60_000);
    const options = await openExtensionPage(context, extensionId, 'options.html#notes');
    await setLockInOptions(options);
    const note = secretNote(1, server);
    expect(await send(options, { type: 'notes:save', annotation: note.annotation })).toMatchObject({ ok: true });

    const next = 'harbour lights at dawn';
    await options.getByText('Change the passphrase', { exact: true }).first().click();
    await options.getByLabel('Current passphrase').first().fill(PASSPHRASE);
    await options.getByLabel('New passphrase', { exact: true }).fill(next);
    await options.getByLabel('Repeat the new passphrase').fill(next);
    await options.getByRole('button', { name: 'Change the passphrase' }).click();
    await expect(options.getByRole('button', { name: 'Change the passphrase' })).toBeEnabled({ timeout: 20_000 });
    await expect(options.locator('#change-passphrase [role="alert"]')).toHaveCount(0);

    await options.getByRole('button', { name: 'Lock now' }).click();
    await expect(options.getByRole('heading', { name: 'Notes are locked' })).toBeVisible();
    await options.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await options.getByRole('button', { name: 'Unlock notes' }).click();
    await expect(options.getByRole('alert')).toHaveText('That passphrase is not right. Nothing was changed.', { timeout: 20_000 });
    await options.getByLabel('Passphrase', { exact: true }).fill(next);
    await options.getByRole('button', { name: 'Unlock notes' }).click();
    await expect(options.locator('.notes-list > li')).toHaveCount(1, { timeout: 20_000 });

    await options.getByText('Remove the lock', { exact: true }).first().click();
    await options.locator('#remove-lock').getByLabel('Current passphrase').fill(next);
    await options.getByRole('button', { name: 'Remove the lock' }).click();
    await expect(options.getByRole('button', { name: 'Lock notes with this passphrase' })).toBeVisible({ timeout: 20_000 });
    expect(await send(options, { type: 'notes:lockStatus' })).toEqual({ ok: true, value: 'none' });
    expect(await send(options, { type: 'notes:list' })).toEqual({ ok: true, value: [note.annotation] });
  });
});
