// Candidate selection for large collections (a 10,000-entry personal glossary): fuse.js scores
// every string it is given, which at that size takes far longer than a keystroke. An index of
// letter pairs picks the entries that share the most pairs with the query, and fuse then ranks
// only those. Pairs one letter apart ("skip-grams") are indexed too, so a misspelt letter still
// leaves shared pairs ("tase" and "tace" share "ta" and "a_e").
import { lookupKey } from './lookup-key';
import type { SearchDoc } from './search-options';

/** Entries kept by name similarity, and by summary words, per query. */
export const NAME_CANDIDATES = 64;
export const SUMMARY_CANDIDATES = 16;

const WORD = /[\p{L}\p{N}]+/gu;

// Grams are numbers (UTF-16 code units packed together): building the index for 10,000
// entries makes millions of them, and strings would cost seconds.
const UNIT = 0x10000;
const PAIR = 0;
const SKIP_PAIR = UNIT * UNIT;
const SINGLE = 2 * UNIT * UNIT;
const WORD_START = 3 * UNIT * UNIT;

export interface Prefilter {
  /** Indexes of the entries worth scoring for this query, best first. */
  candidates(query: string): number[];
}

/** Pairs and skip-pairs of a normalized text; a one-character text is its own gram. */
function addGrams(key: string, into: Set<number>): void {
  if (key.length === 1) into.add(SINGLE + key.charCodeAt(0));
  for (let i = 0; i + 1 < key.length; i++) into.add(PAIR + key.charCodeAt(i) * UNIT + key.charCodeAt(i + 1));
  for (let i = 0; i + 2 < key.length; i++) into.add(SKIP_PAIR + key.charCodeAt(i) * UNIT + key.charCodeAt(i + 2));
}

/** Lower-case words, normalized once for the whole text (summaries are long). */
function wordsOf(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(WORD) ?? [];
}

type Postings = Map<number, number[]>;

function post(postings: Postings, grams: Set<number>, entry: number) {
  for (const gram of grams) {
    const list = postings.get(gram);
    if (list) list.push(entry);
    else postings.set(gram, [entry]);
  }
}

/** `nameKeys`: lookupKey of each entry's term and aliases, when the caller has them already. */
export function createPrefilter(docs: readonly SearchDoc[], nameKeys?: readonly (readonly string[])[]): Prefilter {
  const names: Postings = new Map();
  const summaries: Postings = new Map();
  docs.forEach((doc, entry) => {
    const grams = new Set<number>();
    const keys = nameKeys?.[entry];
    [doc.term, ...doc.aliases].forEach((name, n) => {
      const key = keys?.[n] ?? lookupKey(name);
      addGrams(key, grams);
      // Every character of a name (Chinese names are searched by one or two characters) and the
      // start of every word (a one-letter query means "starts with").
      for (let i = 0; i < key.length; i++) grams.add(SINGLE + key.charCodeAt(i));
      if (key) grams.add(WORD_START + key.charCodeAt(0));
      for (const word of wordsOf(name)) grams.add(WORD_START + word.charCodeAt(0));
    });
    post(names, grams, entry);
    const summaryGrams = new Set<number>();
    for (const word of wordsOf(doc.summary)) addGrams(word, summaryGrams);
    post(summaries, summaryGrams, entry);
  });

  const counts = new Uint16Array(docs.length);
  /** The `limit` entries sharing the most of `grams`, most first; entries sharing none are left out. */
  const top = (postings: Postings, grams: Set<number>, limit: number): number[] => {
    const touched: number[] = [];
    let most = 0;
    for (const gram of grams) {
      for (const entry of postings.get(gram) ?? []) {
        const n = (counts[entry] ?? 0) + 1;
        if (n === 1) touched.push(entry);
        counts[entry] = n;
        if (n > most) most = n;
      }
    }
    const buckets: number[][] = Array.from({ length: most + 1 }, () => []);
    for (const entry of touched) {
      buckets[counts[entry] ?? 0]?.push(entry);
      counts[entry] = 0;
    }
    const chosen: number[] = [];
    for (let n = most; n > 0 && chosen.length < limit; n--) {
      for (const entry of buckets[n] ?? []) {
        if (chosen.length === limit) break;
        chosen.push(entry);
      }
    }
    return chosen;
  };

  return {
    candidates(query) {
      const key = lookupKey(query);
      if (!key) return [];
      const nameGrams = new Set<number>([WORD_START + key.charCodeAt(0)]);
      addGrams(key, nameGrams);
      const summaryGrams = new Set<number>();
      for (const word of wordsOf(query)) addGrams(word, summaryGrams);
      const byName = top(names, nameGrams, NAME_CANDIDATES);
      const bySummary = top(summaries, summaryGrams, SUMMARY_CANDIDATES);
      return [...new Set([...byName, ...bySummary])];
    },
  };
}
