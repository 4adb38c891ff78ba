// How a content script follows the settings and the personal glossary (on WXT's fake browser):
// one storage read before the first scan, the glossary's compiled alias table read only where
// Clinical Lens is on, and later changes taken from the change events without reading again.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import aliasTable, { knowledgeStamp } from 'virtual:clinical-lens/alias-table';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { frameSiteUrl, followPageConfig, type PageConfig } from '../../entrypoints/content/page-config';
import { compileGlossaryTable } from '../../lib/glossary-table';
import type { Entry } from '../../lib/knowledge-schema';
import { DEFAULT_SETTINGS } from '../../lib/settings';

const SITE = 'https://ehr.example.org';
const microcoil: Entry = { id: 'microcoil', term: 'Microcoil', aliases: ['pushable coil'], category: 'agent', summary: 'A small coil.', facts: [], related: [], ambiguous: [], notAliases: [], sources: [] };
/** The glossary as the options page stores it: the entries and their compiled alias table. */
const withGlossary = (entries: Entry[]) => {
  const glossary = { entries, sources: {} };
  return { glossary, glossaryTable: compileGlossaryTable(aliasTable, knowledgeStamp, glossary) };
};
const offHere = { ...DEFAULT_SETTINGS, sites: { mode: 'everywhere', offSites: ['ehr.example.org'], onlySites: [] } };

function fakeContext() {
  const controller = new AbortController();
  const ctx = {
    get isInvalid() {
      return controller.signal.aborted;
    },
    onInvalidated(callback: () => void) {
      controller.signal.addEventListener('abort', callback);
      return () => controller.signal.removeEventListener('abort', callback);
    },
  } as unknown as ContentScriptContext;
  return { ctx, invalidate: () => controller.abort() };
}

function follow(ctx: ContentScriptContext) {
  const configs: PageConfig[] = [];
  followPageConfig(ctx, aliasTable, (config) => configs.push(config), SITE);
  return configs;
}

/** The keys each storage read asked for. */
function readsOf(spy: { mock: { calls: unknown[][] } }): unknown[] {
  return spy.mock.calls.map((call) => call[0]);
}

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
});

describe('followPageConfig', () => {
  it('where it is off: one read (the settings), the glossary left unread', async () => {
    await fakeBrowser.storage.local.set({ settings: offHere, ...withGlossary([microcoil]) });
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    const configs = follow(fakeContext().ctx);
    await vi.waitFor(() => expect(configs).toHaveLength(1));
    expect(configs[0]).toMatchObject({ enabled: false, table: aliasTable });
    expect(readsOf(get)).toEqual(['settings']);
  });

  it('where it is on: the settings, then the glossary’s alias table', async () => {
    await fakeBrowser.storage.local.set({ ...withGlossary([microcoil]) });
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    const configs = follow(fakeContext().ctx);
    await vi.waitFor(() => expect(configs).toHaveLength(1));
    expect(configs[0]?.enabled).toBe(true);
    expect(configs[0]?.settings).toEqual(DEFAULT_SETTINGS);
    expect(configs[0]?.table.ids).toContain('user:microcoil');
    expect(readsOf(get)).toEqual(['settings', 'glossaryTable']);
  });

  it('follows later changes from their events, without reading again', async () => {
    const configs = follow(fakeContext().ctx);
    await vi.waitFor(() => expect(configs).toHaveLength(1));
    expect(configs[0]?.table).toBe(aliasTable);
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');

    await fakeBrowser.storage.local.set({ settings: { ...DEFAULT_SETTINGS, highlightStyle: 'background', categories: ['agent'] } });
    await vi.waitFor(() => expect(configs).toHaveLength(2));
    expect(configs[1]?.settings).toMatchObject({ highlightStyle: 'background', categories: ['agent'] });
    expect(configs[1]?.table).toBe(configs[0]?.table);

    await fakeBrowser.storage.local.set({ ...withGlossary([microcoil]) });
    await vi.waitFor(() => expect(configs).toHaveLength(3));
    expect(configs[2]?.table.ids).toContain('user:microcoil');

    await fakeBrowser.storage.local.set({ settings: offHere });
    await vi.waitFor(() => expect(configs).toHaveLength(4));
    expect(configs[3]?.enabled).toBe(false);
    expect(readsOf(get)).toEqual([]);
  });

  it('a glossary changed while off is read when the site is switched back on', async () => {
    await fakeBrowser.storage.local.set({ settings: offHere });
    const configs = follow(fakeContext().ctx);
    await vi.waitFor(() => expect(configs).toHaveLength(1));
    await fakeBrowser.storage.local.set({ ...withGlossary([microcoil]) });
    await vi.waitFor(() => expect(configs).toHaveLength(2));
    expect(configs[1]).toMatchObject({ enabled: false, table: aliasTable });

    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    await fakeBrowser.storage.local.set({ settings: DEFAULT_SETTINGS });
    await vi.waitFor(() => expect(configs).toHaveLength(3));
    expect(configs[2]?.enabled).toBe(true);
    expect(configs[2]?.table.ids).toContain('user:microcoil');
    expect(readsOf(get)).toEqual(['glossaryTable']);
  });

  it('stops following when the content script’s context ends', async () => {
    const { ctx, invalidate } = fakeContext();
    const configs = follow(ctx);
    await vi.waitFor(() => expect(configs).toHaveLength(1));
    invalidate();
    await fakeBrowser.storage.local.set({ settings: offHere });
    await fakeBrowser.storage.local.set({ ...withGlossary([microcoil]) });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(configs).toHaveLength(1);
  });
});

describe('frameSiteUrl', () => {
  it('is the frame’s origin; about:blank and srcdoc frames have their creator’s', () => {
    expect(frameSiteUrl({ origin: 'https://ehr.example.org', href: 'https://ehr.example.org/chart?id=1' })).toBe('https://ehr.example.org');
    expect(frameSiteUrl({ origin: 'https://ehr.example.org', href: 'about:srcdoc' })).toBe('https://ehr.example.org');
    expect(frameSiteUrl({ origin: 'null', href: 'data:text/html,x' })).toBe('data:text/html,x');
  });
});
