// Text with the letters a search matched wrapped in <mark>. Every piece is a text node (never
// innerHTML): the text may come from a user's glossary and contain markup.
import type { ComponentChild } from 'preact';

export interface MarkedTextProps {
  text: string;
  /** Inclusive [start, end] ranges, as fuse.js reports them; may overlap or run past the text. */
  ranges: readonly (readonly [number, number])[];
}

export function MarkedText({ text, ranges }: MarkedTextProps) {
  const pieces: ComponentChild[] = [];
  let at = 0;
  for (const [start, end] of normalizeRanges(ranges, text.length)) {
    if (start > at) pieces.push(text.slice(at, start));
    pieces.push(<mark key={start}>{text.slice(start, end + 1)}</mark>);
    at = end + 1;
  }
  if (at < text.length) pieces.push(text.slice(at));
  return <>{pieces}</>;
}

/** Sorted, clamped to the text, overlapping or touching ranges merged. */
export function normalizeRanges(ranges: readonly (readonly [number, number])[], length: number): [number, number][] {
  const sorted = ranges
    .map(([s, e]): [number, number] => [Math.max(0, s), Math.min(length - 1, e)])
    .filter(([s, e]) => s <= e)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}
