// The one detection function shared by the content script and the scan CLI: the matcher's
// mentions, checked against the page's own abbreviation definitions and the knowledge base's
// ambiguity data (lib/disambiguate.ts), resolved to knowledge ids.
import { type AbbreviationDefinition, findAbbreviationDefinitions } from './abbreviations';
import type { AliasTable } from './alias-table';
import { type Confidence, type PageEvidence, createSenseModel, pageEvidence, resolveMentions, unlinkedDefinitions } from './disambiguate';
import { createExpansionMatch } from './expansion-match';
import { createMatcher, type Mention } from './matcher';

export type { Confidence, PageEvidence } from './disambiguate';
export { sameEvidence } from './disambiguate';

export interface Detection {
  start: number;
  end: number;
  surface: string;
  entryIds: string[];
  /** 'defined': the page defines this abbreviation with the entry's expansion; 'context': an
   * ambiguous alias confirmed by cue words or related mentions; 'plain': an unambiguous alias. */
  confidence: Confidence;
}

export interface DetectOptions {
  /** Return only detections inside this span; the whole text is still read for evidence
   * (definitions, cue words, related mentions), so a partial rescan decides like a full one. */
  within?: { start: number; end: number };
  /** When `text` is only part of a page (one block): what the whole page says, from
   * `evidence(pageText)`. Without it, `text` is taken to be the whole page. */
  page?: PageEvidence;
  /** The matcher's mentions of `text`, when the caller has them already (the content script
   * matches each chunk once, for its evidence and its detections). */
  mentions?: readonly Mention[];
}

/** An abbreviation the page defines that no knowledge entry explains there. */
export interface PageDefinition extends AbbreviationDefinition {
  /** Every whole-word use of the short form in the text, the defining one included. */
  uses: { start: number; end: number }[];
}

export interface Detector {
  detect(text: string, options?: DetectOptions): Detection[];
  /** The page-level facts (definitions, established entries) of a whole page's text;
   * `mentions` as in DetectOptions. */
  evidence(pageText: string, mentions?: readonly Mention[]): PageEvidence;
  pageDefinitions(text: string): PageDefinition[];
}

function usesOf(text: string, short: string): { start: number; end: number }[] {
  const uses: { start: number; end: number }[] = [];
  const isWord = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
  for (let at = text.indexOf(short); at >= 0; at = text.indexOf(short, at + short.length)) {
    if (!isWord(text[at - 1]) && !isWord(text[at + short.length])) uses.push({ start: at, end: at + short.length });
  }
  return uses;
}

export function createDetector(table: AliasTable): Detector {
  const matcher = createMatcher(table);
  const model = createSenseModel(table, matcher, createExpansionMatch(table, matcher));
  // Detection only needs the definitions of our own aliases; the rest are the page's glossary.
  const isAlias = (short: string) => model.aliasOf(short) !== undefined;
  const idsOf = (entries: number[]) => entries.map((i) => table.ids[i] ?? '').filter(Boolean);
  return {
    detect(text, options) {
      const resolved = resolveMentions(text, options?.mentions ?? matcher.find(text), findAbbreviationDefinitions(text, isAlias), model, options?.page);
      const within = options?.within;
      const wanted = within ? resolved.filter((r) => r.start >= within.start && r.end <= within.end) : resolved;
      return wanted.map((r) => ({ start: r.start, end: r.end, surface: text.slice(r.start, r.end), entryIds: idsOf(r.entries), confidence: r.confidence }));
    },
    evidence(pageText, mentions) {
      return pageEvidence(pageText, mentions ?? matcher.find(pageText), findAbbreviationDefinitions(pageText, isAlias), model);
    },
    pageDefinitions(text) {
      return unlinkedDefinitions(findAbbreviationDefinitions(text), model, table).map((d) => ({ ...d, uses: usesOf(text, d.short) }));
    },
  };
}
