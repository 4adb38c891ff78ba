// Page-level rules that decide which matcher mentions a clinician should see, and how sure we
// are. Two kinds of evidence, both read from the knowledge data (never hard-coded here):
// 1. Definitions the page writes itself ("tumor necrosis factor-α converting enzyme (TACE)"):
//    a short form defined with a long form that names the entry confirms it ('defined'); one
//    that names something else unlinks it from that entry on the whole page.
// 2. For an alias an entry declares ambiguous: cue words near the mention. The nearest cue
//    decides between this sense (`context`) and another (`against`); with no cue nearby, an
//    established mention of the same or a related entry elsewhere on the page supports it.
//    Otherwise it is not marked.
import type { AbbreviationDefinition } from './abbreviations';
import type { AliasTable } from './alias-table';
import type { ExpansionMatch } from './expansion-match';
import type { Matcher, Mention } from './matcher';

export type Confidence = 'defined' | 'context' | 'plain';

export interface Resolved {
  start: number;
  end: number;
  entries: number[];
  confidence: Confidence;
}

/** How far from a mention a cue word still counts (UTF-16 units, either side). */
export const NEIGHBOURHOOD = 300;

interface Sense {
  context: Cues;
  against: Cues | undefined;
}

export interface SenseModel {
  /** alias index → entry index → the cues that confirm or refute that entry for this alias. */
  senses: Map<number, Map<number, Sense>>;
  related: number[][];
  /** Which alias (index) a defined short form is, if it is one of ours. */
  aliasOf(short: string): number | undefined;
  expansionMatches: ExpansionMatch;
  /** Longest stretch of text one cue match can span (its longest word, plus room for runs of
   * white space between words): how far outside a neighbourhood a cue search must start. */
  cueReach: number;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** Page text keeps the HTML source's line breaks and indentation between a cue's words. */
const CUE_SPACE_SLACK = 64;

/**
 * Cue words as one regex of word prefixes; separators inside a cue match any separator. The
 * word-start look-behind is written once per run of non-CJK words (alternatives keep their
 * order): Unicode property classes under the `i` flag are costly to compile.
 */
function cueRegex(words: readonly string[]): RegExp {
  const alternatives: string[] = [];
  let latin: string[] = [];
  const endLatin = () => {
    if (latin.length) alternatives.push(`(?<![\\p{L}\\p{N}])(?:${latin.join('|')})`);
    latin = [];
  };
  for (const word of words) {
    const body = word
      .trim()
      .split(/[\s\-‐]+/)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[\\s\\-\\u2010-\\u2015\\u00a0]+');
    // CJK text has no spaces, so a CJK cue needs no word start.
    if (CJK.test(word)) {
      endLatin();
      alternatives.push(body);
    } else latin.push(body);
  }
  endLatin();
  return new RegExp(alternatives.join('|'), 'giu');
}

/** One sense's cue words, compiled the first time a page holds a mention they decide. */
class Cues {
  private compiled?: RegExp;

  constructor(private readonly words: readonly string[]) {}

