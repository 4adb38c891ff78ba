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

/** Builds the check once per alias table: entry index + long form → does it name that entry? */
export function createExpansionMatch(table: AliasTable, matcher: Matcher): ExpansionMatch {
  const phrases: string[][][] = table.ids.map(() => []);
  for (const [text, entries] of table.aliases) {
    if (ABBREVIATION.test(text)) continue;
    for (const entry of entries) phrases[entry]?.push(looseWords(text));
  }
  for (const { entry, expansions } of table.ambiguous) for (const text of expansions) phrases[entry]?.push(looseWords(text));
  return (entry, long) => {
    // The matcher knows the entry's exact surface forms (hyphens, plurals, Chinese).
    if (matcher.find(long).some((m) => m.entries.includes(entry) && !ABBREVIATION.test(table.aliases[m.alias]?.[0] ?? ''))) return true;
    const words = looseWords(long);
    return (phrases[entry] ?? []).some((phrase) => containsWords(words, phrase) || startsWithWords(phrase, words));
  };
}
