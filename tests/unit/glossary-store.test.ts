// The personal glossary on WXT's fake browser: import, edit, remove, limits and a full storage
// area; then the background serving it (search, getEntry, lookup) and the content script's
// merged alias table. Modules are imported afresh per test, as a new extension context would.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import aliasTable, { knowledgeStamp } from 'virtual:clinical-lens/alias-table';
import { GLOSSARY_LIMITS, glossaryToJson, importGlossaryText, type GlossaryData } from '../../lib/glossary-import';
import { aliasTableWithGlossary, compileGlossaryTable } from '../../lib/glossary-table';
import { readGlossaryTable } from '../../platform/glossary-table';

async function load() {
  vi.resetModules();
  const store = await import('../../platform/glossary-store');
  const service = await import('../../entrypoints/background/knowledge-service');
  return { ...store, ...service };
}

function imported(csv: string): GlossaryData {
  const result = importGlossaryText('ward.csv', csv);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.data;
}

const WARD = imported(
  [
    'term,aliases,summary,source',
    'Microspheres,bland microspheres;微球,Calibrated spherical embolic particles.,Ward 5 formulary',
    '"<b onmouseover=alert(1)>Pledget</b>",Gelfoam pledget,Gelatin sponge cut by hand.,Ward 5 formulary',
  ].join('\n'),
);

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
});

describe('glossary storage', () => {
  it('adds imported entries, then updates them by id when the file is imported again', async () => {
    const { addToGlossary, getGlossary } = await load();
    expect(await addToGlossary(WARD)).toEqual({ added: 2, updated: 0 });
    const again = imported('term,summary\nMicrospheres,Now with sizes: 100–300 µm.\nEthiodized oil,Oily contrast agent.');
    expect(await addToGlossary(again)).toEqual({ added: 1, updated: 1 });
    const stored = await getGlossary();
    expect(stored.entries.map((e) => [e.id, e.summary])).toEqual([
      ['b-onmouseover-alert-1-pledget-b', 'Gelatin sponge cut by hand.'],
      ['microspheres', 'Now with sizes: 100–300 µm.'],
      ['ethiodized-oil', 'Oily contrast agent.'],
    ]);
    const raw = await fakeBrowser.storage.local.get(['glossary$']);
    expect(raw['glossary$']).toEqual({ v: 1 });
  });

  it('drops a document from storage once no entry cites it', async () => {
    const { addToGlossary, removeFromGlossary, getGlossary } = await load();
    await addToGlossary(WARD);
    expect(Object.keys((await getGlossary()).sources)).toHaveLength(1);
    await removeFromGlossary(['microspheres']);
    expect(Object.keys((await getGlossary()).sources)).toHaveLength(1);
    await removeFromGlossary(['b-onmouseover-alert-1-pledget-b']);
    expect(await getGlossary()).toEqual({ entries: [], sources: {} });
  });

  it('edits one entry in place', async () => {
    const { addToGlossary, saveGlossaryEntry, getGlossary } = await load();
    await addToGlossary(WARD);
    const [first] = (await getGlossary()).entries;
    if (!first) throw new Error('no entry');
    await saveGlossaryEntry({ ...first, aliases: [...first.aliases, 'microbeads'] });
    const after = await getGlossary();
    expect(after.entries).toHaveLength(2);
    expect(after.entries.find((e) => e.id === first.id)?.aliases).toEqual(['bland microspheres', '微球', 'microbeads']);
  });

  it('refuses to grow past the entry limit and keeps what was stored', async () => {
    const { addToGlossary, getGlossary } = await load();
    await addToGlossary(WARD);
    const before = glossaryToJson(await getGlossary());
    const many = imported(`term,summary\n${Array.from({ length: GLOSSARY_LIMITS.maxEntries - 1 }, (_, i) => `term ${i},s`).join('\n')}`);
    await expect(addToGlossary(many)).rejects.toThrow('Your glossary would hold 10,001 entries; it can hold at most 10,000. Nothing was changed.');
    expect(glossaryToJson(await getGlossary())).toBe(before);
  });

  it('reports a full storage area plainly and keeps the previous glossary', async () => {
    const { addToGlossary, getGlossary } = await load();
    await addToGlossary(WARD);
    const before = glossaryToJson(await getGlossary());
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('Resource::kQuotaBytes quota exceeded'));
    await expect(addToGlossary(imported('term,summary\nCoils,Metal coils.'))).rejects.toThrow(
      "Not enough storage space to save the imported glossary: the browser's storage for Clinical Lens is full. Nothing was changed; remove some entries and try again.",
    );
    vi.restoreAllMocks();
    expect(glossaryToJson(await getGlossary())).toBe(before);
    expect((await readGlossaryTable(aliasTable)).ids).not.toContain('user:coils');
  });

  it('skips a damaged stored entry without losing the others', async () => {
    await fakeBrowser.storage.local.set({ glossary: { entries: [{ id: 'broken' }, ...WARD.entries], sources: { ...WARD.sources, bad: 3 } }, glossary$: { v: 1 } });
    const { getGlossary } = await load();
    expect(await getGlossary()).toEqual(WARD);
  });
});

