// The key under which "look up" compares a selection with aliases: case, hyphens, spaces and
// the punctuation a selection tends to drag along do not matter ("Chemo-embolization." finds
// "chemoembolization").

const JOINERS = /[\s\u00a0\u00ad\u2010-\u2015\u2212_\-]+/gu;
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

export function lookupKey(text: string): string {
  return text.normalize('NFKC').replace(EDGE_PUNCTUATION, '').replace(JOINERS, '').toLowerCase();
}

/** Maps each name's lookup key to the ids of the entries that carry it. */
export function indexByLookupKey(entries: readonly { id: string; term: string; aliases: readonly string[] }[], idOf: (id: string) => string = (id) => id): Map<string, string[]> {
  const byAlias = new Map<string, string[]>();
  for (const entry of entries) {
    const id = idOf(entry.id);
    for (const name of [entry.term, ...entry.aliases]) {
      const key = lookupKey(name);
      if (!key) continue;
      const ids = byAlias.get(key) ?? [];
      if (!ids.includes(id)) ids.push(id);
      byAlias.set(key, ids);
    }
  }
  return byAlias;
}
