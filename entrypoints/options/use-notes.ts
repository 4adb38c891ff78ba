// Every stored note, read from the background and read again whenever notes change anywhere.
import * as v from 'valibot';
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Annotation } from '../../lib/annotation';
import { NotesChangedSchema } from '../../lib/messages';
import { askBackground } from '../../platform/messaging';

export interface NotesState {
  notes: Annotation[] | null;
  error: string | null;
  reload: () => void;
}

export function useNotes(): NotesState {
  const [notes, setNotes] = useState<Annotation[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    askBackground({ type: 'notes:list' }).then(
      (list) => {
        setNotes(list);
        setError(null);
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, []);
  useEffect(() => {
    reload();
    const onMessage = (message: unknown) => {
      if (v.is(NotesChangedSchema, message)) reload();
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  }, [reload]);
  return { notes, error, reload };
}
