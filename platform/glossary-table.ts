// The compiled glossary table (lib/glossary-table.ts) as content scripts read it: one storage
// read of one string, no schema checks (the glossary was checked when it was written), and
// later versions taken from change events. Written only by platform/glossary-store.ts.
import { knowledgeStamp } from 'virtual:clinical-lens/alias-table';
import type { AliasTable } from '../lib/alias-table';
import { isCurrentGlossaryTable } from '../lib/glossary-table';
import { readLocalItem, watchLocalItem } from './local-item';

export const GLOSSARY_TABLE_KEY = 'local:glossaryTable' as const;

/**
 * The table to detect with: the stored one, or `base` alone when none is stored for this build:
 * no glossary yet, or a glossary stored by an older version whose migration (on install or
 * update, in the background) has not written the table yet; the watch then brings it.
 */
function tableFrom(stored: unknown, base: AliasTable): AliasTable {
  if (!isCurrentGlossaryTable(stored, knowledgeStamp) || stored.table === null) return base;
  try {
    return JSON.parse(stored.table) as AliasTable;
  } catch {
    // Damaged storage: the built-in terms are still worth marking. The next change to the
    // glossary writes a good table.
    return base;
  }
}

export async function readGlossaryTable(base: AliasTable): Promise<AliasTable> {
  return tableFrom(await readLocalItem(GLOSSARY_TABLE_KEY), base);
}

/** Calls back whenever the glossary changes, with a reader of the new table (a frame where
 * Clinical Lens is off need not parse it); returns the unwatch. */
export function watchGlossaryTable(base: AliasTable, callback: (read: () => AliasTable) => void): () => void {
  return watchLocalItem(GLOSSARY_TABLE_KEY, (value) => callback(() => tableFrom(value, base)));
}
