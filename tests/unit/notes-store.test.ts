// The notes store (IndexedDB through idb, on fake-indexeddb) and the background's notes
// service: saving, listing, deleting, concurrent saves, imports that are validated whole and
// change nothing when bad, duplicates, and export → import round trips.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { describe as describePassage } from '../../lib/anchoring';
import { type Annotation, createAnnotation, editAnnotation, noteText } from '../../lib/annotation';
import { exportNotesFile } from '../../lib/annotation-file';
import type { NotesChanged } from '../../lib/messages';
import { DELETED_MESSAGE, type Notes, notesHandlers, notifyTabs, openNotes } from '../../entrypoints/background/notes-service';
import { type NotesStore, openNotesStore, storageErrorMessage } from '../../entrypoints/background/notes-store';

const CHART_1 = 'https://ehr.example.org/patient/1/chart';
const CHART_2 = 'https://ehr.example.org/patient/2/chart';
const TEXT = 'Allergies: penicillin (rash).\u2029Potassium 3.1 mmol/L, recheck in one week.\u2029Plan reviewed.';

let databases = 0;
let notes: Notes;
let store: NotesStore;

function note(source: string, text: string, at = '2025-01-01T00:00:00.000Z', id?: string): Annotation {
  const start = TEXT.indexOf('Potassium');
  const d = describePassage(TEXT, start, start + 20)!;
  return createAnnotation({ source, selectors: d.selectors, anchorVersion: d.version, occurrence: d.occurrence, text }, new Date(at), id);
}

const options = { url: 'chrome-extension://test/options.html' } as Browser.runtime.MessageSender;
const contentScript = { url: CHART_1, tab: { id: 1 } } as Browser.runtime.MessageSender;

