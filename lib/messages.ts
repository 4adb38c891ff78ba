// Every message between extension contexts is defined here once: a valibot schema per request
// (checked on arrival, since pages and other extensions can send junk) and the response type.
// To add a message: add its schema to REQUESTS and its response to Responses.
import * as v from 'valibot';
import type { Entry, SourceDoc } from './knowledge-schema';

const Text = v.pipe(v.string(), v.maxLength(10_000));

/** Requests answered by the background service worker. */
export const BackgroundRequestSchema = v.variant('type', [
  v.object({ type: v.literal('getEntry'), id: v.pipe(v.string(), v.maxLength(200)) }),
  v.object({ type: v.literal('lookup'), text: Text }),
  v.object({ type: v.literal('search'), query: Text, limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200))) }),
]);
export type BackgroundRequest = v.InferOutput<typeof BackgroundRequestSchema>;

export interface EntryView {
  entry: Entry;
  /** The documents the entry cites, by id. */
  sources: Record<string, SourceDoc>;
  /** Preferred terms of related entries, by id, so a card can name its links. */
  relatedTerms: Record<string, string>;
  /** True for an entry from the user's own glossary. */
  personal: boolean;
}

export interface SearchHit {
  id: string;
  term: string;
  category: string;
  summary: string;
  /** 0 is a perfect match, 1 none at all (fuse.js score). */
  score: number;
  /** Where the query matched, for marking the letters: key is "term", "aliases" or "summary". */
  matches: { key: string; value: string; indices: [number, number][] }[];
}

export interface BackgroundResponses {
  getEntry: EntryView | null;
  lookup: SearchHit[];
  search: SearchHit[];
}

/** Requests a content script answers (sent by the popup or the background to one tab). */
export const ContentRequestSchema = v.variant('type', [
  v.object({ type: v.literal('pageTerms') }),
  v.object({ type: v.literal('lookupSelection'), text: v.optional(Text) }),
]);
export type ContentRequest = v.InferOutput<typeof ContentRequestSchema>;

export interface ContentResponses {
  /** Entry ids found on the page, most frequent first, with their counts. */
  pageTerms: { id: string; count: number }[];
  lookupSelection: boolean;
}

/** Errors cross the boundary as data: sendMessage would otherwise lose the message. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };
