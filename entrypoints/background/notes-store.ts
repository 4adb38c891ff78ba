// Notes in IndexedDB (through idb), in the background only. Every change is one readwrite
// transaction with strict durability, so a note acknowledged as saved survives the worker being
// stopped, and a failed write (disk full) leaves the previous state. IndexedDB runs readwrite
// transactions on one store one after another, so two tabs saving at once lose nothing: per
// id, the version with the later `modified` wins.
import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB } from 'idb';
import { type Annotation, modifiedTime, newerOf } from '../../lib/annotation';
import { isQuotaError } from '../../platform/storage-errors';

/** One stored note. The page key and time sit beside the annotation so they can be indexed
 *  (and, once notes can be locked, so the annotation itself can be stored encrypted). */
export interface StoredNote {
  id: string;
  pageKey: string;
  modified: number;
  annotation: Annotation;
}

interface NotesSchema extends DBSchema {
  notes: { key: string; value: StoredNote; indexes: { byPage: string } };
}

export interface ImportSummary {
  added: number;
  updated: number;
  /** Already stored in the same or a newer version. */
  skipped: number;
}

export interface SaveResult {
  /** The version now stored: the one given, or a newer one another tab saved first. */
  annotation: Annotation;
  stored: boolean;
}

export interface NotesStore {
  listForPage(pageKey: string): Promise<Annotation[]>;
  listAll(): Promise<Annotation[]>;
  save(annotation: Annotation): Promise<SaveResult>;
  /** The note removed, or null when there was none with that id. */
  remove(id: string): Promise<Annotation | null>;
  /** All or nothing: one transaction. */
  importMany(annotations: readonly Annotation[]): Promise<ImportSummary>;
}

export const NOTES_DB_NAME = 'clinical-lens-notes';
const DB_VERSION = 1;

function record(annotation: Annotation): StoredNote {
  return { id: annotation.id, pageKey: annotation.target.source, modified: modifiedTime(annotation), annotation };
}

/** Storage failures in words a user can act on. */
export function storageErrorMessage(error: unknown, what: string): string {
  const quota = (error instanceof DOMException && error.name === 'QuotaExceededError') || isQuotaError(error);
  if (quota) return `The browser's storage for Clinical Lens is full, so ${what} failed. Nothing was changed; free some disk space and try again.`;
  return `${what[0]!.toUpperCase()}${what.slice(1)} failed (${error instanceof Error ? error.message : String(error)}). Nothing was changed.`;
}

async function guarded<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new Error(storageErrorMessage(error, what), { cause: error });
  }
}

export function openNotesStore(name: string = NOTES_DB_NAME): NotesStore {
  let connection: Promise<IDBPDatabase<NotesSchema>> | null = null;

  const db = () => {
    connection ??= openDB<NotesSchema>(name, DB_VERSION, {
      upgrade(database) {
        const notes = database.createObjectStore('notes', { keyPath: 'id' });
        notes.createIndex('byPage', 'pageKey');
      },
      // Another context upgrading or deleting the database, or the browser closing it: let go,
      // and open again on the next request.
      blocking() {
        void connection?.then((d) => d.close());
        connection = null;
      },
      terminated() {
        connection = null;
      },
    }).catch((error: unknown) => {
      connection = null;
      throw error;
    });
    return connection;
  };

  /**
   * Runs `work` in one readwrite transaction and resolves once it is committed. Any failure
   * aborts it, so none of its writes land: put() throws some errors (a value that cannot be
   * stored) without aborting by itself.
   */
  const change = async <T>(work: (tx: IDBPTransaction<NotesSchema, ['notes'], 'readwrite'>) => Promise<T>): Promise<T> => {
    const tx = (await db()).transaction('notes', 'readwrite', { durability: 'strict' });
    try {
      const result = await work(tx);
      await tx.done;
      return result;
    } catch (error) {
      tx.done.catch(() => undefined);
      try {
        tx.abort();
      } catch {
        // Already finished or aborted: nothing was committed by us after the failure.
      }
      throw error;
    }
  };

  return {
    listForPage: (pageKey) => guarded('reading notes', async () => (await (await db()).getAllFromIndex('notes', 'byPage', pageKey)).map((r) => r.annotation)),

    listAll: () => guarded('reading notes', async () => (await (await db()).getAll('notes')).map((r) => r.annotation)),

    save: (annotation) =>
      guarded('saving the note', () =>
        change(async (tx) => {
          const held = await tx.store.get(annotation.id);
          const kept = held ? newerOf(held.annotation, annotation) : annotation;
          const stored = kept === annotation;
          if (stored) await tx.store.put(record(annotation));
          return { annotation: kept, stored };
        }),
      ),

    remove: (id) =>
      guarded('deleting the note', () =>
        change(async (tx) => {
          const held = await tx.store.get(id);
          if (held) await tx.store.delete(id);
          return held?.annotation ?? null;
        }),
      ),

    importMany: (annotations) =>
      guarded('importing the notes', () =>
        change(async (tx) => {
          const incoming = new Map<string, Annotation>();
          for (const a of annotations) incoming.set(a.id, incoming.has(a.id) ? newerOf(incoming.get(a.id)!, a) : a);
          const notes = [...incoming.values()];
          const held = await Promise.all(notes.map((a) => tx.store.get(a.id)));
          const summary: ImportSummary = { added: 0, updated: 0, skipped: 0 };
          const writes = notes.flatMap((annotation, i) => {
            const old = held[i];
            if (old && newerOf(old.annotation, annotation) === old.annotation) {
              summary.skipped++;
              return [];
            }
            if (old) summary.updated++;
            else summary.added++;
            // Marked as handled at once: if a later put throws, the transaction is aborted and
            // these reject with nobody left to await them.
            const write = tx.store.put(record(annotation));
            write.catch(() => undefined);
            return [write];
          });
          await Promise.all(writes);
          return summary;
        }),
      ),
  };
}
