// The passphrase lock: its cryptography (lib/note-crypto.ts) and the locked store through the
// background's notes service (IndexedDB on fake-indexeddb, session storage in WXT's fake
// browser). The proof that nothing is stored in the clear is a raw dump of every record.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { describe as describePassage } from '../../lib/anchoring';
import { type Annotation, createAnnotation, editAnnotation, noteText, quoteOf } from '../../lib/annotation';
import { exportNotesFile } from '../../lib/annotation-file';
import {
  blindIndex,
  createLock,
  deriveSecret,
  keysFromSecret,
  openLock,
  passphraseProblem,
  PBKDF2_ITERATIONS,
  sealJson,
  unsealJson,
} from '../../lib/note-crypto';
import { browserSession, WRONG_PASSPHRASE } from '../../entrypoints/background/notes-lock';
import { DELETED_MESSAGE, type Notes, notesHandlers, openNotes } from '../../entrypoints/background/notes-service';
import { dumpDatabase, leaked } from './idb-dump';

// Fewer iterations than the product's 600,000 keep this file fast; one test below runs the real count.
const TEST_ITERATIONS = 2_000;
const PASSPHRASE = 'correct horse battery staple';
const CHART = 'https://ehr.example.org/patient/4711-secret-mrn/chart?visit=889';
const OTHER_CHART = 'https://ehr.example.org/patient/4712/chart';
const TEXT =
  'Allergies: penicillin anaphylaxis, confirmed by the allergist in March.\u2029Potassium 3.1 mmol/L hypokalaemia-marker, recheck in one week with magnesium level.\u2029Plan reviewed.';
const QUOTE = 'Potassium 3.1 mmol/L hypokalaemia-marker';

let databases = 0;
let name: string;
let notes: Notes;

function note(source: string, text: string, tags: string[] = [], at = '2025-01-01T00:00:00.000Z'): Annotation {
  const start = TEXT.indexOf(QUOTE);
  const d = describePassage(TEXT, start, start + QUOTE.length)!;
  return createAnnotation({ source, selectors: d.selectors, anchorVersion: d.version, occurrence: d.occurrence, text, tags }, new Date(at));
}

/** Everything a note holds that would reveal it: text, tags, quote, context, page, id. */
function secretsOf(annotation: Annotation): string[] {
  const quote = quoteOf(annotation)!;
  // The longest line of each: prefix and suffix hold a newline where the page had a block break.
  const longestLine = (s: string) => s.split('\n').reduce((a, b) => (b.trim().length > a.length ? b.trim() : a), '');
  return [noteText(annotation), ...annotation.body.slice(1).map((b) => b.value), quote.exact, quote.prefix!, quote.suffix!, annotation.target.source, annotation.id].map(longestLine);
}

const optionsPage = () => ({ url: fakeBrowser.runtime.getURL('/options.html') }) as Browser.runtime.MessageSender;
const contentScript = { url: CHART, tab: { id: 1 } } as Browser.runtime.MessageSender;

function handlers(current = notes) {
  return notesHandlers(current, async () => undefined);
}

/** The background as a stopped and restarted worker sees it: nothing in memory, same storage. */
function restartedWorker(): Notes {
  return openNotes(name, { iterations: TEST_ITERATIONS });
}

