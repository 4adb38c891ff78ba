// How a card names its source: "Interventional chemotherapy…, sentences 2–3, 5". A document of
// one sentence is the citation itself (a personal CSV glossary's "source" column): it is named
// without a sentence number, which would tell the reader nothing.
import type { SourceRef, Sources } from './knowledge-schema';

/** [2, 3, 5] → "sentences 2–3, 5"; [7] → "sentence 7". */
export function formatSentences(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    runs.push(i === j ? `${sorted[i]}` : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return `${sorted.length === 1 ? 'sentence' : 'sentences'} ${runs.join(', ')}`;
}

const isWholeCitation = (doc: string, sources: Sources) => sources[doc]?.sentenceCount === 1;

/** One line per cited document, refs to the same document merged. */
export function formatCitations(refs: readonly SourceRef[], sources: Sources): string[] {
  const byDoc = new Map<string, number[]>();
  for (const ref of refs) byDoc.set(ref.doc, [...(byDoc.get(ref.doc) ?? []), ...ref.sentences]);
  return [...byDoc].map(([doc, sentences]) => {
    const title = sources[doc]?.title ?? doc;
    return isWholeCitation(doc, sources) ? title : `${title}, ${formatSentences(sentences)}`;
  });
}

/** A fact citing the card's own source document needs only its sentences: "sentence 4". */
export function formatFactCitation(refs: readonly SourceRef[], entryRefs: readonly SourceRef[], sources: Sources): string {
  const docs = new Set(refs.map((r) => r.doc));
  const [only] = docs;
  if (docs.size === 1 && only !== undefined && !isWholeCitation(only, sources) && entryRefs.some((r) => r.doc === only)) {
    return formatSentences(refs.flatMap((r) => r.sentences));
  }
  return formatCitations(refs, sources).join('; ');
}
