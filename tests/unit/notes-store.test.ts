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
import { notesHandlers, notifyTabs } from '../../entrypoints/background/notes-service';
import { type NotesStore, openNotesStore, storageErrorMessage } from '../../entrypoints/background/notes-store';

const CHART_1 = 'https://ehr.example.org/patient/1/chart';
const CHART_2 = 'https://ehr.example.org/patient/2/chart';
const TEXT = 'Allergies: penicillin (rash).\u2029Potassium 3.1 mmol/L, recheck in one week.\u2029Plan reviewed.';

let databases = 0;
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
  store = openNotesStore(`notes-test-${++databases}`);
  options.url = fakeBrowser.runtime.getURL('/options.html');
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('notes store', () => {
  it('saves, lists per page and in all, and deletes', async () => {
    const a = note(CHART_1, 'low K');
    const b = note(CHART_2, 'other patient');
    expect(await store.save(a)).toEqual({ annotation: a, stored: true });
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
    expect(result).toEqual({ annotation: later, stored: false });
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
    expect(storageErrorMessage(full, 'saving the note')).toMatch(/storage for Clinical Lens is full, so saving the note failed\. Nothing was changed/);
    expect(storageErrorMessage(new Error('disk on fire'), 'saving the note')).toBe('Saving the note failed (disk on fire). Nothing was changed.');
  });
});

describe('notes service', () => {
  function service() {
    const told: NotesChanged[] = [];
    const handlers = notesHandlers(store, async (message) => {
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
    expect(summary).toEqual({ added: 1, updated: 1, skipped: 1, duplicates: 1 });
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
    store = openNotesStore(`notes-test-${++databases}`);
    const fresh = service().handlers;
    expect(await fresh['notes:import']({ type: 'notes:import', text: exported }, options)).toEqual({ added: 3, updated: 0, skipped: 0, duplicates: 0 });
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
