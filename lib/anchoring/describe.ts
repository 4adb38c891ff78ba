// Describes a passage of the page text as W3C selectors, for storing with a note.
import type { TextPositionSelector, TextQuoteSelector } from '../annotation';
import { snapToCodePoint, toCodePoints } from './code-points';
import { normalize, normalizeWithMap } from './normalize';
import { occurrencesOf, type QuoteOccurrence } from './occurrences';
import { AMBIGUITY_MARGIN, ANCHOR_VERSION, CONTEXT_CHARS, MAX_OCCURRENCES } from './params';
import { queryOf } from './query';
import { score } from './score';

export interface Description {
  /** The described passage in UTF-16 offsets, after trimming whitespace from the selection. */
  start: number;
  end: number;
  selectors: [TextQuoteSelector, TextPositionSelector];
  version: number;
  /** Which copy of the quote this is, when the page repeats it few enough times to count. */
  occurrence?: QuoteOccurrence;
}

const BLOCK_SEPARATOR = /\u2029/g;
/** How far a context may grow to end on a word boundary. */
const WORD_REACH = 16;

/** The text model joins blocks with U+2029; stored text uses a newline, which other tools read. */
function portable(text: string): string {
  return text.replace(BLOCK_SEPARATOR, '\n');
}

/** Context reaching CONTEXT_CHARS characters once whitespace is collapsed (or the text's edge). */
function contextBefore(text: string, start: number): string {
  let from = Math.max(0, start - CONTEXT_CHARS);
  while (from > 0 && start - from < 8 * CONTEXT_CHARS && normalize(text.slice(from, start)).length < CONTEXT_CHARS) {
    from = Math.max(0, from - CONTEXT_CHARS / 2);
  }
  // Start on a word boundary: a number cut in half would read as a different number.
  const base = Math.max(0, from - WORD_REACH);
  const boundary = text.slice(base, from).search(/\s\S*$/);
  if (from > 0 && boundary !== -1) from = base + boundary + 1;
  return text.slice(snapToCodePoint(text, from, 1), start);
}

function contextAfter(text: string, end: number): string {
  let to = Math.min(text.length, end + CONTEXT_CHARS);
  while (to < text.length && to - end < 8 * CONTEXT_CHARS && normalize(text.slice(end, to)).length < CONTEXT_CHARS) {
    to = Math.min(text.length, to + CONTEXT_CHARS / 2);
  }
  const boundary = text.slice(to, to + WORD_REACH).search(/\s/);
  if (to < text.length && boundary !== -1) to += boundary;
  return text.slice(end, snapToCodePoint(text, to, -1));
}

/**
 * Selectors for text[start, end) (UTF-16 offsets over the page's text model), or null when the
 * selection holds nothing but whitespace.
 */
export function describe(text: string, start: number, end: number): Description | null {
  let s = Math.max(0, Math.min(start, end, text.length));
  let e = Math.min(text.length, Math.max(start, end));
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  if (s === e) return null;
  s = snapToCodePoint(text, s, -1);
  e = snapToCodePoint(text, e, 1);
  const quote: TextQuoteSelector = {
    type: 'TextQuoteSelector',
    exact: portable(text.slice(s, e)),
    prefix: portable(contextBefore(text, s)),
    suffix: portable(contextAfter(text, e)),
  };
  const position: TextPositionSelector = { type: 'TextPositionSelector', start: toCodePoints(text, s), end: toCodePoints(text, e) };
  const occurrence = occurrenceOf(text, s, quote);
  return { start: s, end: e, selectors: [quote, position], version: ANCHOR_VERSION, ...(occurrence ? { occurrence } : {}) };
}

/**
 * Which copy of the quote the passage is. With several copies, it is `distinct` only if its own
 * stored context scores better than every other copy's surroundings by AMBIGUITY_MARGIN: when
 * the copies are told apart by a word or two (pre- and post-operative diagnosis lists), that is
 * not enough to find the right one again once the page changes.
 */
function occurrenceOf(text: string, start: number, quote: TextQuoteSelector): QuoteOccurrence | undefined {
  const normalized = normalizeWithMap(text);
  const query = queryOf(quote);
  const starts = occurrencesOf(normalized.text, query.quote, MAX_OCCURRENCES);
  const index = starts?.indexOf(normalized.fromOriginal[start]!) ?? -1;
  if (!starts || index === -1) return undefined;
  if (starts.length === 1) return { index, count: 1, distinct: true };
  const judge = { text: normalized.text, query, repeated: true };
  const scores = starts.map((at) => score(judge, { start: at, end: at + query.quote.length, errors: 0 }).score);
  const own = scores[index]!;
  const distinct = scores.every((other, i) => i === index || other < own - AMBIGUITY_MARGIN);
  return { index, count: starts.length, distinct };
}
