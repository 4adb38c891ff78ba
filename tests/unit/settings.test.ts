// Settings storage on WXT's fake browser: defaults, versioning, damaged values, live watch,
// and a full storage area. Each test imports the module afresh, as a new extension context would.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS } from '../../lib/settings';

async function loadSettings() {
  vi.resetModules();
  return import('../../platform/settings');
}

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
});

describe('settings storage', () => {
  it('starts from the defaults and records the item version with the first write', async () => {
    const { getSettings, updateSettings } = await loadSettings();
    expect(await getSettings()).toEqual(DEFAULT_SETTINGS);
    await updateSettings((s) => ({ ...s, hoverDelayMs: 400 }));
    const raw = await fakeBrowser.storage.local.get(['settings', 'settings$']);
    expect(raw.settings).toMatchObject({ hoverDelayMs: 400, highlightStyle: 'underline' });
    expect(raw.settings$).toEqual({ v: 1 });
  });

  it('reads a damaged or partial stored value field by field, keeping every valid field', async () => {
    await fakeBrowser.storage.local.set({
      settings: {
        hoverDelayMs: 'fast',
        hoverModifier: 'alt',
        highlightStyle: 'sparkles',
        categories: ['agent', 'not-a-category', 'procedure'],
        sites: { mode: 'only-listed', onlySites: ['ehr.example.org'], offSites: 7 },
        retiredOption: true,
      },
      settings$: { v: 1 },
    });
    const { getSettings } = await loadSettings();
    expect(await getSettings()).toEqual({
      hoverDelayMs: 150,
      hoverModifier: 'alt',
      highlightStyle: 'underline',
      categories: ['procedure', 'agent'],
      sites: { mode: 'only-listed', onlySites: ['ehr.example.org'], offSites: [] },
    });
  });

  it('keeps working, without overwriting, when a newer version of the extension stored the value', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const stored = { hoverDelayMs: 300, hoverModifier: 'shift', highlightStyle: 'background', categories: ['agent'], sites: { mode: 'everywhere', offSites: ['a.example'], onlySites: [] }, laterField: 1 };
    await fakeBrowser.storage.local.set({ settings: stored, settings$: { v: 2 } });
    const { getSettings } = await loadSettings();
    const settings = await getSettings();
    expect(settings.hoverModifier).toBe('shift');
    expect(settings.sites.offSites).toEqual(['a.example']);
    const raw = await fakeBrowser.storage.local.get(['settings', 'settings$']);
    expect(raw).toEqual({ settings: stored, settings$: { v: 2 } });
  });

  it('tells watchers about changes made in another context, already normalized', async () => {
    // Content scripts watch through the reader, which shares no code with the writer.
    const { watchSettings } = await import('../../platform/settings-reader');
    const seen: unknown[] = [];
    const unwatch = watchSettings((s) => seen.push(s.highlightStyle));
    const other = await loadSettings();
    await other.updateSettings((s) => ({ ...s, highlightStyle: 'background' }));
    await vi.waitFor(() => expect(seen).toEqual(['background']));
    unwatch();
    await other.updateSettings((s) => ({ ...s, highlightStyle: 'none' }));
    expect(seen).toEqual(['background']);
  });

  it('switches a site off and on through the stored rules', async () => {
    const { isEnabledFor, setEnabledFor } = await loadSettings();
    const page = 'https://ehr.example.org/patient/1/chart';
    expect(await isEnabledFor(page)).toBe(true);
    await setEnabledFor(page, false);
    expect(await isEnabledFor(page)).toBe(false);
    expect(await isEnabledFor('https://pubmed.ncbi.nlm.nih.gov/')).toBe(true);
    await setEnabledFor(page, true);
    expect(await isEnabledFor(page)).toBe(true);
  });

  it('reports a full storage area plainly and keeps the previous settings', async () => {
    const { getSettings, updateSettings } = await loadSettings();
    await updateSettings((s) => ({ ...s, hoverDelayMs: 250 }));
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('Resource::kQuotaBytes quota exceeded'));
    await expect(updateSettings((s) => ({ ...s, hoverDelayMs: 900 }))).rejects.toThrow(
      "Not enough storage space to save the settings: the browser's storage for Clinical Lens is full. Nothing was changed; remove some entries and try again.",
    );
    vi.restoreAllMocks();
    expect((await getSettings()).hoverDelayMs).toBe(250);
  });
});
