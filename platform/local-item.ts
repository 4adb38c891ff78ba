// One item of storage.local, read and watched with the browser's own API. Content scripts start
// in every frame of every page, and @wxt-dev/storage (with its lock and migration code) would
// add a quarter to the script they compile there; writes stay with @wxt-dev/storage elsewhere.
import { browser } from 'wxt/browser';

/** The area key of a `local:` item of @wxt-dev/storage, which stores it under the bare name. */
const areaKey = (key: `local:${string}`) => key.slice('local:'.length);

/** The stored value, or undefined when there is none. */
export async function readLocalItem(key: `local:${string}`): Promise<unknown> {
  const name = areaKey(key);
  return (await browser.storage.local.get(name))[name];
}

/** Calls back with each new value (undefined once removed); returns the unwatch. */
export function watchLocalItem(key: `local:${string}`, callback: (value: unknown) => void): () => void {
  const name = areaKey(key);
  const listener = (changes: Record<string, { newValue?: unknown }>) => {
    const change = changes[name];
    if (change) callback(change.newValue);
  };
  browser.storage.local.onChanged.addListener(listener);
  return () => browser.storage.local.onChanged.removeListener(listener);
}
