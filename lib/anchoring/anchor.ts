// Finds a note's passage again in the page text, or declares the note an orphan.
//
// Order: (1) the place the note's DOM range resolves to, then (2) the stored position, each
// accepted only when the quote and both stored contexts are found there unchanged; (3) every
// exact occurrence of the quote, judged by its context (score.ts); (4) fuzzy candidates
// (approx-string-match) for the quote itself and for the spans the stored prefix and suffix
// bracket. A candidate must pass the gates in params.ts; when two places pass within
// AMBIGUITY_MARGIN of each other the note is an orphan: we never guess. A quote that was
// repeated when the note was made must also keep its copy count and order (occurrences.ts).
// Matching runs on whitespace-normalized text (normalize.ts); results are UTF-16 offsets into
// the original text.
import type { Selector, TextPositionSelector, TextQuoteSelector } from '../annotation';
import { toUtf16 } from './code-points';
import { fuzzyCandidates } from './fuzzy';
import { type NormalizedText, normalize, normalizeWithMap } from './normalize';
import { occurrencesOf, type QuoteOccurrence } from './occurrences';
import { AMBIGUITY_MARGIN, MAX_OCCURRENCES, MIN_CONTEXT_EVIDENCE } from './params';
import { type Candidate, overlaps, type Query, queryOf } from './query';
import { type Judge, type Scored, score } from './score';

export type AnchorMethod = 'range' | 'position' | 'quote' | 'fuzzy';
export type OrphanReason =
  /** The note has no TextQuoteSelector to look for. */
  | 'no-quote'
  /** Nothing like the quote is in the text. */
  | 'not-found'
  /** Look-alikes exist, but none with enough agreement in quote and context. */
  | 'low-score'
  /** Two places fit equally well. */
  | 'ambiguous'
  /** The quote was repeated when the note was made and a copy has since appeared or vanished. */
  | 'repeats-changed';

export type AnchorResult =
  | { orphan: false; start: number; end: number; method: AnchorMethod; score: number }
  | { orphan: true; reason: OrphanReason; /** The best score seen, when some place was considered. */ score?: number };

/** A page text prepared once for anchoring many notes. */
export interface PreparedText {
  original: string;
  normalized: NormalizedText;
}

export function prepareText(text: string): PreparedText {
  return { original: text, normalized: normalizeWithMap(text) };
}

/** An exact match this good on both sides needs no fuzzy search. */
const CLEAR_CONTEXT = 0.95;

/** Whether text[start, end) (UTF-16) holds the quote with both stored contexts unchanged. */
function unchangedAt(prepared: PreparedText, query: Query, start: number, end: number): boolean {
  const { original, normalized } = prepared;
  if (!(start >= 0 && end > start && end <= original.length)) return false;
  if (normalize(original.slice(start, end)).trim() !== query.quote) return false;
  let from = normalized.fromOriginal[start]!;
  while (normalized.text[from] === ' ') from++;
  const to = from + query.quote.length;
  const text = normalized.text;
  return text.slice(Math.max(0, from - query.prefix.length), from) === query.prefix && text.slice(to, to + query.suffix.length) === query.suffix;
}

/** The stored position (code points), if the quote and both contexts are found there unchanged. */
function atPosition(prepared: PreparedText, query: Query, position: TextPositionSelector): { start: number; end: number } | null {
  const start = toUtf16(prepared.original, position.start);
  const end = toUtf16(prepared.original, position.end);
  return start !== null && end !== null && unchangedAt(prepared, query, start, end) ? { start, end } : null;
}

function toResult(prepared: PreparedText, best: Scored): AnchorResult {
  const { toOriginal } = prepared.normalized;
  return {
    orphan: false,
    start: toOriginal[best.start]!,
    end: toOriginal[best.end - 1]! + 1,
    method: best.errors === 0 ? 'quote' : 'fuzzy',
    score: best.score,
  };
}

/**
 * A quote that occurred several times when the note was made is identified by its context, and
 * its order among the copies must agree: its context must have told it apart then, all copies
 * must still be there, the best copy by context must pass the gates, beat every other copy by
 * AMBIGUITY_MARGIN, and be the copy the note was on. Anything else makes the note an orphan
 * (only the unchanged stored position finds it); edited copies are not sought.
 */
