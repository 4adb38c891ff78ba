// The search behind the popup, "look up selection" and fuzzy look-up: the built-in knowledge
// (from the prebuilt fuse.js index, so a cold worker does not re-index) and the personal
// glossary (re-indexed when it changes), ranked together by lib/search.ts.
import type { SearchHit } from '../../lib/messages';
import { createEntrySearch, type EntrySearch, searchAll } from '../../lib/search';
import { personalKnowledge } from './glossary-service';
import { knowledgeStore } from './knowledge-store';

let builtIn: Promise<EntrySearch> | undefined;

function builtInSearch(): Promise<EntrySearch> {
  builtIn ??= knowledgeStore().then(({ entries, fuseIndex }) => createEntrySearch(entries, { prebuiltIndex: fuseIndex }));
  return builtIn;
}

const searches = () => Promise.all([builtInSearch(), personalKnowledge()]);

/** Loads the built-in index and indexes the personal glossary, so the first keystroke after a
 * worker restart does not wait for a 10,000-entry glossary to be indexed. */
export async function prepareSearch(): Promise<void> {
  await searches();
}

export async function searchEntries(query: string, limit: number): Promise<SearchHit[]> {
  const [knowledge, personal] = await searches();
  return searchAll([knowledge, personal.search], query, limit);
}
