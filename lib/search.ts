// Fuzzy search over entries, shared by the background (built-in knowledge + personal glossary),
// the tests and the bench, so what is measured is what runs. Pure: no extension APIs.
//
// fuse.js finds the candidates; the order is ours. fuse's own score multiplies the scores of
// every matching name, so an entry with many spelling variants ("chemoembolisation",
// "trans-arterial chemoembolisation", …) beat the entry whose one name is the closest match
// ("embolisaton" ranked TACE above embolization). We rank by the best single name instead:
//   tier 0  a name equals the query (ignoring case, spaces and hyphens)
//   tier 1  a name starts with the query
//   tier 2  a word of a name starts with the query ("oil" → "Iodized oil")
//   tier 3  a name matches fuzzily
//   tier 4  only the summary matches
// and within a tier by the closest name match (fewest typos, then the length nearest the
// query's), then fuse's score.
import Fuse, { type FuseResult, type FuseSortFunctionArg } from 'fuse.js';
import { lookupKey } from './lookup-key';
import type { SearchHit } from './messages';
import { createPrefilter } from './search-prefilter';
import { SEARCH_KEYS, SEARCH_OPTIONS, type SearchDoc } from './search-options';

export interface SearchableEntry extends SearchDoc {
  category: string;
}

export interface Rank {
  tier: 0 | 1 | 2 | 3 | 4;
  /** Closeness of the best name match: fuse's error ratio plus a little for a length unlike the query's. */
  closeness: number;
  /** fuse.js's own score, the last tie-break. */
  score: number;
}

export interface RankedHit {
  hit: SearchHit;
  rank: Rank;
}

export interface EntrySearch {
  search(query: string, limit: number): RankedHit[];
}

const WORD_BREAK = /[\s\-‐/,()]+/u;
/** Weight of the length difference between query and name: enough to prefer "embolisation"
 * over "chemoembolisation" for "embolisaton", too little to outweigh one more typo. */
const LENGTH_WEIGHT = 0.1;

export function compareRanks(a: Rank, b: Rank): number {
  return a.tier - b.tier || a.closeness - b.closeness || a.score - b.score;
}

type IndexJson = Parameters<typeof Fuse.parseIndex>[0];

/** Below this size fuse scores every entry; above it, lib/search-prefilter.ts picks candidates. */
export const PREFILTER_FROM = 500;

export interface EntrySearchOptions {
  /** The build's `Fuse.createIndex(...).toJSON()` for these entries, in the same order. */
  prebuiltIndex?: unknown;
  /** Put before every hit's id (personal entries: "user:"). */
  idPrefix?: string;
  /** Pick candidates before fuse scores them; by default from PREFILTER_FROM entries on. */
  prefilter?: boolean;
}

