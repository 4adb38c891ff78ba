// Answers getEntry, lookup and search from the compiled knowledge and the personal glossary.
import type { Entry, Sources } from '../../lib/knowledge-schema';
import { lookupKey } from '../../lib/lookup-key';
import type { BackgroundRequest, BackgroundResponses, EntryView, SearchHit } from '../../lib/messages';
import { isPersonalId } from '../../lib/personal-ids';
import { personalKnowledge, personalView } from './glossary-service';
import { type KnowledgeStore, knowledgeStore } from './knowledge-store';
import { prepareSearch, searchEntries } from './search-index';

type Handler<K extends BackgroundRequest['type']> = (request: Extract<BackgroundRequest, { type: K }>) => Promise<BackgroundResponses[K]>;

const DEFAULT_SEARCH_LIMIT = 20;
const LOOKUP_LIMIT = 8;

export function knowledgeHandlers(): { getEntry: Handler<'getEntry'>; lookup: Handler<'lookup'>; search: Handler<'search'>; prepareSearch: Handler<'prepareSearch'> } {
  return {
    getEntry: async ({ id }) => getEntry(id),
    lookup: async ({ text }) => lookup(text),
    search: async ({ query, limit }) => search(query, limit ?? DEFAULT_SEARCH_LIMIT),
    prepareSearch: async () => {
      await prepareSearch();
      return null;
    },
  };
}

export async function getEntry(id: string): Promise<EntryView | null> {
  const store = await knowledgeStore();
  if (isPersonalId(id)) return personalView(id, await personalKnowledge(), (builtInId) => store.byId.get(builtInId)?.term);
  const entry = store.byId.get(id);
  return entry ? viewOf(entry, store) : null;
}

/** Exact alias first (case-, space- and hyphen-insensitive), then fuzzy matches after them. */
export async function lookup(text: string): Promise<SearchHit[]> {
  const [store, personal] = await Promise.all([knowledgeStore(), personalKnowledge()]);
  const key = lookupKey(text);
  const exactIds = [...(store.byAlias.get(key) ?? []), ...(personal.byAlias.get(key) ?? [])];
  const exact = exactIds.flatMap((id) => {
    const entry = store.byId.get(id) ?? personal.byId.get(id);
    return entry ? [exactHit(entry, text)] : [];
  });
  const fuzzy = (await search(text, LOOKUP_LIMIT)).filter((hit) => !exactIds.includes(hit.id));
  return [...exact, ...fuzzy].slice(0, Math.max(LOOKUP_LIMIT, exact.length));
}

export async function search(query: string, limit: number): Promise<SearchHit[]> {
  const trimmed = query.trim();
  if (!trimmed) return [];
  return searchEntries(trimmed, limit);
}

function viewOf(entry: Entry, store: KnowledgeStore): EntryView {
  const cited = new Set([...entry.sources, ...entry.facts.flatMap((f) => f.sources)].map((ref) => ref.doc));
  const sources: Sources = {};
  for (const doc of cited) {
    const source = store.sources[doc];
    if (source) sources[doc] = source;
  }
  const relatedTerms: Record<string, string> = {};
  for (const id of entry.related) {
    const related = store.byId.get(id);
    if (related) relatedTerms[id] = related.term;
  }
  return { entry, sources, relatedTerms, personal: false };
}

/** Marks the alias (or term) that matched, so the UI can show why this entry came first. */
function exactHit(entry: Entry, text: string): SearchHit {
  const key = lookupKey(text);
  const isTerm = lookupKey(entry.term) === key;
  const value = isTerm ? entry.term : (entry.aliases.find((a) => lookupKey(a) === key) ?? entry.term);
  return {
    id: entry.id,
    term: entry.term,
    category: entry.category,
    summary: entry.summary,
    score: 0,
    matches: [{ key: isTerm ? 'term' : 'aliases', value, indices: [[0, value.length - 1]] }],
  };
}
