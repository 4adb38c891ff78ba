// Sentence numbering for source documents: citations in knowledge entries refer to these
// numbers, so the rule must stay stable. A sentence ends at . ! or ? followed by white space
// and a capital letter, an opening quote or a parenthesis.
const SENTENCE_END = /(?<=[.!?])\s+(?=[A-Z“"(])/u;

export function splitSentences(text: string): string[] {
  return text
    .trim()
    .split(SENTENCE_END)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
