// The user's personal glossary: one versioned storage item holding entries in the knowledge
// schema and the documents they cite, and beside it the alias table content scripts detect with,
// compiled from it (lib/glossary-table.ts, read by platform/glossary-table.ts). Every change is
// one write of both, which chrome.storage applies atomically: a failed write (storage full)
// leaves the previous glossary and its table.
//
// Version history (bump GLOSSARY_VERSION and add a migration when the stored shape changes):
//   1 — first release: { entries: Entry[], sources: Sources }.
//   The compiled table has its own format number (GLOSSARY_TABLE_FORMAT) and is rebuilt, not
//   migrated: glossaries stored before it existed get one on install or update.
import * as v from 'valibot';
import aliasTable, { knowledgeStamp } from 'virtual:clinical-lens/alias-table';
import { storage } from 'wxt/utils/storage';
import { GLOSSARY_LIMITS, type GlossaryData } from '../lib/glossary-data';
import { compileGlossaryTable, isCurrentGlossaryTable } from '../lib/glossary-table';
import { type Entry, EntrySchema, SourceDocSchema, type Sources } from '../lib/knowledge-schema';
import { GLOSSARY_TABLE_KEY } from './glossary-table';
import { StorageWriteError, describeStorageError } from './storage-errors';

export const EMPTY_GLOSSARY: GlossaryData = { entries: [], sources: {} };

const GLOSSARY_KEY = 'local:glossary';
const GLOSSARY_VERSION = 1;

const defineGlossaryItem = () =>
  storage.defineItem<GlossaryData>(GLOSSARY_KEY, {
    fallback: EMPTY_GLOSSARY,
    version: GLOSSARY_VERSION,
    // Present even while empty: the first write then records the version for later migrations.
    migrations: {},
  });

let item: ReturnType<typeof defineGlossaryItem> | undefined;
/** Defined on first use: defining an item reads it at once (its migration check), and content
 * scripts import this module in every frame, where the glossary is read only if needed. */
const glossaryItem = () => (item ??= defineGlossaryItem());

/** The stored glossary, re-checked: a damaged entry is skipped rather than fatal. (It stays in
 * storage until the next change to the glossary, which writes only readable entries.) */
export function readGlossary(stored: unknown): GlossaryData {
  if (typeof stored !== 'object' || stored === null) return EMPTY_GLOSSARY;
  const { entries, sources } = stored as { entries?: unknown; sources?: unknown };
  const validEntries = (Array.isArray(entries) ? entries : []).flatMap((e) => {
    const parsed = v.safeParse(EntrySchema, e);
    return parsed.success ? [parsed.output] : [];
  });
  const validSources: Sources = {};
  if (typeof sources === 'object' && sources !== null) {
    for (const [id, doc] of Object.entries(sources)) {
      const parsed = v.safeParse(SourceDocSchema, doc);
      if (parsed.success) validSources[id] = parsed.output;
    }
  }
  return { entries: validEntries, sources: validSources };
}

export async function getGlossary(): Promise<GlossaryData> {
  return readGlossary(await glossaryItem().getValue());
}

/**
 * Runs pending migrations of the stored glossary, and compiles its alias table when none is
 * stored for this build (a glossary kept by an older version, or built-in knowledge that changed
 * with an update). The background calls it on install and update.
 */
export async function migrateGlossary(): Promise<void> {
  const glossary = await getGlossary();
  if (isCurrentGlossaryTable(await storage.getItem(GLOSSARY_TABLE_KEY), knowledgeStamp)) return;
  try {
    await storage.setItem(GLOSSARY_TABLE_KEY, compileGlossaryTable(aliasTable, knowledgeStamp, glossary));
  } catch (error) {
    // Storage full: pages keep detecting the built-in terms; the next glossary change retries.
    console.warn(describeStorageError(error, 'the glossary’s alias table'));
  }
}

/** Calls back with the glossary whenever any context changes it; returns the unwatch. The new
 * value comes with the change event: watching reads nothing. */
export function watchGlossary(callback: (glossary: GlossaryData) => void): () => void {
  return storage.watch<GlossaryData>(GLOSSARY_KEY, (value) => callback(readGlossary(value)));
}

async function write(next: GlossaryData, what: string): Promise<void> {
  if (next.entries.length > GLOSSARY_LIMITS.maxEntries) {
    throw new StorageWriteError(
      `Your glossary would hold ${next.entries.length.toLocaleString('en-US')} entries; it can hold at most ${GLOSSARY_LIMITS.maxEntries.toLocaleString('en-US')}. Nothing was changed.`,
    );
  }
  const glossary = withCitedSourcesOnly(next);
  try {
    // One storage call, so the glossary, its version and its compiled table change together.
    await storage.setItems([
      { item: glossaryItem(), value: glossary },
      { key: `${GLOSSARY_KEY}$`, value: { v: GLOSSARY_VERSION } },
      { key: GLOSSARY_TABLE_KEY, value: compileGlossaryTable(aliasTable, knowledgeStamp, glossary) },
    ]);
  } catch (error) {
    throw new StorageWriteError(describeStorageError(error, what));
  }
}

/** Documents no entry cites any more are dropped, so removing entries frees their space. */
function withCitedSourcesOnly({ entries, sources }: GlossaryData): GlossaryData {
  const cited = new Set(entries.flatMap((e) => [...e.sources, ...e.facts.flatMap((f) => f.sources)].map((ref) => ref.doc)));
  return { entries, sources: Object.fromEntries(Object.entries(sources).filter(([id]) => cited.has(id))) };
}

export interface ImportSummary {
  added: number;
  updated: number;
}

/** Adds validated entries (from lib/glossary-import.ts); an entry whose id is already stored is
 * replaced, so importing an updated file updates it. All or nothing. */
export async function addToGlossary(data: GlossaryData): Promise<ImportSummary> {
  const current = await getGlossary();
  const incoming = new Map(data.entries.map((e) => [e.id, e]));
  const updated = current.entries.filter((e) => incoming.has(e.id)).length;
  const kept = current.entries.filter((e) => !incoming.has(e.id));
  await write({ entries: [...kept, ...data.entries], sources: { ...current.sources, ...data.sources } }, 'the imported glossary');
  return { added: data.entries.length - updated, updated };
}

/** Saves one entry: replaces the stored entry with the same id, or adds it. */
export async function saveGlossaryEntry(entry: Entry): Promise<void> {
  const current = await getGlossary();
  const exists = current.entries.some((e) => e.id === entry.id);
  const entries = exists ? current.entries.map((e) => (e.id === entry.id ? entry : e)) : [...current.entries, entry];
  await write({ ...current, entries }, `“${entry.term}”`);
}

export async function removeFromGlossary(ids: readonly string[]): Promise<void> {
  const current = await getGlossary();
  const gone = new Set(ids);
  await write({ ...current, entries: current.entries.filter((e) => !gone.has(e.id)) }, 'the glossary');
}
