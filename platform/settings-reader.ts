// The settings as content scripts read them, in every frame: one storage read, and the new value
// from each change event, through the same normalizer as every other context (lib/settings.ts).
// Migrations run in the background on install and update (platform/settings.ts).
import { normalizeSettings, SETTINGS_KEY, type Settings } from '../lib/settings';
import { readLocalItem, watchLocalItem } from './local-item';

/** The settings in one storage read: the stored item's migration check would cost more reads. */
export async function readSettings(): Promise<Settings> {
  return normalizeSettings(await readLocalItem(SETTINGS_KEY));
}

/** Calls back with the new settings whenever any context changes them; returns the unwatch.
 * The new value comes with the change event: watching reads nothing. */
export function watchSettings(callback: (settings: Settings) => void): () => void {
  return watchLocalItem(SETTINGS_KEY, (value) => callback(normalizeSettings(value)));
}