describe('the background serves the glossary', () => {
  it('finds imported entries by search at once, typos and Chinese included', async () => {
    const { search, addToGlossary } = await load();
    expect((await search('microspheres', 5)).map((h) => h.id)).not.toContain('user:microspheres');
    await addToGlossary(WARD);
    await vi.waitFor(async () => expect((await search('mikrospheres', 5))[0]?.id).toBe('user:microspheres'));
    expect((await search('微球', 5))[0]?.id).toBe('user:microspheres');
  });

  it('stops finding removed entries', async () => {
    const { search, addToGlossary, removeFromGlossary } = await load();
    await addToGlossary(WARD);
    await vi.waitFor(async () => expect((await search('microspheres', 5))[0]?.id).toBe('user:microspheres'));
    await removeFromGlossary(['microspheres']);
    await vi.waitFor(async () => expect((await search('microspheres', 5)).map((h) => h.id)).not.toContain('user:microspheres'));
  });

  it('serves a personal entry by its prefixed id, marked personal, with its source', async () => {
    const { getEntry, addToGlossary } = await load();
    await addToGlossary(WARD);
    const view = await getEntry('user:microspheres');
    expect(view?.personal).toBe(true);
    expect(view?.entry.term).toBe('Microspheres');
    expect(view?.entry.id).toBe('user:microspheres');
    expect(Object.values(view?.sources ?? {})).toEqual([{ title: 'Ward 5 formulary', origin: 'Personal glossary (ward.csv)', sentenceCount: 1 }]);
    expect(await getEntry('user:nothing')).toBeNull();
  });

  it('links related entries to the glossary first, then to the built-in knowledge', async () => {
    const { getEntry, addToGlossary } = await load();
    const data = importGlossaryText(
      'mine.json',
      JSON.stringify([
        { id: 'gelatin-sponge', term: 'Gelatin sponge (ward)', aliases: [], category: 'agent', summary: 'Our way.', sources: [], related: ['tace'] },
        { id: 'pledget', term: 'Pledget', aliases: [], category: 'agent', summary: 'A cut piece.', sources: [], related: ['gelatin-sponge', 'tace'] },
      ]),
      { knownIds: new Set(aliasTable.ids) },
    );
    if (!data.ok) throw new Error(data.errors.join('\n'));
    await addToGlossary(data.data);
    const view = await getEntry('user:pledget');
    expect(view?.entry.related).toEqual(['user:gelatin-sponge', 'tace']);
    expect(view?.relatedTerms).toEqual({ 'user:gelatin-sponge': 'Gelatin sponge (ward)', tace: 'Transarterial chemoembolization' });
  });

  it('looks up an exact personal alias first', async () => {
    const { lookup, addToGlossary } = await load();
    await addToGlossary(WARD);
    const hits = await lookup('Bland Microspheres');
    expect(hits[0]).toMatchObject({ id: 'user:microspheres', score: 0 });
  });
});

