// The personal glossary as the background serves it: entries by (prefixed) id, exact aliases and
// a search index. Loaded on first use and rebuilt from the storage item whenever any context
// changes it, so an import is searchable at once.
import type { GlossaryData } from '../../lib/glossary-import';
import type { Entry, Sources } from '../../lib/knowledge-schema';
import { indexByLookupKey } from '../../lib/lookup-key';
import type { EntryView } from '../../lib/messages';
import { createEntrySearch, type EntrySearch } from '../../lib/search';
import { personalId } from '../../lib/personal-ids';
import { getGlossary, watchGlossary } from '../../platform/glossary-store';

export interface PersonalKnowledge {
  /** Entries with their ids already prefixed (lib/personal-ids.ts). */
  byId: ReadonlyMap<string, Entry>;
  /** lookupKey(term or alias) → prefixed ids. */
  byAlias: ReadonlyMap<string, readonly string[]>;
  sources: Sources;
  search: EntrySearch;
  /** Unprefixed glossary ids, to resolve "related". */
  glossaryIds: ReadonlySet<string>;
}

let current: Promise<PersonalKnowledge> | undefined;
let watching = false;

export function personalKnowledge(): Promise<PersonalKnowledge> {
  if (!watching) {
    watching = true;
    watchGlossary((glossary) => {
      current = Promise.resolve(buildPersonalKnowledge(glossary));
    });
  }
  current ??= getGlossary().then(buildPersonalKnowledge);
  return current;
}

export function buildPersonalKnowledge({ entries, sources }: GlossaryData): PersonalKnowledge {
  const byAlias = indexByLookupKey(entries, personalId);
  return {
    byId: new Map(entries.map((e) => [personalId(e.id), { ...e, id: personalId(e.id) }])),
    byAlias,
    sources,
    search: createEntrySearch(entries, { idPrefix: personalId('') }),
    glossaryIds: new Set(entries.map((e) => e.id)),
  };
}

/** A personal entry as a card shows it. "related" names a personal entry first, else a built-in
 * one, so links from the glossary to the knowledge base work. */
export function personalView(id: string, personal: PersonalKnowledge, builtInTerms: (id: string) => string | undefined): EntryView | null {
  const entry = personal.byId.get(id);
  if (!entry) return null;
  const relatedTerms: Record<string, string> = {};
  const related = entry.related.map((target) => {
    const own = personal.glossaryIds.has(target) ? personal.byId.get(personalId(target)) : undefined;
    const resolved = own ? own.id : target;
    const term = own?.term ?? builtInTerms(target);
    if (term) relatedTerms[resolved] = term;
    return resolved;
  });
  const cited = new Set([...entry.sources, ...entry.facts.flatMap((f) => f.sources)].map((ref) => ref.doc));
  const sources: Sources = {};
  for (const doc of cited) {
    const source = personal.sources[doc];
    if (source) sources[doc] = source;
  }
  return { entry: { ...entry, related }, sources, relatedTerms, personal: true };
}
