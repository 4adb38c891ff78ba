// fuse.js settings shared by the build (prebuilt index) and the background (search): an index
// only fits the keys it was built with. The weights decide fuse's own score, which lib/search.ts
// uses only to break ties: the order is by best single name match (see there).
import type { IFuseOptions } from 'fuse.js';

export interface SearchDoc {
  id: string;
  term: string;
  aliases: string[];
  summary: string;
}

export const SEARCH_KEYS = [
  { name: 'term', weight: 3 },
  { name: 'aliases', weight: 2 },
  { name: 'summary', weight: 0.5 },
];

export const SEARCH_OPTIONS: IFuseOptions<SearchDoc> = {
  keys: SEARCH_KEYS,
  includeMatches: true,
  includeScore: true,
  ignoreLocation: true,
  threshold: 0.4,
  minMatchCharLength: 1,
  // "Menetrier" finds "Ménétrier", "embolisation" an accented spelling: applied at search time,
  // so the prebuilt index is unaffected.
  ignoreDiacritics: true,
};
