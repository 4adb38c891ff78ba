// "Look up selection" without a browser: where the context menu and the keyboard command send
// the lookup (tab, frame, text), the fallback window for tabs without a content script, and what
// the card offers for the background's real lookup results.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { lookup } from '../../entrypoints/background/knowledge-service';
import {
  commandTarget,
  LOOKUP_COMMAND,
  LOOKUP_MENU_ID,
  lookupWindowUrl,
  lookUpSelection,
  menuTarget,
} from '../../entrypoints/background/selection-lookup';
import { lookupChoices, lookupQuery, MAX_CHOICES, MAX_LOOKUP_CHARS } from '../../lib/lookup-choices';
import type { SearchHit } from '../../lib/messages';

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
});

describe('where a lookup goes', () => {
  it('a click on our menu item: the tab and frame the menu was opened in, with the menu’s text', () => {
    expect(menuTarget({ menuItemId: LOOKUP_MENU_ID, selectionText: 'lipidol', frameId: 7 }, { id: 3 })).toEqual({ tabId: 3, frameId: 7, text: 'lipidol' });
    expect(menuTarget({ menuItemId: LOOKUP_MENU_ID, selectionText: 'TACE' }, { id: 3 })).toEqual({ tabId: 3, frameId: 0, text: 'TACE' });
  });
  it('a click on another item, or outside a tab, is not ours to answer', () => {
    expect(menuTarget({ menuItemId: 'someone-else', selectionText: 'x', frameId: 0 }, { id: 3 })).toBeNull();
    expect(menuTarget({ menuItemId: LOOKUP_MENU_ID, selectionText: 'x' }, undefined)).toBeNull();
    expect(menuTarget({ menuItemId: LOOKUP_MENU_ID, selectionText: 'x' }, { id: -1 })).toBeNull();
  });
  it('the keyboard command: every frame of the tab, no text (the focused frame uses its own selection)', () => {
    expect(commandTarget(LOOKUP_COMMAND, { id: 5 })).toEqual({ tabId: 5 });
    expect(commandTarget('_execute_action', { id: 5 })).toBeNull();
    expect(commandTarget(LOOKUP_COMMAND, undefined)).toBeNull();
  });
});

describe('sending it', () => {
  it('sends the menu’s lookup to its one frame, and the command’s to every frame', async () => {
    const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(async () => ({ ok: true, value: true }));
    const open = vi.spyOn(fakeBrowser.windows, 'create');
    await lookUpSelection({ tabId: 3, frameId: 7, text: 'lipidol' });
    await lookUpSelection({ tabId: 5 });
    expect(send.mock.calls).toEqual([
      [3, { type: 'lookupSelection', text: 'lipidol' }, { frameId: 7 }],
      [5, { type: 'lookupSelection', text: undefined }],
    ]);
    expect(open).not.toHaveBeenCalled();
  });
  it('opens the look-up window with the text when no content script answers', async () => {
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(new Error('Could not establish connection. Receiving end does not exist.'));
    const open = vi.spyOn(fakeBrowser.windows, 'create').mockImplementation(async () => undefined as never);
    await lookUpSelection({ tabId: 3, frameId: 0, text: 'gelfom' });
    expect(open).toHaveBeenCalledWith(expect.objectContaining({ url: lookupWindowUrl('gelfom'), type: 'popup' }));
  });
  it('puts the text in the window’s address, encoded, and nothing when there is none', () => {
    expect(lookupWindowUrl('  明胶 & sponge ')).toMatch(/\/popup\.html\?q=%E6%98%8E%E8%83%B6%20%26%20sponge$/);
    expect(lookupWindowUrl(undefined)).toMatch(/\/popup\.html$/);
    expect(lookupWindowUrl('   ')).toMatch(/\/popup\.html$/);
  });
});

describe('what the card offers', () => {
  it('an exact name: its entry alone, without a title', async () => {
    expect(lookupChoices('Lipiodol', await lookup('Lipiodol'))).toEqual({ ids: ['iodized-oil'], title: undefined });
    expect(lookupChoices('明胶海绵', await lookup('明胶海绵'))).toEqual({ ids: ['gelatin-sponge'], title: undefined });
  });
  it('a misspelling: the closest entries by name, best first, at most MAX_CHOICES', async () => {
    for (const [text, id] of [
      ['lipidol', 'iodized-oil'],
      ['gelfom', 'gelatin-sponge'],
      ['chemoembolisaton', 'tace'],
    ] as const) {
      const choices = lookupChoices(text, await lookup(text));
      expect(choices?.ids[0], text).toBe(id);
      expect(choices?.ids.length).toBeLessThanOrEqual(MAX_CHOICES);
      expect(choices?.title).toBe(choices?.ids.length === 1 ? `Closest match for “${text}”` : `Best matches for “${text}”:`);
    }
  });
  it('nothing close: null, so the card says so', async () => {
    expect(lookupChoices('zyxwvq', await lookup('zyxwvq'))).toBeNull();
  });
  it('exact matches come before fuzzy ones, and summary-only matches only when nothing else matched', () => {
    const hit = (id: string, key: string, value: string): SearchHit => ({ id, term: id, category: 'agent', summary: '', score: 0.1, matches: [{ key, value, indices: [[0, 1]] }] });
    const exactA = hit('a', 'aliases', 'Gel-Foam');
    const exactB = hit('b', 'term', 'gelfoam');
    const fuzzy = hit('c', 'term', 'Gelatin foam');
    const mention = hit('d', 'summary', 'Sold as Gelfoam.');
    expect(lookupChoices('Gelfoam', [exactA, fuzzy, exactB, mention])).toEqual({ ids: ['a', 'b'], title: undefined });
    expect(lookupChoices('gelfom', [mention, fuzzy])).toEqual({ ids: ['c'], title: 'Closest match for “gelfom”' });
    expect(lookupChoices('sold', [mention])).toEqual({ ids: ['d'], title: 'An entry that mentions “sold”' });
  });
});

describe('what is looked up', () => {
  it('the selection with its whitespace collapsed', () => {
    expect(lookupQuery('  gelatin\n\u00a0sponge ')).toEqual({ ok: true, text: 'gelatin sponge' });
  });
  it('nothing selected, or a passage rather than a term, gets a message instead', () => {
    expect(lookupQuery(undefined)).toEqual({ ok: false, message: 'Select a word or term on the page first, then look it up.' });
    expect(lookupQuery(' \n ')).toMatchObject({ ok: false });
    const long = lookupQuery('word '.repeat(40));
    expect(long.ok).toBe(false);
    expect(long.ok ? '' : long.message).toContain(`at most ${MAX_LOOKUP_CHARS}`);
  });
});
