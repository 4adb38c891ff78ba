// Shared by the notes e2e specs (lock, crash, import): messages sent from an extension page as
// our own pages send them, W3C annotations to save, a raw dump of the worker's IndexedDB, the
// profile's files on disk, and stopping the service worker through the DevTools protocol.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page, Worker } from '@playwright/test';

export type Reply = { ok: true; value: unknown } | { ok: false; error: string };

/** Sends one message to the background from an extension page, as chrome.runtime does. */
export function send(page: Page, message: Record<string, unknown>): Promise<Reply> {
  return page.evaluate((m) => chrome.runtime.sendMessage(m) as Promise<Reply>, message);
}

export async function openExtensionPage(context: BrowserContext, extensionId: string, path = 'options.html#display'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/${path}`);
  return page;
}

export interface NoteParts {
  id: string;
  source: string;
  text: string;
  exact: string;
  prefix?: string;
  suffix?: string;
  tags?: string[];
  modified?: string;
}

/** A W3C annotation as the content script saves one. */
export function annotation({ id, source, text, exact, prefix, suffix, tags = [], modified = '2025-05-01T08:00:00.000Z' }: NoteParts) {
  return {
    id,
    type: 'Annotation',
    motivation: 'commenting',
    created: '2025-05-01T08:00:00.000Z',
    modified,
    body: [
      { type: 'TextualBody', value: text, format: 'text/plain', purpose: 'commenting' },
      ...tags.map((tag) => ({ type: 'TextualBody', value: tag, purpose: 'tagging' })),
    ],
    target: {
      source,
      selector: [
        { type: 'TextQuoteSelector', exact, ...(prefix ? { prefix } : {}), ...(suffix ? { suffix } : {}) },
        { type: 'TextPositionSelector', start: 120, end: 120 + exact.length },
      ],
    },
    'clinicalLens:anchorVersion': 1,
  };
}

export const uuid = (n: number, series = 0) => `urn:uuid:00000000-0000-4000-8${String(series).padStart(3, '0')}-${String(n).padStart(12, '0')}`;

/**
 * Every record of the notes database, read in the worker with the raw IndexedDB API (not our
 * store), as one string: bytes appear both as Latin-1 and as UTF-8 text so a search would find
 * plaintext inside them.
 */
export function rawDump(worker: Worker): Promise<string> {
  return worker.evaluate(async () => {
    const request = <T>(req: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const show = (value: unknown): unknown => {
      if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
        const bytes = value instanceof Uint8Array ? value : new Uint8Array(value);
        let latin1 = '';
        for (const b of bytes) latin1 += String.fromCharCode(b);
        return { latin1, utf8: new TextDecoder().decode(bytes) };
      }
      if (Array.isArray(value)) return value.map(show);
      if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, show(v)]));
      return value;
    };
    const names = (await indexedDB.databases()).map((d) => d.name!);
    const out: Record<string, unknown> = {};
    for (const name of names) {
      const db = await request(indexedDB.open(name));
      for (const storeName of [...db.objectStoreNames]) {
        const store = db.transaction(storeName).objectStore(storeName);
        const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
        out[`${name}/${storeName}`] = keys.map((key, i) => ({ key: show(key), value: show(values[i]) }));
      }
      db.close();
    }
    return JSON.stringify(out);
  });
}

/** Every file below `dir`, read whole (the profile is small in a test). */
export function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      let stat;
      try {
        stat = statSync(path);
      } catch {
        continue; // removed while we walked (Chromium is running)
      }
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile() && stat.size < 200 * 1024 * 1024) {
        try {
          out.push({ path, bytes: readFileSync(path) });
        } catch {
          // a lock file or one removed meanwhile
        }
      }
    }
  };
  walk(dir);
  return out;
}

/** The files among `files` holding `needle` as UTF-8, Latin-1 or UTF-16 bytes. */
export function filesHolding(files: readonly { path: string; bytes: Buffer }[], needle: string | Buffer): string[] {
  const forms = typeof needle === 'string' ? [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'latin1'), Buffer.from(needle, 'utf16le')] : [needle];
  return files.filter((f) => forms.some((form) => f.bytes.includes(form))).map((f) => f.path);
}

/** The folder where Chromium keeps the extension's IndexedDB (LevelDB) files. */
export function indexedDbDir(userDataDir: string, extensionId: string): string {
  return join(userDataDir, 'Default', 'IndexedDB', `chrome-extension_${extensionId}_0.indexeddb.leveldb`);
}

/**
 * Stops the extension's service worker as the browser does when it is idle or crashes
 * (DevTools protocol ServiceWorker.stopAllWorkers, from an extension page's session, which
 * reaches the extension's worker), and resolves once it has stopped.
 */
export async function stopServiceWorker(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  try {
    const stopped = new Promise<void>((resolve) => {
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        if (versions.some((version) => version.scriptURL.endsWith('/background.js') && version.runningStatus === 'stopped')) resolve();
      });
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await stopped;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** The running service worker, woken by a message if it was stopped. */
export async function currentWorker(context: BrowserContext, page: Page): Promise<Worker> {
  await send(page, { type: 'notes:lockStatus' });
  const workers = context.serviceWorkers().filter((w) => w.url().endsWith('/background.js'));
  const worker = workers[workers.length - 1];
  if (!worker) throw new Error('no service worker');
  return worker;
}

function varint(bytes: Buffer, at: number): [number, number] {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = bytes[at++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, at];
  }
}

/** Snappy's block format (https://github.com/google/snappy/blob/main/format_description.txt). */
function unsnappy(input: Buffer): Buffer {
  const [length, start] = varint(input, 0);
  let at = start;
  const out = Buffer.alloc(length);
  let o = 0;
  while (at < input.length) {
    const tag = input[at++]!;
    const kind = tag & 3;
    if (kind === 0) {
      let len = (tag >> 2) + 1;
      if (len > 60) {
        const extra = len - 60;
        len = input.readUIntLE(at, extra) + 1;
        at += extra;
      }
      input.copy(out, o, at, at + len);
      at += len;
      o += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (kind === 1) {
      len = ((tag >> 2) & 7) + 4;
      offset = ((tag >> 5) << 8) | input[at++]!;
    } else if (kind === 2) {
      len = (tag >> 2) + 1;
      offset = input.readUInt16LE(at);
      at += 2;
    } else {
      len = (tag >> 2) + 1;
      offset = input.readUInt32LE(at);
      at += 4;
    }
    for (let i = 0; i < len; i++, o++) out[o] = out[o - offset]!;
  }
  return out.subarray(0, o);
}

/**
 * A LevelDB table file (.ldb) with every block decompressed (Chromium's IndexedDB compresses
 * table blocks with Snappy, so a plain byte search of a .ldb file could miss text in it).
 * Format: https://github.com/google/leveldb/blob/main/doc/table_format.md
 */
function leveldbTableText(file: Buffer): Buffer {
  const footer = file.subarray(file.length - 48);
  let [, at] = varint(footer, 0); // metaindex offset
  [, at] = varint(footer, at); // metaindex size
  const [indexOffset, next] = varint(footer, at);
  const [indexSize] = varint(footer, next);
  const block = (offset: number, size: number) => {
    const data = file.subarray(offset, offset + size);
    return file[offset + size] === 1 ? unsnappy(data) : data;
  };
  const index = block(indexOffset, indexSize);
  const restarts = index.readUInt32LE(index.length - 4);
  const end = index.length - 4 - restarts * 4;
  const blocks: Buffer[] = [];
  for (let p = 0; p < end; ) {
    let unshared: number, valueLength: number;
    [, p] = varint(index, p); // bytes shared with the previous key
    [unshared, p] = varint(index, p);
    [valueLength, p] = varint(index, p);
    const value = index.subarray(p + unshared, p + unshared + valueLength);
    const [offset, q] = varint(value, 0);
    const [size] = varint(value, q);
    blocks.push(block(offset, size));
    p += unshared + valueLength;
  }
  return Buffer.concat(blocks);
}

/** Every file below `dir` as searchable bytes: LevelDB tables decompressed, the rest as they are. */
export function searchableFiles(dir: string): { path: string; bytes: Buffer }[] {
  return filesUnder(dir).map((f) => {
    if (!f.path.endsWith('.ldb')) return f;
    try {
      return { path: f.path, bytes: Buffer.concat([f.bytes, leveldbTableText(f.bytes)]) };
    } catch {
      return f; // being written: searched as it is
    }
  });
}
