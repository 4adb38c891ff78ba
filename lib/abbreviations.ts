// Abbreviations a page defines for itself, found with the Schwartz & Hearst (2003) algorithm
// ("A simple algorithm for identifying abbreviation definitions in biomedical text"):
// "long form (SF)" and "SF (long form)". The short form's letters must appear, in order and
// read from the right, in the long form, and its first letter must begin a word there.
// A page's own definition outranks the knowledge base: "tumor necrosis factor-α converting
// enzyme (TACE)" means the enzyme on that page, whatever TACE means elsewhere.

export interface AbbreviationDefinition {
  /** The short form as written, e.g. "TACE". */
  short: string;
  /** The long form as written, e.g. "transarterial chemoembolization". */
  long: string;
  /** UTF-16 span of the short form in the text. */
  start: number;
  end: number;
  /** UTF-16 span of the long form in the text. */
  longStart: number;
  longEnd: number;
}

const CLOSE: Record<string, string> = { '(': ')', '（': '）' };
const BLOCK_SEPARATOR = '\u2029';
/** Parenthetical remarks longer than this are prose, not definitions. */
const MAX_INNER = 160;
/** Sentence and clause ends: a long form never reaches back across them. */
const STOP = /[.;:!?\u2029\u3002\uff1b\uff1a]/;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const SHORT_FORM = /^[\p{L}\p{N}][\p{L}\p{N}\-/.&+']*(?: [\p{L}\p{N}\-/.&+']+)?$/u;

const isWordChar = (ch: string | undefined) => ch !== undefined && WORD_CHAR.test(ch);

/** Short-form rules from the paper, plus one capital letter so "(see below)" and "(n)" stay prose. */
function isShortForm(candidate: string): boolean {
  if (candidate.length < 2 || candidate.length > 10 || !SHORT_FORM.test(candidate)) return false;
  const letters = candidate.match(/\p{L}/gu)?.length ?? 0;
  return letters > 0 && letters * 2 >= candidate.replace(/[\s\-/.]/g, '').length && /\p{Lu}/u.test(candidate);
}

/** "TNF-α converting enzyme (TACE)": a Greek letter stands for its Latin initial (same length). */
const GREEK: Record<string, string> = { α: 'a', β: 'b', γ: 'g', δ: 'd', ε: 'e', κ: 'k', λ: 'l', μ: 'm' };
const latinLetters = (text: string) => text.replace(/[αβγδεκλμ]/g, (ch) => GREEK[ch] ?? ch);

/**
 * The shortest end of `long` that spells `short`: letters and digits of the short form are
 * matched right to left, the first one at the start of a word. Returns the offset in `long`
 * where that long form starts, or -1.
 */
export function longFormStart(short: string, long: string): number {
  const s = short.toLowerCase();
  const l = latinLetters(long.toLowerCase());
  let li = l.length - 1;
  for (let si = s.length - 1; si >= 0; si--) {
    const ch = s[si] ?? '';
    if (!isWordChar(ch)) continue;
    const first = !s.slice(0, si).split('').some(isWordChar);
    while (li >= 0 && (l[li] !== ch || (first && isWordChar(l[li - 1])))) li--;
    if (li < 0) return -1;
    li--;
  }
  // Back to the start of the word holding the first matched letter.
  let start = li + 1;
  while (start > 0 && isWordChar(long[start - 1])) start--;
  return start;
}

interface Word {
  start: number;
  end: number;
}

function wordsIn(text: string, from: number, to: number): Word[] {
  const words: Word[] = [];
  const re = /[^\s\u2029]+/gu;
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) words.push({ start: m.index, end: Math.min(m.index + m[0].length, to) });
  return words;
}

/** Where the clause before `pos` starts: after the last sentence stop, never in another block. */
function clauseStart(text: string, pos: number, limit: number): number {
  for (let i = pos - 1; i >= Math.max(0, pos - limit); i--) {
    const ch = text[i] ?? '';
    // A period inside a word ("factor-1.5", "e.g") is not a stop; one followed by space is.
    if (STOP.test(ch) && (ch !== '.' || /\s/.test(text[i + 1] ?? ' '))) return i + 1;
  }
  return Math.max(0, pos - limit);
}

/** The closing bracket for the one at `open`, skipping nested pairs; -1 when none nearby. */
function closingBracket(text: string, open: number): number {
  const opener = text[open] ?? '';
  const closer = CLOSE[opener] ?? ')';
  let depth = 0;
  for (let i = open; i < text.length && i - open <= MAX_INNER + 1; i++) {
    const ch = text[i];
    if (ch === BLOCK_SEPARATOR) return -1;
    if (ch === opener) depth++;
    else if (ch === closer && --depth === 0) return i;
  }
  return -1;
}

