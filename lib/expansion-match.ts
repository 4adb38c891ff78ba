// Does a long form written on a page mean a knowledge entry? Compared loosely, because pages
// write the same expansion many ways: "Trans Arterial Chemo-Embolization", "transcatheter
// arterial chemoembolisation", "treated by chemoembolization", "polyvinyl alcohol".
import type { AliasTable } from './alias-table';
import type { Matcher } from './matcher';

const ABBREVIATION = /^[A-Z][A-Z0-9]{1,5}$/;

/**
 * Spelling-neutral words: case, accents, British/American spelling and a final plural folded
 * away. Only the last word loses its plural "s", so "Trans Arterial" still joins to "transarterial".
 */
export function looseWords(text: string): string[] {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return words.map((word, i) =>
    (i === words.length - 1 ? word.replace(/(?<=[^su])s$/, '') : word)
      .replace(/is(ation|e|ed|ing)$/, 'iz$1')
      // oesophagus, oedema, aetiology, haemorrhage, diarrhoea; never across "chemo|embolization".
      .replace(/^(h?)(?:ae|oe)/, '$1e')
      .replace(/oea$/, 'ea')
      .replace(/our$/, 'or')
      .replace(/tre$/, 'ter'),
  );
}

/** Whether `inner`'s letters equal a run of whole words of `outer`, spaces ignored. */
function containsWords(outer: string[], inner: string[]): boolean {
  const target = inner.join('');
  if (!target) return false;
  for (let i = 0; i < outer.length; i++) {
    let joined = '';
    for (let j = i; j < outer.length && joined.length < target.length; j++) {
      joined += outer[j];
      if (joined === target) return true;
    }
  }
  return false;
}

/** Whether `long` is a leading run of whole words of `phrase` ("polyvinyl alcohol" of "polyvinyl alcohol particles"). */
function startsWithWords(phrase: string[], long: string[]): boolean {
  if (long.length < 2) return false;
  const target = long.join('');
  let joined = '';
  for (const word of phrase) {
    joined += word;
    if (joined === target) return true;
    if (joined.length >= target.length) return false;
  }
  return false;
}

export type ExpansionMatch = (entry: number, long: string) => boolean;

/**
 * The check for one alias table: entry index + long form → does it name that entry? Only pages
 * that define an abbreviation ask, and only about a few entries: each entry's spellings are
 * prepared the first time it is asked about, so a large glossary costs nothing up front.
 */
export function createExpansionMatch(table: AliasTable, matcher: Matcher): ExpansionMatch {
  let namesOf: string[][] | undefined;
  const phrases = new Map<number, string[][]>();
  const phrasesOf = (entry: number): string[][] => {
    let list = phrases.get(entry);
    if (!list) {
      namesOf ??= longNames(table);
      list = (namesOf[entry] ?? []).map(looseWords);
      phrases.set(entry, list);
    }
    return list;
  };
  return (entry, long) => {
    // The matcher knows the entry's exact surface forms (hyphens, plurals, Chinese).
    if (matcher.find(long).some((m) => m.entries.includes(entry) && !ABBREVIATION.test(table.aliases[m.alias]?.[0] ?? ''))) return true;
    const words = looseWords(long);
    return phrasesOf(entry).some((phrase) => containsWords(words, phrase) || startsWithWords(phrase, words));
  };
}

/** Per entry, its names that are not abbreviations and the expansions its ambiguity rules give. */
function longNames(table: AliasTable): string[][] {
  const names: string[][] = table.ids.map(() => []);
  for (const [text, entries] of table.aliases) {
    if (ABBREVIATION.test(text)) continue;
    for (const entry of entries) names[entry]?.push(text);
  }
  for (const { entry, expansions } of table.ambiguous) names[entry]?.push(...expansions);
  return names;
}
