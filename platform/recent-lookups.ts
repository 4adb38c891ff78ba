// Entries the user opened recently in the popup, newest first: shown when the search field is
// empty. Ids only (no page text, no URLs), so nothing about patients is kept here.
//
// Version history: 1 — first release: string[] of entry ids.
import { storage } from 'wxt/utils/storage';

export const MAX_RECENT = 8;

export const recentLookupsItem = storage.defineItem<string[]>('local:recentLookups', {
  fallback: [],
  version: 1,
  // Present even while empty: the first write then records the version for later migrations.
  migrations: {},
});

export async function getRecentLookups(): Promise<string[]> {
  const stored = await recentLookupsItem.getValue();
  return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string').slice(0, MAX_RECENT) : [];
}

/** Moves the id to the front. A failed write only loses this bit of history, so it is not
 * reported to the user. */
export async function rememberLookup(id: string): Promise<void> {
  const recent = await getRecentLookups();
  await recentLookupsItem.setValue([id, ...recent.filter((r) => r !== id)].slice(0, MAX_RECENT)).catch(() => undefined);
}

export async function clearRecentLookups(): Promise<void> {
  await recentLookupsItem.setValue([]);
}