function trimSpan(text: string, start: number, end: number): [number, number] {
  while (start < end && /[\s"'“”‘’]/.test(text[start] ?? '')) start++;
  while (end > start && /[\s"'“”‘’,]/.test(text[end - 1] ?? '')) end--;
  return [start, end];
}

/** A long form worth believing: longer than the short form, brackets balanced, not merely containing it. */
function plausible(short: string, long: string): boolean {
  if (long.length <= short.length) return false;
  const opens = long.split(/[(（]/).length;
  if (opens !== long.split(/[)）]/).length) return false;
  const words = long.split(/[\s\-/]+/);
  return !words.some((w) => w === short);
}

/** "long form (SF)": the long form is taken from the words just before the bracket. */
function definitionBefore(text: string, open: number, shortStart: number, shortEnd: number): AbbreviationDefinition | undefined {
  const short = text.slice(shortStart, shortEnd);
  const letters = short.replace(/[^\p{L}\p{N}]/gu, '').length;
  const maxWords = Math.min(letters + 5, letters * 2);
  const from = clauseStart(text, open, 400);
  const words = wordsIn(text, from, open);
  const window = words.slice(-maxWords);
  const first = window[0];
  if (!first) return undefined;
  const candidate = text.slice(first.start, open);
  const offset = longFormStart(short, candidate);
  if (offset < 0) return undefined;
  const [longStart, longEnd] = trimSpan(text, first.start + offset, open);
  const long = text.slice(longStart, longEnd);
  return plausible(short, long) ? { short, long, start: shortStart, end: shortEnd, longStart, longEnd } : undefined;
}

/** "SF (long form)": the short form is the word just before the bracket, the long form inside. */
function definitionInside(text: string, open: number, innerStart: number, innerEnd: number, wanted: (short: string) => boolean): AbbreviationDefinition | undefined {
  let shortEnd = open;
  while (shortEnd > 0 && /[ \t\u00a0]/.test(text[shortEnd - 1] ?? '')) shortEnd--;
  let shortStart = shortEnd;
  while (shortStart > 0 && /[\p{L}\p{N}\-]/u.test(text[shortStart - 1] ?? '')) shortStart--;
  const short = text.slice(shortStart, shortEnd);
  if (!isShortForm(short) || !wanted(short)) return undefined;
  const inner = text.slice(innerStart, innerEnd);
  const letters = short.replace(/[^\p{L}\p{N}]/gu, '').length;
  if (inner.split(/\s+/).length > Math.min(letters + 5, letters * 2)) return undefined;
  // The whole parenthetical must be the long form: its first word must carry the first letter.
  if (longFormStart(short, inner) !== 0) return undefined;
  const [longStart, longEnd] = trimSpan(text, innerStart, innerEnd);
  const long = text.slice(longStart, longEnd);
  return plausible(short, long) ? { short, long, start: shortStart, end: shortEnd, longStart, longEnd } : undefined;
}

/**
 * Every abbreviation definition in the text, in text order. Pure and linear in the text.
 * `wanted` skips short forms early (before the long-form search) when only some matter.
 */
export function findAbbreviationDefinitions(text: string, wanted: (short: string) => boolean = () => true): AbbreviationDefinition[] {
  const found: AbbreviationDefinition[] = [];
  const opens = /[(（]/g;
  for (let m = opens.exec(text); m; m = opens.exec(text)) {
    const open = m.index;
    const close = closingBracket(text, open);
    if (close < 0) continue;
    // "(TACE; n = 40)" and "(TACE, ref. 3)": the short form is the part before the first separator.
    const innerText = text.slice(open + 1, close);
    const cut = innerText.search(/[;,，；]\s/);
    const [innerStart, innerEnd] = trimSpan(text, open + 1, cut >= 0 ? open + 1 + cut : close);
    const before = shortFormBefore(text, open, innerStart, innerEnd, wanted);
    if (before.length) found.push(...before);
    else {
      const inside = definitionInside(text, open, innerStart, innerEnd, wanted);
      if (inside) found.push(inside);
    }
  }
  return found;
}

/** "long form (SF)"; when the whole of "(TACE/ADAM17)" is no short form, each side is tried alone. */
function shortFormBefore(text: string, open: number, start: number, end: number, wanted: (short: string) => boolean): AbbreviationDefinition[] {
  const attempt = (s: number, e: number) => {
    const short = text.slice(s, e);
    return isShortForm(short) && wanted(short) ? definitionBefore(text, open, s, e) : undefined;
  };
  const whole = attempt(start, end);
  if (whole) return [whole];
  const inner = text.slice(start, end);
  if (!inner.includes('/') || /\s/.test(inner)) return [];
  const found: AbbreviationDefinition[] = [];
  let from = start;
  for (const part of inner.split('/')) {
    const definition = attempt(from, from + part.length);
    if (definition) found.push(definition);
    from += part.length + 1;
  }
  return found;
}
