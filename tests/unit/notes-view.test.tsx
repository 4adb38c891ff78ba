// @vitest-environment happy-dom
// The options page's notes manager against the real notes service (IndexedDB on
// fake-indexeddb, messages through WXT's fake browser): search, filters, edit, delete, open,
// export and import, with markup in notes rendered as text.
import 'fake-indexeddb/auto';
import { render } from 'preact';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { describe as describePassage } from '../../lib/anchoring';
import { type Annotation, createAnnotation, noteText } from '../../lib/annotation';
import { exportNotesFile } from '../../lib/annotation-file';
import { BackgroundRequestSchema } from '../../lib/messages';
import { type Notes, notesHandlers, notifyTabs, openNotes } from '../../entrypoints/background/notes-service';
import type { NotesStore } from '../../entrypoints/background/notes-store';
import { NotesView } from '../../entrypoints/options/NotesView';
import { NO_ANSWER } from '../../platform/messaging';

const PAGE_TEXT = 'Allergies: penicillin (rash).\u2029Potassium 3.1 mmol/L, recheck in one week.\u2029Hepatic artery chemoembolization planned.';

function note(source: string, quote: string, text: string, tags: string[], at: string): Annotation {
  const start = PAGE_TEXT.indexOf(quote);
  const d = describePassage(PAGE_TEXT, start, start + quote.length)!;
  return createAnnotation({ source, selectors: d.selectors, anchorVersion: d.version, occurrence: d.occurrence, text, tags }, new Date(at));
}

const NOTES = [
  note('https://ehr.example.org/patient/1/chart', 'Potassium 3.1 mmol/L', 'Low potassium, start supplement', ['labs'], '2025-01-01T00:00:00.000Z'),
  note('https://ehr.example.org/patient/2/chart', 'penicillin (rash)', 'Confirm allergy history', ['allergy'], '2025-01-02T00:00:00.000Z'),
  note('https://pubmed.example.net/123#/abstract', 'chemoembolization', '<img src=x onerror=alert(1)> read later', ['reading', 'labs'], '2025-01-03T00:00:00.000Z'),
];

let databases = 0;
let notes: Notes;
let store: NotesStore;
let root: HTMLElement;

/** Answers runtime messages as the background would, for a sender that is the options page. */
function serveBackground() {
  const handlers = notesHandlers(notes, notifyTabs);
  const options = { url: fakeBrowser.runtime.getURL('/options.html') } as Browser.runtime.MessageSender;
  fakeBrowser.runtime.onMessage.addListener((message: unknown, _sender: unknown, sendResponse: (reply: unknown) => void) => {
    const parsed = v.safeParse(BackgroundRequestSchema, message);
    if (!parsed.success || !parsed.output.type.startsWith('notes:')) return undefined;
    const request = parsed.output as Parameters<(typeof handlers)['notes:list']>[0];
    const handler = handlers[request.type] as (r: typeof request, s: Browser.runtime.MessageSender) => Promise<unknown>;
    void handler(request, options).then(
      (value) => sendResponse({ ok: true, value }),
      (error: Error) => sendResponse({ ok: false, error: error.message }),
    );
    return true;
  });
}

