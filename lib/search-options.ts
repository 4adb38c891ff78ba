// fuse.js settings shared by the build (prebuilt index) and the background (search): an index
// only fits the keys it was built with.
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
};
