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
import { notesHandlers, notifyTabs } from '../../entrypoints/background/notes-service';
import { type NotesStore, openNotesStore } from '../../entrypoints/background/notes-store';
import { NotesView } from '../../entrypoints/options/NotesView';

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
let store: NotesStore;
let root: HTMLElement;

/** Answers runtime messages as the background would, for a sender that is the options page. */
function serveBackground() {
  const handlers = notesHandlers(store, notifyTabs);
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

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
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
  store = openNotesStore(`notes-view-${++databases}`);
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
