// The small text rules behind the card: citations and grouped names.
import { describe, expect, it } from 'vitest';
import knowledge from 'virtual:clinical-lens/knowledge';
import { formatCitations, formatFactCitation, formatSentences } from '../../lib/citation';
import { groupSynonyms } from '../../lib/synonyms';
import { lookupKey } from '../../lib/lookup-key';

describe('formatSentences', () => {
  it('names one sentence, and runs of consecutive sentences as ranges', () => {
    expect(formatSentences([7])).toBe('sentence 7');
    expect(formatSentences([3, 2])).toBe('sentences 2–3');
    expect(formatSentences([5, 1, 2, 3, 3, 9, 10])).toBe('sentences 1–3, 5, 9–10');
  });
});

describe('formatCitations', () => {
  const sources = { a: { title: 'Doc A', origin: 'x', sentenceCount: 9 }, b: { title: 'Doc B', origin: 'y', sentenceCount: 9 } };
  it('merges references to one document and keeps documents apart', () => {
    expect(
      formatCitations(
        [
          { doc: 'a', sentences: [2] },
          { doc: 'b', sentences: [4] },
          { doc: 'a', sentences: [3] },
        ],
        sources,
      ),
    ).toEqual(['Doc A, sentences 2–3', 'Doc B, sentence 4']);
  });
  it('gives a fact only its sentence numbers when it cites the card’s own document', () => {
    expect(formatFactCitation([{ doc: 'a', sentences: [4] }], [{ doc: 'a', sentences: [1] }], sources)).toBe('sentence 4');
    expect(formatFactCitation([{ doc: 'b', sentences: [4] }], [{ doc: 'a', sentences: [1] }], sources)).toBe('Doc B, sentence 4');
  });
});

describe('one-sentence sources (a personal CSV glossary’s “source” column)', () => {
  const sources = { ward: { title: 'Ward 5 formulary', origin: 'Personal glossary (ward.csv)', sentenceCount: 1 }, a: { title: 'Doc A', origin: 'x', sentenceCount: 9 } };
  it('are named without a sentence number, beside documents that keep theirs', () => {
    expect(formatCitations([{ doc: 'ward', sentences: [1] }], sources)).toEqual(['Ward 5 formulary']);
    expect(formatCitations([{ doc: 'a', sentences: [1] }, { doc: 'ward', sentences: [1] }], sources)).toEqual(['Doc A, sentence 1', 'Ward 5 formulary']);
  });
  it('are named in full by a fact citing the card’s own source', () => {
    expect(formatFactCitation([{ doc: 'ward', sentences: [1] }], [{ doc: 'ward', sentences: [1] }], sources)).toBe('Ward 5 formulary');
  });
});

describe('groupSynonyms', () => {
  it('sorts names into abbreviations, other names and Chinese, dropping repeats of the term', () => {
    const groups = groupSynonyms({
      term: 'Transarterial chemoembolization',
      aliases: ['TACE', 'cTACE', 'trans-arterial chemoembolization', 'chemoembolisation', 'Lipiodol', '经动脉化疗栓塞术', 'TACE'],
    });
    expect(groups).toEqual({ abbreviations: ['TACE', 'cTACE'], names: ['chemoembolisation', 'Lipiodol'], chinese: ['经动脉化疗栓塞术'] });
  });
  it('keeps every distinct alias of every real entry in exactly one group', () => {
    for (const entry of knowledge.entries) {
      const groups = groupSynonyms(entry);
      const listed = [...groups.abbreviations, ...groups.names, ...groups.chinese];
      const distinct = new Set(entry.aliases.map(lookupKey).filter((k) => k !== lookupKey(entry.term)));
      expect(new Set(listed.map(lookupKey))).toEqual(distinct);
    }
  });
});
