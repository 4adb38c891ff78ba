// Writes a settings change and remembers the last error, for a form that saves as you edit.
import { useState } from 'preact/hooks';
import type { Settings } from '../../lib/settings';
import { updateSettings } from '../../platform/settings';

export function useSaveSettings(): { save: (change: (s: Settings) => Settings) => void; error: string | null } {
  const [error, setError] = useState<string | null>(null);
  const save = (change: (s: Settings) => Settings) => {
    updateSettings(change).then(
      () => setError(null),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  };
  return { save, error };
}
