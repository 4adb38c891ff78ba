// The key under which "look up" compares a selection with aliases: case, hyphens, spaces and
// the punctuation a selection tends to drag along do not matter ("Chemo-embolization." finds
// "chemoembolization").

const JOINERS = /[\s\u00a0\u00ad\u2010-\u2015\u2212_\-]+/gu;
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

export function lookupKey(text: string): string {
  return text.normalize('NFKC').replace(EDGE_PUNCTUATION, '').replace(JOINERS, '').toLowerCase();
}
