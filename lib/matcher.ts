// Finds every alias of the alias table in a text in one left-to-right pass over a trie of
// folded aliases: cost grows with the text, not with the dictionary. Matches are
// longest-leftmost and never overlap.
//
// Folding: letters compare case-insensitively, except short all-caps abbreviations ("TACE",
// "PVA"), which must match exactly so "pva" or "Tace" in running text stay plain words.
// Hyphens, dashes, white space and NBSP all count as one separator; soft hyphens vanish;
// a trailing "s"/"es" (plural) is accepted after an alias, and an alias listed in the plural
// also matches its singular. Latin words need word boundaries on both sides, so
// "chemoembolization" never yields "embolization"; Chinese and Japanese text has no spaces,
// so CJK aliases match anywhere.
import type { AliasTable } from './alias-table';

export interface Mention {
  start: number;
  end: number;
  /** Index into table.aliases. */
  alias: number;
  /** Indexes into table.ids; several when entries share the alias. */
  entries: number[];
}

export interface Matcher {
  find(text: string): Mention[];
}

/** Joins the blocks of a page's text: nothing matches across it. */
export const BLOCK_SEPARATOR = '\u2029';

const SEP = 32;
const SKIP = -1;
const HARD = -2;

const ABBREVIATION = /^[A-Z][A-Z0-9]{1,5}$/;

interface Terminal {
  alias: number;
  entries: number[];
  /** Set for case-sensitive aliases: the text must equal it exactly. */
  exact?: string;
  /** Ends in a CJK character: no word boundary is needed after it. */
  cjkEnd: boolean;
}

interface TrieNode {
  next: Map<number, TrieNode>;
  terminals?: Terminal[];
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u;

// Per-code-unit classes, computed once per code unit seen: 0 other, 1 word (Latin etc.), 2 CJK.
const classCache = new Map<number, number>();
function charClass(code: number): number {
  if (code < 128) {
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) ? 1 : 0;
  }
  let cls = classCache.get(code);
  if (cls === undefined) {
    if (code >= 0xd800 && code <= 0xdfff) cls = 2;
    else {
      const ch = String.fromCharCode(code);
      cls = CJK.test(ch) ? 2 : LETTER_OR_DIGIT.test(ch) ? 1 : 0;
    }
    classCache.set(code, cls);
  }
  return cls;
}

const foldCache = new Map<number, number>();
function fold(code: number): number {
  if (code < 128) {
    if (code >= 65 && code <= 90) return code + 32;
    if (code === 45 || code === 32 || (code >= 9 && code <= 13)) return SEP;
    return code;
  }
  let folded = foldCache.get(code);
  if (folded === undefined) {
    if (code === 0x00ad) folded = SKIP;
    else if (code === 0x2029) folded = HARD;
    else if (code === 0x00a0 || (code >= 0x2000 && code <= 0x200a) || (code >= 0x2010 && code <= 0x2015) || code === 0x2212 || code === 0x202f || code === 0x3000 || code === 0x2028) folded = SEP;
    else {
      const lower = String.fromCharCode(code).toLowerCase();
      folded = lower.length === 1 ? lower.charCodeAt(0) : code;
    }
    foldCache.set(code, folded);
  }
  return folded;
}

/** "particles" → "particle", but not "metastasis" or "status". */
function singular(text: string): string | undefined {
  const last = text.charCodeAt(text.length - 1);
  // Most aliases do not end in "s": a glossary of 10,000 is spared as many regex runs.
  if ((last !== 115 && last !== 83) || text.length < 4 || !/[^siu\s]s$/i.test(text) || ABBREVIATION.test(text)) return undefined;
  return text.slice(0, -1);
}

const END = -3;

/**
 * An alias on its way into the trie, folded one code at a time as the nodes it passes through
 * are opened (leading and trailing separators dropped, a run of them one separator), so the
 * aliases no page reaches are never folded.
 */
class PendingAlias {
  /** Its code at the depth of the node holding it. */
  code = END;
  private at = 0;
  private started = false;
  private separator = false;

  constructor(
    readonly text: string,
    readonly alias: number,
    readonly entries: number[],
  ) {
    this.code = this.nextCode();
  }

  /** Steps to the next code, END when the alias is used up. */
  nextCode(): number {
    const { text } = this;
    while (this.at < text.length) {
      const f = fold(text.charCodeAt(this.at++));
      if (f === SKIP || f === HARD) continue;
      if (f === SEP) {
        this.separator = this.started;
        continue;
      }
      if (this.separator) {
        // Read this character again next time, after the separator before it.
        this.separator = false;
        this.at--;
        return SEP;
      }
      this.started = true;
      return f;
    }
    return END;
  }

  /** Where it stops, its last code being `last`. */
  terminal(last: number): Terminal {
    const terminal: Terminal = { alias: this.alias, entries: this.entries, cjkEnd: charClass(last) === 2 };
    if (ABBREVIATION.test(this.text)) terminal.exact = this.text;
    return terminal;
  }
}

