// Crashes and restarts on the built extension: the service worker is stopped (DevTools protocol)
// in the middle of 1,000 saves, with and without the passphrase lock; every save the sender saw
// acknowledged is stored afterwards, and the rest go through when sent again. Two pages saving
// at once lose nothing. (Storage full is simulated at unit level: tests/unit/notes-store.test.ts.)
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { annotation, currentWorker, openExtensionPage, send, stopServiceWorker, uuid } from './notes-support';

const TOTAL = 1_000;
const BATCH = 50;

interface Round {
  acked: string[];
  failed: { id: string; error: string }[];
}

/** Starts saving `notes` from `page` in parallel batches, recording each answer in the page. */
async function startSaving(page: Page, notes: unknown[]): Promise<void> {
  await page.evaluate(
    ({ notes, batch }) => {
      const round: Round = { acked: [], failed: [] };
      const w = window as unknown as { round: Round; done: Promise<void> };
      w.round = round;
      w.done = (async () => {
        for (let b = 0; b < notes.length; b += batch) {
          await Promise.all(
            (notes.slice(b, b + batch) as { id: string }[]).map(async (note) => {
              try {
                const reply = (await chrome.runtime.sendMessage({ type: 'notes:save', annotation: note })) as { ok: boolean; error?: string } | undefined;
                if (reply?.ok) round.acked.push(note.id);
                else round.failed.push({ id: note.id, error: reply?.error ?? 'no answer' });
              } catch (error) {
                round.failed.push({ id: note.id, error: String(error) });
              }
            }),
          );
        }
      })();
    },
    { notes, batch: BATCH },
  );
}

const progress = (page: Page) => page.evaluate(() => (window as unknown as { round: Round }).round.acked.length);
const finished = (page: Page) =>
  page.evaluate(async () => {
    const w = window as unknown as { round: Round; done: Promise<void> };
    await w.done;
    return w.round;
  });

async function storedIds(page: Page): Promise<Set<string>> {
  const reply = await send(page, { type: 'notes:list' });
  if (!reply.ok) throw new Error(reply.error);
  return new Set((reply.value as { id: string }[]).map((a) => a.id));
}

function notesFor(series: number, count: number, source: string) {
  return Array.from({ length: count }, (_, i) =>
    annotation({ id: uuid(i, series), source, text: `note ${i} of series ${series}`, exact: `passage ${i}`, tags: i % 10 === 0 ? ['batch'] : [] }),
  );
}

for (const locked of [false, true]) {
  test(`the worker stopped in the middle of ${TOTAL} saves${locked ? ' (notes locked)' : ''}: every acknowledged note is stored`, async ({ context, extensionId, server }) => {
    test.setTimeout(90_000);
    // A settings section without the notes list, so 1,000 "notes changed" messages cost nothing.
    const sender = await openExtensionPage(context, extensionId);
    if (locked) expect(await send(sender, { type: 'notes:setLock', passphrase: 'crash test passphrase' })).toEqual({ ok: true, value: 'unlocked' });
    const before = await currentWorker(context, sender);
    await before.evaluate(() => Object.assign(globalThis, { startedBeforeTheCrash: true }));

    const notes = notesFor(locked ? 2 : 1, TOTAL, server.url('/demo/ehr/chart.html'));
    await startSaving(sender, notes);
    await expect.poll(() => progress(sender), { timeout: 45_000 }).toBeGreaterThanOrEqual(TOTAL * 0.3);
    await stopServiceWorker(context, sender);
    const round = await finished(sender);

    // A new worker answers now: the old one's globals are gone.
    const after = await currentWorker(context, sender);
    expect(await after.evaluate(() => 'startedBeforeTheCrash' in globalThis)).toBe(false);
    if (locked) expect(await send(sender, { type: 'notes:lockStatus' })).toEqual({ ok: true, value: 'unlocked' });

    const stored = await storedIds(sender);
    const lost = round.acked.filter((id) => !stored.has(id));
    test.info().annotations.push({
      type: 'crash figures',
      description: `${round.acked.length} acknowledged, ${round.failed.length} not (${[...new Set(round.failed.map((f) => f.error))].join(' | ')}), ${stored.size} stored, ${lost.length} acknowledged but lost`,
    });
    expect(lost).toEqual([]);
    expect(round.acked.length + round.failed.length).toBe(TOTAL);
    expect(stored.size).toBeGreaterThanOrEqual(round.acked.length);

    // The sender tries the unacknowledged ones again: now all 1,000 are there, each once.
    const retry = notes.filter((n) => !round.acked.includes(n.id));
    await startSaving(sender, retry);
    const second = await finished(sender);
    expect(second.failed).toEqual([]);
    expect((await storedIds(sender)).size).toBe(TOTAL);
  });
}

test('two pages saving at once lose nothing', async ({ context, extensionId, server }) => {
  test.setTimeout(60_000);
  const [tabA, tabB] = [await openExtensionPage(context, extensionId), await openExtensionPage(context, extensionId)];
  const source = server.url('/demo/ehr/chart.html');
  // Both also edit one shared note: the version with the latest `modified` must win.
  const shared = (version: number) =>
    annotation({ id: uuid(1, 9), source, text: `shared v${version}`, exact: 'shared passage', modified: new Date(Date.UTC(2025, 5, 1, 0, 0, version)).toISOString() });
  const forA = [...notesFor(3, 300, source), ...[1, 3, 5, 7, 9].map(shared)];
  const forB = [...notesFor(4, 300, source), ...[10, 8, 6, 4, 2].map(shared)];
  await Promise.all([startSaving(tabA, forA), startSaving(tabB, forB)]);
  const [a, b] = await Promise.all([finished(tabA), finished(tabB)]);
  expect([...a.failed, ...b.failed]).toEqual([]);
  const reply = await send(tabA, { type: 'notes:list' });
  const stored = (reply as { value: { id: string; body: { value: string }[] }[] }).value;
  expect(stored).toHaveLength(601);
  expect(stored.find((n) => n.id === uuid(1, 9))?.body[0]?.value).toBe('shared v10');
});