beforeEach(() => {
  fakeBrowser.reset();
  notes = openNotes(`notes-test-${++databases}`);
  store = notes.store;
  options.url = fakeBrowser.runtime.getURL('/options.html');
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('notes store', () => {
  it('saves, lists per page and in all, and deletes', async () => {
    const a = note(CHART_1, 'low K');
    const b = note(CHART_2, 'other patient');
    expect(await store.save(a)).toEqual({ status: 'stored', annotation: a });
    await store.save(b);
    expect(await store.listForPage(CHART_1)).toEqual([a]);
    expect(await store.listForPage(CHART_2)).toEqual([b]);
    expect((await store.listAll()).map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
    expect(await store.remove(a.id)).toEqual(a);
    expect(await store.remove(a.id)).toBeNull();
    expect(await store.listForPage(CHART_1)).toEqual([]);
  });

  it('keeps the later edit when an older version arrives last', async () => {
    const first = note(CHART_1, 'first');
    const later = editAnnotation(first, { text: 'later', tags: [] }, new Date('2025-02-01T00:00:00.000Z'));
    await store.save(later);
    const result = await store.save(first);
    expect(result).toEqual({ status: 'newer-held', annotation: later });
    expect((await store.listAll()).map(noteText)).toEqual(['later']);
  });

  it('loses nothing when two tabs save at once', async () => {
    // Tab A and tab B each save 100 new notes and edit the same shared note, interleaved.
    const shared = note(CHART_1, 'v0', '2025-01-01T00:00:00.000Z', 'urn:uuid:00000000-0000-4000-8000-00000000aaaa');
    const versions = Array.from({ length: 20 }, (_, i) => editAnnotation(shared, { text: `v${i + 1}`, tags: [] }, new Date(Date.UTC(2025, 1, 1, 0, 0, i + 1))));
    const tabA = Array.from({ length: 100 }, (_, i) => note(CHART_1, `A${i}`));
    const tabB = Array.from({ length: 100 }, (_, i) => note(CHART_2, `B${i}`));
    const shuffled = [...versions].reverse();
    await Promise.all([
      ...tabA.map((a) => store.save(a)),
      ...shuffled.map((v) => store.save(v)),
      ...tabB.map((b) => store.save(b)),
      // A second connection (another context) writing at the same time.
      ...versions.slice(0, 5).map((v) => openNotesStore(`notes-test-${databases}`).save(v)),
    ]);
    const all = await store.listAll();
    expect(all).toHaveLength(201);
    expect(new Set(all.map(noteText))).toEqual(new Set([...tabA, ...tabB].map(noteText).concat('v20')));
  });

  it('imports in one transaction: a write that fails leaves everything as it was', async () => {
    const kept = note(CHART_1, 'kept');
    await store.save(kept);
    // A value IndexedDB cannot store (a function) makes the third write fail.
    const unstorable = { ...note(CHART_2, 'bad'), extra: () => 0 } as unknown as Annotation;
    await expect(store.importMany([note(CHART_2, 'one'), note(CHART_2, 'two'), unstorable])).rejects.toThrow(/Importing the notes failed .*Nothing was changed/);
    expect(await store.listAll()).toEqual([kept]);
  });

  it('words storage errors so a user can act on them', () => {
    const full = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    expect(storageErrorMessage(full, 'save')).toBe('Storage is full: the note was not saved. Nothing else was changed. Free some disk space and try again.');
    expect(storageErrorMessage(new Error('disk on fire'), 'save')).toBe('Saving the note failed (disk on fire). Nothing was changed.');
  });
});

describe('deletions (tombstones)', () => {
  const tab = (annotation: Annotation) => notesHandlers(notes, async () => undefined)['notes:save']({ type: 'notes:save', annotation }, contentScript);

  it('does not bring a deleted note back when an older edit arrives later (another tab)', async () => {
    const original = note(CHART_1, 'original', '2025-01-01T00:00:00.000Z');
    await store.save(original);
    // Tab B edited the note before tab A deleted it, but its save arrives after the deletion.
    const staleEdit = editAnnotation(original, { text: 'stale edit', tags: [] }, new Date('2025-01-02T00:00:00.000Z'));
    expect(await store.remove(original.id)).toEqual(original);
    expect(await store.save(staleEdit)).toEqual({ status: 'deleted' });
    await expect(tab(staleEdit)).rejects.toThrow(DELETED_MESSAGE);
    expect(await store.listAll()).toEqual([]);
    // A version written after the deletion is a real new edit: it is kept.
    const afterDeletion = editAnnotation(original, { text: 'written after the deletion', tags: [] }, new Date(Date.now() + 60_000));
    expect(await store.save(afterDeletion)).toEqual({ status: 'stored', annotation: afterDeletion });
    expect(await store.save(staleEdit)).toEqual({ status: 'newer-held', annotation: afterDeletion });
  });

  it('keeps a note deleted whichever of delete and stale save runs first', async () => {
    for (let round = 0; round < 10; round++) {
      const original = note(CHART_1, `round ${round}`);
      await store.save(original);
      const stale = editAnnotation(original, { text: `stale ${round}`, tags: [] }, new Date('2025-01-02T00:00:00.000Z'));
      const work = round % 2 === 0 ? [store.remove(original.id), store.save(stale)] : [store.save(stale), store.remove(original.id)];
      await Promise.all(work);
      // Either the stale edit landed first and was then deleted, or it came after and was refused.
      expect(await store.listAll()).toEqual([]);
    }
  });

  it('does not import an older copy of a deleted note, but does import a newer one', async () => {
    const deleted = note(CHART_1, 'deleted here', '2025-01-01T00:00:00.000Z');
    const future = note(CHART_1, 'stamped in the future', '2999-01-01T00:00:00.000Z');
    await store.importMany([deleted, future]);
    await store.remove(deleted.id);
    await store.remove(future.id);
    // The same file again: both stay deleted (the future-dated one too).
    expect(await store.importMany([deleted, future])).toEqual({ added: 0, updated: 0, skipped: 0, deleted: 2 });
    expect(await store.listAll()).toEqual([]);
    const revived = editAnnotation(deleted, { text: 'edited after the deletion', tags: [] }, new Date(Date.now() + 60_000));
    expect(await store.importMany([revived])).toEqual({ added: 1, updated: 0, skipped: 0, deleted: 0 });
    expect((await store.listAll()).map(noteText)).toEqual(['edited after the deletion']);
  });

  it('writes no tombstone for a note that was never there', async () => {
    const never = note(CHART_1, 'never saved');
    expect(await store.remove(never.id)).toBeNull();
    expect(await store.save(never)).toEqual({ status: 'stored', annotation: never });
  });
});

describe('storage full', () => {
  const FULL = 'Storage is full: the note was not saved. Nothing else was changed. Free some disk space and try again.';

  /** Makes the `nth` put (and those after it) fail as a full disk does. */
  function fillDiskAfter(nth: number) {
    let puts = 0;
    const put = IDBObjectStore.prototype.put;
    return vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (++puts >= nth) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    });
  }

  it('refuses a save with a clear message and keeps every earlier note', async () => {
    const earlier = [note(CHART_1, 'one'), note(CHART_2, 'two')];
    for (const a of earlier) await store.save(a);
    const edited = editAnnotation(earlier[0]!, { text: 'one, edited', tags: [] }, new Date('2025-06-01T00:00:00.000Z'));
    const before = exportNotesFile(await store.listAll());
    fillDiskAfter(1);
    await expect(store.save(note(CHART_1, 'new'))).rejects.toThrow(FULL);
    await expect(store.save(edited)).rejects.toThrow(FULL);
    const handlers = notesHandlers(notes, async () => undefined);
    await expect(handlers['notes:save']({ type: 'notes:save', annotation: edited }, contentScript)).rejects.toThrow(FULL);
    await expect(handlers['notes:import']({ type: 'notes:import', text: exportNotesFile([note(CHART_1, 'a'), note(CHART_1, 'b')]) }, options)).rejects.toThrow(
      'Storage is full: the notes were not imported. Nothing else was changed.',
    );
    await expect(store.remove(earlier[1]!.id)).rejects.toThrow('Storage is full: the note was not deleted.');
    vi.restoreAllMocks();
    expect(exportNotesFile(await store.listAll())).toBe(before);
    // Space freed: the same save goes through.
    expect((await store.save(edited)).status).toBe('stored');
  });

  it('fails an import part way through without storing any of it', async () => {
    await store.save(note(CHART_1, 'kept'));
    const before = exportNotesFile(await store.listAll());
    fillDiskAfter(40);
    await expect(store.importMany(Array.from({ length: 100 }, (_, i) => note(CHART_2, `bulk ${i}`)))).rejects.toThrow(/^Storage is full: the notes were not imported/);
    vi.restoreAllMocks();
    expect(exportNotesFile(await store.listAll())).toBe(before);
  });
});

describe('notes service', () => {
  function service() {
    const told: NotesChanged[] = [];
    const handlers = notesHandlers(notes, async (message) => {
      told.push(message);
    });
    return { handlers, told };
  }

  it('saves and deletes, telling tabs which page changed', async () => {
    const { handlers, told } = service();
    const a = note(CHART_1, 'low K');
    expect(await handlers['notes:save']({ type: 'notes:save', annotation: a }, contentScript)).toEqual(a);
    expect(await handlers['notes:listForPage']({ type: 'notes:listForPage', pageKey: CHART_1 }, contentScript)).toEqual([a]);
    expect(await handlers['notes:listForPage']({ type: 'notes:listForPage', pageKey: CHART_2 }, contentScript)).toEqual([]);
    expect(await handlers['notes:delete']({ type: 'notes:delete', id: a.id }, contentScript)).toBe(true);
    expect(await handlers['notes:delete']({ type: 'notes:delete', id: a.id }, contentScript)).toBe(false);
    expect(told).toEqual([
      { type: 'notesChanged', pageKey: CHART_1 },
      { type: 'notesChanged', pageKey: CHART_1 },
    ]);
  });

  it('lists, imports and exports all notes only for extension pages', async () => {
    const { handlers } = service();
    await expect(handlers['notes:list']({ type: 'notes:list' }, contentScript)).rejects.toThrow(/Only Clinical Lens pages/);
    await expect(handlers['notes:export']({ type: 'notes:export' }, contentScript)).rejects.toThrow(/Only Clinical Lens pages/);
    await expect(handlers['notes:import']({ type: 'notes:import', text: '[]' }, contentScript)).rejects.toThrow(/Only Clinical Lens pages/);
    expect(await handlers['notes:list']({ type: 'notes:list' }, options)).toEqual([]);
  });

  it('changes nothing on a bad file, and says what is wrong', async () => {
    const { handlers, told } = service();
    await handlers['notes:save']({ type: 'notes:save', annotation: note(CHART_1, 'before') }, options);
    const before = await handlers['notes:export']({ type: 'notes:export' }, options);
    const good = note(CHART_2, 'good');
    const badFiles = [
      '{"type":"AnnotationCollection","first":{"items":[',
      JSON.stringify([good, { ...good, id: 'urn:x:2', target: { source: CHART_2, selector: [] } }]),
      JSON.stringify({ ...good, type: 'Note' }),
      'x'.repeat(21 * 1024 * 1024),
    ];
    for (const text of badFiles) {
      await expect(handlers['notes:import']({ type: 'notes:import', text }, options)).rejects.toThrow(/not valid|too large|Expected an AnnotationCollection/);
    }
    expect(await handlers['notes:export']({ type: 'notes:export' }, options)).toBe(before);
    expect(told).toHaveLength(1);
  });

  it('imports a file with duplicates and older versions, keeping the newer of each', async () => {
    const { handlers, told } = service();
    const stored = note(CHART_1, 'stored, newer', '2025-03-01T00:00:00.000Z', 'urn:uuid:00000000-0000-4000-8000-000000000001');
    const other = note(CHART_1, 'stored, older', '2025-01-01T00:00:00.000Z', 'urn:uuid:00000000-0000-4000-8000-000000000002');
    await store.save(stored);
    await store.save(other);
    const olderOfStored = { ...stored, modified: '2025-02-01T00:00:00.000Z', body: [{ ...stored.body[0]!, value: 'file, older' }] };
    const newerOfOther = editAnnotation(other, { text: 'file, newer', tags: [] }, new Date('2025-04-01T00:00:00.000Z'));
    const fresh = note(CHART_2, 'new');
    const file = exportNotesFile([olderOfStored, newerOfOther, fresh, fresh]);
    const summary = await handlers['notes:import']({ type: 'notes:import', text: file }, options);
    expect(summary).toEqual({ added: 1, updated: 1, skipped: 1, deleted: 0, duplicates: 1 });
    const texts = (await store.listAll()).map(noteText).sort();
    expect(texts).toEqual(['file, newer', 'new', 'stored, newer']);
    expect(told).toEqual([{ type: 'notesChanged' }]);
  });

  it('round-trips export → import exactly', async () => {
    const { handlers } = service();
    for (const [i, source] of [CHART_1, CHART_2, CHART_1].entries()) {
      await store.save(editAnnotation(note(source, `note ${i} <b>&amp;</b>`), { text: `note ${i} <b>&amp;</b>`, tags: ['ward 5', `t${i}`] }));
    }
    const exported = await handlers['notes:export']({ type: 'notes:export' }, options);
    notes = openNotes(`notes-test-${++databases}`);
    const fresh = service().handlers;
    expect(await fresh['notes:import']({ type: 'notes:import', text: exported }, options)).toEqual({ added: 3, updated: 0, skipped: 0, deleted: 0, duplicates: 0 });
    expect(await fresh['notes:export']({ type: 'notes:export' }, options)).toBe(exported);
  });

  it('notifies every tab and ignores tabs without our content script', async () => {
    await fakeBrowser.tabs.create({ url: CHART_1 });
    await fakeBrowser.tabs.create({ url: 'https://example.org/' });
    const sent: number[] = [];
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(async (tabId: number) => {
      sent.push(tabId);
      if (sent.length === 1) throw new Error('Could not establish connection. Receiving end does not exist.');
      return undefined;
    });
    await expect(notifyTabs({ type: 'notesChanged', pageKey: CHART_1 })).resolves.toBeUndefined();
    expect(sent).toHaveLength((await fakeBrowser.tabs.query({})).length);
  });
});