/** Waits for `check` to pass; with `throws`, a check that throws counts as not yet. */
async function until(check: () => boolean, what: string, throws = false): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if (check()) return;
    } catch (error) {
      if (!throws) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const items = () => [...root.querySelectorAll<HTMLLIElement>('.notes-list > li')];
const quotes = () => items().map((li) => li.querySelector('blockquote')?.textContent);

function type(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string) {
  el.value = value;
  el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}

function button(scope: Element, label: string): HTMLButtonElement {
  const found = [...scope.querySelectorAll('button')].find((b) => b.textContent?.trim() === label);
  if (!found) throw new Error(`no button "${label}"`);
  return found;
}

async function chooseFile(name: string, content: BlobPart) {
  const input = root.querySelector<HTMLInputElement>('#notes-file')!;
  Object.defineProperty(input, 'files', { value: [new File([content], name, { type: 'application/json' })], configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

beforeEach(async () => {
  fakeBrowser.reset();
  // Few PBKDF2 iterations keep the lock test quick; tests/unit/notes-lock.test.ts runs the real count.
  notes = openNotes(`notes-view-${++databases}`, { iterations: 2_000 });
  store = notes.store;
  await store.importMany(NOTES);
  serveBackground();
  root = document.createElement('div');
  document.body.append(root);
  render(<NotesView />, root);
  await until(() => items().length === 3, 'the notes');
});

afterEach(() => {
  render(null, root);
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

describe('NotesView', () => {
  it('lists every note, newest first, with its quote, and markup as plain text', () => {
    expect(quotes()).toEqual(['chemoembolization', 'penicillin (rash)', 'Potassium 3.1 mmol/L']);
    expect(root.querySelector('.notes-list img')).toBeNull();
    expect(items()[0]!.querySelector('.note-text')?.textContent).toBe('<img src=x onerror=alert(1)> read later');
    expect(root.textContent).toContain('3 of 3 notes');
  });

  it('searches notes, quotes and tags fuzzily, and filters by site and tag', async () => {
    const search = root.querySelector<HTMLInputElement>('#notes-search')!;
    type(search, 'potasium');
    await until(() => quotes().length === 1, 'a search result');
    expect(quotes()).toEqual(['Potassium 3.1 mmol/L']);
    type(search, 'alergy');
    await until(() => quotes()[0] === 'penicillin (rash)', 'a search in tags and text');
    type(search, '');
    type(root.querySelector<HTMLSelectElement>('#notes-site')!, 'ehr.example.org');
    await until(() => quotes().length === 2, 'the site filter');
    type(root.querySelector<HTMLSelectElement>('#notes-tag')!, 'labs');
    await until(() => quotes().length === 1, 'the tag filter');
    expect(quotes()).toEqual(['Potassium 3.1 mmol/L']);
  });

  it('edits a note in place and cancels with Escape', async () => {
    const row = items().find((li) => li.textContent?.includes('Confirm allergy history'))!;
    button(row, 'Edit').click();
    await until(() => row.querySelector('textarea') !== null, 'the editor');
    const area = row.querySelector('textarea')!;
    area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await until(() => row.querySelector('textarea') === null, 'cancel');
    button(row, 'Edit').click();
    await until(() => row.querySelector('textarea') !== null, 'the editor again');
    type(row.querySelector('textarea')!, 'Allergy confirmed: hives');
    type(row.querySelector<HTMLInputElement>('input[type="text"]')!, 'allergy, verified');
    // Preact renders typed input before the next event, as a person cannot type and submit at once.
    await new Promise((resolve) => setTimeout(resolve, 0));
    row.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await until(() => root.textContent?.includes('Allergy confirmed: hives') === true, 'the saved edit');
    const stored = (await store.listAll()).find((a) => noteText(a) === 'Allergy confirmed: hives');
    expect(stored?.body.filter((b) => b.purpose === 'tagging').map((b) => b.value)).toEqual(['allergy', 'verified']);
  });

  it('deletes only after a second press', async () => {
    const row = items().find((li) => li.textContent?.includes('Low potassium'))!;
    button(row, 'Delete').click();
    await until(() => row.textContent?.includes('Delete for good') === true, 'the confirmation');
    expect(await store.listAll()).toHaveLength(3);
    button(row, 'Delete for good').click();
    await until(() => items().length === 2, 'the deletion');
    expect((await store.listAll()).map(noteText)).not.toContain('Low potassium, start supplement');
  });

  it('opens the note’s page in a new tab', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    button(items()[0]!, 'Open page').click();
    expect(create).toHaveBeenCalledWith({ url: 'https://pubmed.example.net/123#/abstract' });
  });

  it('imports a file through the “Import notes” input and shows a summary', async () => {
    const label = [...root.querySelectorAll('label')].find((l) => l.textContent === 'Import notes');
    expect(label?.htmlFor).toBe('notes-file');
    const extra = note('https://ehr.example.org/patient/3/chart', 'recheck in one week', 'New from file', [], '2025-02-01T00:00:00.000Z');
    await chooseFile('notes.jsonld', exportNotesFile([extra, NOTES[0]!]));
    await until(() => root.querySelector('.outcome.success') !== null, 'the summary');
    expect(root.querySelector('.outcome')?.textContent).toContain('1 new, 0 updated, 1 already up to date');
    await until(() => items().length === 4, 'the imported note in the list');
  });

  it('says clearly when storage is full, and keeps the note as it was', async () => {
    const row = items().find((li) => li.textContent?.includes('Confirm allergy history'))!;
    button(row, 'Edit').click();
    await until(() => row.querySelector('textarea') !== null, 'the editor');
    type(row.querySelector('textarea')!, 'An edit that does not fit');
    await new Promise((resolve) => setTimeout(resolve, 0));
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    row.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await until(() => row.querySelector('[role="alert"]') !== null, 'the error');
    expect(row.querySelector('[role="alert"]')?.textContent).toBe('Storage is full: the note was not saved. Nothing else was changed. Free some disk space and try again.');
    // The editor stays open with the draft, so nothing typed is lost either.
    expect(row.querySelector('textarea')?.value).toBe('An edit that does not fit');
    vi.restoreAllMocks();
    expect((await store.listAll()).map(noteText)).toContain('Confirm allergy history');
  });

  it('asks to try again when the background stops before answering a save', async () => {
    const row = items().find((li) => li.textContent?.includes('Low potassium'))!;
    button(row, 'Edit').click();
    await until(() => row.querySelector('textarea') !== null, 'the editor');
    type(row.querySelector('textarea')!, 'Edited during a restart');
    await new Promise((resolve) => setTimeout(resolve, 0));
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValueOnce(
      new Error('A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received'),
    );
    row.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await until(() => row.querySelector('[role="alert"]') !== null, 'the error');
    expect(row.querySelector('[role="alert"]')?.textContent).toBe(NO_ANSWER);
    row.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await until(() => root.textContent?.includes('Edited during a restart') === true && row.querySelector('textarea') === null, 'the saved retry');
  });

  it('locks with a passphrase, then shows no note until unlocked, refusing a wrong passphrase', async () => {
    const field = (id: string) => root.querySelector<HTMLInputElement>(`#${id}`)!;
    const submit = async (form: string) => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      root.querySelector(`#${form}`)!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    };
    expect(root.textContent).toContain('If you forget this passphrase your notes cannot be recovered — not by us, not by anyone.');
    type(field('set-lock-next'), 'ward five night shift');
    type(field('set-lock-repeat'), 'ward five night shift');
    await submit('set-lock');
    await until(() => root.querySelector('#set-lock [role="alert"]') !== null, 'the confirmation request');
    expect(root.querySelector('#set-lock [role="alert"]')?.textContent).toMatch(/confirm that you understand/);
    const understood = root.querySelector<HTMLInputElement>('#set-lock input[type="checkbox"]')!;
    understood.click();
    await submit('set-lock');
    await until(() => button(root, 'Lock now') !== null, 'the unlocked lock panel', true);
    expect(items()).toHaveLength(3);

    button(root, 'Lock now').click();
    await until(() => root.textContent?.includes('Notes are locked') === true, 'the locked view');
    for (const n of NOTES) {
      expect(root.textContent).not.toContain(noteText(n));
      expect(root.textContent).not.toContain(n.target.source);
    }
    expect(items()).toHaveLength(0);
    expect(root.textContent).toContain('not by us, not by anyone');

    type(field('unlock-passphrase'), 'ward five day shift');
    await submit('unlock');
    await until(() => root.querySelector('#unlock [role="alert"]') !== null, 'the refusal');
    expect(root.querySelector('#unlock [role="alert"]')?.textContent).toBe('That passphrase is not right. Nothing was changed.');
    expect(root.textContent).not.toContain(noteText(NOTES[0]!));

    type(field('unlock-passphrase'), 'ward five night shift');
    await submit('unlock');
    await until(() => items().length === 3, 'the notes again');
    expect(quotes()).toEqual(['chemoembolization', 'penicillin (rash)', 'Potassium 3.1 mmol/L']);
  });

  it('reports a bad file and changes nothing', async () => {
    const before = exportNotesFile(await store.listAll());
    await chooseFile('broken.json', '{"type":"AnnotationCollection","first":{"items":[{"type":"Annotation"}]}}');
    await until(() => root.querySelector('.outcome.failure') !== null, 'the error');
    const message = root.querySelector('[role="alert"]')?.textContent ?? '';
    expect(message).toContain('Nothing was imported from “broken.json”');
    expect(message).toContain('note 1 (index 0), id: missing');
    await chooseFile('latin1.json', new Uint8Array([0x5b, 0x22, 0xe9, 0x22, 0x5d]));
    await until(() => (root.querySelector('[role="alert"]')?.textContent ?? '').includes('not UTF-8'), 'the encoding error');
    expect(exportNotesFile(await store.listAll())).toBe(before);
  });
});