function anchorRepeated(prepared: PreparedText, judge: Judge, exact: Candidate[], occurrence: QuoteOccurrence): AnchorResult {
  if (!occurrence.distinct) return { orphan: true, reason: 'ambiguous' };
  if (exact.length !== occurrence.count) return { orphan: true, reason: 'repeats-changed' };
  const scored = exact.map((c) => score(judge, c));
  const ranked = scored.filter((c) => c.accepted).sort((a, b) => b.score - a.score);
  const best = ranked[0];
  if (!best) return { orphan: true, reason: 'low-score', score: Math.max(...scored.map((c) => c.score)) };
  const rival = ranked.find((c) => c !== best && !overlaps(c, best));
  if (rival && rival.score > best.score - AMBIGUITY_MARGIN) return { orphan: true, reason: 'ambiguous', score: best.score };
  return best === scored[occurrence.index] ? toResult(prepared, best) : { orphan: true, reason: 'repeats-changed', score: best.score };
}

export interface AnchorHints {
  /** Which copy of a repeated quote the note is on, as describe() found it. */
  occurrence?: QuoteOccurrence;
  /** Where the note's RangeSelector points in the current text (UTF-16), if it resolved:
   *  tried first, and accepted like the position, only with quote and context unchanged. */
  range?: { start: number; end: number };
}

/**
 * Where the passage described by `selectors` is in `text` (UTF-16 offsets), or why it is an
 * orphan. Pass a PreparedText when anchoring several notes against one page text.
 */
export function anchor(text: string | PreparedText, selectors: readonly Selector[], hints: AnchorHints = {}): AnchorResult {
  const prepared = typeof text === 'string' ? prepareText(text) : text;
  const quoteSelector = selectors.find((s): s is TextQuoteSelector => s.type === 'TextQuoteSelector');
  if (!quoteSelector) return { orphan: true, reason: 'no-quote' };
  const query = queryOf(quoteSelector);
  if (query.quote.length === 0) return { orphan: true, reason: 'no-quote' };
  const { occurrence, range } = hints;

  if (range && unchangedAt(prepared, query, range.start, range.end)) return { orphan: false, ...range, method: 'range', score: 1 };

  const position = selectors.find((s): s is TextPositionSelector => s.type === 'TextPositionSelector');
  if (position) {
    const found = atPosition(prepared, query, position);
    if (found) return { orphan: false, ...found, method: 'position', score: 1 };
  }

  const normalized = prepared.normalized.text;
  const starts = occurrencesOf(normalized, query.quote, MAX_OCCURRENCES);
  if (starts === null) return { orphan: true, reason: 'ambiguous' };
  const exact = starts.map((start): Candidate => ({ start, end: start + query.quote.length, errors: 0 }));
  const judge: Judge = { text: normalized, query, repeated: exact.length > 1, selfEvident: exact.length === 1 && query.quote.length >= MIN_CONTEXT_EVIDENCE };
  if (occurrence && occurrence.count > 1) return anchorRepeated(prepared, judge, exact, occurrence);

  let scored = exact.map((c) => score(judge, c));
  const clear = scored.filter((c) => c.accepted && Math.min(c.prefixSimilarity, c.suffixSimilarity) >= CLEAR_CONTEXT);
  if (clear.length !== 1) {
    const seen = new Set(scored.map((c) => `${c.start}:${c.end}`));
    for (const candidate of fuzzyCandidates(normalized, query)) {
      const key = `${candidate.start}:${candidate.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      scored.push(score(judge, candidate));
    }
  }
  if (scored.length === 0) return { orphan: true, reason: 'not-found' };

  scored = scored.sort((a, b) => b.score - a.score);
  const accepted = scored.filter((c) => c.accepted);
  const best = accepted[0];
  if (!best) return { orphan: true, reason: 'low-score', score: scored[0]!.score };
  const rival = accepted.find((c) => !overlaps(c, best));
  if (rival && rival.score > best.score - AMBIGUITY_MARGIN) return { orphan: true, reason: 'ambiguous', score: best.score };
  return toResult(prepared, best);
}
