// Notes in IndexedDB (through idb), in the background only. Every change is one readwrite
// transaction with strict durability, so a note acknowledged as saved survives the worker being
// stopped, and a failed write (disk full) leaves the previous state. IndexedDB runs readwrite
// transactions on one store one after another, so two tabs saving at once lose nothing: per
// id, the version with the later `modified` wins, and a deletion leaves a tombstone so an older
// version arriving later does not bring the note back.
//
// Records are written by a codec (note-records.ts): in the clear, or sealed under the passphrase
// lock. WebCrypto work happens before a transaction opens (a transaction closes while it waits
// on anything else), and each transaction first checks that the lock it was sealed for is still
// the stored one; if not, the work is redone with the current codec.
import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB } from 'idb';
import * as v from 'valibot';
import type { Annotation } from '../../lib/annotation';
import { type LockMeta, LockMetaSchema } from '../../lib/note-crypto';
import { isQuotaError } from '../../platform/storage-errors';
import { type NoteRecord, plainCodec, type RecordCodec, type TombstoneRecord } from './note-records';

interface NotesSchema extends DBSchema {
  notes: { key: string; value: NoteRecord; indexes: { byPage: string } };
  tombstones: { key: string; value: TombstoneRecord };
  /** 'lock': the passphrase lock (LockMeta), absent when notes are stored in the clear. */
  meta: { key: string; value: unknown };
}

type StoreName = 'notes' | 'tombstones' | 'meta';
const STORES: StoreName[] = ['notes', 'tombstones', 'meta'];
type WriteTx = IDBPTransaction<NotesSchema, StoreName[], 'readwrite'>;
const LOCK_KEY = 'lock';

export interface ImportSummary {
  added: number;
  updated: number;
  /** Already stored in the same or a newer version. */
  skipped: number;
  /** Deleted here after the file's version was written: left deleted. */
  deleted: number;
}

export type SaveResult =
  | { status: 'stored'; annotation: Annotation }
  /** Another tab saved a newer version first: that one stays, and is returned. */
  | { status: 'newer-held'; annotation: Annotation }
  /** The note was deleted after this version was written: it stays deleted. */
  | { status: 'deleted' };

export interface NotesStore {
  listForPage(pageKey: string): Promise<Annotation[]>;
  listAll(): Promise<Annotation[]>;
  save(annotation: Annotation): Promise<SaveResult>;
  /** The note removed, or null when there was none with that id. */
  remove(id: string): Promise<Annotation | null>;
  /** All or nothing: one transaction. */
  importMany(annotations: readonly Annotation[]): Promise<ImportSummary>;
  /** The passphrase lock as stored, or null when there is none. */
  readLock(): Promise<LockMeta | null>;
  /** Rewrites every note and tombstone from one codec to the other and stores `lock` (or no
   *  lock), all in one transaction: a failure or a crash leaves everything as it was. */
  reseal(from: RecordCodec, to: RecordCodec, lock: LockMeta | null): Promise<void>;
}

export const NOTES_DB_NAME = 'clinical-lens-notes';
const DB_VERSION = 2;
/** Redo a change at most this often when the lock changes under it. */
const ATTEMPTS = 3;

/** An error whose message is written for the user; passed on unchanged. */
export class NotesError extends Error {
  override name = 'NotesError';
}

export class NotesLockedError extends NotesError {
  override name = 'NotesLockedError';
  constructor(message = 'Notes are locked. Unlock them with your passphrase in Clinical Lens settings (Notes).') {
    super(message);
  }
}

/** The lock changed between sealing and writing: redo with the current codec. */
class StaleLock extends Error {}

type Operation = 'read' | 'save' | 'delete' | 'import' | 'reseal';
const DOING: Record<Operation, string> = {
  read: 'reading notes',
  save: 'saving the note',
  delete: 'deleting the note',
  import: 'importing the notes',
  reseal: 'changing the lock',
};
const UNDONE: Record<Operation, string> = {
  read: 'your notes could not be read',
  save: 'the note was not saved',
  delete: 'the note was not deleted',
  import: 'the notes were not imported',
  reseal: 'the lock was not changed',
};

/** Storage failures in words a user can act on. */
export function storageErrorMessage(error: unknown, operation: Operation): string {
  const quota = (error instanceof DOMException && error.name === 'QuotaExceededError') || isQuotaError(error);
  if (quota) return `Storage is full: ${UNDONE[operation]}. Nothing else was changed. Free some disk space and try again.`;
  const doing = DOING[operation];
  return `${doing[0]!.toUpperCase()}${doing.slice(1)} failed (${error instanceof Error ? error.message : String(error)}). Nothing was changed.`;
}

