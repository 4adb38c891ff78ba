// Answers listEntries: entries by id as list items, for the popup's "on this page" and
// "recent" lists, built-in and personal alike.
import type { Entry } from '../../lib/knowledge-schema';
import type { BackgroundRequest, BackgroundResponses, SearchHit } from '../../lib/messages';
import { personalKnowledge } from './glossary-service';
import { knowledgeStore } from './knowledge-store';

type Handler<K extends BackgroundRequest['type']> = (request: Extract<BackgroundRequest, { type: K }>) => Promise<BackgroundResponses[K]>;

export function entryListHandlers(): { listEntries: Handler<'listEntries'> } {
  return { listEntries: async ({ ids }) => listEntries(ids) };
}

export async function listEntries(ids: readonly string[]): Promise<SearchHit[]> {
  const [store, personal] = await Promise.all([knowledgeStore(), personalKnowledge()]);
  return ids.flatMap((id) => {
    const entry = store.byId.get(id) ?? personal.byId.get(id);
    return entry ? [listItem(entry)] : [];
  });
}

function listItem({ id, term, category, summary }: Entry): SearchHit {
  return { id, term, category, summary, score: 0, matches: [] };
}