  get regex(): RegExp {
    this.compiled ??= cueRegex(this.words);
    return this.compiled;
  }
}

/** "A is related to B" supports in both directions, whichever entry wrote it down. */
function symmetric(related: readonly number[][], count: number): number[][] {
  const sets = Array.from({ length: count }, () => new Set<number>());
  related.forEach((list, entry) =>
    list.forEach((other) => {
      sets[entry]?.add(other);
      sets[other]?.add(entry);
    }),
  );
  return sets.map((set) => [...set]);
}

/** What foldAlias() turns into one space (and trims). */
const ALIAS_SEPARATOR = /[\s\-‐\u00a0]/;
const ALIAS_SEPARATORS = new RegExp(`${ALIAS_SEPARATOR.source}+`, 'g');
const foldAlias = (text: string) => text.toLowerCase().replace(ALIAS_SEPARATORS, ' ').trim();

/** The first character foldAlias() keeps, lower-cased: a cheap test before folding a whole alias. */
function foldedFirst(text: string): string {
  for (const ch of text) if (!ALIAS_SEPARATOR.test(ch)) return ch.toLowerCase().charAt(0);
  return '';
}

export function createSenseModel(table: AliasTable, matcher: Matcher, expansionMatches: ExpansionMatch): SenseModel {
  // Only the aliases of ambiguous entries need their indexes: a large personal glossary's other
  // aliases are not folded at all (most fail the first-character test).
  const wanted = new Set(table.ambiguous.filter((a) => a.context.length !== 0).map((a) => foldAlias(a.alias)));
  const firsts = new Set([...wanted].map((key) => key.charAt(0)));
  const aliasIndexes = new Map<string, number[]>();
  table.aliases.forEach(([text], index) => {
    if (!firsts.has(foldedFirst(text))) return;
    const key = foldAlias(text);
    if (!wanted.has(key)) return;
    const indexes = aliasIndexes.get(key);
    if (indexes) indexes.push(index);
    else aliasIndexes.set(key, [index]);
  });
  const senses = new Map<number, Map<number, Sense>>();
  let longestCue = 0;
  for (const { alias, entry, context, against } of table.ambiguous) {
    for (const cue of [...context, ...(against ?? [])]) longestCue = Math.max(longestCue, cue.length);
    if (context.length === 0) continue;
    const contextCues = new Cues(context);
    for (const index of aliasIndexes.get(foldAlias(alias)) ?? []) {
      const byEntry = senses.get(index) ?? new Map<number, Sense>();
      byEntry.set(entry, { context: contextCues, against: against?.length ? new Cues(against) : undefined });
      senses.set(index, byEntry);
    }
  }
  return {
    senses,
    related: symmetric(table.related ?? [], table.ids.length),
    aliasOf(short) {
      const found = matcher.find(short);
      const only = found[0];
      return found.length === 1 && only && only.start === 0 && only.end === short.length ? only.alias : undefined;
    },
    expansionMatches,
    cueReach: longestCue + CUE_SPACE_SLACK,
  };
}

/**
 * Spans worth searching for cue words, as flat [start, end) pairs in text order: around each
 * mention of an ambiguous alias, merged where they are close. Most of a page is far from any
 * such mention, and a cue further away could not count.
 */
function cueWindows(text: string, mentions: readonly Mention[], model: SenseModel): number[] {
  const windows: number[] = [];
  const reach = model.cueReach;
  for (const { alias, start, end } of mentions) {
    if (!model.senses.has(alias)) continue;
    // Read from well before the neighbourhood, so a cue that ends inside it is read whole and
    // the matches inside line up with a reading of the whole text; from a word start, so the
    // cues' "not inside a word" look-behind sees what it would see there.
    let from = Math.max(0, start - NEIGHBOURHOOD - 2 * reach);
    while (from > 0 && WORD_CHAR.test(text[from - 1] ?? '')) from--;
    // A cue that starts inside the neighbourhood is read whole.
    const to = Math.min(text.length, end + NEIGHBOURHOOD + reach);
    // Windows closer than a cue's length are joined, so no cue is cut in two or read twice.
    if (windows.length !== 0 && from <= (windows[windows.length - 1] as number) + reach) windows[windows.length - 1] = to;
    else windows.push(from, to);
  }
  return windows;
}

/** Positions of every cue hit in the windows, found once per cue regex and text. */
function hitsOf(text: string, words: Cues, cues: CueSearch): number[] {
  let hits = cues.hits.get(words);
  if (!hits) {
    hits = [];
    cues.windows ??= cueWindows(text, cues.mentions, cues.model);
    const { windows } = cues;
    const regex = words.regex;
    for (let w = 0; w < windows.length; w += 2) {
      const from = windows[w] as number;
      const part = text.slice(from, windows[w + 1]);
      regex.lastIndex = 0;
      for (let m = regex.exec(part); m; m = regex.exec(part)) hits.push(from + m.index, from + m.index + m[0].length);
    }
    cues.hits.set(words, hits);
  }
  return hits;
}

/** The cue search of one text: its windows (computed on first need) and hits per cue regex. */
interface CueSearch {
  mentions: readonly Mention[];
  model: SenseModel;
  windows?: number[];
  hits: Map<Cues, number[]>;
}

/** Distance from the mention to the nearest hit outside it, or Infinity beyond the neighbourhood. */
function nearest(hits: number[], start: number, end: number): number {
  let lo = 0;
  let hi = hits.length / 2;
  // First hit ending after start - NEIGHBOURHOOD.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((hits[mid * 2 + 1] ?? 0) <= start - NEIGHBOURHOOD) lo = mid + 1;
    else hi = mid;
  }
  let best = Infinity;
  for (let i = lo; i < hits.length / 2; i++) {
    const hs = hits[i * 2] ?? 0;
    const he = hits[i * 2 + 1] ?? 0;
    if (hs >= end + NEIGHBOURHOOD) break;
    if (hs < end && he > start) continue; // the mention itself
    const distance = he <= start ? start - he : hs - end;
    if (distance < best) best = distance;
  }
  return best <= NEIGHBOURHOOD ? best : Infinity;
}

/** For each alias a page defines, its definitions in text order. */
function definitionsByAlias(definitions: readonly AbbreviationDefinition[], model: SenseModel): Map<number, AbbreviationDefinition[]> {
  const byAlias = new Map<number, AbbreviationDefinition[]>();
  for (const definition of definitions) {
    const alias = model.aliasOf(definition.short);
    if (alias === undefined) continue;
    byAlias.set(alias, [...(byAlias.get(alias) ?? []), definition]);
  }
  return byAlias;
}

/** The definition that governs a mention: the last one before it, else the first on the page. */
function governing(list: readonly AbbreviationDefinition[], position: number): AbbreviationDefinition | undefined {
  let chosen = list[0];
  for (const definition of list) if (definition.start <= position) chosen = definition;
  return chosen;
}

type Verdict = 'yes' | 'no' | 'unknown';

