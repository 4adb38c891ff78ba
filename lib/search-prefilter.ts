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

// Grams are small integers: building the index for 10,000 entries makes millions of them, and
// strings (or numbers past the small-integer range, which V8 boxes) would cost seconds. Each
// character gets a dense id in the order first seen; a gram packs a kind and one or two ids.
const CHAR_BITS = 13;
const CHAR_MASK = (1 << CHAR_BITS) - 1;
const PAIR = 0;
const SKIP_PAIR = 1 << (2 * CHAR_BITS);
const SINGLE = 2 << (2 * CHAR_BITS);
const WORD_START = 3 << (2 * CHAR_BITS);

export interface Prefilter {
  /** Indexes of the entries worth scoring for this query, best first. */
  candidates(query: string): number[];
}

/** Dense character ids. Past 8,192 distinct characters ids repeat, which only lets a few more
 * entries through as candidates. */
class CharIds {
  private readonly ids = new Map<number, number>();
  /** The id of the character at `i`, made if new (while indexing). */
  add(text: string, i: number): number {
    const code = text.charCodeAt(i);
    let id = this.ids.get(code);
    if (id === undefined) {
      id = this.ids.size & CHAR_MASK;
      this.ids.set(code, id);
    }
    return id;
  }
  /** The id of the character at `i`, or -1 for one no entry has (while querying). */
  get(text: string, i: number): number {
    return this.ids.get(text.charCodeAt(i)) ?? -1;
  }
}

type CharId = (text: string, i: number) => number;

/** Pairs and skip-pairs of a normalized text; a one-character text is its own gram. A gram with
 * a character no entry has is left out: no entry shares it. */
function eachGram(key: string, id: CharId, add: (gram: number) => void): void {
  const ids: number[] = [];
  for (let i = 0; i < key.length; i++) ids.push(id(key, i));
  if (ids.length === 1 && (ids[0] ?? -1) >= 0) add(SINGLE + (ids[0] ?? 0));
  // Pairs first, then skip-pairs: candidates sharing as many grams are taken in this order.
  for (let i = 0; i + 1 < ids.length; i++) {
    const a = ids[i] ?? -1;
    const b = ids[i + 1] ?? -1;
    if (a >= 0 && b >= 0) add(PAIR + (a << CHAR_BITS) + b);
  }
  for (let i = 0; i + 2 < ids.length; i++) {
    const a = ids[i] ?? -1;
    const c = ids[i + 2] ?? -1;
    if (a >= 0 && c >= 0) add(SKIP_PAIR + (a << CHAR_BITS) + c);
  }
}

/** Lower-case words, normalized once for the whole text (summaries are long). */
function wordsOf(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(WORD) ?? [];
}

/** Gram → the entries that have it, in entry order, each once. */
type Postings = Map<number, number[]>;

function post(postings: Postings, gram: number, entry: number): void {
  const list = postings.get(gram);
  if (!list) postings.set(gram, [entry]);
  // Entries are indexed in order: a repeat of this entry's gram is at the end.
  else if (list[list.length - 1] !== entry) list.push(entry);
}

/** `nameKeys`: lookupKey of each entry's term and aliases, when the caller has them already. */
export function createPrefilter(docs: readonly SearchDoc[], nameKeys?: readonly (readonly string[])[]): Prefilter {
  const chars = new CharIds();
  const newId: CharId = (text, i) => chars.add(text, i);
  const names: Postings = new Map();
  const summaries: Postings = new Map();
  docs.forEach((doc, entry) => {
    const addName = (gram: number) => post(names, gram, entry);
    const keys = nameKeys?.[entry];
    [doc.term, ...doc.aliases].forEach((name, n) => {
      const key = keys?.[n] ?? lookupKey(name);
      eachGram(key, newId, addName);
      // Every character of a name (Chinese names are searched by one or two characters) and the
      // start of every word (a one-letter query means "starts with").
      for (let i = 0; i < key.length; i++) addName(SINGLE + newId(key, i));
      if (key) addName(WORD_START + newId(key, 0));
      for (const word of wordsOf(name)) addName(WORD_START + newId(word, 0));
    });
    const addSummary = (gram: number) => post(summaries, gram, entry);
    for (const word of wordsOf(doc.summary)) eachGram(word, newId, addSummary);
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
      const knownId: CharId = (text, i) => chars.get(text, i);
      const nameGrams = new Set<number>();
      const first = knownId(key, 0);
      if (first >= 0) nameGrams.add(WORD_START + first);
      eachGram(key, knownId, (gram) => nameGrams.add(gram));
      const summaryGrams = new Set<number>();
      for (const word of wordsOf(query)) eachGram(word, knownId, (gram) => summaryGrams.add(gram));
      const byName = top(names, nameGrams, NAME_CANDIDATES);
      const bySummary = top(summaries, summaryGrams, SUMMARY_CANDIDATES);
      return [...new Set([...byName, ...bySummary])];
    },
  };
}
