// Fuzzy candidates (approx-string-match) for a quote that is not found word for word.
import approxSearch from 'approx-string-match';
import { MIN_CONTEXT_EVIDENCE, MIN_QUOTE_SIMILARITY } from './params';
import type { Candidate, Query } from './query';

/** Context anchors tried per side. */
const MAX_CONTEXT_ANCHORS = 50;

/** Trims spaces a fuzzy match picked up at its edges (the stored quote has none). */
function trimmed(text: string, candidate: Candidate): Candidate {
  let { start, end } = candidate;
  while (start < end && text[start] === ' ') start++;
  while (end > start && text[end - 1] === ' ') end--;
  return { start, end, errors: candidate.errors };
}

export function fuzzyCandidates(text: string, query: Query): Candidate[] {
  const { quote } = query;
  const maxErrors = Math.floor(quote.length * (1 - MIN_QUOTE_SIMILARITY));
  if (maxErrors < 1) return [];
  const found: Candidate[] = approxSearch(text, quote, maxErrors).filter((m) => m.errors > 0);
  const reach = quote.length + maxErrors + 2;

  // The quote was edited and its exact words may survive elsewhere (template text), where the
  // plain search above stops looking: look right after each place the prefix's nearest part
  // matches, and right before each place the suffix's nearest part matches.
  const prefixTail = query.prefix.slice(-MIN_CONTEXT_EVIDENCE);
  if (prefixTail.trim().length >= 8) {
    for (const anchor of approxSearch(text, prefixTail, Math.floor(prefixTail.length / 4)).slice(0, MAX_CONTEXT_ANCHORS)) {
      const window = text.slice(anchor.end, anchor.end + reach);
      for (const m of approxSearch(window, quote, maxErrors)) {
        if (m.start <= 1) found.push({ start: anchor.end + m.start, end: anchor.end + m.end, errors: m.errors });
      }
    }
  }
  const suffixHead = query.suffix.slice(0, MIN_CONTEXT_EVIDENCE);
  if (suffixHead.trim().length >= 8) {
    for (const anchor of approxSearch(text, suffixHead, Math.floor(suffixHead.length / 4)).slice(0, MAX_CONTEXT_ANCHORS)) {
      const from = Math.max(0, anchor.start - reach);
      const window = text.slice(from, anchor.start);
      for (const m of approxSearch(window, quote, maxErrors)) {
        if (m.end >= window.length - 1) found.push({ start: from + m.start, end: from + m.end, errors: m.errors });
      }
    }
  }
  return found.map((c) => trimmed(text, c)).filter((c) => c.end > c.start);
}
