// The W3C TextPositionSelector counts code points; JavaScript strings count UTF-16 units.
// These convert between the two over a given text (identical when it has no astral characters).

function hasSurrogates(text: string): boolean {
  return /[\uD800-\uDFFF]/.test(text);
}

/** Code-point offset of the UTF-16 offset `unit` in `text`. */
export function toCodePoints(text: string, unit: number): number {
  if (!hasSurrogates(text)) return unit;
  let points = 0;
  for (let i = 0; i < unit && i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A low surrogate completes the pair its high surrogate already counted.
    if (!(code >= 0xdc00 && code <= 0xdfff && i > 0 && isHigh(text.charCodeAt(i - 1)))) points++;
  }
  return points;
}

/** UTF-16 offset of the code-point offset `points` in `text`, or null past its end. */
export function toUtf16(text: string, points: number): number | null {
  if (!hasSurrogates(text)) return points <= text.length ? points : null;
  let unit = 0;
  for (let p = 0; p < points; p++) {
    if (unit >= text.length) return null;
    unit += isHigh(text.charCodeAt(unit)) && isLow(text.charCodeAt(unit + 1)) ? 2 : 1;
  }
  return unit;
}

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Moves `offset` off the middle of a surrogate pair (toward `direction`). */
export function snapToCodePoint(text: string, offset: number, direction: -1 | 1): number {
  if (offset > 0 && offset < text.length && isLow(text.charCodeAt(offset)) && isHigh(text.charCodeAt(offset - 1))) {
    return offset + (direction === 1 ? 1 : -1);
  }
  return offset;
}
