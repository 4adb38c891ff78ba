// Groups an entry's other names the way clinicians scan them: abbreviations, other names
// (synonyms, spellings, brands), and Chinese names.
import type { Entry } from './knowledge-schema';
import { lookupKey } from './lookup-key';

export interface SynonymGroups {
  abbreviations: string[];
  names: string[];
  chinese: string[];
}

const HAN = /\p{Script=Han}/u;
/** Short, one word, at least two capitals: "TACE", "cTACE", "DEB-TACE", "TNF-α". */
const ABBREVIATION = /^(?=(?:.*\p{Lu}){2})[\p{L}\p{N}\-/]{2,12}$/u;

export function groupSynonyms(entry: Pick<Entry, 'term' | 'aliases'>): SynonymGroups {
  // Names that differ only in case, spaces or hyphens from one already listed add nothing.
  const seen = new Set([lookupKey(entry.term)]);
  const groups: SynonymGroups = { abbreviations: [], names: [], chinese: [] };
  for (const alias of entry.aliases) {
    const key = lookupKey(alias);
    if (seen.has(key)) continue;
    seen.add(key);
    if (HAN.test(alias)) groups.chinese.push(alias);
    else if (ABBREVIATION.test(alias)) groups.abbreviations.push(alias);
    else groups.names.push(alias);
  }
  return groups;
}
