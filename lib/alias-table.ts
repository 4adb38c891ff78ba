// The compact alias table: the only knowledge the content script carries.
import type { Category, Entry } from './knowledge-schema';

export interface AliasTable {
  /** Entry ids; aliases refer to entries by index into this list. */
  ids: string[];
  categories: Category[];
  /** [surface text, entry indexes]: more than one index means the alias is shared. */
  aliases: [string, number[]][];
  ambiguous: { alias: string; entry: number; expansions: string[]; context: string[]; against?: string[] }[];
  blocked: string[];
  /** Per entry, the indexes of its related entries: a mention of one supports the other's ambiguous aliases. */
  related?: number[][];
}

/** Pure, so personal glossaries are compiled the same way at run time. */
export function buildAliasTable(entries: readonly Entry[]): AliasTable {
  const byText = new Map<string, number[]>();
  entries.forEach((entry, index) => {
    for (const text of new Set([entry.term, ...entry.aliases])) {
      const list = byText.get(text) ?? [];
      if (!list.includes(index)) list.push(index);
      byText.set(text, list);
    }
  });
  return {
    ids: entries.map((e) => e.id),
    categories: entries.map((e) => e.category),
    aliases: [...byText].map(([text, indexes]) => [text, indexes]),
    ambiguous: entries.flatMap((entry, index) =>
      entry.ambiguous.map(({ alias, expansions, context, against }) => ({ alias, entry: index, expansions, context, against })),
    ),
    blocked: [...new Set(entries.flatMap((e) => e.notAliases))],
    related: entries.map((e) => e.related.map((id) => entries.findIndex((other) => other.id === id)).filter((i) => i >= 0)),
  };
}
