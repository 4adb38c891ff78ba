// The geometry-free parts of the hit test (the rest runs in Chromium, tests/e2e/hover.spec.ts).
import { describe, expect, it } from 'vitest';
import { candidateOffsets, charSpan, rectsContain } from '../../entrypoints/content/hit-test';

describe('charSpan', () => {
  it('covers a whole surrogate pair from either half', () => {
    const text = 'a😀b';
    expect(charSpan(text, 0)).toEqual([0, 1]);
    expect(charSpan(text, 1)).toEqual([1, 3]);
    expect(charSpan(text, 2)).toEqual([1, 3]);
    expect(charSpan(text, 3)).toEqual([3, 4]);
    expect(charSpan(text, 4)).toBeNull();
    expect(charSpan(text, -1)).toBeNull();
  });
});

describe('candidateOffsets', () => {
  it('tries the character after the caret, then the one before', () => {
    expect(candidateOffsets('TACE', 2)).toEqual([2, 1]);
    expect(candidateOffsets('TACE', 0)).toEqual([0]);
    expect(candidateOffsets('TACE', 4)).toEqual([3]);
    expect(candidateOffsets('x😀', 3)).toEqual([1]);
  });
});

describe('rectsContain', () => {
  const rects = [
    { left: 10, top: 10, right: 50, bottom: 30 },
    { left: 0, top: 40, right: 20, bottom: 60 },
  ];
  it('accepts a point in any rect, with a pixel of slack at the edges', () => {
    expect(rectsContain(rects, 30, 20)).toBe(true);
    expect(rectsContain(rects, 5, 50)).toBe(true);
    expect(rectsContain(rects, 51, 20)).toBe(true);
    expect(rectsContain(rects, 51, 20, 0)).toBe(false);
  });
  it('rejects a point beside the text, where the caret APIs would still snap to it', () => {
    expect(rectsContain(rects, 80, 20)).toBe(false);
    expect(rectsContain(rects, 30, 35)).toBe(false);
  });
});
