// Which character is under the pointer. The caret APIs answer with the nearest caret position,
// even when the pointer is in a margin far from any text, so every answer is checked against
// the character's own boxes. Nothing here changes the page (no style toggling): text covered
// by a transparent overlay is found by looking at the text nodes under the point instead.

export interface TextPoint {
  node: Text;
  /** UTF-16 index of the character under the pointer. */
  offset: number;
}

interface Caret {
  node: Node;
  offset: number;
}

/** Rounding slack: a pointer on a glyph's edge still counts. */
const SLOP_PX = 1;
/** Limits for the overlay fallback, which runs only when the caret answer fails. */
const MAX_STACK_ELEMENTS = 4;
const MAX_TEXT_CHILDREN = 50;
const MAX_SEARCHED_TEXT = 20_000;

export function textAt(x: number, y: number, shadowRoots: readonly ShadowRoot[] = [], doc: Document = document): TextPoint | null {
  const caret = caretAt(doc, x, y, shadowRoots);
  if (caret && caret.node.nodeType === Node.TEXT_NODE) {
    const text = caret.node as Text;
    for (const offset of candidateOffsets(text.data, caret.offset)) {
      if (charContains(text, offset, x, y)) return { node: text, offset };
    }
  }
  return coveredTextAt(doc, x, y);
}

function caretAt(doc: Document, x: number, y: number, shadowRoots: readonly ShadowRoot[]): Caret | null {
  if (typeof doc.caretPositionFromPoint === 'function') {
    const position = doc.caretPositionFromPoint(x, y, { shadowRoots: [...shadowRoots] });
    return position ? { node: position.offsetNode, offset: position.offset } : null;
  }
  const range = typeof doc.caretRangeFromPoint === 'function' ? doc.caretRangeFromPoint(x, y) : null;
  return range ? { node: range.startContainer, offset: range.startOffset } : null;
}

/** [start, end) of the character (a whole surrogate pair) that starts at or covers `index`. */
export function charSpan(data: string, index: number): [number, number] | null {
  if (index < 0 || index >= data.length) return null;
  const code = data.charCodeAt(index);
  if (code >= 0xdc00 && code <= 0xdfff && index > 0) {
    const before = data.charCodeAt(index - 1);
    if (before >= 0xd800 && before <= 0xdbff) return [index - 1, index + 1];
  }
  if (code >= 0xd800 && code <= 0xdbff && index + 1 < data.length) {
    const after = data.charCodeAt(index + 1);
    if (after >= 0xdc00 && after <= 0xdfff) return [index, index + 2];
  }
  return [index, index + 1];
}

/**
 * A caret sits between two characters; past the middle of a glyph the APIs return the caret
 * after it. So the character under the pointer is the one after the caret or the one before.
 */
export function candidateOffsets(data: string, caret: number): number[] {
  const after = charSpan(data, caret);
  const before = charSpan(data, caret - 1);
  return [after?.[0], before?.[0]].filter((o): o is number => o !== undefined);
}

export function rectsContain(rects: Iterable<{ left: number; top: number; right: number; bottom: number }>, x: number, y: number, slop = SLOP_PX): boolean {
  for (const r of rects) {
    if (x >= r.left - slop && x <= r.right + slop && y >= r.top - slop && y <= r.bottom + slop) return true;
  }
  return false;
}

function charRange(text: Text, offset: number): Range | null {
  const span = charSpan(text.data, offset);
  if (!span) return null;
  const range = text.ownerDocument.createRange();
  range.setStart(text, span[0]);
  range.setEnd(text, span[1]);
  return range;
}

function charContains(text: Text, offset: number, x: number, y: number): boolean {
  const range = charRange(text, offset);
  return range !== null && rectsContain(range.getClientRects(), x, y);
}

/**
 * Text under a transparent overlay (common in EHR apps): the caret APIs stop at the overlay,
 * but elementsFromPoint lists what lies beneath, including the inline element or block that
 * holds the text; its own text nodes are searched for the character under the point.
 */
function coveredTextAt(doc: Document, x: number, y: number): TextPoint | null {
  const stack = doc.elementsFromPoint(x, y).filter((el) => el !== doc.documentElement && el !== doc.body);
  for (const element of stack.slice(0, MAX_STACK_ELEMENTS)) {
    let children = 0;
    for (let node = element.firstChild; node && children < MAX_TEXT_CHILDREN; node = node.nextSibling) {
      if (node.nodeType !== Node.TEXT_NODE) continue;
      children++;
      const text = node as Text;
      if (text.data.length > MAX_SEARCHED_TEXT || !/\S/.test(text.data)) continue;
      const whole = doc.createRange();
      whole.selectNodeContents(text);
      if (!rectsContain(whole.getClientRects(), x, y, 0)) continue;
      const offset = searchChar(text, x, y);
      if (offset !== null) return { node: text, offset };
    }
  }
  return null;
}

/** Binary search over the characters of one text node, in reading order (lines, then x). */
function searchChar(text: Text, x: number, y: number): number | null {
  let low = 0;
  let high = text.data.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const span = charSpan(text.data, mid);
    const rect = span ? charRange(text, span[0])?.getBoundingClientRect() : undefined;
    if (!span || !rect) return null;
    if (rectsContain([rect], x, y)) return span[0];
    const before = rect.bottom <= y || (rect.top <= y && rect.right < x);
    if (before) low = span[1];
    else high = span[0] - 1;
  }
  return null;
}
