// Answers getEntry, lookup and search from the compiled knowledge.
import type { BackgroundResponses, BackgroundRequest } from '../../lib/messages';

type Handler<K extends BackgroundRequest['type']> = (request: Extract<BackgroundRequest, { type: K }>) => Promise<BackgroundResponses[K]>;

export function knowledgeHandlers(): { getEntry: Handler<'getEntry'>; lookup: Handler<'lookup'>; search: Handler<'search'> } {
  const notYet = async (): Promise<never> => {
    throw new Error('not implemented yet');
  };
  return { getEntry: notYet, lookup: notYet, search: notYet };
}
