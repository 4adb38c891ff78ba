// How well the text beside a candidate agrees with the context stored with a note.

/** Digits weigh more than letters: numbers (values, dates, record numbers) tell records apart. */
const DIGIT_WEIGHT = 3;

function weight(code: number): number {
  return code >= 0x30 && code <= 0x39 ? DIGIT_WEIGHT : 1;
}

/**
 * Similarity in [0, 1] between `expected` and the START of `actual`: every character of
 * `expected` must be accounted for, starting at actual[0]; whatever `actual` holds after the
 * aligned part is free. 1 means `actual` begins with `expected`.
 * A weighted edit distance (Levenshtein, digits weigh DIGIT_WEIGHT), O(|expected|·|actual|):
 * callers pass contexts of a few dozen characters.
 */
export function leadingSimilarity(expected: string, actual: string): number {
  const m = expected.length;
  const n = actual.length;
  if (m === 0) return 1;
  let total = 0;
  for (let i = 0; i < m; i++) total += weight(expected.charCodeAt(i));
  let previous = new Float64Array(n + 1);
  let current = new Float64Array(n + 1);
  for (let j = 1; j <= n; j++) previous[j] = previous[j - 1]! + weight(actual.charCodeAt(j - 1));
  for (let i = 1; i <= m; i++) {
    const e = expected.charCodeAt(i - 1);
    const we = weight(e);
    current[0] = previous[0]! + we;
    for (let j = 1; j <= n; j++) {
      const a = actual.charCodeAt(j - 1);
      const wa = weight(a);
      const substitute = previous[j - 1]! + (a === e ? 0 : Math.max(we, wa));
      current[j] = Math.min(substitute, previous[j]! + we, current[j - 1]! + wa);
    }
    [previous, current] = [current, previous];
  }
  let best = Infinity;
  for (let j = 0; j <= n; j++) best = Math.min(best, previous[j]!);
  return Math.max(0, 1 - best / total);
}

function reverse(text: string): string {
  return text.split('').reverse().join('');
}

/** Similarity between `expected` and the END of `actual` (see leadingSimilarity). */
export function trailingSimilarity(expected: string, actual: string): number {
  return leadingSimilarity(reverse(expected), reverse(actual));
}

/** The numbers written in a text, in order ("K 3.1, Na 140" → ["3", "1", "140"]). */
export function numbersIn(text: string): string[] {
  return text.match(/\d+/g) ?? [];
}

export function sameNumbers(a: string, b: string): boolean {
  const x = numbersIn(a);
  const y = numbersIn(b);
  return x.length === y.length && x.every((n, i) => n === y[i]);
}
