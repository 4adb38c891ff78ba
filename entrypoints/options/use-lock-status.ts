// The notes lock's status, read from the background and read again whenever notes change
// anywhere (locking and unlocking in another tab tell every page).
import * as v from 'valibot';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { NotesChangedSchema, type NotesLockStatus } from '../../lib/messages';
import { askBackground } from '../../platform/messaging';

export interface LockState {
  /** null until the background has answered. */
  status: NotesLockStatus | null;
  error: string | null;
  /** Sets the status a lock request answered with. */
  set: (status: NotesLockStatus) => void;
}

export function useLockStatus(): LockState {
  const [status, setStatus] = useState<NotesLockStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    askBackground({ type: 'notes:lockStatus' }).then(
      (next) => {
        setStatus(next);
        setError(null);
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, []);
  useEffect(() => {
    refresh();
    const onMessage = (message: unknown) => {
      if (v.is(NotesChangedSchema, message)) refresh();
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  }, [refresh]);
  return { status, error, set: setStatus };
}
