// Judging one candidate place: how well the quote and each side's context agree, and whether
// the place passes the gates in params.ts. The rules, briefly:
// - the stronger side must agree well and its numbers must be unchanged;
// - the weaker side must agree fairly, or still stand on its side pushed away by inserted text
//   (a repeated quote needs the weaker side to agree as well as the stronger);
// - a side that reads the same but carries different numbers contradicts the place (the same
//   template filled in for another patient, or new results): the place is rejected.
import approxSearch from 'approx-string-match';
import {
  CONTEXT_WEIGHT,
  CONTRADICTION_SIMILARITY,
  DISPLACEMENT_REACH,
  MIN_CONTEXT_EVIDENCE,
  MIN_CONTEXT_SIMILARITY,
  MIN_QUOTE_SIMILARITY,
  MIN_SCORE,
  MIN_SUPPORT_SIMILARITY,
  NUMBER_REACH,
  QUOTE_WEIGHT,
  STRONG_SIDE_WEIGHT,
} from './params';
import type { Candidate, Query } from './query';
import { leadingSimilarity, numbersIn, sameNumbers, trailingSimilarity } from './similarity';

/** Extra characters read beyond a stored context, so small insertions can still be aligned. */
const SLACK = 16;
/** A displaced context shorter than this proves nothing. */
const MIN_DISPLACED_CHARS = 8;
/** A displaced context may differ in this share of its characters. */
const DISPLACED_ERRORS = 0.1;

