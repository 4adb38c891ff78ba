// The compiled knowledge, loaded on the first request rather than at worker start, so a cold
// service worker registers its listeners at once and pays for the data only when asked.
import type { Entry, Sources } from '../../lib/knowledge-schema';
import { indexByLookupKey } from '../../lib/lookup-key';

export interface KnowledgeStore {
  entries: readonly Entry[];
  sources: Sources;
  /** The prebuilt fuse.js index, in the order of `entries`. */
  fuseIndex: unknown;
  byId: ReadonlyMap<string, Entry>;
  /** lookupKey(term or alias) → ids of the entries that carry it, in entry order. */
  byAlias: ReadonlyMap<string, readonly string[]>;
}

let loading: Promise<KnowledgeStore> | undefined;

export function knowledgeStore(): Promise<KnowledgeStore> {
  loading ??= import('virtual:clinical-lens/knowledge').then(({ default: knowledge }) => buildStore(knowledge.entries, knowledge.sources, knowledge.fuseIndex));
  return loading;
}

function buildStore(entries: Entry[], sources: Sources, fuseIndex: unknown): KnowledgeStore {
  const byAlias = indexByLookupKey(entries);
  return { entries, sources, fuseIndex, byId: new Map(entries.map((e) => [e.id, e])), byAlias };
}
