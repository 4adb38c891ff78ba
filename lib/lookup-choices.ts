// What the "look up selection" card offers for a lookup's hits (the background's lookup returns
// exact alias matches first, fuzzy ones after) and how it titles them. Pure, so the rules are
// tested without a browser.
import { lookupKey } from './lookup-key';
import type { SearchHit } from './messages';

/** Tabs a card can show before choosing among them stops being quick. */
export const MAX_CHOICES = 5;

export interface LookupChoices {
  /** Entry ids, best first. */
  ids: string[];
  /** Says what the entries are; undefined for exact matches (several are then the meanings of the text). */
  title: string | undefined;
}

const named = (hit: SearchHit) => hit.matches.some((m) => m.key !== 'summary');

/** null when nothing matched: the card then says so plainly. */
export function lookupChoices(text: string, hits: readonly SearchHit[], max = MAX_CHOICES): LookupChoices | null {
  const key = lookupKey(text);
  const ids = (list: readonly SearchHit[]) => list.slice(0, max).map((hit) => hit.id);
  const exact = hits.filter((hit) => hit.matches.some((m) => m.key !== 'summary' && lookupKey(m.value) === key));
  if (exact.length) return { ids: ids(exact), title: undefined };
  // A name close to the text beats an entry whose summary merely mentions it.
  const close = hits.filter(named);
  if (close.length) return { ids: ids(close), title: close.length === 1 ? `Closest match for “${text}”` : `Best matches for “${text}”:` };
  if (hits.length) return { ids: ids(hits), title: hits.length === 1 ? `An entry that mentions “${text}”` : `Entries that mention “${text}”:` };
  return null;
}

/** Longer selections are passages, not terms. */
export const MAX_LOOKUP_CHARS = 100;

export type LookupQuery = { ok: true; text: string } | { ok: false; message: string };

/** The text to look up from a selection: whitespace (line breaks, NBSP) collapsed. */
export function lookupQuery(selected: string | undefined): LookupQuery {
  const text = (selected ?? '').replace(/[\s\u00a0\u00ad]+/gu, ' ').trim();
  if (!text) return { ok: false, message: 'Select a word or term on the page first, then look it up.' };
  if (text.length > MAX_LOOKUP_CHARS) {
    return { ok: false, message: `The selection is too long to look up (${text.length} characters). Select a word or term of at most ${MAX_LOOKUP_CHARS}.` };
  }
  return { ok: true, text };
}
