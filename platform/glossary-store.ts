// The user's personal glossary: one versioned storage item holding entries in the knowledge
// schema and the documents they cite. Every change is one write of the whole item, which
// chrome.storage applies atomically: a failed write (storage full) leaves the previous glossary.
//
// Version history (bump `version` and add a migration when the stored shape changes):
//   1 — first release: { entries: Entry[], sources: Sources }.
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';
import { type AliasTable, buildAliasTable } from '../lib/alias-table';
import { GLOSSARY_LIMITS, type GlossaryData } from '../lib/glossary-data';
import { type Entry, EntrySchema, SourceDocSchema, type Sources } from '../lib/knowledge-schema';
import { personalId } from '../lib/personal-ids';
import { StorageWriteError, describeStorageError } from './storage-errors';

export const EMPTY_GLOSSARY: GlossaryData = { entries: [], sources: {} };

const GLOSSARY_KEY = 'local:glossary';

const defineGlossaryItem = () =>
  storage.defineItem<GlossaryData>(GLOSSARY_KEY, {
    fallback: EMPTY_GLOSSARY,
    version: 1,
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

/** The glossary in one storage read, for content scripts (see readSettings in settings.ts). */
export async function readStoredGlossary(): Promise<GlossaryData> {
  return readGlossary(await storage.getItem(GLOSSARY_KEY));
}

/** Runs pending migrations of the stored glossary (the background calls it on install/update). */
export async function migrateGlossary(): Promise<void> {
  await glossaryItem().getValue();
}

/** Calls back with the glossary whenever any context changes it; returns the unwatch. The new
 * value comes with the change event: watching reads nothing. */
export function watchGlossary(callback: (glossary: GlossaryData) => void): () => void {
  return watchGlossaryChanges((read) => callback(read()));
}

/** Like watchGlossary, but hands over a reader: a frame where Clinical Lens is off need not check
 * every entry of a glossary it does not use. */
export function watchGlossaryChanges(callback: (read: () => GlossaryData) => void): () => void {
  return storage.watch<GlossaryData>(GLOSSARY_KEY, (value) => callback(() => readGlossary(value)));
}

async function write(next: GlossaryData, what: string): Promise<void> {
  if (next.entries.length > GLOSSARY_LIMITS.maxEntries) {
    throw new StorageWriteError(
      `Your glossary would hold ${next.entries.length.toLocaleString('en-US')} entries; it can hold at most ${GLOSSARY_LIMITS.maxEntries.toLocaleString('en-US')}. Nothing was changed.`,
    );
  }
  try {
    await glossaryItem().setValue(withCitedSourcesOnly(next));
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

/**
 * The content script's alias table with the personal glossary merged in, for detection on pages.
 * Personal entries get prefixed ids (lib/personal-ids.ts); an alias both tables carry maps to
 * both entries (the card then offers each); a personal entry's "related" may name a built-in
 * entry. Call it again from watchGlossary to follow edits live.
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