/**
 * A trie node whose children are made the first time the scan steps into it: a page visits a
 * few thousand nodes of a large dictionary's hundreds of thousands, so a 10,000-alias glossary
 * costs little more to load than a 100-alias one. Each node keeps the aliases below it until
 * it is opened.
 */
class LazyTrieNode implements TrieNode {
  terminals?: Terminal[];
  private children?: Map<number, TrieNode>;

  constructor(private pending: PendingAlias[]) {}

  get next(): Map<number, TrieNode> {
    return (this.children ??= this.open());
  }

  private open(): Map<number, TrieNode> {
    const children = new Map<number, LazyTrieNode>();
    // In table order, so the terminals of a node keep the order an eager build gave them.
    for (const alias of this.pending) {
      const code = alias.code;
      let child = children.get(code);
      if (!child) {
        child = new LazyTrieNode([]);
        children.set(code, child);
      }
      alias.code = alias.nextCode();
      if (alias.code === END) (child.terminals ??= []).push(alias.terminal(code));
      else child.pending.push(alias);
    }
    this.pending = [];
    return children;
  }
}

/** One matcher per table: the content script's scanner and its detector share it, and the trie
 * nodes it has opened. A call leaves nothing behind but opened nodes, so sharing is safe. */
const matchers = new WeakMap<AliasTable, Matcher>();

export function createMatcher(table: AliasTable): Matcher {
  let matcher = matchers.get(table);
  if (!matcher) {
    const root = lazyTrie(table);
    matcher = { find: (text) => findAll(root, text) };
    matchers.set(table, matcher);
  }
  return matcher;
}

function lazyTrie(table: AliasTable): TrieNode {
  const pending: PendingAlias[] = [];
  const add = (text: string, alias: number, entries: number[]) => {
    const waiting = new PendingAlias(text, alias, entries);
    if (waiting.code !== END) pending.push(waiting);
  };
  table.aliases.forEach(([text, entries], alias) => {
    add(text, alias, entries);
    const one = singular(text);
    if (one) add(one, alias, entries);
  });
  for (const text of table.blocked) add(text, -1, []);
  return new LazyTrieNode(pending);
}

function isBoundaryBefore(text: string, i: number): boolean {
  let k = i - 1;
  while (k >= 0 && text.charCodeAt(k) === 0x00ad) k--;
  return k < 0 || charClass(text.charCodeAt(k)) !== 1;
}

/** Where a Latin alias ending at `end` may stop: after an optional plural suffix, at a boundary. */
function latinEnd(text: string, end: number, exact: boolean): number {
  const boundaryAt = (k: number) => k >= text.length || charClass(text.charCodeAt(k)) !== 1;
  const c1 = text.charCodeAt(end);
  if (c1 === 115 /* s */ && boundaryAt(end + 1)) return end + 1;
  if (!exact && c1 === 101 /* e */ && text.charCodeAt(end + 1) === 115 && boundaryAt(end + 2)) return end + 2;
  return boundaryAt(end) ? end : -1;
}

function accept(text: string, start: number, end: number, terminal: Terminal): number {
  if (terminal.exact !== undefined && text.slice(start, end) !== terminal.exact) return -1;
  return terminal.cjkEnd ? end : latinEnd(text, end, terminal.exact !== undefined);
}

function findAll(root: TrieNode, text: string): Mention[] {
  const mentions: Mention[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const cls = charClass(text.charCodeAt(i));
    if (cls === 0 || (cls === 1 && !isBoundaryBefore(text, i))) {
      i++;
      continue;
    }
    let node: TrieNode | undefined = root;
    let bestEnd = -1;
    let best: Terminal[] | undefined;
    let prevSep = false;
    for (let j = i; j < n && node; ) {
      const f = fold(text.charCodeAt(j));
      j++;
      if (f === SKIP) continue;
      if (f === HARD) break;
      if (f === SEP) {
        if (prevSep) continue;
        prevSep = true;
      } else prevSep = false;
      node = node.next.get(f);
      if (!node?.terminals) continue;
      let matched: Terminal[] = [];
      let end = -1;
      for (const terminal of node.terminals) {
        const e = accept(text, i, j, terminal);
        if (e < 0) continue;
        if (e > end) {
          end = e;
          matched = [terminal];
        } else if (e === end) matched.push(terminal);
      }
      if (end >= 0) {
        bestEnd = end;
        best = matched;
      }
    }
    if (bestEnd < 0) {
      i++;
      // The rest of a Latin word has no boundary before it, so cannot start a match either.
      if (cls === 1) while (i < n && charClass(text.charCodeAt(i)) === 1) i++;
      continue;
    }
    const first = best?.[0];
    if (best && first && first.alias >= 0) {
      const entries = best.length === 1 ? first.entries : [...new Set(best.flatMap((t) => t.entries))];
      mentions.push({ start: i, end: bestEnd, alias: first.alias, entries });
    }
    i = bestEnd;
  }
  return mentions;
}
