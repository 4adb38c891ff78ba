// The current settings for a Preact page (popup, options), following changes made in any
// other context.
import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '../lib/settings';
import { getSettings } from './settings';
import { watchSettings } from './settings-reader';

export function useSettings(): Settings | null {
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    let live = true;
    void getSettings().then((s) => live && setSettings(s));
    const unwatch = watchSettings(setSettings);
    return () => {
      live = false;
      unwatch();
    };
  }, []);
  return settings;
}
