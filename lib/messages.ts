// Every message between extension contexts is defined here once: a valibot schema per request
// (checked on arrival, since pages and other extensions can send junk) and the response type.
// To add a message: add its schema to REQUESTS and its response to Responses.
import * as v from 'valibot';
import { type Annotation, AnnotationSchema } from './annotation';
import type { Entry, SourceDoc } from './knowledge-schema';

const Text = v.pipe(v.string(), v.maxLength(10_000));
/** A page key (lib/page-key.ts): the page a note belongs to. */
const PageKey = v.pipe(v.string(), v.minLength(1), v.maxLength(8_192));
/** Length rules for a new passphrase are the lock's to explain (lib/note-crypto.ts). */
const Passphrase = v.pipe(v.string(), v.maxLength(10_000));

/** Requests answered by the background service worker. */
export const BackgroundRequestSchema = v.variant('type', [
  v.object({ type: v.literal('getEntry'), id: v.pipe(v.string(), v.maxLength(200)) }),
  v.object({ type: v.literal('lookup'), text: Text }),
  v.object({ type: v.literal('search'), query: Text, limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200))) }),
  /** Sent when the popup opens: the worker readies its search indexes while the user types. */
  v.object({ type: v.literal('prepareSearch') }),
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
  /** The passphrase lock (entrypoints/background/notes-lock.ts). Anyone may ask the status or
   * lock; setting, unlocking, changing and removing are for extension pages only. */
  v.object({ type: v.literal('notes:lockStatus') }),
  v.object({ type: v.literal('notes:lock') }),
  v.object({ type: v.literal('notes:setLock'), passphrase: Passphrase }),
  v.object({ type: v.literal('notes:unlock'), passphrase: Passphrase }),
  v.object({ type: v.literal('notes:removeLock'), passphrase: Passphrase }),
  v.object({ type: v.literal('notes:changePassphrase'), current: Passphrase, next: Passphrase }),
]);
export type BackgroundRequest = v.InferOutput<typeof BackgroundRequestSchema>;

export interface NotesImportSummary {
  added: number;
  updated: number;
  /** Already stored in the same or a newer version. */
  skipped: number;
  /** Given more than once in the file (same id): the newer was used. */
  duplicates: number;
  /** Deleted here after the file's version was written: left deleted. */
  deleted: number;
}

/** none: notes are stored in the clear; locked: sealed and no key at hand; unlocked: sealed,
 *  and readable until locked again or the browser quits. */
export type NotesLockStatus = 'none' | 'locked' | 'unlocked';

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
  'notes:lockStatus': NotesLockStatus;
  /** The lock requests answer with the status they leave. */
  'notes:lock': NotesLockStatus;
  'notes:setLock': NotesLockStatus;
  'notes:unlock': NotesLockStatus;
  'notes:removeLock': NotesLockStatus;
  'notes:changePassphrase': NotesLockStatus;
  getEntry: EntryView | null;
  lookup: SearchHit[];
  search: SearchHit[];
  prepareSearch: null;
  /** In the order asked; unknown ids are left out. */
  listEntries: SearchHit[];
}

/** Requests a content script answers (sent by the popup or the background to one tab). */
export const ContentRequestSchema = v.variant('type', [
  v.object({ type: v.literal('pageTerms') }),
  /** Look up selected text in a popover beside it. With `text` (the context menu, sent to the
   * frame the menu was opened in): look that up. Without (the keyboard command, sent to every
   * frame of the tab): only the frame that has focus answers, with its own selection. */
  v.object({ type: v.literal('lookupSelection'), text: v.optional(Text) }),
  /** The frame's URL: the popup's site switch needs it, and without the "tabs" permission the
   * popup cannot read a tab's URL itself. */
  v.object({ type: v.literal('pageUrl') }),
  /** The notes of the tab's page (top frame), for the popup's list. */
  v.object({ type: v.literal('notesOnPage') }),
  /** Scroll to a note and open its card. */
  v.object({ type: v.literal('showNote'), id: v.pipe(v.string(), v.minLength(1), v.maxLength(500)) }),
  /** Open the note editor on the selection. The context menu asks the frame it was opened in;
   * the keyboard command asks every frame (`focusedOnly`), and only the frame with focus acts. */
  v.object({ type: v.literal('addNote'), focusedOnly: v.optional(v.boolean()) }),
]);
export type ContentRequest = v.InferOutput<typeof ContentRequestSchema>;

const isText = (value: unknown, min: number, max: number) => typeof value === 'string' && value.length >= min && value.length <= max;

/** ContentRequestSchema's check written out, for the content script, whose start-up code
 *  carries no valibot (its core is built on its own: modules/content-modules.ts); a unit test keeps the two in step. */
export function isContentRequest(message: unknown): message is ContentRequest {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'pageTerms':
    case 'pageUrl':
    case 'notesOnPage':
      return true;
    case 'lookupSelection':
      return m.text === undefined || isText(m.text, 0, 10_000);
    case 'showNote':
      return isText(m.id, 1, 500);
    case 'addNote':
      return m.focusedOnly === undefined || typeof m.focusedOnly === 'boolean';
    default:
      return false;
  }
}

export interface ContentResponses {
  /** Entry ids found on the page, most frequent first, with their counts. */
  pageTerms: { id: string; count: number }[];
  /** True when this frame showed the popover. */
  lookupSelection: boolean;
  pageUrl: string;
  notesOnPage: NoteOnPage[];
  /** False for an orphan or an unknown id. */
  showNote: boolean;
  /** True when this frame opened the editor. */
  addNote: boolean;
}

/** A note as the popup lists it. */
export interface NoteOnPage {
  id: string;
  text: string;
  tags: string[];
  quote: string;
  /** Not found on the page as it is now. */
  orphan: boolean;
}

/**
 * The popup gathers the terms marked in a tab from every frame (EHR charts live in iframes) over
 * one port: tabs.connect without a frameId reaches every frame's content script and needs no
 * extra permission. Each frame posts one report, saying how many frames it contains, so the
 * popup knows when every frame has answered (platform/page-terms.ts).
 */
export const PAGE_TERMS_PORT = 'clinical-lens:page-terms';
export const PageTermsReportSchema = v.object({
  terms: v.pipe(
    v.array(v.object({ id: v.pipe(v.string(), v.minLength(1), v.maxLength(300)), count: v.pipe(v.number(), v.integer(), v.minValue(1)) })),
    v.maxLength(20_000),
  ),
  /** From the tab's top frame. */
  top: v.boolean(),
  /** Frames directly inside the reporting frame. */
  frames: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000)),
});
export type PageTermsReport = v.InferOutput<typeof PageTermsReportSchema>;

/**
 * Broadcast by the background to every tab after notes change, so each frame showing notes for
 * `pageKey` re-reads them (no pageKey: any page may have changed, as after an import). Not a
 * ContentRequest: nobody waits for an answer, and frames without notes simply ignore it.
 */
export const NotesChangedSchema = v.object({ type: v.literal('notesChanged'), pageKey: v.optional(PageKey) });
export type NotesChanged = v.InferOutput<typeof NotesChangedSchema>;

/** NotesChangedSchema's check written out, like isContentRequest's. */
export function isNotesChanged(message: unknown): message is NotesChanged {
  if (typeof message !== 'object' || message === null) return false;
  const { type, pageKey } = message as Record<string, unknown>;
  return type === 'notesChanged' && (pageKey === undefined || isText(pageKey, 1, 8_192));
}

/** Errors cross the boundary as data: sendMessage would otherwise lose the message. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };
