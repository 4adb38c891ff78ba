// Every record of an IndexedDB database as one string, read with the raw IndexedDB API (not our
// store): keys and values, bytes shown both as Latin-1 and as UTF-8, so plaintext hidden in a
// byte array would still be found by a text search.

function show(value: unknown): unknown {
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
    const bytes = value instanceof Uint8Array ? value : new Uint8Array(value);
    return { latin1: String.fromCharCode(...bytes), utf8: new TextDecoder().decode(bytes) };
  }
  if (Array.isArray(value)) return value.map(show);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, show(v)]));
  return value;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export async function dumpDatabase(name: string): Promise<string> {
  const db = await request(indexedDB.open(name));
  try {
    const out: Record<string, unknown> = {};
    for (const storeName of [...db.objectStoreNames]) {
      const store = db.transaction(storeName).objectStore(storeName);
      const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
      out[storeName] = keys.map((key, i) => ({ key: show(key), value: show(values[i]) }));
    }
    return JSON.stringify(out);
  } finally {
    db.close();
  }
}

/** The secrets of `secrets` that occur in `dump`, as typed or JSON-escaped. */
export function leaked(dump: string, secrets: readonly string[]): string[] {
  return secrets.filter((s) => dump.includes(s) || dump.includes(JSON.stringify(s).slice(1, -1)));
}
