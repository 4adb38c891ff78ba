// The user's settings: one versioned storage item, written only through this module (content
// scripts read it through settings-reader.ts; both normalize with lib/settings.ts).
//
// Version history (bump `version` and add a migration when the stored shape changes):
//   1 — first release.
import { storage } from 'wxt/utils/storage';
import { DEFAULT_SETTINGS, normalizeSettings, SETTINGS_KEY, type Settings } from '../lib/settings';
import { isEnabledForUrl, withSiteEnabled } from '../lib/site-rules';
import { StorageWriteError, describeStorageError } from './storage-errors';

const defineSettingsItem = () =>
  storage.defineItem<Settings>(SETTINGS_KEY, {
    fallback: DEFAULT_SETTINGS,
    version: 1,
    // Present even while empty: it makes the first write record the version, so a later
    // migration knows what it is reading.
    migrations: {},
  });

let item: ReturnType<typeof defineSettingsItem> | undefined;
/** Defined on first use: defining an item reads storage at once (its migration check). */
const settingsItem = () => (item ??= defineSettingsItem());

export async function getSettings(): Promise<Settings> {
  return normalizeSettings(await settingsItem().getValue());
}

/** Runs pending migrations of the stored settings (the background calls it on install/update). */
export async function migrateSettings(): Promise<void> {
  await settingsItem().getValue();
}

/** Applies a change to the latest stored settings (not a stale copy a page may hold). */
export async function updateSettings(change: (current: Settings) => Settings): Promise<Settings> {
  const next = normalizeSettings(change(await getSettings()));
  try {
    await settingsItem().setValue(next);
  } catch (error) {
    throw new StorageWriteError(describeStorageError(error, 'the settings'));
  }
  return next;
}

export async function isEnabledFor(url: string): Promise<boolean> {
  return isEnabledForUrl((await getSettings()).sites, url);
}

export function setEnabledFor(url: string, enabled: boolean): Promise<Settings> {
  return updateSettings((s) => ({ ...s, sites: withSiteEnabled(s.sites, url, enabled) }));
}
