// What anchoring looks for: a note's quote and context, normalized, and the candidate places.
import type { TextQuoteSelector } from '../annotation';
import { normalize } from './normalize';
import { CONTEXT_CHARS } from './params';

export interface Query {
  quote: string;
  prefix: string;
  suffix: string;
}

/** A place in the normalized text where the quote may be, with its edit distance to the quote. */
export interface Candidate {
  start: number;
  end: number;
  errors: number;
}

/** Stored contexts longer than this (other tools may store more) are clipped at a word. */
const MAX_CONTEXT = 2 * CONTEXT_CHARS;

export function queryOf(quote: TextQuoteSelector): Query {
  const prefix = normalize(quote.prefix ?? '');
  const suffix = normalize(quote.suffix ?? '');
  return {
    quote: normalize(quote.exact).trim(),
    prefix: prefix.length > MAX_CONTEXT ? prefix.slice(-MAX_CONTEXT).replace(/^\S*\s/, '') : prefix,
    suffix: suffix.length > MAX_CONTEXT ? suffix.slice(0, MAX_CONTEXT).replace(/\s\S*$/, '') : suffix,
  };
}

export function overlaps(a: Candidate, b: Candidate): boolean {
  return a.start < b.end && b.start < a.end;
}
