// Whitespace-insensitive view of a text, with a map back to the original offsets. Pages change
// whitespace freely (reflowed markup, <br> for a space, blocks split or merged, non-breaking
// spaces), none of which changes what the words say, so matching runs on this view.

/** Any run of whitespace (including U+2029 block separators and NBSP) becomes one space;
 *  invisible formatting characters (soft hyphen, zero-width space/joiners) are dropped. */
export interface NormalizedText {
  /** The normalized text. */
  text: string;
  /** For each index of `text` (and one past its end), the index in the original. */
  toOriginal: Int32Array;
  /** For each index of the original (and one past its end), the index in `text`. */
  fromOriginal: Int32Array;
}

function isSpace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    code === 0x20 ||
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function isInvisible(code: number): boolean {
  return code === 0xad || (code >= 0x200b && code <= 0x200d) || code === 0x2060;
}

export function normalizeWithMap(original: string): NormalizedText {
  // Copies runs of ordinary characters as slices: a page text can be a megabyte.
  const parts: string[] = [];
  const toOriginal = new Int32Array(original.length + 1);
  const fromOriginal = new Int32Array(original.length + 1);
  let length = 0;
  let runStart = 0;
  let lastWasSpace = false;
  for (let i = 0; i < original.length; i++) {
    fromOriginal[i] = length;
    const code = original.charCodeAt(i);
    const space = isSpace(code);
    if (!space && !isInvisible(code)) {
      toOriginal[length++] = i;
      lastWasSpace = false;
      continue;
    }
    if (i > runStart) parts.push(original.slice(runStart, i));
    runStart = i + 1;
    if (space && !lastWasSpace) {
      parts.push(' ');
      toOriginal[length++] = i;
      lastWasSpace = true;
    }
  }
  if (original.length > runStart) parts.push(original.slice(runStart));
  fromOriginal[original.length] = length;
  toOriginal[length] = original.length;
  return { text: parts.join(''), toOriginal: toOriginal.subarray(0, length + 1), fromOriginal };
}

export function normalize(text: string): string {
  return normalizeWithMap(text).text;
}