/**
 * What a whole page says, for deciding one part of it: the abbreviations it defines and the
 * entries it establishes (mentions that need no support, or found it).
 */
export interface PageEvidence {
  /** alias index → the page's first definition of it. */
  definitions: Map<number, AbbreviationDefinition>;
  established: Set<number>;
}

interface Judged {
  mention: Mention;
  verdicts: Map<number, Verdict>;
  confidence: Confidence;
}

/** Definitions and nearby cues: every entry of every mention gets yes, no or unknown. */
function judge(text: string, mentions: readonly Mention[], definitions: readonly AbbreviationDefinition[], model: SenseModel, page: PageEvidence | undefined): Judged[] {
  const defined = definitionsByAlias(definitions, model);
  const cues: CueSearch = { mentions, model, hits: new Map() };
  return mentions.map((mention) => {
    const local = defined.get(mention.alias);
    const definition = local ? governing(local, mention.start) : page?.definitions.get(mention.alias);
    const byEntry = model.senses.get(mention.alias);
    const verdicts = new Map<number, Verdict>();
    let confidence: Confidence = 'plain';
    for (const entry of mention.entries) {
      if (definition) {
        const ok = model.expansionMatches(entry, definition.long);
        verdicts.set(entry, ok ? 'yes' : 'no');
        if (ok) confidence = 'defined';
        continue;
      }
      const sense = byEntry?.get(entry);
      if (!sense) {
        verdicts.set(entry, 'yes');
        continue;
      }
      const forIt = nearest(hitsOf(text, sense.context, cues), mention.start, mention.end);
      const againstIt = sense.against ? nearest(hitsOf(text, sense.against, cues), mention.start, mention.end) : Infinity;
      if (forIt === Infinity && againstIt === Infinity) verdicts.set(entry, 'unknown');
      else if (forIt <= againstIt) {
        verdicts.set(entry, 'yes');
        if (confidence === 'plain') confidence = 'context';
      } else verdicts.set(entry, 'no');
    }
    return { mention, verdicts, confidence };
  });
}

function establishedBy(judged: readonly Judged[]): Set<number> {
  const established = new Set<number>();
  for (const { verdicts } of judged) for (const [entry, verdict] of verdicts) if (verdict === 'yes') established.add(entry);
  return established;
}

/** The evidence a whole page text offers (see PageEvidence). */
export function pageEvidence(text: string, mentions: readonly Mention[], definitions: readonly AbbreviationDefinition[], model: SenseModel): PageEvidence {
  const byAlias = new Map<number, AbbreviationDefinition>();
  for (const [alias, list] of definitionsByAlias(definitions, model)) if (list[0]) byAlias.set(alias, list[0]);
  return { definitions: byAlias, established: establishedBy(judge(text, mentions, definitions, model, undefined)) };
}

/** Whether two pages' evidence decides every mention alike: a rescan is needed only if not. */
export function sameEvidence(a: PageEvidence, b: PageEvidence): boolean {
  if (a.established.size !== b.established.size || a.definitions.size !== b.definitions.size) return false;
  for (const entry of a.established) if (!b.established.has(entry)) return false;
  for (const [alias, definition] of a.definitions) if (b.definitions.get(alias)?.long !== definition.long) return false;
  return true;
}

/**
 * Decides the mentions of `text`. Without `page`, `text` is taken to be the whole page; with it,
 * `text` is one part of the page (a block) and `page` carries what the rest of the page says.
 */
export function resolveMentions(
  text: string,
  mentions: readonly Mention[],
  definitions: readonly AbbreviationDefinition[],
  model: SenseModel,
  page?: PageEvidence,
): Resolved[] {
  const judged = judge(text, mentions, definitions, model, page);
  const established = establishedBy(judged);
  for (const entry of page?.established ?? []) established.add(entry);
  const resolved: Resolved[] = [];
  for (const { mention, verdicts, confidence } of judged) {
    let level = confidence;
    const entries = mention.entries.filter((entry) => {
      const verdict = verdicts.get(entry);
      if (verdict !== 'unknown') return verdict === 'yes';
      const supported = established.has(entry) || (model.related[entry] ?? []).some((other) => established.has(other));
      if (supported && level === 'plain') level = 'context';
      return supported;
    });
    if (entries.length) resolved.push({ start: mention.start, end: mention.end, entries, confidence: level });
  }
  return resolved;
}

/** Page definitions no knowledge entry explains on this page: the page's own glossary. */
export function unlinkedDefinitions(definitions: readonly AbbreviationDefinition[], model: SenseModel, table: AliasTable): AbbreviationDefinition[] {
  const seen = new Set<string>();
  return definitions.filter((definition) => {
    const key = `${definition.short}\u0000${definition.long.toLowerCase()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    const alias = model.aliasOf(definition.short);
    if (alias === undefined) return true;
    const entries = table.aliases[alias]?.[1] ?? [];
    return !entries.some((entry) => model.expansionMatches(entry, definition.long));
  });
}
