// @vitest-environment happy-dom
// TermCard over real entries, and with hostile markup in every field: all of it must render as
// inert text.
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TermCard } from '../../components/TermCard';
import { loadCompiledKnowledge } from '../../knowledge/vite-plugin';
import { formatSentences } from '../../lib/citation';
import type { Entry } from '../../lib/knowledge-schema';
import type { EntryView } from '../../lib/messages';
import { groupSynonyms } from '../../lib/synonyms';

// Compiled directly: in a DOM environment Vite's client import analysis cannot load the
// virtual module (its plugin watches the entries folder).
const knowledge = loadCompiledKnowledge();

function viewOf(entry: Entry): EntryView {
  const relatedTerms = Object.fromEntries(entry.related.map((id) => [id, knowledge.entries.find((e) => e.id === id)?.term ?? id]));
  return { entry, sources: knowledge.sources, relatedTerms, personal: false };
}

function mount(view: EntryView, onRelated?: (id: string) => void): HTMLElement {
  const root = document.createElement('div');
  document.body.append(root);
  render(<TermCard view={view} headingId="h" onRelated={onRelated} />, root);
  return root;
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('TermCard', () => {
  const tace = knowledge.entries.find((e) => e.id === 'tace');

  it('shows the preferred term as the labelled heading, the summary and the source line', () => {
    expect(tace).toBeDefined();
    if (!tace) return;
    const root = mount(viewOf(tace));
    expect(root.querySelector('h2#h')?.textContent).toBe(tace.term);
    expect(root.querySelector('.cl-tc-summary')?.textContent).toBe(tace.summary);
    const [ref] = tace.sources;
    const title = ref ? knowledge.sources[ref.doc]?.title : undefined;
    expect(root.querySelector('.cl-tc-source')?.textContent).toBe(`Source: ${title}, ${formatSentences(tace.sources.flatMap((s) => s.sentences))}`);
  });

  it('lists every fact, every other name (Chinese marked as zh) and every related entry', () => {
    for (const entry of knowledge.entries) {
      const root = mount(viewOf(entry), () => {});
      expect(root.querySelectorAll('.cl-tc-fact').length).toBe(entry.facts.length);
      const names = groupSynonyms(entry);
      const shown = root.querySelector('.cl-tc-names')?.textContent ?? '';
      for (const name of [...names.abbreviations, ...names.names, ...names.chinese]) expect(shown).toContain(name);
      if (names.chinese.length) expect(root.querySelector('dd[lang="zh"]')?.textContent).toBe(names.chinese.join(' · '));
      expect(root.querySelectorAll('.cl-tc-related button').length).toBe(entry.related.length);
      document.body.replaceChildren();
    }
  });

  it('shows related entries as plain text when there is nowhere to open them', () => {
    const entry = knowledge.entries.find((e) => e.related.length > 0);
    if (!entry) throw new Error('no entry with related entries');
    const root = mount(viewOf(entry));
    expect(root.querySelector('.cl-tc-related button')).toBeNull();
    expect(root.querySelectorAll('.cl-tc-related li').length).toBe(entry.related.length);
  });

  it('calls onRelated with the id of the related entry chosen', () => {
    const entry = knowledge.entries.find((e) => e.related.length > 0);
    expect(entry).toBeDefined();
    if (!entry) return;
    const onRelated = vi.fn();
    const root = mount(viewOf(entry), onRelated);
    const first = root.querySelector<HTMLButtonElement>('.cl-tc-related button');
    expect(first?.textContent).toBe(knowledge.entries.find((e) => e.id === entry.related[0])?.term);
    first?.click();
    expect(onRelated).toHaveBeenCalledWith(entry.related[0]);
  });

  it('renders markup from a hostile glossary entry as text, never as elements', () => {
    const hostile = '<img src=x onerror="globalThis.pwned=1"><script>globalThis.pwned=2</script><a href="javascript:alert(1)">x</a>';
    const view: EntryView = {
      entry: {
        id: 'hostile',
        term: `<b>${hostile}</b>`,
        aliases: [hostile, `ZZ<i>X</i>`, `中文${hostile}`],
        category: 'concept',
        summary: hostile,
        facts: [{ label: hostile, value: [hostile, hostile], sources: [{ doc: 'evil', sentences: [1] }] }],
        related: ['other'],
        ambiguous: [],
        notAliases: [],
        sources: [{ doc: 'evil', sentences: [1, 2] }],
      },
      sources: { evil: { title: hostile, origin: hostile, sentenceCount: 3 } },
      relatedTerms: { other: hostile },
      personal: true,
    };
    const root = mount(view, () => {});
    expect(root.querySelector('img, script, a, b, i')).toBeNull();
    expect(root.querySelector('h2')?.textContent).toBe(`<b>${hostile}</b>`);
    expect(root.querySelector('.cl-tc-summary')?.textContent).toBe(hostile);
    expect(root.querySelector('.cl-tc-related button')?.textContent).toBe(hostile);
    expect(root.querySelector('.cl-tc-source')?.textContent).toBe(`Source: ${hostile}, sentences 1–2`);
    expect(root.textContent).toContain('Your glossary');
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  });
});
