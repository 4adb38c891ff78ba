// Fetches entries for the hover card from the background: answers are checked on arrival (the
// wire is a trust boundary) and recent ones are kept, so hovering the same term again is instant.
import * as v from 'valibot';
import { EntrySchema, FactSchema, SourceDocSchema, SourceRefSchema } from '../../lib/knowledge-schema';
import type { EntryView } from '../../lib/messages';

// The knowledge schema, except that ids on the wire may carry a namespace ("user:…" for the
// personal glossary), and fields added later pass through instead of failing old content scripts.
const WireId = v.pipe(v.string(), v.minLength(1), v.maxLength(300));
const WireSourceRef = v.object({ ...SourceRefSchema.entries, doc: WireId });
const WireFact = v.object({ ...FactSchema.entries, sources: v.array(WireSourceRef) });
const WireEntry = v.object({
  ...EntrySchema.entries,
  id: WireId,
  related: v.optional(v.array(WireId), []),
  facts: v.optional(v.array(WireFact), []),
  sources: v.array(WireSourceRef),
});
const EntryViewSchema = v.nullable(
  v.object({
    entry: WireEntry,
    sources: v.record(WireId, SourceDocSchema),
    relatedTerms: v.record(v.string(), v.string()),
    personal: v.boolean(),
  }),
);

export class BadAnswerError extends Error {
  constructor(id: string) {
    super(`The answer for entry "${id}" does not have the expected shape`);
    this.name = 'BadAnswerError';
  }
}

export function parseEntryView(id: string, raw: unknown): EntryView | null {
  const result = v.safeParse(EntryViewSchema, raw);
  if (!result.success) throw new BadAnswerError(id);
  return result.output;
}

export interface EntryClient {
  /** Resolves to null for an id the knowledge base does not know. */
  get(id: string): Promise<EntryView | null>;
  /** Forgets every answer (the glossary changed: entries may read differently now). */
  clear(): void;
}

export function createEntryClient(ask: (id: string) => Promise<unknown>, capacity = 64): EntryClient {
  // Insertion order doubles as recency: a hit is moved to the end, the oldest is evicted.
  const cache = new Map<string, Promise<EntryView | null>>();
  return {
    get(id) {
      const cached = cache.get(id);
      if (cached) {
        cache.delete(id);
        cache.set(id, cached);
        return cached;
      }
      const answer = ask(id).then((raw) => parseEntryView(id, raw));
      // A failure is not remembered: the next hover asks again.
      answer.catch(() => {
        if (cache.get(id) === answer) cache.delete(id);
      });
      cache.set(id, answer);
      for (const oldest of cache.keys()) {
        if (cache.size <= capacity) break;
        cache.delete(oldest);
      }
      return answer;
    },
    clear: () => cache.clear(),
  };
}
