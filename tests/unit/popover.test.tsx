// @vitest-environment happy-dom
// The hover card's states: loading, entries, an alias with several meanings, errors, and a
// newer request winning over an older one still in flight. (Placement runs in Chromium:
// tests/e2e/hover.spec.ts.)
import { afterEach, describe, expect, it } from 'vitest';
import { createPopover, type Popover } from '../../entrypoints/content/popover';
import type { EntryClient } from '../../entrypoints/content/entry-client';
import { loadCompiledKnowledge } from '../../knowledge/vite-plugin';
import type { EntryView } from '../../lib/messages';

const knowledge = loadCompiledKnowledge();

function viewOf(id: string): EntryView | null {
  const entry = knowledge.entries.find((e) => e.id === id);
  if (!entry) return null;
  const relatedTerms = Object.fromEntries(entry.related.map((r) => [r, knowledge.entries.find((e) => e.id === r)?.term ?? r]));
  return { entry, sources: knowledge.sources, relatedTerms, personal: false };
}

/** Answers each request when the test says so. */
function manualClient() {
  const waiting: { id: string; resolve: (v: EntryView | null) => void; reject: (e: unknown) => void }[] = [];
  const client: EntryClient = { get: (id) => new Promise((resolve, reject) => waiting.push({ id, resolve, reject })), clear: () => undefined };
  const answer = async (id: string) => {
    const request = waiting.find((w) => w.id === id);
    if (!request) throw new Error(`no request for ${id}`);
    waiting.splice(waiting.indexOf(request), 1);
    request.resolve(viewOf(id));
    await new Promise((r) => setTimeout(r, 0));
  };
  const fail = async (id: string) => {
    const request = waiting.find((w) => w.id === id);
    request?.reject(new Error('No answer'));
    await new Promise((r) => setTimeout(r, 0));
  };
  return { client, answer, fail };
}

function setup() {
  const page = document.createElement('p');
  page.textContent = 'Patients had TACE twice.';
  const part = document.createElement('div');
  document.body.append(page, part);
  const range = document.createRange();
  const text = page.firstChild as Text;
  range.setStart(text, 13);
  range.setEnd(text, 17);
  const { client, answer, fail } = manualClient();
  const popover: Popover = createPopover(part, client, {
    // happy-dom has no layout, so placement finds no box for the term and asks to dismiss.
    onDismiss: () => {},
    errorMessage: () => 'Clinical Lens could not load this entry. Reload the page and try again.',
  });
  return { part, range, popover, answer, fail, at: { range, x: 0, y: 0 } };
}

const heading = (part: HTMLElement) => part.querySelector('h2')?.textContent;

afterEach(() => document.body.replaceChildren());

describe('hover card', () => {
  it('is a labelled dialog that shows loading, then the entry', async () => {
    const { part, popover, answer, at } = setup();
    popover.open(at, ['tace'], 'TACE');
    const dialog = part.querySelector('[role="dialog"]');
    expect(dialog?.getAttribute('aria-busy')).toBe('true');
    expect(part.querySelector('[role="status"]')?.textContent).toBe('Loading…');
    await answer('tace');
    expect(heading(part)).toBe(viewOf('tace')?.entry.term);
    expect(dialog?.getAttribute('aria-labelledby')).toBe(part.querySelector('h2')?.id);
    expect(part.querySelector('button[aria-label="Close"]')).not.toBeNull();
  });

  it('shows each meaning of a shared alias as a tab; arrow keys switch', async () => {
    const { part, popover, answer, at } = setup();
    popover.open(at, ['tace', 'iodized-oil'], 'TACE');
    await answer('tace');
    await answer('iodized-oil');
    const tabs = [...part.querySelectorAll<HTMLElement>('[role="tab"]')];
    expect(tabs.map((t) => t.textContent)).toEqual([viewOf('tace')?.entry.term, viewOf('iodized-oil')?.entry.term]);
    expect(tabs[0]?.getAttribute('aria-selected')).toBe('true');
    expect(part.querySelector('[role="tabpanel"]')?.getAttribute('aria-labelledby')).toBe(tabs[0]?.id);
    tabs[0]?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await new Promise((r) => setTimeout(r, 0));
    expect(heading(part)).toBe(viewOf('iodized-oil')?.entry.term);
    expect(part.querySelectorAll('[role="tab"]')[1]?.getAttribute('aria-selected')).toBe('true');
  });

  it('ignores an answer for a term the pointer has already left', async () => {
    const { part, popover, answer, at } = setup();
    popover.open(at, ['tace'], 'TACE');
    popover.open(at, ['iodized-oil'], 'Lipiodol');
    await answer('iodized-oil');
    await answer('tace');
    expect(heading(part)).toBe(viewOf('iodized-oil')?.entry.term);
  });

  it('opens a related entry in place, with a way back', async () => {
    const { part, popover, answer, at } = setup();
    const tace = viewOf('tace');
    const relatedId = tace?.entry.related[0];
    if (!relatedId) throw new Error('tace has no related entries');
    popover.open(at, ['tace'], 'TACE');
    await answer('tace');
    part.querySelector<HTMLButtonElement>('.cl-tc-related button')?.click();
    await answer(relatedId);
    expect(heading(part)).toBe(viewOf(relatedId)?.entry.term);
    part.querySelector<HTMLButtonElement>('button[aria-label="Back"]')?.click();
    await new Promise((r) => setTimeout(r, 0));
    expect(heading(part)).toBe(tace?.entry.term);
  });

  it('says plainly when the entry could not be loaded', async () => {
    const { part, popover, fail, at } = setup();
    popover.open(at, ['tace'], 'TACE');
    await fail('tace');
    expect(part.querySelector('[role="alert"]')?.textContent).toBe('Clinical Lens could not load this entry. Reload the page and try again.');
  });

  it('leaves nothing behind when closed', async () => {
    const { part, popover, answer, at } = setup();
    popover.open(at, ['tace'], 'TACE');
    popover.close();
    await answer('tace');
    expect(part.childElementCount).toBe(0);
    expect(popover.card()).toBeNull();
  });
});