async function guarded<T>(operation: Operation, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof NotesError) throw error;
    throw new Error(storageErrorMessage(error, operation), { cause: error });
  }
}

function lockIdOf(stored: unknown): string | null {
  return stored === undefined ? null : v.parse(LockMetaSchema, stored).id;
}

/** What identifies each stored version, to tell whether anything changed in between. */
function fingerprint(notes: readonly NoteRecord[], tombstones: readonly TombstoneRecord[]): string {
  return [...notes.map((n) => `n\u0000${n.id}\u0000${n.modified}`), ...tombstones.map((t) => `t\u0000${t.id}\u0000${t.deletedAt}`)].sort().join('\u0001');
}

/** A write issued without awaiting it, marked handled at once: if a later write throws, the
 *  transaction is aborted and this one rejects with nobody left to await it. */
function issued<T>(write: Promise<T>): Promise<T> {
  write.catch(() => undefined);
  return write;
}

/**
 * @param codec the codec for the current lock state; throws NotesLockedError while notes are
 *   locked. Asked again for every attempt.
 */
export function openNotesStore(name: string = NOTES_DB_NAME, codec: () => Promise<RecordCodec> = async () => plainCodec): NotesStore {
  let connection: Promise<IDBPDatabase<NotesSchema>> | null = null;

  const db = () => {
    connection ??= openDB<NotesSchema>(name, DB_VERSION, {
      upgrade(database, oldVersion) {
        if (oldVersion < 1) database.createObjectStore('notes', { keyPath: 'id' }).createIndex('byPage', 'pageKey');
        if (oldVersion < 2) {
          database.createObjectStore('tombstones', { keyPath: 'id' });
          database.createObjectStore('meta');
        }
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
   * Runs `work` in one readwrite transaction over every store and resolves once it is committed.
   * Any failure aborts it, so none of its writes land: put() throws some errors (a value that
   * cannot be stored) without aborting by itself.
   */
  const change = async <T>(lockId: string | null, work: (tx: WriteTx) => Promise<T>): Promise<T> => {
    const tx = (await db()).transaction(STORES, 'readwrite', { durability: 'strict' });
    try {
      if (lockIdOf(await tx.objectStore('meta').get(LOCK_KEY)) !== lockId) throw new StaleLock();
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

  /** Reads in one transaction that also confirms the lock is the one `lockId` names. */
  const read = async <T>(lockId: string | null, work: (tx: IDBPTransaction<NotesSchema, ['notes', 'meta'], 'readonly'>) => Promise<T>): Promise<T> => {
    const tx = (await db()).transaction(['notes', 'meta'], 'readonly');
    if (lockIdOf(await tx.objectStore('meta').get(LOCK_KEY)) !== lockId) throw new StaleLock();
    return work(tx);
  };

  /** Runs `work` with the current codec, again with a fresh one if the lock changed meanwhile. */
  const withCodec = async <T>(work: (codec: RecordCodec) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      const current = await codec();
      try {
        return await work(current);
      } catch (error) {
        if (!(error instanceof StaleLock)) throw error;
        if (attempt >= ATTEMPTS) throw new NotesError('The passphrase lock changed while this was being done. Nothing was changed; try again.');
      }
    }
  };

  const openAll = (current: RecordCodec, records: readonly NoteRecord[]) => Promise.all(records.map((r) => current.openNote(r)));

  return {
    listForPage: (pageKey) =>
      guarded('read', () =>
        withCodec(async (current) => {
          const index = await current.pageIndex(pageKey);
          return openAll(current, await read(current.lockId, (tx) => tx.objectStore('notes').index('byPage').getAll(index)));
        }),
      ),

    listAll: () => guarded('read', () => withCodec(async (current) => openAll(current, await read(current.lockId, (tx) => tx.objectStore('notes').getAll())))),

    save: (annotation) =>
      guarded('save', () =>
        withCodec(async (current) => {
          const record = await current.sealNote(annotation);
          const outcome = await change(current.lockId, async (tx) => {
            const notes = tx.objectStore('notes');
            const tombstones = tx.objectStore('tombstones');
            const [held, tombstone] = await Promise.all([notes.get(record.id), tombstones.get(record.id)]);
            if (tombstone && record.modified <= tombstone.deletedAt) return { status: 'deleted' as const };
            if (held && record.modified <= held.modified) return { status: 'newer-held' as const, held };
            await notes.put(record);
            if (tombstone) await tombstones.delete(record.id);
            return { status: 'stored' as const };
          });
          if (outcome.status === 'newer-held') return { status: outcome.status, annotation: await current.openNote(outcome.held) };
          return outcome.status === 'stored' ? { status: outcome.status, annotation } : outcome;
        }),
      ),

    remove: (id) =>
      guarded('delete', () =>
        withCodec(async (current) => {
          // Sealed before the transaction; its time is set inside, once the note is known.
          const tombstone = await current.sealTombstone(id, 0);
          const held = await change(current.lockId, async (tx) => {
            const notes = tx.objectStore('notes');
            const found = await notes.get(tombstone.id);
            if (!found) return null;
            await notes.delete(tombstone.id);
            // After the deleted version even if that was stamped in the future (an imported note),
            // so the same version imported again stays deleted.
            await tx.objectStore('tombstones').put({ ...tombstone, deletedAt: Math.max(Date.now(), found.modified + 1) });
            return found;
          });
          return held ? current.openNote(held) : null;
        }),
      ),

    importMany: (annotations) =>
      guarded('import', () =>
        withCodec(async (current) => {
          const newest = new Map<string, NoteRecord>();
          for (const record of await Promise.all(annotations.map((a) => current.sealNote(a)))) {
            const seen = newest.get(record.id);
            if (!seen || record.modified > seen.modified) newest.set(record.id, record);
          }
          const records = [...newest.values()];
          return change(current.lockId, async (tx) => {
            const notes = tx.objectStore('notes');
            const tombstones = tx.objectStore('tombstones');
            const [held, buried] = await Promise.all([Promise.all(records.map((r) => notes.get(r.id))), Promise.all(records.map((r) => tombstones.get(r.id)))]);
            const summary: ImportSummary = { added: 0, updated: 0, skipped: 0, deleted: 0 };
            const writes = records.flatMap((record, i): Promise<unknown>[] => {
              const old = held[i];
              const tombstone = buried[i];
              if (tombstone && record.modified <= tombstone.deletedAt) {
                summary.deleted++;
                return [];
              }
              if (old && record.modified <= old.modified) {
                summary.skipped++;
                return [];
              }
              if (old) summary.updated++;
              else summary.added++;
              return tombstone ? [issued(notes.put(record)), issued(tombstones.delete(record.id))] : [issued(notes.put(record))];
            });
            await Promise.all(writes);
            return summary;
          });
        }),
      ),

    readLock: () =>
      guarded('read', async () => {
        const stored = await (await db()).get('meta', LOCK_KEY);
        return stored === undefined ? null : v.parse(LockMetaSchema, stored);
      }),

    reseal: (from, to, lock) =>
      guarded('reseal', async () => {
        for (let attempt = 1; ; attempt++) {
          const tx = (await db()).transaction(['notes', 'tombstones', 'meta'], 'readonly');
          const [storedLock, notes, tombstones] = await Promise.all([tx.objectStore('meta').get(LOCK_KEY), tx.objectStore('notes').getAll(), tx.objectStore('tombstones').getAll()]);
          if (lockIdOf(storedLock) !== from.lockId) throw new NotesError('The passphrase lock was changed elsewhere. Nothing was changed; try again.');
          const before = fingerprint(notes, tombstones);
          const newNotes = await Promise.all(notes.map(async (r) => to.sealNote(await from.openNote(r))));
          const newTombstones = await Promise.all(tombstones.map(async (t) => to.sealTombstone(await from.openTombstone(t), t.deletedAt)));
          try {
            await change(from.lockId, async (write) => {
              const notesStore = write.objectStore('notes');
              const tombstoneStore = write.objectStore('tombstones');
              // A save in between would be lost by clearing: start over instead.
              if (fingerprint(await notesStore.getAll(), await tombstoneStore.getAll()) !== before) throw new StaleLock();
              await Promise.all([notesStore.clear(), tombstoneStore.clear()]);
              const meta = write.objectStore('meta');
              await Promise.all<unknown>([
                ...newNotes.map((r) => issued(notesStore.put(r))),
                ...newTombstones.map((t) => issued(tombstoneStore.put(t))),
                issued<unknown>(lock ? meta.put(lock, LOCK_KEY) : meta.delete(LOCK_KEY)),
              ]);
            });
            return;
          } catch (error) {
            if (!(error instanceof StaleLock)) throw error;
            if (attempt >= ATTEMPTS) throw new NotesError('Notes kept changing while the lock was being changed. Nothing was changed; try again.');
          }
        }
      }),
  };
}