export function createEntrySearch(entries: readonly SearchableEntry[], { prebuiltIndex, idPrefix = '', prefilter: usePrefilter = entries.length >= PREFILTER_FROM }: EntrySearchOptions = {}): EntrySearch {
  const docs: SearchDoc[] = entries.map(({ id, term, aliases, summary }) => ({ id, term, aliases, summary }));
  const nameKeys = entries.map((e) => [e.term, ...e.aliases].map(lookupKey));
  // Word keys are needed only for the entries a query ranks: made on first use.
  const wordKeyCache = new Map<number, string[]>();
  const wordKeysOf = (entry: number): string[] => {
    let keys = wordKeyCache.get(entry);
    if (!keys) {
      const e = entries[entry];
      keys = e ? [e.term, ...e.aliases].flatMap((name) => name.split(WORD_BREAK).map(lookupKey)) : [];
      wordKeyCache.set(entry, keys);
    }
    return keys;
  };
  const prefilter = usePrefilter ? createPrefilter(docs, nameKeys) : null;

  // fuse calls the sort function many times per result while keeping its top `limit`; ranks
  // are computed once per result and query. `entryOf` maps fuse's document index to ours.
  let queryText = '';
  let queryKey = '';
  let queryLength = 0;
  let entryOf = (i: number) => i;
  let ranks = new Map<number, Rank>();
  const rankOf = (result: FuseSortFunctionArg): Rank => {
    const entry = entryOf(result.idx);
    let rank = ranks.get(entry);
    if (!rank) {
      const nameMatches = (result.matches ?? []).filter((m) => m.key.id !== 'summary');
      rank = rankOfMatches(nameMatches, result.score, queryKey, queryLength, nameKeys[entry] ?? [], wordKeysOf(entry));
      ranks.set(entry, rank);
    }
    return rank;
  };
  const options = { ...SEARCH_OPTIONS, sortFn: (a: FuseSortFunctionArg, b: FuseSortFunctionArg) => compareRanks(rankOf(a), rankOf(b)) || a.idx - b.idx };

  // Without the prefilter fuse scores every entry, over the whole index (the build's, or made
  // here). With it, fuse scores a few candidates per keystroke, over their index records, made
  // for each entry the first time it is a candidate: indexing all 10,000 entries of a glossary
  // up front cost seconds on the first search after the worker restarted.
  let everything: Fuse<SearchDoc> | undefined;
  const everyEntry = () =>
    (everything ??= new Fuse(docs, options, prebuiltIndex === undefined ? Fuse.createIndex(SEARCH_KEYS, docs) : Fuse.parseIndex<SearchDoc>(prebuiltIndex as IndexJson)));
  type IndexRecord = IndexJson['records'][number];
  const { keys: indexKeys } = Fuse.createIndex(SEARCH_KEYS, []).toJSON() as unknown as IndexJson;
  const recordCache = new Map<number, IndexRecord>();
  const recordsOf = (subset: number[]): IndexRecord[] => {
    const missing = subset.filter((entry) => !recordCache.has(entry));
    if (missing.length) {
      const made = (Fuse.createIndex(SEARCH_KEYS, missing.map((entry) => docs[entry] as SearchDoc)).toJSON() as unknown as IndexJson).records;
      missing.forEach((entry, i) => recordCache.set(entry, made[i] as IndexRecord));
    }
    return subset.map((entry, i) => ({ ...recordCache.get(entry), i }) as IndexRecord);
  };

  /** fuse over some entries only, reusing their index records (no re-indexing per keystroke). */
  const fuseOver = (subset: number[]) =>
    new Fuse(
      subset.map((entry) => docs[entry] as SearchDoc),
      options,
      Fuse.parseIndex<SearchDoc>({ keys: indexKeys, records: recordsOf(subset) }),
    );

  // fuse compares results only when there are two or more: a lone result is ranked here, with
  // the per-name scores fuse would have used.
  const rankAlone = (result: FuseResult<SearchDoc>, entry: number): Rank => {
    const nameMatches = (result.matches ?? [])
      .filter((m) => m.key !== 'summary' && m.value !== undefined)
      .map((m) => ({ value: m.value ?? '', score: Math.max(0.001, Fuse.match(queryText, m.value ?? '', SEARCH_OPTIONS).score ?? 1) }));
    return rankOfMatches(nameMatches, result.score ?? 1, queryKey, queryLength, nameKeys[entry] ?? [], wordKeysOf(entry));
  };

  return {
    search(query, limit) {
      const text = query.trim();
      if (!text) return [];
      queryText = text;
      queryKey = lookupKey(text);
      queryLength = text.length;
      ranks = new Map();
      let fuse: Fuse<SearchDoc>;
      entryOf = (i) => i;
      if (!prefilter) fuse = everyEntry();
      else {
        const subset = prefilter.candidates(text);
        if (subset.length === 0) return [];
        fuse = fuseOver(subset);
        entryOf = (i) => subset[i] ?? i;
      }
      return fuse.search(text, { limit }).map((result) => {
        const entry = entryOf(result.refIndex);
        return {
          hit: toSearchHit(result, entries[entry]?.category ?? '', idPrefix),
          rank: ranks.get(entry) ?? rankAlone(result, entry),
        };
      });
    },
  };
}

interface NameMatch {
  value: string;
  /** fuse's error ratio for this one name (0.001 for an exact substring). */
  score: number;
}

function rankOfMatches(nameMatches: readonly NameMatch[], fuseScore: number, queryKey: string, queryLength: number, names: readonly string[], words: readonly string[]): Rank {
  if (nameMatches.length === 0) return { tier: 4, closeness: 1, score: fuseScore };
  const tier = !queryKey ? 3 : names.includes(queryKey) ? 0 : names.some((n) => n.startsWith(queryKey)) ? 1 : words.some((w) => w.startsWith(queryKey)) ? 2 : 3;
  let closeness = Infinity;
  for (const match of nameMatches) {
    const lengthDifference = Math.abs(match.value.length - queryLength) / Math.max(match.value.length, queryLength, 1);
    closeness = Math.min(closeness, match.score + LENGTH_WEIGHT * lengthDifference);
  }
  return { tier, closeness, score: fuseScore };
}

/** One ranked list from several searches (built-in knowledge and personal glossary). */
export function searchAll(searches: readonly EntrySearch[], query: string, limit: number): SearchHit[] {
  return searches
    .flatMap((s) => s.search(query, limit))
    .sort((a, b) => compareRanks(a.rank, b.rank) || a.hit.term.localeCompare(b.hit.term))
    .slice(0, limit)
    .map((r) => r.hit);
}

function toSearchHit(result: FuseResult<SearchDoc>, category: string, idPrefix: string): SearchHit {
  const { item } = result;
  return {
    id: idPrefix + item.id,
    term: item.term,
    category,
    summary: item.summary,
    score: result.score ?? 1,
    matches: (result.matches ?? []).map((m) => ({
      key: m.key ?? '',
      value: m.value ?? '',
      indices: m.indices.map(([start, end]): [number, number] => [start, end]),
    })),
  };
}
