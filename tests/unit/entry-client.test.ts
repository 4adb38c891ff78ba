// The hover card's entry client: answers validated on arrival, recent ones cached, failures retried.
import { describe, expect, it } from 'vitest';
import knowledge from 'virtual:clinical-lens/knowledge';
import { getEntry } from '../../entrypoints/background/knowledge-service';
import { BadAnswerError, createEntryClient, parseEntryView } from '../../entrypoints/content/entry-client';

/** The real background answer, counting the requests that reach it. */
function countingBackground() {
  const asked: string[] = [];
  return {
    asked,
    ask: async (id: string): Promise<unknown> => {
      asked.push(id);
      return getEntry(id);
    },
  };
}

describe('entry client', () => {
  const [first, second, third] = knowledge.entries;

  it('returns the background’s entry and asks only once for a recent one', async () => {
    const background = countingBackground();
    const client = createEntryClient(background.ask);
    expect((await client.get('tace'))?.entry.id).toBe('tace');
    expect((await client.get('tace'))?.entry.id).toBe('tace');
    expect(background.asked).toEqual(['tace']);
    expect(await client.get('no-such-entry')).toBeNull();
  });

  it('asks again for every entry once cleared (the glossary changed)', async () => {
    const background = countingBackground();
    const client = createEntryClient(background.ask);
    await client.get('tace');
    await client.get('iodized-oil');
    client.clear();
    expect((await client.get('tace'))?.entry.id).toBe('tace');
    expect(background.asked).toEqual(['tace', 'iodized-oil', 'tace']);
  });

  it('forgets the least recently used entry beyond its capacity', async () => {
    expect(third, 'three entries in the knowledge base').toBeDefined();
    if (!first || !second || !third) return;
    const background = countingBackground();
    const client = createEntryClient(background.ask, 2);
    await client.get(first.id);
    await client.get(second.id);
    await client.get(first.id); // now the most recent
    await client.get(third.id); // evicts the second
    await client.get(first.id);
    await client.get(second.id);
    expect(background.asked).toEqual([first.id, second.id, third.id, second.id]);
  });

  it('rejects an answer of the wrong shape, and asks again next time', async () => {
    let calls = 0;
    const client = createEntryClient(async (id) => (++calls === 1 ? { entry: { id, term: 42 } } : getEntry(id)));
    await expect(client.get('tace')).rejects.toBeInstanceOf(BadAnswerError);
    expect((await client.get('tace'))?.entry.id).toBe('tace');
    expect(calls).toBe(2);
  });

  it('does not remember a failed request', async () => {
    let calls = 0;
    const client = createEntryClient(async (id) => {
      if (++calls === 1) throw new Error('worker restarting');
      return getEntry(id);
    });
    await expect(client.get('tace')).rejects.toThrow('worker restarting');
    expect((await client.get('tace'))?.entry.id).toBe('tace');
  });
});

describe('parseEntryView', () => {
  const personal = {
    entry: {
      id: 'user:port-flush',
      term: 'Port flush',
      aliases: ['port flushing'],
      category: 'procedure',
      summary: 'My own note on flushing a port.',
      facts: [{ label: 'Volume', value: '10 mL', sources: [{ doc: 'ward-handbook', sentences: [3] }] }],
      related: ['user:heparin-lock', 'tace'],
      sources: [{ doc: 'ward-handbook', sentences: [1, 2] }],
    },
    sources: { 'ward-handbook': { title: 'Ward handbook', origin: 'my notes', sentenceCount: 9 } },
    relatedTerms: { 'user:heparin-lock': 'Heparin lock', tace: 'Transarterial chemoembolization' },
    personal: true,
  };

  it('accepts a personal glossary entry, whose ids carry a namespace', () => {
    const view = parseEntryView('user:port-flush', personal);
    expect(view?.entry.related).toEqual(['user:heparin-lock', 'tace']);
    expect(view?.entry.ambiguous).toEqual([]);
  });

  it('rejects answers whose fields the card would misread', () => {
    expect(() => parseEntryView('x', { ...personal, entry: { ...personal.entry, summary: 42 } })).toThrow(BadAnswerError);
    expect(() => parseEntryView('x', { ...personal, entry: { ...personal.entry, category: 'spell' } })).toThrow(BadAnswerError);
    expect(() => parseEntryView('x', { ...personal, relatedTerms: { a: 1 } })).toThrow(BadAnswerError);
    expect(() => parseEntryView('x', 'TACE')).toThrow(BadAnswerError);
    expect(parseEntryView('x', null)).toBeNull();
  });
});
