/** Index of the last value in ascending `sorted` that is ≤ `value` (0 when none is). */
export function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((sorted[mid] ?? 0) <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
