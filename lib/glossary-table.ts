// The personal glossary compiled for content scripts: the built-in alias table with the
// glossary's aliases merged in, made once when the glossary is written (or, for a glossary
// stored by an older version, when the extension is installed or updated), never per page.
// A content script reads this one value and scans with it: no schema checks, no merging.
import { type AliasTable, buildAliasTable } from './alias-table';
import { fnv1a } from './fnv1a';
import type { GlossaryData } from './glossary-data';
import { personalId } from './personal-ids';

/** Bump when the shape of the compiled table changes: an older one is then rebuilt, never misread. */
export const GLOSSARY_TABLE_FORMAT = 1;

export interface StoredGlossaryTable {
  format: number;
  /** knowledgeStamp() of the built-in table it was merged with: an update that changes the
   * built-in knowledge makes it stale. */
  knowledge: string;
  /** The merged AliasTable as JSON, or null for an empty glossary (the built-in table is used).
   * One string, not nested objects: storage hands it to every frame as one copy, JSON.parse is
   * V8's fastest way to rebuild it, and a change event compares two strings, not two tables. */
  table: string | null;
  /**
   * A hash of the whole glossary: any edit changes this item, so open pages hear of it even
   * when the aliases stay the same (a new summary) and drop the card answers they hold.
   */
  revision?: string;
}

export function compileGlossaryTable(base: AliasTable, knowledge: string, glossary: GlossaryData): StoredGlossaryTable {
  const table = glossary.entries.length === 0 ? null : JSON.stringify(aliasTableWithGlossary(base, glossary));
  return { format: GLOSSARY_TABLE_FORMAT, knowledge, table, revision: fnv1a(JSON.stringify(glossary)) };
}

/** Whether a stored value is a compiled table of this format, made with this built-in knowledge. */
export function isCurrentGlossaryTable(stored: unknown, knowledge: string): stored is StoredGlossaryTable {
  if (typeof stored !== 'object' || stored === null) return false;
  const { format, knowledge: made, table } = stored as Partial<StoredGlossaryTable>;
  return format === GLOSSARY_TABLE_FORMAT && made === knowledge && (table === null || typeof table === 'string');
}

/**
 * The content script's alias table with the personal glossary merged in, for detection on pages.
 * Personal entries get prefixed ids (lib/personal-ids.ts); an alias both tables carry maps to
 * both entries (the card then offers each); a personal entry's "related" may name a built-in
 * entry.
 */
export function aliasTableWithGlossary(base: AliasTable, glossary: GlossaryData): AliasTable {
  if (glossary.entries.length === 0) return base;
  const personal = buildAliasTable(glossary.entries);
  const offset = base.ids.length;
  const aliases = new Map(base.aliases.map(([text, indexes]) => [text, [...indexes]]));
  for (const [text, indexes] of personal.aliases) {
    aliases.set(text, [...(aliases.get(text) ?? []), ...indexes.map((i) => i + offset)]);
  }
  const personalIndex = new Map(glossary.entries.map((e, i) => [e.id, offset + i]));
  const relatedOf = (ids: readonly string[]) =>
    ids.map((id) => personalIndex.get(id) ?? base.ids.indexOf(id)).filter((i) => i >= 0);
  return {
    ids: [...base.ids, ...personal.ids.map(personalId)],
    categories: [...base.categories, ...personal.categories],
    aliases: [...aliases],
    ambiguous: [...base.ambiguous, ...personal.ambiguous.map((a) => ({ ...a, entry: a.entry + offset }))],
    blocked: [...new Set([...base.blocked, ...personal.blocked])],
    related: [...(base.related ?? base.ids.map(() => [])), ...glossary.entries.map((e) => relatedOf(e.related))],
  };
}
