// The passphrase lock's state in the background: locked, unlocked or none, and the keys while
// unlocked. Setting, changing and removing the lock re-seal every stored note in one
// transaction (notes-store.ts reseal).
//
// Staying unlocked: an MV3 service worker is stopped after ~30 s idle, and asking for the
// passphrase each time would make the lock unusable. So the 256-bit secret derived from the
// passphrase (never the passphrase) is kept in `storage.session`: held in memory by the browser,
// never written to disk, cleared when the browser quits or the extension is reloaded or updated,
// and readable only by our own pages and worker (access level TRUSTED_CONTEXTS, the default,
// which nothing in Clinical Lens changes: content scripts cannot read it). A worker that starts
// again re-derives its non-extractable keys from it. Code that could read that secret could as
// well read the unlocked notes; "Lock now" clears it at once.
import { storage } from 'wxt/utils/storage';
import * as v from 'valibot';
import {
  createLock,
  fromBase64,
  keysFit,
  keysFromSecret,
  type LockMeta,
  type NoteKeys,
  type OpenedLock,
  openLock,
  passphraseProblem,
  PBKDF2_ITERATIONS,
  toBase64,
} from '../../lib/note-crypto';
import type { NotesLockStatus as LockStatus } from '../../lib/messages';
import { plainCodec, type RecordCodec, sealedCodec } from './note-records';
import { NotesError, NotesLockedError, type NotesStore } from './notes-store';

const SessionKeySchema = v.object({ lockId: v.string(), secret: v.string() });
export type SessionKey = v.InferOutput<typeof SessionKeySchema>;

/** Where an unlocked secret waits while the worker sleeps. */
export interface UnlockSession {
  read(): Promise<SessionKey | null>;
  write(key: SessionKey): Promise<void>;
  clear(): Promise<void>;
}

const sessionKeyItem = storage.defineItem<SessionKey | null>('session:notesUnlockKey', { fallback: null });

export const browserSession: UnlockSession = {
  read: async () => {
    const stored = await sessionKeyItem.getValue();
    return v.is(SessionKeySchema, stored) ? stored : null;
  },
  write: (key) => sessionKeyItem.setValue(key),
  clear: () => sessionKeyItem.removeValue(),
};

export interface NotesLock {
  /** The codec to read and write notes with now; throws NotesLockedError while locked. */
  codec(): Promise<RecordCodec>;
  status(): Promise<LockStatus>;
  /** Locks notes that have no lock yet with a new passphrase. */
  set(passphrase: string): Promise<void>;
  /** Refuses a wrong passphrase without changing anything. */
  unlock(passphrase: string): Promise<void>;
  /** Forgets the keys here and in the session: notes stay sealed until unlocked again. */
  lock(): Promise<void>;
  /** Stores every note in the clear again (the current passphrase is asked for). */
  remove(passphrase: string): Promise<void>;
  change(current: string, next: string): Promise<void>;
}

export const WRONG_PASSPHRASE = 'That passphrase is not right. Nothing was changed.';

export function createNotesLock(
  vault: Pick<NotesStore, 'readLock' | 'reseal'>,
  { session = browserSession, iterations = PBKDF2_ITERATIONS }: { session?: UnlockSession; iterations?: number } = {},
): NotesLock {
  let open: { keys: NoteKeys; codec: RecordCodec } | null = null;
  // Lock changes one at a time (two settings pages clicking at once).
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  const remember = async (keys: NoteKeys, secret: Uint8Array) => {
    open = { keys, codec: sealedCodec(keys) };
    await session.write({ lockId: keys.lockId, secret: toBase64(secret) });
  };

  const forget = async () => {
    open = null;
    await session.clear();
  };

  /** The keys a stopped worker left in the session, if they still fit the stored lock. */
  const restore = async (meta: LockMeta): Promise<RecordCodec | null> => {
    const saved = await session.read();
    if (!saved || saved.lockId !== meta.id) return null;
    const keys = await keysFromSecret(fromBase64(saved.secret), meta.id);
    if (!(await keysFit(keys, meta))) {
      await session.clear();
      return null;
    }
    open = { keys, codec: sealedCodec(keys) };
    return open.codec;
  };

  const codec = async (): Promise<RecordCodec> => {
    const meta = await vault.readLock();
    if (!meta) return plainCodec;
    if (open?.keys.lockId === meta.id) return open.codec;
    const restored = await restore(meta);
    if (restored) return restored;
    throw new NotesLockedError();
  };

  const requireLock = async (): Promise<LockMeta> => {
    const meta = await vault.readLock();
    if (!meta) throw new NotesError('Notes have no passphrase lock.');
    return meta;
  };

  const opened = async (passphrase: string, meta: LockMeta): Promise<OpenedLock> => {
    const result = await openLock(passphrase, meta);
    if (!result) throw new NotesError(WRONG_PASSPHRASE);
    return result;
  };

  const acceptable = (passphrase: string) => {
    const problem = passphraseProblem(passphrase);
    if (problem) throw new NotesError(problem);
  };

  return {
    codec,

    async status() {
      if (!(await vault.readLock())) return 'none';
      try {
        await codec();
        return 'unlocked';
      } catch (error) {
        if (error instanceof NotesLockedError) return 'locked';
        throw error;
      }
    },

    set: (passphrase) =>
      serial(async () => {
        acceptable(passphrase);
        if (await vault.readLock()) throw new NotesError('Notes already have a passphrase lock. Change the passphrase instead.');
        const created = await createLock(passphrase, iterations);
        await vault.reseal(plainCodec, sealedCodec(created.keys), created.meta);
        await remember(created.keys, created.secret);
      }),

    unlock: (passphrase) =>
      serial(async () => {
        const { keys, secret } = await opened(passphrase, await requireLock());
        await remember(keys, secret);
      }),

    lock: () => serial(forget),

    remove: (passphrase) =>
      serial(async () => {
        const { keys } = await opened(passphrase, await requireLock());
        await vault.reseal(sealedCodec(keys), plainCodec, null);
        await forget();
      }),

    change: (current, next) =>
      serial(async () => {
        acceptable(next);
        const old = await opened(current, await requireLock());
        const created = await createLock(next, iterations);
        await vault.reseal(sealedCodec(old.keys), sealedCodec(created.keys), created.meta);
        await remember(created.keys, created.secret);
      }),
  };
}
