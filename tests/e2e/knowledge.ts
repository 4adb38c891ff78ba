// The compiled knowledge, read the way the build reads it, so tests name entries by id.
import { loadCompiledKnowledge } from '../../knowledge/vite-plugin';

export const knowledge = loadCompiledKnowledge();

/** The preferred term of entry `id`: what its card shows as a heading. */
export function termOf(id: string): string {
  const entry = knowledge.entries.find((e) => e.id === id);
  if (!entry) throw new Error(`no entry "${id}"`);
  return entry.term;
}