beforeEach(() => {
  fakeBrowser.reset();
  name = `notes-lock-${++databases}`;
  notes = openNotes(name, { iterations: TEST_ITERATIONS });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('note crypto', () => {
  // Two derivations at the real count: about a second each on a busy machine.
  it('uses PBKDF2-SHA-256 with at least 600,000 iterations by default', { timeout: 30_000 }, async () => {
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    const { meta } = await createLock(PASSPHRASE);
    expect(meta).toMatchObject({ kdf: 'PBKDF2-SHA-256', iterations: PBKDF2_ITERATIONS });
    expect(meta.salt).toHaveLength(16);
    expect(await openLock(PASSPHRASE, meta)).not.toBeNull();
    expect(await openLock(`${PASSPHRASE}!`, meta)).toBeNull();
  });

  it('makes non-extractable keys, a random IV per record, and refuses tampered or moved records', async () => {
    const { keys } = await createLock(PASSPHRASE, TEST_ITERATIONS);
    expect(keys.aes.extractable).toBe(false);
    expect(keys.mac.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', keys.aes)).rejects.toThrow();
    const a = await sealJson(keys, { text: 'same' }, 'note\u0000a');
    const b = await sealJson(keys, { text: 'same' }, 'note\u0000a');
    expect(a.iv).toHaveLength(12);
    expect(a.iv).not.toEqual(b.iv);
    expect(a.data).not.toEqual(b.data);
    expect(await unsealJson(keys, a, 'note\u0000a')).toEqual({ text: 'same' });
    await expect(unsealJson(keys, a, 'note\u0000b')).rejects.toThrow();
    const flipped = { iv: a.iv, data: a.data.slice() };
    flipped.data[0]! ^= 1;
    await expect(unsealJson(keys, flipped, 'note\u0000a')).rejects.toThrow();
  });

  it('derives the same secret for the same passphrase in any Unicode form, and a blind index per lock', async () => {
    const salt = new Uint8Array(16);
    const composed = await deriveSecret('Crème brûlée à midi', salt, TEST_ITERATIONS);
    const decomposed = await deriveSecret('Crème brûlée à midi'.normalize('NFD'), salt, TEST_ITERATIONS);
    expect(decomposed).toEqual(composed);
    const keys = await keysFromSecret(composed, 'lock-a-0123456789');
    const again = await keysFromSecret(composed, 'lock-a-0123456789');
    const other = (await createLock(PASSPHRASE, TEST_ITERATIONS)).keys;
    expect(await blindIndex(keys, 'page', CHART)).toBe(await blindIndex(again, 'page', CHART));
    expect(await blindIndex(keys, 'page', CHART)).not.toBe(await blindIndex(keys, 'note', CHART));
    expect(await blindIndex(keys, 'page', CHART)).not.toBe(await blindIndex(other, 'page', CHART));
    expect(await blindIndex(keys, 'page', CHART)).not.toContain('ehr');
  });

  it('asks for a passphrase of at least 8 characters', () => {
    expect(passphraseProblem('short')).toMatch(/at least 8 characters/);
    expect(passphraseProblem('长城长城长城长城')).toBeNull();
    expect(passphraseProblem(PASSPHRASE)).toBeNull();
  });
});

describe('locked notes', () => {
  const saveAll = async (list: Annotation[]) => {
    for (const a of list) await handlers()['notes:save']({ type: 'notes:save', annotation: a }, contentScript);
  };

  it('stores no note text, tag, quote, context, page address or id in the clear', async () => {
    const before = [note(CHART, 'Started oral KCl 40 mmol, SECRET-BODY-BEFORE', ['secret-tag-before'])];
    await saveAll(before);
    // The dump finds plaintext when it is there…
    expect(leaked(await dumpDatabase(name), secretsOf(before[0]!))).toEqual(secretsOf(before[0]!));

    expect(await handlers()['notes:setLock']({ type: 'notes:setLock', passphrase: PASSPHRASE }, optionsPage())).toBe('unlocked');
    const after = [note(CHART, 'Ask nephrology about SECRET-BODY-AFTER', ['secret-tag-after']), note(OTHER_CHART, 'Second patient SECRET-BODY-OTHER')];
    await saveAll(after);
    await handlers()['notes:import']({ type: 'notes:import', text: exportNotesFile([note(CHART, 'Imported SECRET-BODY-IMPORTED', ['imported-tag'])]) }, optionsPage());
    const deleted = note(CHART, 'Deleted SECRET-BODY-DELETED');
    await saveAll([deleted]);
    await handlers()['notes:delete']({ type: 'notes:delete', id: deleted.id }, optionsPage());

    // …and finds none of it once the notes are locked: neither the notes saved before the lock
    // (re-sealed), nor those saved or imported after it, nor the deleted one's tombstone.
    const dump = await dumpDatabase(name);
    const all = [...before, ...after, deleted].flatMap(secretsOf).concat(['SECRET-BODY-IMPORTED', 'imported-tag', 'penicillin', 'magnesium', 'ehr.example.org', PASSPHRASE]);
    expect(leaked(dump, all)).toEqual([]);
    expect(dump).toContain('"notes"');
    expect(dump).toContain('"tombstones"');
    // Readable with the key: notes per page, as before.
    expect((await handlers()['notes:listForPage']({ type: 'notes:listForPage', pageKey: CHART }, contentScript)).map(noteText).sort()).toEqual(
      ['Ask nephrology about SECRET-BODY-AFTER', 'Imported SECRET-BODY-IMPORTED', 'Started oral KCl 40 mmol, SECRET-BODY-BEFORE'].sort(),
    );
    expect((await handlers()['notes:listForPage']({ type: 'notes:listForPage', pageKey: OTHER_CHART }, contentScript)).map(noteText)).toEqual(['Second patient SECRET-BODY-OTHER']);
  });

  it('refuses a wrong passphrase without changing anything, and shows nothing while locked', async () => {
    const saved = [note(CHART, 'Locked note one', ['a']), note(OTHER_CHART, 'Locked note two')];
    await saveAll(saved);
    await handlers()['notes:setLock']({ type: 'notes:setLock', passphrase: PASSPHRASE }, optionsPage());
    expect(await handlers()['notes:lock']({ type: 'notes:lock' }, contentScript)).toBe('locked');
    const dump = await dumpDatabase(name);

    await expect(handlers()['notes:unlock']({ type: 'notes:unlock', passphrase: 'correct horse battery stapler' }, optionsPage())).rejects.toThrow(WRONG_PASSPHRASE);
    await expect(handlers()['notes:unlock']({ type: 'notes:unlock', passphrase: '' }, optionsPage())).rejects.toThrow(WRONG_PASSPHRASE);
    await expect(handlers()['notes:removeLock']({ type: 'notes:removeLock', passphrase: 'nope nope nope' }, optionsPage())).rejects.toThrow(WRONG_PASSPHRASE);
    await expect(handlers()['notes:changePassphrase']({ type: 'notes:changePassphrase', current: 'nope nope nope', next: 'another long one' }, optionsPage())).rejects.toThrow(
      WRONG_PASSPHRASE,
    );
    expect(await dumpDatabase(name)).toBe(dump);
    expect(await handlers()['notes:lockStatus']({ type: 'notes:lockStatus' }, contentScript)).toBe('locked');

    // Locked: pages get no notes, the manager an explanation, and nothing can be written.
    expect(await handlers()['notes:listForPage']({ type: 'notes:listForPage', pageKey: CHART }, contentScript)).toEqual([]);
    await expect(handlers()['notes:list']({ type: 'notes:list' }, optionsPage())).rejects.toThrow(/Notes are locked/);
    await expect(handlers()['notes:export']({ type: 'notes:export' }, optionsPage())).rejects.toThrow(/Notes are locked/);
    await expect(handlers()['notes:save']({ type: 'notes:save', annotation: note(CHART, 'new while locked') }, contentScript)).rejects.toThrow(/Notes are locked/);
    await expect(handlers()['notes:delete']({ type: 'notes:delete', id: saved[0]!.id }, contentScript)).rejects.toThrow(/Notes are locked/);
    await expect(handlers()['notes:import']({ type: 'notes:import', text: exportNotesFile([note(CHART, 'x')]) }, optionsPage())).rejects.toThrow(/Notes are locked/);
    expect(await dumpDatabase(name)).toBe(dump);

    expect(await handlers()['notes:unlock']({ type: 'notes:unlock', passphrase: PASSPHRASE }, optionsPage())).toBe('unlocked');
    expect(await handlers()['notes:list']({ type: 'notes:list' }, optionsPage())).toEqual(expect.arrayContaining(saved));
    expect(await handlers()['notes:list']({ type: 'notes:list' }, optionsPage())).toHaveLength(2);
  });

  it('stays unlocked when the worker restarts (session storage), and locked after “Lock now”', async () => {
    const saved = note(CHART, 'Survives a worker restart');
    await handlers()['notes:setLock']({ type: 'notes:setLock', passphrase: PASSPHRASE }, optionsPage());
    await saveAll([saved]);
    // Session storage holds the derived secret for this lock, never the passphrase.
    const session = await browserSession.read();
    expect(session?.lockId).toBe((await notes.store.readLock())?.id);
    expect(atob(session!.secret)).toHaveLength(32);
    expect(JSON.stringify(await fakeBrowser.storage.session.get())).not.toContain(PASSPHRASE);
    expect(JSON.stringify(await fakeBrowser.storage.local.get())).not.toContain(session!.secret);

    const restarted = restartedWorker();
    expect(await restarted.lock.status()).toBe('unlocked');
    expect(await handlers(restarted)['notes:listForPage']({ type: 'notes:listForPage', pageKey: CHART }, contentScript)).toEqual([saved]);

    await handlers(restarted)['notes:lock']({ type: 'notes:lock' }, contentScript);
    expect(await browserSession.read()).toBeNull();
    expect(await restartedWorker().lock.status()).toBe('locked');
    // The first worker's memory is no excuse either: it reads the lock state from storage.
    expect(await notes.lock.status()).toBe('unlocked');
    expect(await restartedWorker().lock.status()).toBe('locked');
  });

  it('ignores a damaged or stale session key', async () => {
    await handlers()['notes:setLock']({ type: 'notes:setLock', passphrase: PASSPHRASE }, optionsPage());
    const session = (await browserSession.read())!;
    await browserSession.write({ ...session, secret: btoa('x'.repeat(32)) });
    expect(await restartedWorker().lock.status()).toBe('locked');
    expect(await browserSession.read()).toBeNull();
  });

  it('changes the passphrase: every record re-sealed, the old passphrase refused, deletions kept', async () => {
    const kept = note(CHART, 'Kept through a new passphrase', ['k']);
    const gone = note(CHART, 'Deleted before the change');
    await handlers()['notes:setLock']({ type: 'notes:setLock', passphrase: PASSPHRASE }, optionsPage());
    await saveAll([kept, gone]);
    await handlers()['notes:delete']({ type: 'notes:delete', id: gone.id }, optionsPage());
    const before = JSON.parse(await dumpDatabase(name)) as { notes: { key: unknown }[] };

    await expect(handlers()['notes:changePassphrase']({ type: 'notes:changePassphrase', current: PASSPHRASE, next: 'short' }, optionsPage())).rejects.toThrow(/at least 8/);
    const next = 'a different, longer passphrase';
    expect(await handlers()['notes:changePassphrase']({ type: 'notes:changePassphrase', current: PASSPHRASE, next }, optionsPage())).toBe('unlocked');
    const after = JSON.parse(await dumpDatabase(name)) as { notes: { key: unknown }[] };
    // New keys: the blind index of the same note is another one.
    expect(after.notes.map((r) => r.key)).not.toEqual(before.notes.map((r) => r.key));

    await handlers()['notes:lock']({ type: 'notes:lock' }, optionsPage());
    await expect(handlers()['notes:unlock']({ type: 'notes:unlock', passphrase: PASSPHRASE }, optionsPage())).rejects.toThrow(WRONG_PASSPHRASE);
    await handlers()['notes:unlock']({ type: 'notes:unlock', passphrase: next }, optionsPage());
    expect(await handlers()['notes:list']({ type: 'notes:list' }, optionsPage())).toEqual([kept]);
    // The tombstone was re-keyed too: an old copy of the deleted note is still refused.
    await expect(handlers()['notes:save']({ type: 'notes:save', annotation: gone }, contentScript)).rejects.toThrow(DELETED_MESSAGE);
  });

  it('removes the lock with the passphrase: notes back in the clear, session forgotten', async () => {
    const saved = [note(CHART, 'Back in the clear', ['tag']), note(OTHER_CHART, 'Other')];
    await handlers()['notes:setLock']({ type: 'notes:setLock', passphrase: PASSPHRASE }, optionsPage());
    await saveAll(saved);
    expect(await handlers()['notes:removeLock']({ type: 'notes:removeLock', passphrase: PASSPHRASE }, optionsPage())).toBe('none');
    expect(await browserSession.read()).toBeNull();
    expect(await notes.store.readLock()).toBeNull();
    expect(leaked(await dumpDatabase(name), ['Back in the clear'])).toEqual(['Back in the clear']);
    expect(await restartedWorker().store.listForPage(CHART)).toEqual([saved[0]]);
    expect(await handlers()['notes:lockStatus']({ type: 'notes:lockStatus' }, contentScript)).toBe('none');
  });

  it('changes nothing when re-sealing fails part way (storage full)', async () => {
    const saved = Array.from({ length: 5 }, (_, i) => note(CHART, `note ${i}`));
    await saveAll(saved);
    const dump = await dumpDatabase(name);
    let puts = 0;
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (++puts === 3) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    });
    await expect(handlers()['notes:setLock']({ type: 'notes:setLock', passphrase: PASSPHRASE }, optionsPage())).rejects.toThrow(
      'Storage is full: the lock was not changed. Nothing else was changed. Free some disk space and try again.',
    );
    vi.restoreAllMocks();
    expect(await dumpDatabase(name)).toBe(dump);
    expect(await handlers()['notes:lockStatus']({ type: 'notes:lockStatus' }, contentScript)).toBe('none');
    expect(await browserSession.read()).toBeNull();
    expect(await notes.store.listAll()).toEqual(expect.arrayContaining(saved));
  });

  it('loses no save made while the lock is being set, and leaves none of them in the clear', async () => {
    const first = Array.from({ length: 30 }, (_, i) => note(CHART, `early plaintext-${i}`));
    await saveAll(first);
    const racing = Array.from({ length: 60 }, (_, i) => note(OTHER_CHART, `racing plaintext-${i}`));
    const [status] = await Promise.all([
      handlers()['notes:setLock']({ type: 'notes:setLock', passphrase: PASSPHRASE }, optionsPage()),
      ...racing.map((a) => handlers()['notes:save']({ type: 'notes:save', annotation: a }, contentScript)),
    ]);
    expect(status).toBe('unlocked');
    const listed = await handlers()['notes:list']({ type: 'notes:list' }, optionsPage());
    expect(listed).toHaveLength(90);
    expect(new Set(listed.map(noteText))).toEqual(new Set([...first, ...racing].map(noteText)));
    expect(leaked(await dumpDatabase(name), ['plaintext-'])).toEqual([]);
  });

  it('keeps the newer of two versions and honours deletions while locked', async () => {
    await handlers()['notes:setLock']({ type: 'notes:setLock', passphrase: PASSPHRASE }, optionsPage());
    const first = note(CHART, 'v1');
    const later = editAnnotation(first, { text: 'v2', tags: [] }, new Date('2025-02-01T00:00:00.000Z'));
    await saveAll([later]);
    expect(await handlers()['notes:save']({ type: 'notes:save', annotation: first }, contentScript)).toEqual(later);
    await handlers()['notes:delete']({ type: 'notes:delete', id: first.id }, contentScript);
    await expect(handlers()['notes:save']({ type: 'notes:save', annotation: later }, contentScript)).rejects.toThrow(DELETED_MESSAGE);
    expect(await handlers()['notes:list']({ type: 'notes:list' }, optionsPage())).toEqual([]);
  });

  it('lets only extension pages set, unlock, change or remove the lock', async () => {
    for (const request of [
      { type: 'notes:setLock', passphrase: PASSPHRASE },
      { type: 'notes:unlock', passphrase: PASSPHRASE },
      { type: 'notes:removeLock', passphrase: PASSPHRASE },
    ] as const) {
      await expect((handlers()[request.type] as (r: typeof request, s: Browser.runtime.MessageSender) => Promise<unknown>)(request, contentScript)).rejects.toThrow(
        /Only Clinical Lens pages/,
      );
    }
    expect(await notes.store.readLock()).toBeNull();
  });
});
