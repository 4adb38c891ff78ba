// The background's knowledge service over the real compiled knowledge (the virtual module the
// extension ships), so these checks follow the entries as they grow.
import { describe, expect, it } from 'vitest';
import knowledge from 'virtual:clinical-lens/knowledge';
import { getEntry, lookup, search } from '../../entrypoints/background/knowledge-service';
import { lookupKey } from '../../lib/lookup-key';

const tace = knowledge.entries.find((e) => e.id === 'tace');

describe('lookupKey', () => {
  it('ignores case, hyphens, spaces, soft hyphens and edge punctuation', () => {
    expect(lookupKey('Chemo-embolization.')).toBe(lookupKey('chemoembolization'));
    expect(lookupKey('gelatin\u00a0sponge')).toBe(lookupKey('Gelatin-Sponge'));
    expect(lookupKey('embol\u00adization')).toBe('embolization');
    expect(lookupKey('“TACE”')).toBe('tace');
    expect(lookupKey('明胶海绵。')).toBe('明胶海绵');
  });
  it('keeps different words apart', () => {
    expect(lookupKey('radioembolization')).not.toBe(lookupKey('embolization'));
  });
});

describe('getEntry', () => {
  it('returns the entry with the documents it cites and the names of its related entries', async () => {
    for (const entry of knowledge.entries) {
      const view = await getEntry(entry.id);
      expect(view?.entry).toEqual(entry);
      expect(view?.personal).toBe(false);
      const cited = new Set([...entry.sources, ...entry.facts.flatMap((f) => f.sources)].map((s) => s.doc));
      expect(Object.keys(view?.sources ?? {}).sort()).toEqual([...cited].sort());
      for (const id of entry.related) expect(view?.relatedTerms[id]).toBe(knowledge.entries.find((e) => e.id === id)?.term);
    }
  });
  it('answers null for an unknown id', async () => {
    expect(await getEntry('no-such-entry')).toBeNull();
  });
});

describe('lookup', () => {
  it('puts the entry that carries the exact alias first, with score 0', async () => {
    for (const entry of knowledge.entries) {
      for (const alias of [entry.term, ...entry.aliases]) {
        const hits = await lookup(alias);
        const exact = hits.filter((h) => h.score === 0).map((h) => h.id);
        expect(exact, `lookup("${alias}")`).toContain(entry.id);
      }
    }
  });
  it('matches an alias regardless of case, hyphens and trailing punctuation', async () => {
    expect(tace, 'the tace entry').toBeDefined();
    const hits = await lookup('Trans-arterial  Chemoembolization.');
    expect(hits[0]?.id).toBe('tace');
    expect(hits[0]?.score).toBe(0);
    expect(hits[0]?.matches[0]?.value).toBe(tace?.term);
  });
  it('falls back to fuzzy matches for a misspelling, without repeating exact hits', async () => {
    const hits = await lookup('chemoembolizaton');
    expect(hits[0]?.id).toBe('tace');
    expect(hits[0]?.score).toBeGreaterThan(0);
    expect(new Set(hits.map((h) => h.id)).size).toBe(hits.length);
  });
});

describe('search', () => {
  it('finds an entry from a misspelt alias and reports where it matched', async () => {
    const hits = await search('transarterial chemoembolisaton', 5);
    expect(hits[0]?.id).toBe('tace');
    expect(hits[0]?.category).toBe(tace?.category);
    expect(hits[0]?.matches.length).toBeGreaterThan(0);
    for (const m of hits[0]?.matches ?? []) {
      for (const [start, end] of m.indices) {
        expect(start).toBeLessThanOrEqual(end);
        expect(end).toBeLessThan(m.value.length);
      }
    }
  });
  it('respects the limit and returns nothing for an empty query', async () => {
    const all = await search('a', 200);
    expect(all.length).toBeGreaterThan(0);
    expect(await search('a', 2)).toEqual(all.slice(0, 2));
    expect(await search('   ', 5)).toEqual([]);
  });
});
