// The anchoring algorithm's version and thresholds, in one place. Changing how notes are
// described or matched means bumping ANCHOR_VERSION (stored with every note).

export const ANCHOR_VERSION = 1;

/** Characters of context stored on each side of a quote (counted with whitespace collapsed). */
export const CONTEXT_CHARS = 64;

/** A side whose stored context is shorter than this (quote near the text's edge) only counts in
 *  proportion to its length, unless the candidate sits near the edge too. */
export const MIN_CONTEXT_EVIDENCE = 32;

/** How far past a stored context numbers are read from the page, so a context shifted by a
 *  small insertion still lines up with its numbers. */
export const NUMBER_REACH = 64;

/** A side this similar to its stored context, but with different numbers, contradicts the
 *  candidate (another patient's values in the same template, or new results): rejected. */
export const CONTRADICTION_SIMILARITY = 0.7;

/** The weaker side must still agree this well, or its stored context must still stand on its
 *  side of the candidate within DISPLACEMENT_REACH characters (pushed away by inserted text). */
export const MIN_SUPPORT_SIMILARITY = 0.8;
export const DISPLACEMENT_REACH = 1_000;

/** Fuzzy candidates: at least this share of the quote must be unchanged, and its numbers all. */
export const MIN_QUOTE_SIMILARITY = 0.8;

/** At least one side's context must agree this well: a quote alone proves nothing on a page of
 *  repeated template text. */
export const MIN_CONTEXT_SIMILARITY = 0.85;

/** The minimum overall score (0.6 × quote + 0.4 × context) below which a note is an orphan. */
export const MIN_SCORE = 0.75;

/** Two places scoring within this margin cannot be told apart: the note is an orphan. */
export const AMBIGUITY_MARGIN = 0.05;

/** Score weights. Context is the stronger side's similarity weighted over the weaker's. */
export const QUOTE_WEIGHT = 0.6;
export const CONTEXT_WEIGHT = 0.4;
export const STRONG_SIDE_WEIGHT = 0.75;

/** A quote found more often than this is not counted or scored place by place. */
export const MAX_OCCURRENCES = 5_000;
