// Where a quote occurs in a (normalized) text, and which of those occurrences a note is on.
// A quote repeated on the page (template text, a list copied from pre- to post-operative
// diagnoses) is only identified by its context and its order; describe() records both.

/** Which copy of a repeated quote a note is on: the index-th (from 0) of `count` copies in the
 *  page text when the note was made (matching with whitespace collapsed), and whether its
 *  context told it apart from every other copy then. */
export interface QuoteOccurrence {
  index: number;
  count: number;
  distinct: boolean;
}

/** Start offsets of every occurrence of `quote` in `text` (overlapping ones too), or null when
 *  there are more than `limit`. */
export function occurrencesOf(text: string, quote: string, limit: number): number[] | null {
  const starts: number[] = [];
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) {
    if (starts.length === limit) return null;
    starts.push(at);
  }
  return starts;
}