describe('the compiled alias table content scripts read', () => {
  it('is written with every change, so pages read the merged table without checking entries', async () => {
    const { addToGlossary, removeFromGlossary } = await load();
    expect(await readGlossaryTable(aliasTable)).toBe(aliasTable);
    await addToGlossary(WARD);
    const stored = (await fakeBrowser.storage.local.get('glossaryTable')).glossaryTable;
    expect(stored).toEqual(compileGlossaryTable(aliasTable, knowledgeStamp, await (await load()).getGlossary()));
    expect(await readGlossaryTable(aliasTable)).toEqual(aliasTableWithGlossary(aliasTable, WARD));
    await removeFromGlossary(WARD.entries.map((e) => e.id));
    expect(await readGlossaryTable(aliasTable)).toBe(aliasTable);
  });

  it('changes with an edit that keeps every alias, so open pages drop the cards they hold', async () => {
    const { addToGlossary } = await load();
    await addToGlossary(WARD);
    const before = (await fakeBrowser.storage.local.get('glossaryTable')).glossaryTable as { table: string; revision: string };
    const [first, ...rest] = WARD.entries;
    if (!first) throw new Error('WARD has entries');
    await addToGlossary({ ...WARD, entries: [{ ...first, summary: 'Calibrated spherical particles, 100–300 µm.' }, ...rest] });
    const after = (await fakeBrowser.storage.local.get('glossaryTable')).glossaryTable as { table: string; revision: string };
    expect(after.table).toBe(before.table);
    expect(after.revision).not.toBe(before.revision);
  });

  it('is compiled on update for a glossary stored before tables existed, or with other built-in knowledge', async () => {
    await fakeBrowser.storage.local.set({ glossary: WARD, glossary$: { v: 1 } });
    const { migrateGlossary } = await load();
    expect(await readGlossaryTable(aliasTable)).toBe(aliasTable);
    await migrateGlossary();
    expect(await readGlossaryTable(aliasTable)).toEqual(aliasTableWithGlossary(aliasTable, WARD));

    await fakeBrowser.storage.local.set({ glossaryTable: compileGlossaryTable(aliasTable, 'an older build', { entries: [], sources: {} }) });
    expect(await readGlossaryTable(aliasTable)).toBe(aliasTable);
    await migrateGlossary();
    expect(await readGlossaryTable(aliasTable)).toEqual(aliasTableWithGlossary(aliasTable, WARD));
    expect((await (await load()).getGlossary())).toEqual(WARD);
  });

  it('reads a damaged table as the built-in one', async () => {
    await fakeBrowser.storage.local.set({ glossaryTable: { ...compileGlossaryTable(aliasTable, knowledgeStamp, WARD), table: '{"ids": [' } });
    expect(await readGlossaryTable(aliasTable)).toBe(aliasTable);
  });
});

describe('aliasTableWithGlossary (content script detection)', () => {
  it('appends personal entries with prefixed ids and shares an alias both tables carry', async () => {
    const gelfoamBefore = aliasTable.aliases.find(([text]) => text === 'Gelfoam');
    expect(gelfoamBefore, 'the built-in alias Gelfoam').toBeDefined();
    const mine = imported('term,aliases,summary\nPledget,Gelfoam,Gelatin sponge cut by hand.');
    const merged = aliasTableWithGlossary(aliasTable, mine);
    const n = aliasTable.ids.length;
    expect(merged.ids).toEqual([...aliasTable.ids, 'user:pledget']);
    expect(merged.categories[n]).toBe('concept');
    expect(merged.aliases.find(([text]) => text === 'Gelfoam')?.[1]).toEqual([...(gelfoamBefore?.[1] ?? []), n]);
    expect(merged.aliases.find(([text]) => text === 'Pledget')?.[1]).toEqual([n]);
    expect(aliasTableWithGlossary(aliasTable, { entries: [], sources: {} })).toBe(aliasTable);
  });

  it('links a personal entry\'s related entries, personal first, then built-in', async () => {
    const result = importGlossaryText(
      'mine.json',
      JSON.stringify([
        { id: 'pledget', term: 'Pledget', aliases: [], category: 'agent', summary: 'A cut piece.', sources: [], related: ['gelatin-sponge', 'tace'] },
        { id: 'gelatin-sponge', term: 'Gelatin sponge (ward)', aliases: [], category: 'agent', summary: 'Our way.', sources: [] },
      ]),
      { knownIds: new Set(aliasTable.ids) },
    );
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const merged = aliasTableWithGlossary(aliasTable, result.data);
    const n = aliasTable.ids.length;
    expect(merged.related?.[n]).toEqual([n + 1, aliasTable.ids.indexOf('tace')]);
    expect(merged.related).toHaveLength(n + 2);
  });
});
