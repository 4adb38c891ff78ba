// Every message between extension contexts is defined here once: a valibot schema per request
// (checked on arrival, since pages and other extensions can send junk) and the response type.
// To add a message: add its schema to REQUESTS and its response to Responses.
import * as v from 'valibot';
import { type Annotation, AnnotationSchema } from './annotation';
import type { Entry, SourceDoc } from './knowledge-schema';

const Text = v.pipe(v.string(), v.maxLength(10_000));
/** A page key (lib/page-key.ts): the page a note belongs to. */
const PageKey = v.pipe(v.string(), v.minLength(1), v.maxLength(8_192));

/** Requests answered by the background service worker. */
export const BackgroundRequestSchema = v.variant('type', [
  v.object({ type: v.literal('getEntry'), id: v.pipe(v.string(), v.maxLength(200)) }),
  v.object({ type: v.literal('lookup'), text: Text }),
  v.object({ type: v.literal('search'), query: Text, limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200))) }),
  /** Entries by id as list items (no match marks): the popup's "on this page" and "recent" lists. */
  v.object({ type: v.literal('listEntries'), ids: v.pipe(v.array(v.pipe(v.string(), v.maxLength(200))), v.maxLength(200)) }),
  /** Notes (W3C annotations): one page's, every one (extension pages only), save, delete. */
  v.object({ type: v.literal('notes:listForPage'), pageKey: PageKey }),
  v.object({ type: v.literal('notes:list') }),
  v.object({ type: v.literal('notes:save'), annotation: AnnotationSchema }),
  v.object({ type: v.literal('notes:delete'), id: v.pipe(v.string(), v.minLength(1), v.maxLength(500)) }),
  /** A notes file's text, validated whole by the background (size limit included, so an
   * oversized file gets an answer rather than silence). Extension pages only. */
  v.object({ type: v.literal('notes:import'), text: v.string() }),
  /** Every note as an AnnotationCollection JSON file. Extension pages only. */
  v.object({ type: v.literal('notes:export') }),
]);
export type BackgroundRequest = v.InferOutput<typeof BackgroundRequestSchema>;

export interface NotesImportSummary {
  added: number;
  updated: number;
  /** Already stored in the same or a newer version. */
  skipped: number;
  /** Given more than once in the file (same id): the newer was used. */
  duplicates: number;
}

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
  'notes:listForPage': Annotation[];
  'notes:list': Annotation[];
  /** The version now stored: the one sent, or a newer one another tab saved first. */
  'notes:save': Annotation;
  /** False when there was no such note. */
  'notes:delete': boolean;
  'notes:import': NotesImportSummary;
  'notes:export': string;
  getEntry: EntryView | null;
  lookup: SearchHit[];
  search: SearchHit[];
  /** In the order asked; unknown ids are left out. */
  listEntries: SearchHit[];
}

/** Requests a content script answers (sent by the popup or the background to one tab). */
export const ContentRequestSchema = v.variant('type', [
  v.object({ type: v.literal('pageTerms') }),
  v.object({ type: v.literal('lookupSelection'), text: v.optional(Text) }),
  /** The frame's URL: the popup's site switch needs it, and without the "tabs" permission the
   * popup cannot read a tab's URL itself. */
  v.object({ type: v.literal('pageUrl') }),
]);
export type ContentRequest = v.InferOutput<typeof ContentRequestSchema>;

export interface ContentResponses {
  /** Entry ids found on the page, most frequent first, with their counts. */
  pageTerms: { id: string; count: number }[];
  lookupSelection: boolean;
  pageUrl: string;
}

/**
 * Broadcast by the background to every tab after notes change, so each frame showing notes for
 * `pageKey` re-reads them (no pageKey: any page may have changed, as after an import). Not a
 * ContentRequest: nobody waits for an answer, and frames without notes simply ignore it.
 */
export const NotesChangedSchema = v.object({ type: v.literal('notesChanged'), pageKey: v.optional(PageKey) });
export type NotesChanged = v.InferOutput<typeof NotesChangedSchema>;

/** Errors cross the boundary as data: sendMessage would otherwise lose the message. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };
