// How notes and tombstones are written into IndexedDB: in the clear, or sealed under the
// passphrase lock. A codec turns an annotation into a record and back; the store only ever
// compares what stays readable in both forms (the key, the page index, the time).
//
// Sealed, a note record keeps in the clear only an HMAC of its id (the key), an HMAC of its
// page key (the index) and its `modified` time in milliseconds. The time has to stay readable:
// "the newer version wins" is decided inside an IndexedDB transaction, and a transaction closes
// if it waits on anything but IndexedDB itself (WebCrypto included).
import type { Annotation } from '../../lib/annotation';
import { blindIndex, type NoteKeys, type Sealed, sealJson, unsealJson } from '../../lib/note-crypto';

export interface PlainNoteRecord {
  id: string;
  pageKey: string;
  modified: number;
  annotation: Annotation;
}

export interface SealedNoteRecord {
  /** blindIndex('note', annotation id) */
  id: string;
  /** blindIndex('page', page key) */
  pageKey: string;
  modified: number;
  sealed: Sealed;
}

export type NoteRecord = PlainNoteRecord | SealedNoteRecord;

/** A deleted note: a save or import of a version older than the deletion is ignored. */
export interface TombstoneRecord {
  id: string;
  deletedAt: number;
  /** Under the lock, the real id (needed to re-key the tombstone for a new passphrase). */
  sealedId?: Sealed;
}

export interface RecordCodec {
  /** The lock these records belong to; null in the clear. */
  lockId: string | null;
  key(id: string): Promise<string>;
  pageIndex(pageKey: string): Promise<string>;
  sealNote(annotation: Annotation): Promise<NoteRecord>;
  openNote(record: NoteRecord): Promise<Annotation>;
  sealTombstone(id: string, deletedAt: number): Promise<TombstoneRecord>;
  /** The deleted note's real id. */
  openTombstone(record: TombstoneRecord): Promise<string>;
}

function mismatch(): Error {
  return new Error('A stored note does not belong to the current lock state; it was left untouched.');
}

export const plainCodec: RecordCodec = {
  lockId: null,
  key: async (id) => id,
  pageIndex: async (pageKey) => pageKey,
  sealNote: async (annotation) => ({ id: annotation.id, pageKey: annotation.target.source, modified: Date.parse(annotation.modified), annotation }),
  openNote: async (record) => {
    if (!('annotation' in record)) throw mismatch();
    return record.annotation;
  },
  sealTombstone: async (id, deletedAt) => ({ id, deletedAt }),
  openTombstone: async (record) => {
    if (record.sealedId) throw mismatch();
    return record.id;
  },
};

export function sealedCodec(keys: NoteKeys): RecordCodec {
  const noteContext = (key: string) => `note\u0000${key}`;
  const tombContext = (key: string) => `tombstone\u0000${key}`;
  const key = (id: string) => blindIndex(keys, 'note', id);
  return {
    lockId: keys.lockId,
    key,
    pageIndex: (pageKey) => blindIndex(keys, 'page', pageKey),
    async sealNote(annotation) {
      const id = await key(annotation.id);
      return {
        id,
        pageKey: await blindIndex(keys, 'page', annotation.target.source),
        modified: Date.parse(annotation.modified),
        sealed: await sealJson(keys, annotation, noteContext(id)),
      };
    },
    async openNote(record) {
      if (!('sealed' in record)) throw mismatch();
      return (await unsealJson(keys, record.sealed, noteContext(record.id))) as Annotation;
    },
    async sealTombstone(id, deletedAt) {
      const tag = await key(id);
      return { id: tag, deletedAt, sealedId: await sealJson(keys, id, tombContext(tag)) };
    },
    async openTombstone(record) {
      if (!record.sealedId) throw mismatch();
      return String(await unsealJson(keys, record.sealedId, tombContext(record.id)));
    },
  };
}