export interface Scored extends Candidate {
  quoteSimilarity: number;
  prefixSimilarity: number;
  suffixSimilarity: number;
  score: number;
  accepted: boolean;
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

/** Numbers in a window cut from a longer text, without a number cut in half at its far edge. */
function wholeNumbers(window: string, cutAtStart: boolean, cutAtEnd: boolean): string[] {
  let text = window;
  if (cutAtStart) text = text.replace(/^\d+/, '');
  if (cutAtEnd) text = text.replace(/\d+$/, '');
  return numbersIn(text);
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

interface SideEvidence {
  /** How well the stored context agrees with the text beside the candidate, 0..1. */
  similarity: number;
  /** Similarity discounted when a short stored context (quote near the text's edge) no longer
   *  sits at the edge: a few characters prove little. */
  evidence: number;
  /** The side reads the same but its numbers differ: another record, or new values. */
  contradicted: boolean;
}

const NO_CONTEXT: SideEvidence = { similarity: 1, evidence: 1, contradicted: false };

function prefixEvidence(text: string, start: number, expected: string): SideEvidence {
  if (expected.length === 0) return NO_CONTEXT;
  const from = Math.max(0, start - expected.length - SLACK);
  const similarity = trailingSimilarity(expected, text.slice(from, start));
  const edgeMoved = start > expected.length + SLACK;
  const evidence = expected.length < MIN_CONTEXT_EVIDENCE && edgeMoved ? similarity * (expected.length / MIN_CONTEXT_EVIDENCE) : similarity;
  const wideFrom = Math.max(0, start - expected.length - NUMBER_REACH);
  const actual = wholeNumbers(text.slice(wideFrom, start), isDigit(text[wideFrom - 1]), false);
  const stored = numbersIn(expected);
  const contradicted = similarity >= CONTRADICTION_SIMILARITY && !sameList(stored, actual.slice(actual.length - stored.length));
  return { similarity, evidence, contradicted };
}

function suffixEvidence(text: string, end: number, expected: string): SideEvidence {
  if (expected.length === 0) return NO_CONTEXT;
  const similarity = leadingSimilarity(expected, text.slice(end, end + expected.length + SLACK));
  const edgeMoved = text.length - end > expected.length + SLACK;
  const evidence = expected.length < MIN_CONTEXT_EVIDENCE && edgeMoved ? similarity * (expected.length / MIN_CONTEXT_EVIDENCE) : similarity;
  const wideTo = Math.min(text.length, end + expected.length + NUMBER_REACH);
  const actual = wholeNumbers(text.slice(end, wideTo), false, isDigit(text[wideTo]));
  const stored = numbersIn(expected);
  const contradicted = similarity >= CONTRADICTION_SIMILARITY && !sameList(stored, actual.slice(0, stored.length));
  return { similarity, evidence, contradicted };
}

/**
 * Whether the stored context still stands on its side of the candidate with inserted text in it:
 * the part nearest the quote still adjacent, the rest pushed away by at most DISPLACEMENT_REACH
 * characters (a new sentence or paragraph), numbers unchanged. A context that only exists on the
 * other side of the candidate, or not at all, gives no support.
 */
function displaced(text: string, candidate: Candidate, stored: string, side: 'prefix' | 'suffix'): boolean {
  let adjacent = 0;
  if (side === 'prefix') {
    while (adjacent < stored.length && stored[stored.length - 1 - adjacent] === text[candidate.start - 1 - adjacent]) adjacent++;
  } else {
    while (adjacent < stored.length && stored[adjacent] === text[candidate.end + adjacent]) adjacent++;
  }
  const rest = side === 'prefix' ? stored.slice(0, stored.length - adjacent) : stored.slice(adjacent);
  if (rest.trim().length < MIN_DISPLACED_CHARS) return false;
  const from = side === 'prefix' ? Math.max(0, candidate.start - adjacent - DISPLACEMENT_REACH) : candidate.end + adjacent;
  const to = side === 'prefix' ? candidate.start - adjacent : Math.min(text.length, candidate.end + adjacent + DISPLACEMENT_REACH);
  const window = text.slice(from, to);
  return approxSearch(window, rest, Math.floor(rest.length * DISPLACED_ERRORS)).some((m) => sameNumbers(rest, window.slice(m.start, m.end)));
}

export interface Judge {
  text: string;
  query: Query;
  /** The quote occurs more than once: only context on both sides can tell the places apart. */
  repeated: boolean;
  /**
   * The quote occurs exactly once and is at least MIN_CONTEXT_EVIDENCE long: it identifies the
   * place by itself, so a short stored context (notes from tools that store little) counts in
   * full as long as it agrees.
   */
  selfEvident?: boolean;
}

export function score(judge: Judge, candidate: Candidate): Scored {
  const { text, query } = judge;
  const quoteSimilarity = 1 - candidate.errors / query.quote.length;
  const full = (side: SideEvidence): SideEvidence => (judge.selfEvident && candidate.errors === 0 ? { ...side, evidence: side.similarity } : side);
  const prefix = full(prefixEvidence(text, candidate.start, query.prefix));
  const suffix = full(suffixEvidence(text, candidate.end, query.suffix));
  const prefixStronger = prefix.evidence >= suffix.evidence;
  const strong = prefixStronger ? prefix : suffix;
  const weak = prefixStronger ? suffix : prefix;
  const weakSide = prefixStronger ? 'suffix' : 'prefix';
  const weakStored = query[weakSide];
  const context = STRONG_SIDE_WEIGHT * strong.evidence + (1 - STRONG_SIDE_WEIGHT) * weak.evidence;
  const total = QUOTE_WEIGHT * quoteSimilarity + CONTEXT_WEIGHT * context;

  const numbersKept = candidate.errors === 0 || sameNumbers(query.quote, text.slice(candidate.start, candidate.end));
  const strongHolds = strong.evidence >= MIN_CONTEXT_SIMILARITY && !strong.contradicted;
  // A repeated quote needs the same confidence on both sides; a unique one, support.
  const weakThreshold = judge.repeated ? MIN_CONTEXT_SIMILARITY : MIN_SUPPORT_SIMILARITY;
  const weakHolds = () =>
    !weak.contradicted && (weakStored.length === 0 || weak.evidence >= weakThreshold || displaced(text, candidate, weakStored, weakSide));
  const accepted = quoteSimilarity >= MIN_QUOTE_SIMILARITY && numbersKept && strongHolds && total >= MIN_SCORE && weakHolds();
  return { ...candidate, quoteSimilarity, prefixSimilarity: prefix.similarity, suffixSimilarity: suffix.similarity, score: total, accepted };
}
