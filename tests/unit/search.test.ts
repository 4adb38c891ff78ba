// The real compiled knowledge (the virtual module the extension ships, with its prebuilt fuse
// index) through the real search code: what users type, misspelled, must find the right entry.
import { describe, expect, it } from 'vitest';
import knowledge from 'virtual:clinical-lens/knowledge';
import { syntheticGlossary } from '../../bench/synthetic-glossary';
import { createEntrySearch, PREFILTER_FROM, searchAll, type SearchableEntry } from '../../lib/search';

const builtIn = createEntrySearch(knowledge.entries, { prebuiltIndex: knowledge.fuseIndex });
const top = (query: string, searches = [builtIn]) => searchAll(searches, query, 10);

describe('search over the built-in knowledge', () => {
  it.each([
    ['lipidol', 'iodized-oil'],
    ['chemoembolisation', 'tace'],
    ['gelfom', 'gelatin-sponge'],
    ['polyvinyl', 'pva-particles'],
    ['明胶海绵', 'gelatin-sponge'],
    ['Lipiodol', 'iodized-oil'],
    ['TACE', 'tace'],
    ['tace', 'tace'],
    ['碘化油', 'iodized-oil'],
    ['hepatic artery embolisation', 'hepatic-artery-embolization'],
    ['gelatin spong', 'gelatin-sponge'],
    ['hcc', 'hepatocellular-carcinoma'],
    // Entries with many spellings must not outrank the entry whose one name is closest.
    ['embolisaton', 'embolization'],
    ['tase', 'tace'],
    ['Émbolisation', 'embolization'],
  ])('"%s" ranks %s first', (query, id) => {
    expect(top(query)[0]?.id).toBe(id);
  });

  it('uses the prebuilt index: it covers every entry, in order', () => {
    expect(knowledge.fuseIndex.records.length).toBe(knowledge.entries.length);
  });

  it('marks where the query matched, inside the matched text', () => {
    const [hit] = top('gelfom');
    const match = hit?.matches.find((m) => m.value === 'Gelfoam');
    expect(match, 'a match on the alias Gelfoam').toBeDefined();
    for (const [start, end] of match?.indices ?? []) {
      expect(start).toBeGreaterThanOrEqual(0);
      expect(end).toBeLessThan('Gelfoam'.length);
      expect(end).toBeGreaterThanOrEqual(start);
    }
    const marked = (match?.indices ?? []).map(([s, e]) => 'Gelfoam'.slice(s, e + 1)).join('');
    expect(marked.toLowerCase()).toContain('gelf');
  });

  it('puts an exact name before fuzzier neighbours ("embolization" is not "chemoembolization")', () => {
    const hits = top('embolization');
    expect(hits[0]?.id).toBe('embolization');
    expect(hits.map((h) => h.id)).toContain('tace');
  });

  it('finds nothing for a query that matches no entry', () => {
    expect(top('xqzvw')).toEqual([]);
    expect(top('   ')).toEqual([]);
  });
});

describe('search with a personal glossary', () => {
  const personal: SearchableEntry[] = [
    { id: 'microspheres', term: 'Microspheres', aliases: ['bland microspheres', '微球'], summary: 'Calibrated spherical embolic particles.', category: 'agent' },
    { id: 'gelatin-sponge', term: 'Gelatin sponge (ward 5 notes)', aliases: ['Gelfoam'], summary: 'Our ward cuts it into 1 mm pledgets.', category: 'agent' },
  ];
  const mine = createEntrySearch(personal, { idPrefix: 'user:' });

  it('finds personal entries, typos included, with their prefixed ids', () => {
    expect(top('microsphere', [builtIn, mine])[0]?.id).toBe('user:microspheres');
    expect(top('mikrospheres', [builtIn, mine])[0]?.id).toBe('user:microspheres');
    expect(top('微球', [builtIn, mine])[0]?.id).toBe('user:microspheres');
  });

  it('keeps built-in and personal entries with the same id apart, both found', () => {
    const ids = top('Gelfoam', [builtIn, mine]).map((h) => h.id);
    expect(ids.slice(0, 2).sort()).toEqual(['gelatin-sponge', 'user:gelatin-sponge']);
  });
});

describe('search with a 10,000-entry glossary (candidates picked before fuse scores them)', () => {
  const microspheres: SearchableEntry = { id: 'microspheres', term: 'Microspheres', aliases: ['bland microspheres', '微球'], summary: 'Calibrated spherical embolic particles.', category: 'agent' };
  const glossary: SearchableEntry[] = syntheticGlossary(10_000);
  glossary.splice(6_789, 0, microspheres);
  const big = createEntrySearch(glossary, { idPrefix: 'user:' });

  it('still ranks the built-in typo examples first', () => {
    for (const [query, id] of [['lipidol', 'iodized-oil'], ['chemoembolisation', 'tace'], ['gelfom', 'gelatin-sponge'], ['polyvinyl', 'pva-particles'], ['明胶海绵', 'gelatin-sponge']] as const) {
      expect(top(query, [builtIn, big])[0]?.id, query).toBe(id);
    }
  });

  it('finds one personal entry among 10,000 by a misspelling, a prefix or one Chinese character', () => {
    for (const query of ['mikrospheres', 'microsph', 'bland microsferes', '微', '微球']) {
      expect(top(query, [builtIn, big])[0]?.id, query).toBe('user:microspheres');
    }
  });

  it('gives the same best hit as fuse scoring every entry, for typed prefixes and typos of synthetic terms', () => {
    const sample = syntheticGlossary(600);
    expect(sample.length).toBeGreaterThanOrEqual(PREFILTER_FROM);
    const filtered = createEntrySearch(sample);
    const full = createEntrySearch(sample, { prefilter: false });
    const misspell = (t: string) => t.slice(0, 3) + t.slice(4);
    const queries = sample.filter((_, i) => i % 29 === 0).flatMap((e) => [e.term.slice(0, 6), misspell(e.term), e.aliases[3] ?? '']);
    let differing = 0;
    for (const query of queries) {
      const a = filtered.search(query, 1)[0];
      const b = full.search(query, 1)[0];
      // Equal rank is as good: several synthetic entries can share a term.
      if (a?.hit.id !== b?.hit.id && JSON.stringify(a?.rank) !== JSON.stringify(b?.rank)) differing++;
    }
    expect(queries.length).toBeGreaterThan(50);
    expect(differing).toBe(0);
  }, 60_000); // fuse over every entry is the slow path the prefilter exists to avoid
});
